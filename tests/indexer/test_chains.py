"""Chains through subscripts and call results: `p->arr[3].field`, `mk(x)->c`, Go's `m[k].Method()` and
`s.items()[0].x`, Python's `make().x`, from element types and results the declarations say. Go to definition
and `uses` (what the packer reads); what no declaration says stays unknown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.languages import BY_NAME
from archmem.indexer.resolve import uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

# Shaped like sqlite3.c: an array of structs in a struct, a pointer indexed, a function returning a pointer.
DB_C = (
    "typedef struct Db Db;\n"
    "struct Btree { int inTrans; struct Btree *pNext; };\n"
    "struct Db { char *zDbSName; struct Btree *pBt; };\n"
    "struct sqlite3 { Db *aDb; Db aDbStatic[2]; int nDb; };\n"
    "struct Btree *sqlite3DbBtree(struct sqlite3 *db, int i);\n"
    "int lost(int);\n"
    "int inTrans(struct sqlite3 *db, int i) {\n"
    "  Db local[2];\n"
    "  return db->aDb[i].pBt->inTrans + db->aDbStatic[1].pBt->pNext->inTrans\n"
    "       + sqlite3DbBtree(db, i)->inTrans + local[0].pBt->inTrans + lost(i)->inTrans;\n"
    "}\n"
)
CONN_GO = (
    "package conn\n"
    "\n"
    "type Conn struct {\n"
    "\tid     int\n"
    "\tpeers  []*Conn\n"
    "\tbyName map[string]Conn\n"
    "\tready  chan *Conn\n"
    "}\n"
    "\n"
    "func (c Conn) Close() error { return nil }\n"
    "func (c *Conn) Peers() []*Conn { return c.peers }\n"
    "func (c *Conn) Lookup(k string) (map[string]*Conn, error) { return nil, nil }\n"
    "func dial() *Conn { return nil }\n"
    "func anything() interface{} { return nil }\n"
    "\n"
    "func (c *Conn) serve(k string, fn func() *Conn) int {\n"
    "\tall := make([]Conn, 2)\n"
    "\tc.byName[k].Close()\n"
    "\tfor _, p := range c.peers {\n"
    "\t\tp.Close()\n"
    "\t}\n"
    "\tfor name, v := range c.byName {\n"
    "\t\t_, _ = name, v.id\n"
    "\t}\n"
    "\tfor i := range all {\n"
    "\t\t_ = i\n"
    "\t}\n"
    "\tm, _ := c.Lookup(k)\n"
    "\t_ = m\n"
    "\treturn c.peers[0].id + c.Peers()[1].id + dial().id + all[1].id + fn().id\n"
    "}\n"
)
APP_PY = (
    "class Console:\n"
    "    width = 80\n"
    "\n"
    "\n"
    "def make() -> Console:\n"
    "    return Console()\n"
    "\n"
    "\n"
    "def unknown():\n"
    "    return Console()\n"
    "\n"
    "\n"
    "class Panel:\n"
    "    consoles: list[Console]\n"
    "    by_name: dict[str, Console]\n"
    "\n"
    '    def all(self) -> "Sequence[Console]":\n'
    "        return self.consoles\n"
    "\n"
    "\n"
    "def main(p: Panel, k: str):\n"
    "    return make().width + unknown().width + p.consoles[0].width + p.by_name[k].width + p.all()[1].width\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"db.c": DB_C, "conn/conn.go": CONN_GO, "app.py": APP_PY}
    yield from indexed(Path(tmp_path_factory.mktemp("chains")), files)


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        # A field declared as a pointer, indexed: an element of the type it names.
        ("db->aDb[i].pBt->inTrans", 11, "Db.pBt"),
        ("db->aDb[i].pBt->inTrans", 17, "Btree.inTrans"),
        # A field declared as an array, and the chain going on after it.
        ("db->aDbStatic[1].pBt->pNext->inTrans", 24, "Btree.pNext"),
        ("db->aDbStatic[1].pBt->pNext->inTrans", 31, "Btree.inTrans"),
        # A function's declared result, and a local array.
        ("sqlite3DbBtree(db, i)->inTrans", 23, "Btree.inTrans"),
        ("local[0].pBt->inTrans", 9, "Db.pBt"),
    ],
)
def test_c_chains_through_subscripts_and_calls(
    memory: Memory, needle: str, offset: int, expected: str
) -> None:
    assert definitions(memory, "db.c", needle, offset) == [("db.c", expected)]


def test_c_a_result_no_declaration_types_stays_unknown(memory: Memory) -> None:
    assert definitions(memory, "db.c", "lost(i)->inTrans", 9) == []


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        ("c.byName[k].Close", 12, "Conn.Close"),  # a map's value type
        ("c.peers[0].id", 11, "Conn.id"),  # a slice of pointers
        ("c.Peers()[1].id", 13, "Conn.id"),  # a method's declared slice result
        ("dial().id", 7, "Conn.id"),  # a function's declared result
        ("all[1].id", 7, "Conn.id"),  # a local made as a slice
        ("p.Close()", 2, "Conn.Close"),  # the value of a range over a field's slice
        ("v.id", 2, "Conn.id"),  # the value of a range over a map
    ],
)
def test_go_chains_through_subscripts_and_calls(
    memory: Memory, needle: str, offset: int, expected: str
) -> None:
    assert definitions(memory, "conn/conn.go", needle, offset) == [("conn/conn.go", expected)]


def test_go_a_function_value_called_stays_unknown(memory: Memory) -> None:
    # `fn func() *Conn` is a parameter: its result is not read from a declaration the memory holds.
    assert definitions(memory, "conn/conn.go", "fn().id", 5) == []


def test_python_a_declared_result_leads_to_its_members(memory: Memory) -> None:
    assert definitions(memory, "app.py", "make().width", 7) == [("app.py", "Console.width")]
    assert definitions(memory, "app.py", "unknown().width", 10) == []


@pytest.mark.parametrize(
    ("needle", "offset"), [("consoles[0].width", 12), ("by_name[k].width", 11), ("all()[1].width", 9)]
)
def test_python_items_of_annotated_containers(memory: Memory, needle: str, offset: int) -> None:
    assert definitions(memory, "app.py", needle, offset) == [("app.py", "Console.width")]


def test_uses_reach_members_through_subscripts_and_calls(memory: Memory) -> None:
    index = memory.file("db.c")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "inTrans")) if t.symbol is not None}
    assert {"Db.pBt", "Btree.inTrans", "Btree.pNext", "sqlite3.aDb", "sqlite3.aDbStatic"} <= used
    index = memory.file("conn/conn.go")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "Conn.serve")) if t.symbol is not None}
    assert {"Conn.Close", "Conn.id"} <= used


@pytest.mark.parametrize(
    ("line", "name", "expected"),
    [
        ("\tfor _, v := range c.peers {", "v", "c.peers[]"),
        ("\tfor k, v := range m {", "v", "m[]"),
        # The index or the key alone is no element.
        ("\tfor i := range xs {", "i", None),
        ("\tfor k, v := range m {", "k", None),
    ],
)
def test_go_range_values_hold_elements(line: str, name: str, expected: str | None) -> None:
    start = line.index(f" {name}") + 1
    assert BY_NAME["go"].declared_type_at(line, start, start + len(name)) == expected
