"""Generate mode in Go: a field of a large receiver whose comment names the method being written is offered
before the receiver's other fields (`receivers.py`): crypto/tls's `Conn.activeCall`, "the number of goroutines
in Conn.Write", read by `Write` among the many fields of `Conn` (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/tls\n\ngo 1.19\n"
HEADER = "func (c *Conn) Write(b []byte) (int, error) {"
CONN_GO = (
    "package tls\n\n"
    "type Conn struct {\n"
    + "".join(f"\tfield{i} int\n" for i in range(150))
    + "\t// writers is the number of goroutines in Conn.Write.\n"
    + "\twriters int32\n"
    + "}\n\n"
    + go_filler_functions(0, 30)
    + f"{HEADER}\n\treturn int(c.writers), nil\n}}\n\n"
    + go_filler_functions(40, 30)
)


def test_a_field_whose_comment_names_the_method_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, {"go.mod": GO_MOD, "conn.go": CONN_GO}, "conn.go", HEADER, 300)
    # Tied with the others, `writers` would come last, by name. (The struct's skeleton spans its lines: the
    # sections say which fields were offered.)
    offered = [s.symbol_id for s in ctx.sections if s.kind == "predicted"]
    assert "conn.go::Conn.writers" in offered, ctx.ledger()
