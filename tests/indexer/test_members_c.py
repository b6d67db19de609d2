"""Typed members in C and C++: `p->a.b` through parameters, locals, struct fields, typedefs (to a struct of
another name, to an anonymous struct) and pointers; a called function's declared result; C++ fields, pointer
fields, reference parameters and locals. Go to definition, `uses` (what the packer reads) and the packer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.context import Packer
from archmem.indexer.resolve import users_within, uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

DB_C = (
    "typedef struct Pager Pager;\n"
    "typedef struct btree_s Btree;\n"
    "struct Pager {\n"
    "  int nRef;\n"
    "  void (*xReiniter)(int);\n"
    "};\n"
    "struct btree_s {\n"
    "  Pager *pPager;\n"
    "  int flags;\n"
    "};\n"
    "typedef struct {\n"
    "  Btree *pBt;\n"
    "  Pager pager;\n"
    "} Db;\n"
    "struct sqlite3 {\n"
    "  Db *aDb;\n"
    "  union {\n"
    "    Pager *pMain;\n"
    "    int iSlot;\n"
    "  } u;\n"
    "  int nDb;\n"
    "};\n"
    "static Btree *btreeOf(Db *pDb) { return pDb->pBt; }\n"
    "\n"
    "int nRefs(struct sqlite3 *db, int i) {\n"
    "  Db *pDb = &db->aDb[i];\n"
    "  Btree *p = btreeOf(pDb);\n"
    "  Btree *q = p;\n"
    "  return db->aDb->pBt->pPager->nRef + pDb->pager.nRef + p->flags + q->flags + db->u.pMain->nRef;\n"
    "}\n"
    "\n"
    "int other(Db *d, int p) {\n"
    "  return d->flags + p;\n"
    "}\n"
)
CAR_CPP = (
    "class Engine {\n"
    " public:\n"
    "  void start();\n"
    "  int rpm;\n"
    "};\n"
    "class Car {\n"
    " public:\n"
    "  Engine engine;\n"
    "  Engine *spare;\n"
    "  void go(const Engine &e);\n"
    "};\n"
    "void Car::go(const Engine &e) {\n"
    "  engine.start();\n"
    "  spare->start();\n"
    "  e.start();\n"
    "  Engine local;\n"
    "  local.start();\n"
    "  auto made = Engine();\n"
    "  made.rpm = 1;\n"
    "}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(Path(tmp_path_factory.mktemp("members_c")), {"db.c": DB_C, "car.cpp": CAR_CPP})


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        # A parameter declared `struct sqlite3 *`, then fields through pointers and a typedef to a struct of
        # another name (`Btree` is `struct btree_s`).
        ("db->aDb->pBt", 5, "sqlite3.aDb"),
        ("db->aDb->pBt", 10, "Db.pBt"),
        ("pBt->pPager", 5, "btree_s.pPager"),
        ("pPager->nRef", 8, "Pager.nRef"),
        # A local of an anonymous struct's typedef, and a field that is a struct (not a pointer).
        ("pDb->pager.nRef", 5, "Db.pager"),
        ("pDb->pager.nRef", 11, "Pager.nRef"),
        # A local declared with a pointer type, and one assigned from a call whose declared result says it.
        ("p->flags", 3, "btree_s.flags"),
        ("q->flags", 3, "btree_s.flags"),
        # A field of an anonymous union holds its own members.
        ("db->u.pMain->nRef", 6, "sqlite3.u.pMain"),
        ("db->u.pMain->nRef", 13, "Pager.nRef"),
    ],
)
def test_c_members_follow_declared_types(memory: Memory, needle: str, offset: int, expected: str) -> None:
    assert definitions(memory, "db.c", needle, offset) == [("db.c", expected)]


def test_a_member_its_declared_type_lacks_is_nobody_elses(memory: Memory) -> None:
    # `Db` has no `flags`: the `flags` of `struct btree_s` is not a guess for it.
    assert definitions(memory, "db.c", "d->flags", 3) == []
    index = memory.file("db.c")
    assert index is not None
    users = users_within(memory, sym(index, "btree_s.flags"))
    assert [s.qualname for s in users.certain] == ["nRefs"]


def test_uses_reach_members_of_members(memory: Memory) -> None:
    index = memory.file("db.c")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "nRefs")) if t.symbol is not None}
    assert {"sqlite3.aDb", "Db.pBt", "btree_s.pPager", "Pager.nRef", "Db.pager", "btree_s.flags"} <= used
    assert "Pager.xReiniter" not in used


@pytest.mark.parametrize(
    ("needle", "offset"),
    [("engine.start", 7), ("spare->start", 7), ("e.start", 2), ("local.start", 6)],
)
def test_cpp_fields_pointer_fields_references_and_locals(memory: Memory, needle: str, offset: int) -> None:
    assert definitions(memory, "car.cpp", needle, offset) == [("car.cpp", "Engine.start")]


def test_cpp_auto_local_holds_the_class_it_is_constructed_from(memory: Memory) -> None:
    assert definitions(memory, "car.cpp", "made.rpm", 5) == [("car.cpp", "Engine.rpm")]


def test_the_packer_brings_far_struct_fields_reached_through_pointers(tmp_path: Path) -> None:
    filler = "".join(
        f"int filler{i}(int a, int b) {{\n    return a * {i} + b - {i};\n}}\n\n" for i in range(300)
    )
    head, _, tail = DB_C.partition("static Btree *btreeOf")
    (tmp_path / "db.c").write_text(head + filler + "static Btree *btreeOf" + tail)
    memory = Memory.open(tmp_path)
    lines = (tmp_path / "db.c").read_text().splitlines()
    cursor = next(n for n, line in enumerate(lines) if "db->aDb->pBt" in line)
    ctx = Packer(memory).pack("db.c", cursor, 4, budget=2048, mode="edit")
    here = ctx.included_lines("db.c")
    for field in ("  Pager *pPager;", "  int nRef;", "  Btree *pBt;", "  int flags;"):
        assert lines.index(field) + 1 in here, field  # thousands of tokens back, named by no type in the code
