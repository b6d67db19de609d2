"""Generate mode predicts names the file cannot bind itself: a Go package's definitions in its other files,
used by the file's far functions (`throw` in runtime's mgcpacer.go, defined in panic.go), and the fields of
the struct the function being written returns, which it builds (`parseChanType() *ast.ChanType`) (issue 15)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.result import PackedContext
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree


def _pack_generate(root: Path, rel: str, source: str, body_line: str, budget: int) -> PackedContext:
    """Generate mode at the body's one (empty) line."""
    cursor = source.splitlines().index(body_line)
    ctx = Packer(Memory.open(root)).pack(rel, cursor, len(body_line), budget=budget, mode="generate")
    assert ctx.tokens <= budget
    return ctx


def _line_of(source: str, start: str) -> int:
    return next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith(start))


# runtime's shape: panic.go defines `throw`; mgcpacer.go's functions far from the body call it, the ones
# around the body (which call each other) do not.
PANIC_GO = (
    "package runtime\n\nfunc throw(s string) {\n\tpanic(s)\n}\n\nfunc fatal(s string) {\n\tpanic(s)\n}\n"
)


def _pacer(first: int, count: int, checked: bool) -> str:
    return "".join(
        f"func pace{i}(n int) int {{\n\tif n < limit{i % 9} {{\n"
        + ('\t\tthrow("pacer: bad count")\n' if checked else f"\t\treturn pace{i + 1}(n)\n")
        + f"\t}}\n\treturn pace{i + 2}(n - 1)\n}}\n\n"
        for i in range(first, first + count)
    )


PACER_GO = (
    "package runtime\n\n"
    + "".join(f"const limit{i} = {i}\n" for i in range(9))
    + "\n"
    + _pacer(0, 30, checked=True)
    + _pacer(30, 40, checked=False)
    + "func setGCPercent(in int) int {\n\t\n}\n\n"
    + _pacer(70, 10, checked=False)
)


def test_a_package_definition_in_another_file_the_file_keeps_calling(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "go.mod": "module example.com/rt\n\ngo 1.19\n",
            "runtime/panic.go": PANIC_GO,
            "runtime/mgcpacer.go": PACER_GO,
        },
    )
    ctx = _pack_generate(tmp_path, "runtime/mgcpacer.go", PACER_GO, "\t", budget=1024)
    assert _line_of(PANIC_GO, "func throw(") in ctx.included_lines("runtime/panic.go"), ctx.ledger()


# go/parser's shape (parser.go): `parseChanType() *ast.ChanType` returns the struct it builds field by
# field; the methods around it build other structs of go/ast.
def _struct(name: str, fields: tuple[str, ...]) -> str:
    return (
        f"type {name} struct {{\n"
        + "".join(f"\t{f} int // the {f.lower()} of a {name}\n" for f in fields)
        + "}\n\n"
    )


AST_GO = (
    "package ast\n\n"
    + "".join(_struct(f"Node{i}", (f"Pos{i}", f"End{i}", f"Kind{i}")) for i in range(40))
    + _struct("ChanType", ("Begin", "Arrow", "Dir", "Value"))
)
PARSER_GO = (
    'package parser\n\nimport "example.com/app/ast"\n\ntype parser struct {\n\tpos int\n}\n\n'
    + "".join(
        f"func (p *parser) parseNode{i}() *ast.Node{i} {{\n\treturn &ast.Node{i}{{Pos{i}: p.pos}}\n}}\n\n"
        for i in range(40)
    )
    + "func (p *parser) parseChanType() *ast.ChanType {\n\t\n}\n"
)


def test_a_function_returning_a_struct_is_shown_its_fields(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "go.mod": "module example.com/app\n\ngo 1.19\n",
            "ast/ast.go": AST_GO,
            "parser/parser.go": PARSER_GO,
        },
    )
    # A budget where the struct's full text does not fit beside the rest: its fields must earn their lines.
    ctx = _pack_generate(tmp_path, "parser/parser.go", PARSER_GO, "\t", budget=384)
    shown = ctx.included_lines("ast/ast.go")
    for field in ("\tBegin ", "\tArrow ", "\tDir ", "\tValue "):
        assert _line_of(AST_GO, field) in shown, (field, ctx.ledger())
