"""Go interfaces embedded in interfaces: `type Expr interface { Node; exprNode() }` lends `Expr` the methods of
`Node` (the `go.scm` query names the embedded `Node` as a field of its type's name, which the resolver reads as
a base, as it does a struct's embedded field). `x.Pos()` of an `x ast.Expr` resolved to nothing before: in edit
mode the edited line's definition was missing, in generate mode what the neighbours call through one."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.generate import pack_hidden_body
from tests.support.memory import write_tree

GO_MOD = "module example.com/app\n\ngo 1.19\n"

AST_GO = (
    "package ast\n\n"
    "type Node interface {\n\tPos() int // position of first character belonging to the node\n"
    "\tEnd() int // position of first character immediately after the node\n}\n\n"
    "type Expr interface {\n\tNode\n\texprNode()\n}\n\n"
    + "".join(f"type Node{i} struct {{\n\tFrom{i} int // where node {i} starts\n}}\n\n" for i in range(30))
)


def _fillers(count: int) -> str:
    return "".join(f"func fill{i}(n int) int {{\n\treturn fill{i + 1}(n * {i})\n}}\n\n" for i in range(count))


PARSER_GO = (
    'package parser\n\nimport "example.com/app/ast"\n\n'
    + _fillers(30)
    + "func safePos(x ast.Expr) int {\n\treturn x.End() - 1\n}\n\n"
    + "func checkExpr(x ast.Expr) int {\n\treturn 0\n}\n\n"
    + _fillers(30)
)


def _line(text: str) -> int:
    return next(i for i, line in enumerate(AST_GO.splitlines(), 1) if line.startswith(text))


def test_a_method_of_an_embedded_interface_is_the_definition_an_edited_line_uses(tmp_path: Path) -> None:
    write_tree(tmp_path, {"go.mod": GO_MOD, "ast/ast.go": AST_GO, "parser/parser.go": PARSER_GO})
    line = PARSER_GO.splitlines().index("\treturn x.End() - 1")
    memory = Memory.open(tmp_path, jobs=1)
    try:
        ctx = Packer(memory).pack("parser/parser.go", line, 10, budget=400, mode="edit")
    finally:
        memory.close()
    assert _line("\tEnd() int") in ctx.included_lines("ast/ast.go"), ctx.ledger()


def test_a_neighbours_call_through_an_embedded_interface_is_predicted(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "ast/ast.go": AST_GO, "parser/parser.go": PARSER_GO}
    ctx = pack_hidden_body(tmp_path, files, "parser/parser.go", "func checkExpr(x ast.Expr) int {", 400)
    assert _line("\tEnd() int") in ctx.included_lines("ast/ast.go"), ctx.ledger()
