"""Generate mode in Go, where methods hang on receivers outside their type (issue 15): the receiver's fields
and its other methods, as a class's are for its methods; the field a method is named for (`rand` reads
`c.Rand`); the method a function is named after (`gcControllerCommit` calls `gcController.commit`); the fields
of the struct a function's name says it builds (`parseUnaryExpr` builds an `ast.UnaryExpr`) or its header
names as its result (`(key ticketKey)`); a named slice type's own methods (`z.mant.shl` of `type nat []Word`);
and only the files of the package that build on this host (`lock_futex.go`, not `lock_js.go`)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from tests.support.generate import pack_hidden_body
from tests.support.memory import write_tree

GO_MOD = "module example.com/rt\n\ngo 1.19\n"


def _line_of(source: str, start: str) -> int:
    return next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith(start))


def _chained(receiver: str, first: int, count: int) -> str:
    """Methods of `receiver` each calling the next: used, so none waits for a first use, and named for
    nothing the body is about."""
    return "".join(
        f"func (c *{receiver}) step{i}(n int) int {{\n\treturn c.step{i + 1}(n + {i})\n}}\n\n"
        for i in range(first, first + count)
    )


def _functions(first: int, count: int) -> str:
    return "".join(
        f"func fill{i}(n int) int {{\n\treturn fill{i + 1}(n * {i})\n}}\n\n"
        for i in range(first, first + count)
    )


# runtime's mgcpacer.go: `gcControllerCommit` wraps `gcController.commit`, far above it in the file.
PACER_GO = (
    "package runtime\n\n"
    "type pacerControllerState struct {\n\tgoal int\n\tlive int\n}\n\n"
    "var pacerController pacerControllerState\n\n"
    "func (c *pacerControllerState) commit(done bool) {\n\tc.goal = c.live\n}\n\n"
    + _chained("pacerControllerState", 0, 40)
    + _functions(0, 20)
    + "func pacerControllerCommit() {\n\tpacerController.commit(true)\n}\n\n"
    + _functions(20, 20)
)


def test_a_function_named_after_a_method_sees_that_method(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path, {"go.mod": GO_MOD, "runtime/mgcpacer.go": PACER_GO}, "runtime/mgcpacer.go",
        "func pacerControllerCommit() {", 512,
    )  # fmt: skip
    shown = ctx.included_lines("runtime/mgcpacer.go")
    assert _line_of(PACER_GO, "func (c *pacerControllerState) commit(") in shown, ctx.ledger()


# runtime's mgcpacer.go: `(*gcControllerState).init` calls the type's `commit` and `setGCPercent`, which
# nothing calls yet and the functions around it never name.
STATE_GO = (
    "package runtime\n\n"
    "type pacerState struct {\n\tgoal int\n}\n\n"
    "func (c *pacerState) commit(done bool) {\n\tc.goal = 0\n}\n\n"
    "func (c *pacerState) setPercent(in int) int {\n\treturn in\n}\n\n"
    + _functions(0, 40)
    + "func (c *pacerState) init(percent int) {\n\tc.commit(c.setPercent(percent) > 0)\n}\n\n"
    + _functions(40, 20)
)


def test_a_method_sees_the_other_methods_of_its_receiver(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path, {"go.mod": GO_MOD, "runtime/mgcpacer.go": STATE_GO}, "runtime/mgcpacer.go",
        "func (c *pacerState) init(percent int) {", 512,
    )  # fmt: skip
    shown = ctx.included_lines("runtime/mgcpacer.go")
    for method in ("func (c *pacerState) commit(", "func (c *pacerState) setPercent("):
        assert _line_of(STATE_GO, method) in shown, (method, ctx.ledger())


# runtime's locks: one `lock` per platform, chosen by file name and `//go:build` line.
LOCK_FUTEX_GO = (
    "//go:build linux || darwin || windows\n\npackage runtime\n\nfunc lock(l *int) {\n\t*l = 1\n}\n"
)
LOCK_JS_GO = "//go:build js && wasm\n\npackage runtime\n\nfunc lock(l *int) {\n\t*l = 2\n}\n"
LOCK_PLAN9_GO = "package runtime\n\nfunc lock(l *int) {\n\t*l = 3\n}\n"
MGC_GO = (
    "package runtime\n\nvar held int\n\n"
    + "".join(f"func mark{i}() {{\n\tlock(&held)\n}}\n\n" for i in range(4))
    + "func sweep() {\n\tlock(&held)\n}\n\n"
    + "".join(f"func scan{i}() {{\n\tlock(&held)\n}}\n\n" for i in range(4))
)
LOCKS = {
    "go.mod": GO_MOD,
    "runtime/lock_futex.go": LOCK_FUTEX_GO,
    "runtime/lock_js.go": LOCK_JS_GO,
    "runtime/lock_plan9.go": LOCK_PLAN9_GO,
    "runtime/mgc.go": MGC_GO,
}


def test_only_the_files_that_build_here_lend_their_names(tmp_path: Path) -> None:
    write_tree(tmp_path, LOCKS)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        index = memory.file("runtime/mgc.go")
        assert index is not None
        sweep = next(s for s in index.symbols if s.name == "sweep")
        found = {t.path for t in Resolver(memory).resolve(index, sweep, "lock")}
        # The js file answers for itself: it sees every file of its package.
        js = memory.file("runtime/lock_js.go")
        assert js is not None
        from_js = {t.path for t in Resolver(memory).resolve(js, js.symbols[-1], "held")}
    finally:
        memory.close()
    assert found == {"runtime/lock_futex.go"}
    assert from_js == {"runtime/mgc.go"}


def test_a_new_body_is_shown_only_the_definition_that_builds_here(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, LOCKS, "runtime/mgc.go", "func sweep() {", 1024)
    assert _line_of(LOCK_FUTEX_GO, "func lock(") in ctx.included_lines("runtime/lock_futex.go"), ctx.ledger()
    assert not ctx.included_lines("runtime/lock_js.go"), ctx.ledger()
    assert not ctx.included_lines("runtime/lock_plan9.go"), ctx.ledger()


# go/parser's parser.go: `parseUnaryExpr` returns an `ast.Expr` but builds an `ast.UnaryExpr`.
AST_GO = (
    "package ast\n\ntype Expr interface {\n\tPos() int\n}\n\n"
    + "".join(
        f"type Node{i} struct {{\n\tFrom{i} int // where node {i} starts\n\tTo{i} int // where it ends\n}}\n\n"
        for i in range(30)
    )
    + "type UnaryExpr struct {\n\tOpPos int // position of Op\n\tOp int // operator\n\tX Expr // operand\n}\n"
)
PARSER_GO = (
    'package parser\n\nimport "example.com/rt/ast"\n\ntype parser struct {\n\tpos int\n}\n\n'
    + "".join(
        f"func (p *parser) parseNode{i}() ast.Expr {{\n\treturn &ast.Node{i}{{From{i}: p.pos}}\n}}\n\n"
        for i in range(30)
    )
    + "func (p *parser) parseUnaryExpr() ast.Expr {\n\treturn nil\n}\n\n"
    + "func unparen(x ast.Expr) bool {\n\t_, ok := x.(*ast.UnaryExpr)\n\treturn ok\n}\n"
)


def test_a_function_named_after_a_struct_is_shown_its_fields(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path, {"go.mod": GO_MOD, "ast/ast.go": AST_GO, "parser/parser.go": PARSER_GO}, "parser/parser.go",
        "func (p *parser) parseUnaryExpr() ast.Expr {", 384,
    )  # fmt: skip
    shown = ctx.included_lines("ast/ast.go")
    for field in ("\tOpPos ", "\tOp ", "\tX "):
        assert _line_of(AST_GO, field) in shown, (field, ctx.ledger())


# crypto/tls' common.go: `(c *Config) rand()` returns `c.Rand`, one of the struct's many fields, while the
# methods around it read others.
CONFIG_GO = (
    "package tls\n\ntype Config struct {\n"
    + "".join(f"\tOption{i} int // the {i}th option\n" for i in range(40))
    + "\tRand int // the source of randomness\n}\n\n"
    + "".join(
        f"func (c *Config) option{i}() int {{\n\treturn "
        + " + ".join(f"c.Option{(i + k) % 40}" for k in range(12))
        + "\n}\n\n"
        for i in range(30)
    )
    + "func (c *Config) rand() int {\n\treturn c.Rand\n}\n\n"
    + "".join(
        f"func (c *Config) setting{i}() int {{\n\treturn c.Option{i} - c.Option{i + 3}\n}}\n\n"
        for i in range(30)
    )
)


def test_a_method_named_for_a_field_of_its_receiver_sees_that_field(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"go.mod": GO_MOD, "tls/common.go": CONFIG_GO},
        "tls/common.go",
        "func (c *Config) rand() int {",
        256,
    )
    assert _line_of(CONFIG_GO, "\tRand int") in ctx.included_lines("tls/common.go"), ctx.ledger()


# math/big: `type nat []Word` has methods of its own; `Float.mant` is a nat, and `z.mant.add` is nat's `add`,
# not a method of the element type `Word`.
NAT_GO = (
    'package big\n\ntype Word uint\n\nfunc (w Word) String() string {\n\treturn ""\n}\n\n'
    "type nat []Word\n\n"
    "func (z nat) add(x, y nat) nat {\n\treturn z\n}\n\n"
    "func (z nat) shl(x nat, s uint) nat {\n\treturn z\n}\n"
)
FLOAT_GO = (
    "package big\n\ntype Float struct {\n\tmant nat\n\texp int\n}\n\n"
    + "".join(f"func (z *Float) helper{i}(n int) int {{\n\treturn n * {i}\n}}\n\n" for i in range(40))
    + "func (z *Float) uadd(x, y *Float) {\n\tz.mant = z.mant.add(x.mant, y.mant)\n}\n\n"
    + "func (z *Float) usub(x, y *Float) {\n\tz.mant = z.mant.shl(x.mant, 1)\n}\n"
)
BIG = {"go.mod": GO_MOD, "big/nat.go": NAT_GO, "big/float.go": FLOAT_GO}


def test_a_method_of_a_named_slice_type_is_reached_through_a_field(tmp_path: Path) -> None:
    write_tree(tmp_path, BIG)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        index = memory.file("big/float.go")
        assert index is not None
        uadd = next(s for s in index.symbols if s.name == "uadd")
        found = [
            (t.path, t.symbol.qualname)
            for t in Resolver(memory).resolve(index, uadd, "z.mant.add")
            if t.symbol
        ]
    finally:
        memory.close()
    assert found == [("big/nat.go", "nat.add")]


def test_a_new_method_sees_what_its_neighbour_calls_on_a_field_of_a_named_slice_type(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, BIG, "big/float.go", "func (z *Float) uadd(x, y *Float) {", 384)
    assert _line_of(NAT_GO, "func (z nat) shl(") in ctx.included_lines("big/nat.go"), ctx.ledger()


# crypto/tls' common.go: `ticketKeyFromBytes(b [32]byte) (key ticketKey)` fills the result it names.
TICKET_GO = (
    "package tls\n\ntype Config struct {\n\tname string\n}\n\n"
    "type ticketKey struct {\n\tkeyName [16]byte\n\taesKey [16]byte\n\thmacKey [16]byte\n}\n\n"
    + "".join(f"const limit{i} = {i} // the {i}th limit\n" for i in range(40))
    + "".join(
        f"func helper{i}(n int) int {{\n\treturn n * "
        + " * ".join(f"limit{(i + k) % 40}" for k in range(2))
        + "\n}\n\n"
        for i in range(60)
    )
    + "func (c *Config) ticketKeyFromBytes(b [32]byte) (key ticketKey) {\n\treturn key\n}\n"
)


def test_a_function_naming_its_result_sees_the_fields_it_fills(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"go.mod": GO_MOD, "tls/common.go": TICKET_GO},
        "tls/common.go",
        "func (c *Config) ticketKeyFromBytes(b [32]byte) (key ticketKey) {",
        320,
    )
    shown = ctx.included_lines("tls/common.go")
    for field in ("\tkeyName ", "\taesKey ", "\thmacKey "):
        assert _line_of(TICKET_GO, field) in shown, (field, ctx.ledger())


# net/http's server.go: `(c *conn) close()` works on its receiver's fields, which no function around it reads.
CONN_GO = (
    "package http\n\ntype conn struct {\n\tserver int // the server it belongs to\n\tstate int // its state\n"
    "\tclosed bool // whether it is closed\n}\n\n"
    + "".join(f"var limit{i} = {i} // the {i}th limit\n" for i in range(40))
    + "\n"
    + "".join(
        f"func helper{i}(n int) int {{\n\treturn n * limit{i % 40} * limit{(i + 9) % 40}\n}}\n\n"
        for i in range(30)
    )
    + "func (c *conn) close() {\n\tc.closed = true\n}\n\n"
    + "".join(
        f"func other{i}(n int) int {{\n\treturn n * limit{i % 40} * limit{(i + 17) % 40}\n}}\n\n"
        for i in range(30)
    )
)


def test_a_method_sees_the_fields_of_its_receiver_as_a_class_method_does(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"go.mod": GO_MOD, "http/server.go": CONN_GO},
        "http/server.go",
        "func (c *conn) close() {",
        320,
    )
    shown = ctx.included_lines("http/server.go")
    for field in ("\tserver int", "\tstate int", "\tclosed bool"):
        assert _line_of(CONN_GO, field) in shown, (field, ctx.ledger())
