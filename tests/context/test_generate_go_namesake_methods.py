"""Generate mode in Go: what the one same-named method of another type of the package uses is offered, through the
body's receiver where the namesake reaches through its own (`namesake_methods.py`): crypto/tls's
`(*serverHandshakeState).establishKeys` reads `hs.suite.macLen` as `(*clientHandshakeState).establishKeys` does."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# The suite's fields, declared in a file of their own, many: the first 24 members a parameter's type offers would
# not reach the wanted one, and nothing of the body's file names it.
WANTED_LINE = "\tmacLen int"
SUITE_GO = (
    "package web\n\ntype cipherSuite struct {\n"
    + "".join(f"\tflag{i} int\n" for i in range(30))
    + f"{WANTED_LINE}\n}}\n"
)
WANTED = SUITE_GO.splitlines().index(WANTED_LINE) + 1


def _client(receiver: str) -> str:
    return (
        "package web\n\n"
        f"type {receiver} struct {{\n\tsuite *cipherSuite\n}}\n\n"
        f"func (hs *{receiver}) establishKeys() int {{\n\treturn hs.suite.macLen\n}}\n\n"
    )


HEADER = "func (hs *serverHandshakeState) establishKeys() int {"
SERVER_GO = (
    "package web\n\n"
    "type serverHandshakeState struct {\n\tsuite *cipherSuite\n"
    # More fields than a small receiver's (`held.HELD_RECEIVER`), whose fields' types' members are offered anyway.
    + "".join(f"\tstate{i} int\n" for i in range(40))
    + "}\n\n"
    + go_filler_functions(0, 30)
    + f"{HEADER}\n\treturn hs.suite.macLen + 1\n}}\n\n"
    + go_filler_functions(40, 30)
)
FILES = {
    "go.mod": GO_MOD,
    "web/suite.go": SUITE_GO,
    "web/server.go": SERVER_GO,
    "web/client.go": _client("clientHandshakeState") + go_filler_functions(100, 10),
}


def test_what_the_one_namesake_method_reads_through_its_receiver_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "web/server.go", HEADER, 400)
    assert WANTED in ctx.included_lines("web/suite.go"), ctx.ledger()


def test_a_name_several_types_declare_says_nothing(tmp_path: Path) -> None:
    """Two namesakes: an interface's method, whose implementations share nothing but the name."""
    two = {**FILES, "web/other.go": _client("otherHandshakeState")}
    ctx = pack_hidden_body(tmp_path, two, "web/server.go", HEADER, 400)
    assert WANTED not in ctx.included_lines("web/suite.go"), ctx.ledger()


CONN_LINE = "func (c *Conn) readChangeCipherSpec() error {"
CONN_GO = (
    "package web\n\ntype Conn struct {\n"
    + "".join(f"\tconnField{i} int\n" for i in range(30))
    + "}\n\n"
    + "".join(f"func (c *Conn) helper{i}() int {{\n\treturn c.connField{i}\n}}\n\n" for i in range(30))
    + f"{CONN_LINE}\n\treturn nil\n}}\n"
)
CONN_WANTED = CONN_GO.splitlines().index(CONN_LINE) + 1
FINISHED_HEADER = "func (hs *serverHandshakeState) readFinished() error {"
FINISHED_SERVER_GO = (
    "package web\n\n"
    "type serverHandshakeState struct {\n\tc *Conn\n"
    + "".join(f"\tstate{i} int\n" for i in range(40))
    + "}\n\n"
    + go_filler_functions(0, 30)
    + f"{FINISHED_HEADER}\n\treturn hs.c.readChangeCipherSpec()\n}}\n\n"
    + go_filler_functions(40, 30)
)
FINISHED_CLIENT_GO = (
    "package web\n\ntype clientHandshakeState struct {\n\tc *Conn\n}\n\n"
    "func (hs *clientHandshakeState) readFinished() error {\n\tc := hs.c\n\treturn c.readChangeCipherSpec()\n}\n\n"
    + go_filler_functions(100, 10)
)


def test_a_local_the_namesake_binds_to_its_receivers_field_is_read_as_that_field(tmp_path: Path) -> None:
    """`c := hs.c` in the namesake: its `c.readChangeCipherSpec` is the body's `hs.c.readChangeCipherSpec`."""
    files = {
        "go.mod": GO_MOD,
        "web/conn.go": CONN_GO,
        "web/server.go": FINISHED_SERVER_GO,
        "web/client.go": FINISHED_CLIENT_GO,
    }
    ctx = pack_hidden_body(tmp_path, files, "web/server.go", FINISHED_HEADER, 400)
    assert CONN_WANTED in ctx.included_lines("web/conn.go"), ctx.ledger()
