"""What the packer keeps between requests (a function's scope, line costs, the editor's line index) follows
the edits: a re-pack after an edit answers as a fresh packer does, never from the text before it."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory


def _source(local_binding: bool) -> str:
    # The same length either way: the function keeps its byte extent, only its text tells them apart.
    body = "    limit = 3\n" if local_binding else "    other = 3\n"
    return (
        "limit = 10\n\n\n"
        "def far_away():\n"
        "    return 1\n\n\n"
        + "".join(f"def filler_{i}(a):\n    return a + {i}\n\n\n" for i in range(60))
        + "def check(value):\n"
        + body
        + "    if value > limit:\n"
        "        return far_away()\n"
        "    return value\n"
    )


def _pack_at(packer: Packer, path: Path, needle: str) -> str:
    text = (packer.memory.text(str(path)) or b"").decode()
    row = next(n for n, line in enumerate(text.splitlines()) if needle in line)
    return packer.pack(str(path), row, 4, budget=600).text


def test_a_repack_after_an_edit_answers_as_a_fresh_packer(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    path.write_text(_source(local_binding=True))
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), _source(local_binding=True), 1)
        packer = Packer(memory)
        before = _pack_at(packer, path, "return far_away()")
        # The local binding hides the module's `limit`: its line is not a definition the code uses.
        assert "limit = 10" not in before
        assert "limit = 3" in before
        # The edit removes the local: now `limit` means the module's, far back.
        memory.set_document(str(path), _source(local_binding=False), 2)
        after = _pack_at(packer, path, "return far_away()")
        fresh = _pack_at(Packer(memory), path, "return far_away()")
        assert after == fresh
        assert "limit = 10" in after
        assert "other = 3" in after
        # And back: the scope kept for the first text must not answer for the edited one, nor the reverse.
        memory.set_document(str(path), _source(local_binding=True), 3)
        assert _pack_at(packer, path, "return far_away()") == before
    finally:
        memory.close()


def test_the_window_shows_the_edited_lines_not_the_kept_ones(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    path.write_text(_source(local_binding=False))
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), _source(local_binding=False), 1)
        packer = Packer(memory)
        assert "renamed_value" not in _pack_at(packer, path, "return far_away()")
        edited = _source(local_binding=False).replace("    return value\n", "    return renamed_value\n")
        memory.set_document(str(path), edited, 2)
        assert "return renamed_value" in _pack_at(packer, path, "return far_away()")
    finally:
        memory.close()


def test_symbol_at_answers_as_the_walk_over_every_symbol(tmp_path: Path) -> None:
    # Module-level statements between nested classes and functions: where the jumps skip most symbols.
    source = "".join(
        f"X{i} = {i}\n"
        f"class C{i}:\n"
        f"    def m(self):\n"
        f"        def inner():\n"
        f"            return {i}\n"
        f"        return inner\n"
        f"    y = 1\n"
        f"Y{i} = [\n    {i},\n]\n\n"
        for i in range(30)
    )
    path = tmp_path / "nested.py"
    path.write_text(source)
    memory = Memory.open(tmp_path)
    try:
        index = memory.file("nested.py")
        assert index is not None
        symbols = index.symbols
        starts = [s.start_byte for s in symbols]

        def walk(byte: int) -> str:
            for i in range(bisect_right(starts, byte) - 1, 0, -1):
                s = symbols[i]
                if byte < s.end_byte or (byte == s.end_byte and s.start_byte < byte):
                    return s.id
            return symbols[0].id

        answers = {index.symbol_at(b).id for b in range(len(source.encode()) + 1)}
        assert len(answers) > 60  # the walk meets many symbols, not just the module
        for byte in range(len(source.encode()) + 1):
            assert index.symbol_at(byte).id == walk(byte), byte
    finally:
        memory.close()
