"""A struct, union or enum tag declared inside another struct's body has file scope in C (C++ nests it):
sqlite3's `struct sqlite3_index_constraint`, declared in `struct sqlite3_index_info`, and its fields are found
by go to definition and by `uses` (what the packer reads) from any file of the program."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.context import Packer
from archmem.indexer.resolve import uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, index_text, indexed, sym

VTAB_H = (
    "struct sqlite3_index_info {\n"
    "  int nConstraint;\n"
    "  struct sqlite3_index_constraint {\n"
    "     int iColumn;\n"
    "     unsigned char usable;\n"
    "  } *aConstraint;\n"
    "  union idx_u { int iIdx; char *zIdx; } u;\n"
    "  enum idx_op { IDX_EQ, IDX_GT } op;\n"
    "};\n"
)
VTAB_C = (
    '#include "vtab.h"\n'
    "int firstUsable(struct sqlite3_index_info *pInfo) {\n"
    "  struct sqlite3_index_constraint *p = pInfo->aConstraint;\n"
    "  union idx_u v;\n"
    "  v.iIdx = IDX_GT;\n"
    "  return p->usable ? p->iColumn : v.iIdx;\n"
    "}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"vtab.h": VTAB_H, "vtab.c": VTAB_C}
    yield from indexed(Path(tmp_path_factory.mktemp("c_nested_tags")), files)


def test_tags_declared_in_a_struct_are_file_scope_names() -> None:
    index = index_text("vtab.h", VTAB_H)
    for qualname in ("sqlite3_index_constraint", "idx_u", "idx_op", "IDX_EQ"):
        assert sym(index, qualname).parent == index.module_id, qualname
    assert sym(index, "sqlite3_index_constraint.iColumn").parent == sym(index, "sqlite3_index_constraint").id
    # The field the tag's declaration declares stays the outer struct's member.
    assert sym(index, "sqlite3_index_info.aConstraint").parent == sym(index, "sqlite3_index_info").id


def test_cpp_nests_them() -> None:
    index = index_text("vtab.hpp", VTAB_H)
    assert "sqlite3_index_constraint" not in index.by_qualname
    assert "sqlite3_index_constraint.iColumn" not in index.by_qualname


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        ("struct sqlite3_index_constraint *p", 7, "sqlite3_index_constraint"),
        ("p->iColumn", 3, "sqlite3_index_constraint.iColumn"),
        ("p->usable", 3, "sqlite3_index_constraint.usable"),
        ("union idx_u", 6, "idx_u"),
        ("v.iIdx", 2, "idx_u.iIdx"),
        ("IDX_GT", 0, "IDX_GT"),
    ],
)
def test_go_to_definition_from_another_file(memory: Memory, needle: str, offset: int, expected: str) -> None:
    assert definitions(memory, "vtab.c", needle, offset) == [("vtab.h", expected)]


def test_uses_reach_the_nested_struct_and_its_fields(memory: Memory) -> None:
    index = memory.file("vtab.c")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "firstUsable")) if t.symbol is not None}
    expected = {
        "sqlite3_index_constraint",
        "sqlite3_index_constraint.iColumn",
        "sqlite3_index_constraint.usable",
    }
    assert expected <= used


def test_generate_packs_the_nested_struct_for_a_hidden_body(tmp_path: Path) -> None:
    # sqlean's `fsdirBestIndex(sqlite3_vtab *, sqlite3_index_info *)`: the body to write reads
    # `pConstraint->iColumn`; the nested struct's fields come with the parameter's type.
    filler = "".join(f"int filler{i}(int a, int b);\n" for i in range(400))
    # sqlite3.h's struct is long and commented: the packer shows the fields the code names, not all of it.
    more = "".join(
        f"  int nOther{i};  /* another input or output of xBestIndex, number {i} */\n" for i in range(200)
    )
    (tmp_path / "vtab.h").write_text(
        filler + VTAB_H.replace("  int nConstraint;\n", "  int nConstraint;\n" + more)
    )
    (tmp_path / "vtab.c").write_text(VTAB_C)
    memory = Memory.open(tmp_path)
    ctx = Packer(memory).pack("vtab.c", 2, 2, budget=2048, mode="generate")
    header = (tmp_path / "vtab.h").read_text().splitlines()
    here = ctx.included_lines("vtab.h")
    for field in ("     int iColumn;", "     unsigned char usable;"):
        assert header.index(field) + 1 in here, field
