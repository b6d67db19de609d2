"""The ids of the definitions around the target, which `choose._add_target` asks of each of a packing's hundreds of
candidates, are kept with the packing for the symbol asked last: asked about another symbol, the answer is that
symbol's (a packing asks about its one target; a test or a later stage may ask about others)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.choose import _ancestor_ids
from archmem.indexer.context.pack import Packer
from archmem.indexer.workspace import Memory

from tests.support.generate import chosen_build

SOURCE = """class Outer:
    class Inner:
        def deep(self):
            def local():
                return 1
            return local()

    def shallow(self):
        return 2


def top():
    return 3
"""


def test_each_symbol_asked_gets_its_own_ancestors(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        build = chosen_build(Packer(memory), "m.py", 9)
        index = build.index
        by_name = {s.name: s for s in index.symbols}
        expected = {
            name: frozenset(s.id for s in index.enclosing(by_name[name]))
            for name in ("local", "deep", "shallow", "top")
        }
        assert expected["local"] == {"m.py::", "m.py::Outer", "m.py::Outer.Inner", "m.py::Outer.Inner.deep"}
        for name in ("local", "local", "shallow", "local", "top", "deep", "shallow"):
            assert _ancestor_ids(build, by_name[name].id) == expected[name]
    finally:
        memory.close()
