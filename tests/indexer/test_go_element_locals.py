"""A Go local bound to an element of a field's slice, array, map or channel holds the element type the field
declares: `i := &m.p.Inst[pc]; i.Op` (regexp's backtracker), `q := t.idleConnWait[key]; q.popFront()` and
`q, ok := ...` (net/http's transport), `pc := <-t.ready`. Go to definition and `uses` (what the packer reads);
a slice expression (`xs[i:j]`) and the `ok` of a map index are no element."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.resolve import uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

PROG_GO = (
    "package syntax\n"
    "\n"
    "type InstOp uint8\n"
    "\n"
    "type Inst struct {\n"
    "\tOp   InstOp\n"
    "\tOut  uint32\n"
    "\tRune []rune\n"
    "}\n"
    "\n"
    "type Prog struct {\n"
    "\tInst  []Inst\n"
    "\tStart int\n"
    "}\n"
)
EXEC_GO = (
    "package re\n"
    "\n"
    'import "example.com/re/syntax"\n'
    "\n"
    "type onePassProg struct {\n"
    "\tInst []syntax.Inst\n"
    "}\n"
    "\n"
    "type onePassMachine struct {\n"
    "\tp *onePassProg\n"
    "}\n"
    "\n"
    "type wantConnQueue struct {\n"
    "\thead []*wantConn\n"
    "}\n"
    "\n"
    "func (q *wantConnQueue) popFront() *wantConn { return nil }\n"
    "\n"
    "type wantConn struct{ key string }\n"
    "\n"
    "type Transport struct {\n"
    "\tidleConnWait map[string]wantConnQueue\n"
    "\tready        chan *wantConn\n"
    "\tall          []*wantConn\n"
    "\tentries      []entry\n"
    "}\n"
    "\n"
    "type entry struct{ waiting wantConnQueue }\n"
    "\n"
    "func (m *onePassMachine) add(pc uint32) uint32 {\n"
    "\ti := &m.p.Inst[pc]\n"
    "\treturn i.Out\n"
    "}\n"
    "\n"
    "func (t *Transport) queueForIdleConn(key string) string {\n"
    "\tq := t.idleConnWait[key]\n"
    "\tq.popFront()\n"
    "\tif w, ok := t.idleConnWait[key]; ok {\n"
    "\t\tw.popFront()\n"
    "\t}\n"
    "\tpc := <-t.ready\n"
    "\tsome := t.all[1:]\n"
    "\tfirst := t.all[0].key\n"
    "\tall := t.all\n"
    "\tlast := all[len(all)-1]\n"
    "\teq := t.entries[0].waiting\n"
    "\teq.popFront()\n"
    "\treturn pc.key + some.key + first + last.key\n"
    "}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"go.mod": "module example.com/re\n", "syntax/prog.go": PROG_GO, "exec.go": EXEC_GO}
    yield from indexed(Path(tmp_path_factory.mktemp("elements")), files)


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        ("i.Out", 2, ("syntax/prog.go", "Inst.Out")),  # `&` an element of another package's slice
        ("q.popFront()", 2, ("exec.go", "wantConnQueue.popFront")),  # a map's value
        ("w.popFront()", 2, ("exec.go", "wantConnQueue.popFront")),  # the value of `, ok`
        ("pc.key", 3, ("exec.go", "wantConn.key")),  # a channel's receive
        ("last.key", 5, ("exec.go", "wantConn.key")),  # an element of a local bound to a field
        ("eq.popFront()", 3, ("exec.go", "wantConnQueue.popFront")),  # a field of an element
    ],
)
def test_a_local_bound_to_an_element_holds_the_element_type(
    memory: Memory, needle: str, offset: int, expected: tuple[str, str]
) -> None:
    assert definitions(memory, "exec.go", needle, offset) == [expected]


def test_a_slice_expression_is_no_element(memory: Memory) -> None:
    assert definitions(memory, "exec.go", "some.key", 5) == []


def test_the_uses_the_packer_reads_reach_the_element_type_members(memory: Memory) -> None:
    index = memory.file("exec.go")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "onePassMachine.add")) if t.symbol is not None}
    assert "Inst.Out" in used
    used = {t.symbol.qualname for t in uses(memory, sym(index, "Transport.queueForIdleConn")) if t.symbol}
    assert {"wantConnQueue.popFront", "wantConn.key"} <= used
