"""Generate mode in Go: a package-private helper beside the body that nothing in its package calls is waiting for
the body (`waiting.py`): go/types's `rawExpr` calls `check.exprInternal`, defined just below it and
called nowhere else; a helper another file of the package calls is no such sign."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

RAW = "func (check *Checker) rawExpr(x *operand, e Expr) int {"
CORE = "func (check *Checker) exprInternal(x *operand, e Expr) int {"
WALK = "func walkOperands(x *operand, depth int) int {"
SHARED = "func (check *Checker) sharedHelper(x *operand) int {"
EXPR_GO = (
    "package types\n\n"
    "type Expr interface{ Pos() int }\n\n"
    "type operand struct {\n\tmode int\n}\n\n"
    "type Checker struct {\n\tdepth int\n}\n\n"
    + go_filler_functions(0, 40)
    + f"{SHARED}\n\treturn x.mode + 1\n}}\n\n"
    + f"{RAW}\n\treturn check.exprInternal(x, e) + walkOperands(x, 0)\n}}\n\n"
    + f"{CORE}\n\treturn x.mode\n}}\n\n"
    # Recursive: its own call of itself is no caller.
    + f"{WALK}\n\tif depth > 3 {{\n\t\treturn 0\n\t}}\n\treturn walkOperands(x, depth+1)\n}}\n\n"
    # Continuing the first fillers' chain (`fill38` calls `fill40`): none of them waits.
    + go_filler_functions(40, 40)
)
# Another file of the package calls `sharedHelper`: it waits for nobody.
CALL_GO = "package types\n\nfunc (check *Checker) call(x *operand) int {\n\treturn check.sharedHelper(x)\n}\n"


def _line(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def test_a_helper_beside_the_body_nothing_calls_is_offered(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "types/expr.go": EXPR_GO, "types/call.go": CALL_GO}
    ctx = pack_hidden_body(tmp_path, files, "types/expr.go", RAW, 300)
    shown = ctx.included_lines("types/expr.go")
    assert _line(EXPR_GO, WALK) in shown, ctx.ledger()
    assert _line(EXPR_GO, CORE) in shown, ctx.ledger()


def test_a_helper_another_file_calls_is_not_waiting(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "types/expr.go": EXPR_GO, "types/call.go": CALL_GO}
    ctx = pack_hidden_body(tmp_path, files, "types/expr.go", RAW, 300)
    assert _line(EXPR_GO, SHARED) not in ctx.included_lines("types/expr.go"), ctx.ledger()


def test_a_file_of_many_uncalled_helpers_offers_none(tmp_path: Path) -> None:
    """Three uncalled helpers beside the body: unused code (half written, generated), no sign of the body's calls."""
    third = "func (check *Checker) unusedYet(x *operand) int {"
    text = EXPR_GO.replace(f"{WALK}\n", f"{third}\n\treturn 0\n}}\n\n{WALK}\n")
    files = {"go.mod": GO_MOD, "types/expr.go": text, "types/call.go": CALL_GO}
    ctx = pack_hidden_body(tmp_path, files, "types/expr.go", RAW, 300)
    assert _line(text, WALK) not in ctx.included_lines("types/expr.go"), ctx.ledger()
