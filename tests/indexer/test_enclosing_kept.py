"""`FileIndex.enclosing` keeps its chains by the parent they start from (a packing asks ~900 times, of a few
dozen symbols): every kept chain is the walk up the parents, in every language's nesting, and a pickled
index (the store's) carries no kept chain."""

from __future__ import annotations

import pickle
import sysconfig
from pathlib import Path

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.records import SymbolNode
from archmem.indexer.workspace import Memory

FILES = {
    "a.py": "class A:\n    class B:\n        def m(self):\n            def inner():\n                return 1\n"
    "            return inner\n    def n(self):\n        pass\n\ndef f():\n    x = 1\n",
    "t.ts": "namespace N {\n  export class C {\n    run(): void {\n      const g = () => 1;\n    }\n  }\n}\n",
    "r.rs": "mod m {\n    pub struct S;\n    impl S {\n        fn go(&self) {}\n    }\n}\n",
}


def _walk(index: FileIndex, symbol: SymbolNode) -> list[SymbolNode]:
    out, parent = [], symbol.parent
    while parent is not None:
        out.append(index.by_id[parent])
        parent = out[-1].parent
    return out


def test_every_kept_chain_is_the_walk_up_the_parents(tmp_path: Path) -> None:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    (tmp_path / "inspect.py").write_text((stdlib / "inspect.py").read_text())
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    for name in [*FILES, "inspect.py"]:
        index = memory.file(name)
        assert index is not None
        for symbol in index.symbols:
            first = index.enclosing(symbol)
            assert list(first) == _walk(index, symbol)
            assert index.enclosing(symbol) is first  # kept, not walked again
        assert index.enclosing(index.symbols[0]) == ()
        stored = pickle.loads(pickle.dumps(index))
        assert "_chains" not in vars(stored)
        assert [list(stored.enclosing(s)) for s in stored.symbols] == [_walk(index, s) for s in index.symbols]
