"""Generate mode in Go: the blank identifier names nothing a body could read, so none of its declarations is offered
(`blank_names.py`). net/http's siblings write `_, err :=` everywhere, which scored `_` among a pack's first twenty
names, and it led to every `var _ I = (*T)(nil)` and `func _()` of the package."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

CHECKS_GO = (
    "package conn\n\n"
    'import "io"\n\n'
    "var _ io.Reader = (*Conn)(nil)\n\n"
    "var _ io.Writer = (*Conn)(nil)\n\n"
    "func _() {\n\tvar x [1]struct{}\n\t_ = x[0]\n}\n"
)
HEADER = "func (c *Conn) readAll() (int, error) {"
CONN_GO = (
    "package conn\n\n"
    "type Conn struct {\n\tbuf []byte\n\tn int\n}\n\n"
    "func (c *Conn) Read(p []byte) (int, error) {\n\t_, err := c.fill()\n\treturn copy(p, c.buf), err\n}\n\n"
    "func (c *Conn) Write(p []byte) (int, error) {\n\t_, err := c.fill()\n\treturn len(p), err\n}\n\n"
    "func (c *Conn) fill() (int, error) {\n\tc.n++\n\treturn c.n, nil\n}\n\n"
    f"{HEADER}\n\t_, err := c.fill()\n\treturn c.n, err\n}}\n\n" + go_filler_functions(0, 20)
)
FILES = {"go.mod": GO_MOD, "conn/checks.go": CHECKS_GO, "conn/conn.go": CONN_GO}


def test_no_declaration_of_the_blank_identifier_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "conn/conn.go", HEADER, 1024)
    assert ctx.included_lines("conn/checks.go") == frozenset(), ctx.ledger()
    # What the siblings use is still offered: the rule takes out `_` alone.
    fill = CONN_GO.splitlines().index("func (c *Conn) fill() (int, error) {") + 1
    assert fill in ctx.included_lines("conn/conn.go"), ctx.ledger()
