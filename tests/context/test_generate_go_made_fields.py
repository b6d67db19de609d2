"""Generate mode in Go: the struct a body builds holds small structs built in the same literal, whose fields it
sets too (`made_fields.py`): go/parser's `parseStructType` returns an `*ast.StructType` whose `Fields` holds an
`*ast.FieldList{Opening, List, Closing}`. A held struct of many fields is built elsewhere and passed in."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

AST_GO = (
    "package ast\n\n"
    "type StructType struct {\n\tStruct int\n\tFields *FieldList\n\tScope *Scope\n}\n\n"
    "type FieldList struct {\n\tOpening int // position of the opening brace\n\tList []int\n\tClosing int\n}\n\n"
    "type Scope struct {\n" + "".join(f"\tSlot{i} int\n" for i in range(8)) + "}\n"
)
STRUCT = "func (p *parser) parseStructType() *ast.StructType {"


def _parser_go(header: str, body: str) -> str:
    """go/parser's parser.go with the function `header` { `body` } among unrelated ones."""
    return (
        'package parser\n\nimport "example.com/app/ast"\n\ntype parser struct {\n\tpos int\n}\n\n'
        + go_filler_functions(0, 30)
        + f"{header}\n\t{body}\n}}\n\n"
        + go_filler_functions(30, 30)
    )


PARSER_GO = _parser_go(
    STRUCT, "return &ast.StructType{Struct: p.pos, Fields: &ast.FieldList{Opening: p.pos}}"
)


def test_the_small_structs_a_built_struct_holds_are_offered_their_fields(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "ast/ast.go": AST_GO, "parser/parser.go": PARSER_GO}
    ctx = pack_hidden_body(tmp_path, files, "parser/parser.go", STRUCT, 400)
    lines = AST_GO.splitlines()
    shown = ctx.included_lines("ast/ast.go")
    assert lines.index("\tOpening int // position of the opening brace") + 1 in shown, ctx.ledger()
    assert lines.index("\tSlot0 int") + 1 not in shown, ctx.ledger()  # Scope: too large to be built in place


CHAN_AST_GO = (
    "package ast\n\n"
    "type ChanDir int\n\n"
    "const (\n\tSEND ChanDir = 1 << iota\n\tRECV\n)\n\n"
    "type Kind int\n\n"
    "const (\n\tBad Kind = iota\n\tVar\n)\n\n"
    "type ChanType struct {\n\tBegin int\n\tDir   ChanDir\n\tValue int\n}\n\n"
    + "".join(f"type Filler{i} struct {{\n\tSlot{i} int\n\tMore{i} int\n}}\n\n" for i in range(40))
)
CHAN = "func (p *parser) parseChanType() *ast.ChanType {"
CHAN_PARSER_GO = _parser_go(CHAN, "return &ast.ChanType{Begin: p.pos, Dir: ast.SEND}")


def test_the_constants_of_a_small_named_type_a_built_field_holds_are_offered(tmp_path: Path) -> None:
    """`parseChanType` builds an `ast.ChanType` whose `Dir ChanDir` it sets to `ast.SEND` or `ast.RECV`; the
    constants of another type (`Kind`) are not offered."""
    files = {"go.mod": GO_MOD, "ast/ast.go": CHAN_AST_GO, "parser/parser.go": CHAN_PARSER_GO}
    ctx = pack_hidden_body(tmp_path, files, "parser/parser.go", CHAN, 400)
    lines = CHAN_AST_GO.splitlines()
    shown = ctx.included_lines("ast/ast.go")
    assert {lines.index("\tSEND ChanDir = 1 << iota") + 1, lines.index("\tRECV") + 1} <= shown, ctx.ledger()
    assert lines.index("\tVar") + 1 not in shown, ctx.ledger()
