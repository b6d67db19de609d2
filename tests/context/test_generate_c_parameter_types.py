"""Generate mode in C offers the fields the file's functions taking a parameter of the body's parameter type read
through it, whatever they name it (`Expr *pE`, `Expr *p`), far from the body: not the struct's other fields, which
none of them reads (issue 15)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.parameter_types import _habit, parameters
from archmem.indexer.languages.c import CSpec
from archmem.indexer.workspace import Memory

from tests.support.generate import missing_lines, pack_hidden_body

FIELDS = [f"field{i}" for i in range(40)]
READ = ["field7", "field23", "field31"]
C_DECLARATION = CSpec.parameter_declaration or ""


def _readers() -> str:
    # Twelve functions of the type each read two of the three fields through their own name for the parameter;
    # the six whose headers are likest the body's (`weigh_*`, the same parameters) read one field each, another.
    names = ["pE", "p", "pExpr", "pX", "e", "pA"] * 2
    return "".join(
        f"static int read{i}(Expr *{name}, int k) {{\n"
        f"    return {name}->{READ[i % 3]} + {name}->{READ[(i + 1) % 3]} * k;\n}}\n\n"
        for i, name in enumerate(names)
    ) + "".join(
        f"static int weigh_by{i}(Expr *pW, int n, int weight) {{\n    return pW->field{i} * weight + n;\n}}\n\n"
        for i in range(6)
    )


def _filler(count: int) -> str:
    return "".join(
        f"static int fill{i}(int a, int b) {{\n    int c = a * {i} + b;\n    return c - fill{i + 1}(a, b);\n}}\n\n"
        for i in range(count)
    )


EXPR_C = (
    "typedef struct Expr {\n"
    + "".join(f"    int {f};\n" for f in FIELDS)
    + "} Expr;\n\n"
    + _readers()
    + _filler(60)
    + "static int weigh_all(Expr *pW, int n, int weight) {\n    return n;\n}\n\n"
    + _filler(12).replace("fill", "tail")
)


def test_the_fields_the_files_functions_of_the_type_read_are_predicted(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path, {"expr.c": EXPR_C}, "expr.c", "static int weigh_all(Expr *pW, int n, int weight) {", 700
    )
    assert not missing_lines(ctx, "expr.c", EXPR_C, [f"    int {f};" for f in READ]), ctx.ledger()


def test_a_headers_parameters_are_read_with_their_types() -> None:
    assert parameters("static int f(const struct Expr *pE, int n, void (*x)(int))") == [
        ("Expr", "pE"),
        ("int", "n"),
    ]
    assert parameters("extern void *\nPRIV(memctl_malloc)(size_t size, pcre2_memctl *memctl)") == [
        ("size_t", "size"),
        ("pcre2_memctl", "memctl"),
    ]
    assert parameters("static int g(void)") == []


def test_what_a_function_of_the_type_reads_is_read_again_after_an_edit_of_its_body(tmp_path: Path) -> None:
    # The fields each function reads are kept between packings: an edit of one body must be seen in the counts.
    (tmp_path / "expr.c").write_text(EXPR_C)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        before = memory.file("expr.c")
        assert before is not None
        assert _habit(before, "Expr", C_DECLARATION)[1]["field7"] == 8
        edited = EXPR_C.replace("return p->field23 + p->field31 * k;", "return p->field2 * k;")
        assert edited != EXPR_C
        memory.set_document(str(tmp_path / "expr.c"), edited)
        after = memory.file("expr.c")
        assert after is not None and after is not before
        n, fields = _habit(after, "Expr", C_DECLARATION)
        assert (n, fields["field7"], fields["field23"], fields["field31"], fields["field2"]) == (
            19,
            8,
            6,
            6,
            3,
        )
    finally:
        memory.close()
