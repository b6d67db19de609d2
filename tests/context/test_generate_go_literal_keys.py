"""Generate mode in Go: the fields the keyed literals of the functions around the body set (`literal_keys.py`, read
by `GoSpec.keyed_literal_fields`). go/parser's `checkExprOrType` builds `&ast.BadExpr{From: x.Pos(), To: ...}`
as its neighbours do: the bare keys `From`, `To` resolve to nothing, the literal's type says whose fields they are."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.languages import BY_NAME

from tests.support.generate import pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# go/ast: expression nodes of several fields each, more than a small budget shows unasked.
AST_GO = "package ast\n\ntype Expr interface {\n\tPos() int\n}\n\n" + "".join(
    f"type {name} struct {{\n" + "".join(f"\t{field} int\n" for field in fields) + "}\n\n"
    f"func (x *{name}) Pos() int {{ return 0 }}\n\n"
    for name, fields in (
        ("BadExpr", ("From", "To")),
        ("CallExpr", ("Callee", "Arguments", "Dots", "Lparen", "Rparen")),
        ("ChanType", ("Begin", "Arrow", "Direction", "Elem")),
        ("ParenExpr", ("Inner", "Lparen", "Rparen")),
    )
)


def _fillers(count: int) -> str:
    return "".join(f"func fill{i}(n int) int {{\n\treturn fill{i + 1}(n * {i})\n}}\n\n" for i in range(count))


HEADER = "func checkOperand(x ast.Expr, end int) ast.Expr {"
# Its neighbour builds the struct keyed; a map literal's keys are no struct's fields.
BUILDING = (
    "func parseIndex(x ast.Expr, end int) ast.Expr {\n"
    "\tnames := map[string]int{Arrow: 1}\n"
    '\treturn &ast.BadExpr{From: x.Pos(), To: end + names[""]}\n'
    "}\n\n"
)
PARSER_GO = (
    'package parser\n\nimport "example.com/app/ast"\n\n'
    + _fillers(30)
    + BUILDING
    + f"{HEADER}\n\treturn x\n}}\n\n"
    + _fillers(30)
)


def _line(text: str) -> int:
    return AST_GO.splitlines().index(text) + 1


def test_a_neighbours_keyed_literal_gives_the_fields_its_keys_set(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "ast/ast.go": AST_GO, "parser/parser.go": PARSER_GO}
    ctx = pack_hidden_body(tmp_path, files, "parser/parser.go", HEADER, 400)
    shown = ctx.included_lines("ast/ast.go")
    assert {_line("\tFrom int"), _line("\tTo int")} <= shown, ctx.ledger()


def test_the_keys_read_are_those_of_literals_naming_their_type() -> None:
    code = (
        "func f() {\n\tx := &ast.StarExpr{Star: pos, X: y}\n\tz := piController{kp: 0.9, ti: g(T{a: 1})}\n"
        "\tm := map[string]int{k: 1}\n\ts := []T{{X: 1}}\n\tw := T{1, 2}\n}\n"
    )
    assert BY_NAME["go"].keyed_literal_fields(code) == [
        ("ast.StarExpr", "Star"),
        ("ast.StarExpr", "X"),
        ("piController", "kp"),
        ("piController", "ti"),
        ("T", "a"),
    ]
