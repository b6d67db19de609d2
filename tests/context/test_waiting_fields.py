"""Generate mode: a private field of the enclosing class waits for its first use (`waiting_names.py`) when only
the methods binding it (those around its line) mention it; one another method reads does not wait. Each user is
looked up among the class's methods by id (not every method tested for each field): the same names either way."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.build import Build
from archmem.indexer.context.choose import choose
from archmem.indexer.context.pack import Packer
from archmem.indexer.context.waiting_names import waiting_names
from archmem.indexer.workspace import Memory

SOURCE = (
    "class Box:\n"
    "    def __init__(self):\n"
    "        self._spare = 1\n"
    "        self._used = 2\n"
    "        self._reset()\n\n"
    "    def _reset(self):\n"
    "        self._spare = 0\n"
    "        self._cleared = 0\n\n"
    "    def size(self):\n"
    "        return self._used + 1\n\n"
    "    def new(self):\n"
    "        pass\n"
)


def test_a_field_only_its_binders_mention_waits(tmp_path: Path) -> None:
    (tmp_path / "box.py").write_text(SOURCE)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        packer = Packer(memory)
        index = memory.file("box.py")
        assert index is not None
        view = packer.views.of(index)
        line = SOURCE.splitlines().index("    def new(self):") + 1
        build = Build(
            packer.views,
            packer.gap_cost,
            index,
            view,
            view.positions.line_start(line),
            line + 1,
            2048,
            "generate",
        )
        choose(build)
        assert build.target is not None and build.target.qualname == "Box.new"
        waiting = {
            name for name in waiting_names(build, index.by_qualname["Box"][0]) if name.startswith("self.")
        }
        # `_cleared` is mentioned by the method binding it only; `_spare` is bound in `__init__` (its definition)
        # and assigned again by `_reset`, another method; `_used` is read by `size`; `_reset` is called.
        assert waiting == {"self._cleared"}
    finally:
        memory.close()
