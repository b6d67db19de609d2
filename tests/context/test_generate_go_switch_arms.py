"""Generate mode in Go: what the type switches and type assertions of the functions around the body reach.

`switch x := x.(type) { case *ast.BinaryExpr: ... x.X }` binds `x` to each arm's type (`switch_arms.py`, read by
`GoSpec.type_switch_arms`); `typ, ok := x.(*ast.ChanType)` binds `typ` to the type asserted (a pattern of
`GoSpec.declared_type_patterns`). A body written beside such a function reads the same members."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# go/ast: expression nodes of several fields each, more than a small budget shows unasked.
AST_GO = "package ast\n\ntype Expr interface {\n\tPos() int\n}\n\n" + "".join(
    f"type {name} struct {{\n" + "".join(f"\t{field} Expr\n" for field in fields) + "}\n\n"
    f"func (x *{name}) Pos() int {{ return 0 }}\n\n"
    for name, fields in (
        ("BinaryExpr", ("Left", "Right", "Operator")),
        ("CallExpr", ("Callee", "Arguments", "Dots")),
        ("ChanType", ("Begin", "Arrow", "Direction", "Elem")),
        ("ParenExpr", ("Inner", "Lparen", "Rparen")),
    )
)


def _fillers(count: int) -> str:
    return "".join(f"func fill{i}(n int) int {{\n\treturn fill{i + 1}(n * {i})\n}}\n\n" for i in range(count))


def _parser(neighbour: str, header: str) -> str:
    return (
        'package parser\n\nimport "example.com/app/ast"\n\n'
        + _fillers(30)
        + neighbour
        + f"{header}\n\treturn false\n}}\n\n"
        + _fillers(30)
    )


# go/parser's isTypeElem, beside the extractName to be written.
SWITCHING = (
    "func isTypeElem(x ast.Expr) bool {\n"
    "\tswitch x := x.(type) {\n"
    "\tcase *ast.BinaryExpr:\n"
    "\t\treturn isTypeElem(x.Left) || isTypeElem(x.Right)\n"
    "\tcase *ast.ParenExpr:\n"
    "\t\treturn isTypeElem(x.Inner)\n"
    "\t}\n"
    "\treturn false\n"
    "}\n\n"
)


def _line(text: str) -> int:
    return AST_GO.splitlines().index(text) + 1


def test_a_neighbours_type_switch_arms_give_their_types_members(tmp_path: Path) -> None:
    header = "func extractName(x ast.Expr, force bool) bool {"
    files = {"go.mod": GO_MOD, "ast/ast.go": AST_GO, "parser/parser.go": _parser(SWITCHING, header)}
    ctx = pack_hidden_body(tmp_path, files, "parser/parser.go", header, 400)
    shown = ctx.included_lines("ast/ast.go")
    assert {_line("\tLeft Expr"), _line("\tRight Expr"), _line("\tInner Expr")} <= shown, ctx.ledger()


# go/parser's parseUnaryExpr asserts a channel type and re-associates its arrow.
ASSERTING = (
    "func reassociate(x ast.Expr) bool {\n"
    "\tif typ, ok := x.(*ast.ChanType); ok {\n"
    "\t\treturn typ.Arrow == typ.Begin\n"
    "\t}\n"
    "\treturn false\n"
    "}\n\n"
)


def test_a_neighbours_type_assertion_gives_the_asserted_types_members(tmp_path: Path) -> None:
    header = "func isChanArrow(x ast.Expr) bool {"
    files = {"go.mod": GO_MOD, "ast/ast.go": AST_GO, "parser/parser.go": _parser(ASSERTING, header)}
    ctx = pack_hidden_body(tmp_path, files, "parser/parser.go", header, 400)
    shown = ctx.included_lines("ast/ast.go")
    assert {_line("\tArrow Expr"), _line("\tBegin Expr")} <= shown, ctx.ledger()
