"""Generate mode in Go: the names of the result type's package ending in its name that no other code of the file
names wait for the body (`result_kin.py`): go/parser names each `ast.*Expr` it builds in the one function that
builds it, so with `parseElement() ast.Expr` hidden `ast.KeyValueExpr` is the one nothing names, offered with
its fields."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

KINDS = ("Ident", "BasicLit", "CallExpr", "UnaryExpr", "BinaryExpr", "ParenExpr", "StarExpr", "KeyValueExpr")
AST_GO = (
    "package ast\n\n"
    "type Expr interface {\n\tPos() int\n}\n\n"
    + "".join(
        f"type {kind} struct {{\n\tStart int\n}}\n\nfunc (x *{kind}) Pos() int {{ return 0 }}\n\n"
        for kind in KINDS[:-1]
    )
    + "type KeyValueExpr struct {\n\tKey   Expr\n\tColon int\n\tValue Expr\n}\n\n"
    + "func (x *KeyValueExpr) Pos() int { return x.Colon }\n"
)
ELEMENT = "func (p *parser) parseElement() ast.Expr {"
BUILDERS = "".join(
    f"func (p *parser) parse{kind}() ast.Expr {{\n\treturn &ast.{kind}{{Start: p.pos}}\n}}\n\n"
    for kind in KINDS[:-1]
)
PARSER_GO = (
    "package parser\n\n"
    'import "example.com/app/ast"\n\n'
    "type parser struct {\n\tpos int\n}\n\n"
    + go_filler_functions(0, 30)
    + BUILDERS
    + f"{ELEMENT}\n\treturn &ast.KeyValueExpr{{Key: p.parseIdent(), Colon: p.pos, Value: p.parseBasicLit()}}\n}}\n\n"
    + go_filler_functions(40, 30)
)
FILES = {"go.mod": GO_MOD, "ast/ast.go": AST_GO, "parser/parser.go": PARSER_GO}


def _lines(*wanted: str) -> set[int]:
    lines = AST_GO.splitlines()
    return {lines.index(w) + 1 for w in wanted}


def test_the_one_kin_of_the_result_type_nothing_names_is_offered_with_its_fields(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "parser/parser.go", ELEMENT, 400)
    wanted = _lines("type KeyValueExpr struct {", "\tKey   Expr", "\tColon int", "\tValue Expr")
    assert wanted <= ctx.included_lines("ast/ast.go"), ctx.ledger()


def test_kin_many_of_which_nothing_names_offers_none(tmp_path: Path) -> None:
    # Only two of the seven builders left: six kinds wait, which says nothing of which one the body builds.
    few = "".join(
        f"func (p *parser) parse{kind}() ast.Expr {{\n\treturn &ast.{kind}{{Start: p.pos}}\n}}\n\n"
        for kind in KINDS[:2]
    )
    files = {**FILES, "parser/parser.go": PARSER_GO.replace(BUILDERS, few)}
    ctx = pack_hidden_body(tmp_path, files, "parser/parser.go", ELEMENT, 400)
    assert not _lines("\tColon int") & ctx.included_lines("ast/ast.go"), ctx.ledger()
