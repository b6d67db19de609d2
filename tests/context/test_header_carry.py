"""A file's view after an edit takes the header extents the view before it read (`FileView._carry_headers`), not
every one carried since the file was opened: after edits reading random definitions, each extent a view answers
is the one a view made afresh from the new text reads, and an extent no view read since the last edit is not
carried again."""

from __future__ import annotations

import random
from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.fileview import FileView
from archmem.indexer.workspace import Memory


def _source(count: int) -> str:
    return "".join(
        f"@decorate({i})\ndef f_{i}(\n    a,\n    b=({i}),\n):\n    # why\n    return a + b\n\n\n"
        f"class C_{i}(Base):\n    x = {i}\n\n    def m(self, y):  # é\n        return y\n\n\n"
        for i in range(count)
    )


def test_extents_read_on_random_views_equal_fresh_ones_and_unread_ones_are_not_carried_on(
    tmp_path: Path,
) -> None:
    rng = random.Random(17)
    text = _source(12)
    path = tmp_path / "m.py"
    path.write_text(text)
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), text, 1)
        packer = Packer(memory)
        carried_any = False
        for version in range(2, 60):
            index = memory.file("m.py")
            assert index is not None
            view = packer.views.of(index)
            read = rng.sample(index.symbols[1:], rng.randint(0, 8))
            fresh = FileView(memory, index, packer.counter, {})
            for symbol in read:
                assert view.header_lines(symbol) == fresh.header_lines(symbol), (version, symbol.qualname)
            # An edit below every definition moves none: each extent this view read is carried, none other.
            if version % 4 == 0:
                text += f"\n\nz_{version} = 1\n"
            else:
                at = text.rfind("\n", 0, rng.randrange(len(text) + 1)) + 1
                new = rng.choice(["", "\n", "    # note\n", "z", ",\n    c", "def (\n", "    q = 1\n"])
                text = text[:at] + new + text[at:] if new else text[:at] + "\n" + text[at:]
            memory.open_document(str(path), text, version)
            after = memory.file("m.py")
            assert after is not None
            carried = packer.views.of(after)
            carried_any = carried_any or bool(carried._carried)
            if version % 4 == 0:
                assert set(carried._carried) == {(s.id, s.start_byte) for s in read}
        assert carried_any
    finally:
        memory.close()
