"""Generate mode: the names the file binds that share a word with the code being written
(`predict._sharing_names`), read from the file's names by word: the body's own name is left out, unless another
top-level definition is called so too (a Go method's namesake on another type)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.pack import Packer
from archmem.indexer.context.predict import _sharing_names
from archmem.indexer.workspace import Memory

from tests.support.generate import chosen_build

HEAD = 'package p\n\nimport close_io "io"\n\ntype A struct{}\ntype B struct{}\n\nfunc closeAll() {}\nfunc openFile() {}\n'
OWN = "func (a *A) Close() error {\n\treturn nil\n}\n"
OTHER = "func (b *B) Close() error {\n\treturn nil\n}\n"


def _names(root: Path, source: str) -> set[str]:
    (root / "p.go").write_text(source)
    memory = Memory.open(root, jobs=1)
    try:
        line = source.splitlines().index(OWN.splitlines()[0]) + 1
        build = chosen_build(Packer(memory), "p.go", line + 1)
        assert build.target is not None and build.target.qualname == "A.Close"
        return _sharing_names(build, {"close"})
    finally:
        memory.close()


def test_the_bodys_own_name_is_left_out(tmp_path: Path) -> None:
    assert _names(tmp_path, HEAD + OWN) == {"closeAll", "close_io"}


def test_a_namesake_on_another_type_shares_the_word(tmp_path: Path) -> None:
    assert _names(tmp_path, HEAD + OWN + OTHER) == {"Close", "closeAll", "close_io"}
