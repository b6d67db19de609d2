"""Typed members in Go: a method's receiver and its fields (`c.server.logf`, `c.mu.Lock`), a field whose type
is defined in another file of the package, locals from composite literals and from a function's declared
result. Go to definition, `uses` (what the packer reads) and certain users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.resolve import users_within, uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

MUTEX_GO = (
    "package srv\n\n"
    "type Mutex struct{ state int }\n\n"
    "func (m *Mutex) Lock()   {}\n"
    "func (m *Mutex) Unlock() {}\n"
)
CONN_GO = (
    "package srv\n\n"
    "type server struct{ name string }\n\n"
    "func (s *server) logf(format string, args ...interface{}) {}\n\n"
    "type conn struct {\n"
    "\tserver *server\n"
    "\tmu     Mutex\n"
    "}\n\n"
    "func newConn(s *server) *conn { return &conn{server: s} }\n\n"
    "func (c *conn) serve() {\n"
    "\tc.mu.Lock()\n"
    "\tdefer c.mu.Unlock()\n"
    '\tc.server.logf("serving %s", c.server.name)\n'
    "}\n\n"
    "func handle(s *server, n int) {\n"
    "\tc := newConn(s)\n"
    "\tc.serve()\n"
    "\tother := &conn{}\n"
    "\tother.mu.Lock()\n"
    "\tvar idle conn\n"
    '\tidle.server.logf("idle")\n'
    "}\n"
)
# Another package defines a `Lock` of its own: never taken for a member of `conn.mu`.
OTHER_GO = "package other\n\ntype Door struct{}\n\nfunc (d *Door) Lock() {}\n"


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"srv/mutex.go": MUTEX_GO, "srv/conn.go": CONN_GO, "other/door.go": OTHER_GO}
    yield from indexed(Path(tmp_path_factory.mktemp("members_go")), files)


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        ("c.mu.Lock", 5, ("srv/mutex.go", "Mutex.Lock")),
        ("c.mu.Unlock", 5, ("srv/mutex.go", "Mutex.Unlock")),
        ("c.server.logf", 9, ("srv/conn.go", "server.logf")),
        ("c.server.name", 9, ("srv/conn.go", "server.name")),
        # `c := newConn(s)`: the type newConn's signature declares it returns.
        ("c.serve()", 2, ("srv/conn.go", "conn.serve")),
        # `other := &conn{}` and `var idle conn`.
        ("other.mu.Lock", 9, ("srv/mutex.go", "Mutex.Lock")),
        ("idle.server.logf", 12, ("srv/conn.go", "server.logf")),
    ],
)
def test_go_members_through_receivers_fields_and_locals(
    memory: Memory, needle: str, offset: int, expected: tuple[str, str]
) -> None:
    assert definitions(memory, "srv/conn.go", needle, offset) == [expected]


def test_uses_of_a_method_hold_what_its_receiver_s_fields_reach(memory: Memory) -> None:
    index = memory.file("srv/conn.go")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "conn.serve")) if t.symbol is not None}
    assert {"conn.mu", "Mutex.Lock", "Mutex.Unlock", "conn.server", "server.logf", "server.name"} <= used
    assert "Door.Lock" not in used


def test_users_of_a_method_reached_through_a_field_are_certain(memory: Memory) -> None:
    mutex = memory.file("srv/mutex.go")
    assert mutex is not None
    users = users_within(memory, sym(mutex, "Mutex.Lock"))
    assert sorted(s.qualname for s in users.certain) == ["conn.serve", "handle"]
