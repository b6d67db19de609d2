"""Generate mode in C offers the functions of an included API that the file's functions taking a parameter of the
body's parameter type call (`sqlite3_result_text` for a `sqlite3_context *`), though none of the functions around
the body or shaped like it calls them, as an amalgamation's SQL functions spread over its parts do (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

API = [f"api_call{i}" for i in range(40)]
CALLED = ["api_call7", "api_call23", "api_call31"]

API_H = "typedef struct api_context api_context;\ntypedef struct api_value api_value;\n\n" + "".join(
    f"void {name}(api_context *ctx, int v);\n" for name in API
)


def _callers() -> str:
    # Twelve functions of the type each call two of the three, whatever they name their parameter; the six whose
    # headers are likest the body's call one other function of the API each.
    names = ["pCtx", "c", "context", "p", "x", "ctx2"] * 2
    return "".join(
        f"static void call{i}(api_context *{name}, int k) {{\n"
        f"    {CALLED[i % 3]}({name}, k);\n    {CALLED[(i + 1) % 3]}({name}, k + 1);\n}}\n\n"
        for i, name in enumerate(names)
    ) + "".join(
        f"static void fn_by{i}(api_context *ctx, int argc, api_value **argv) {{\n    api_call{i}(ctx, argc);\n}}\n\n"
        for i in range(6)
    )


def _filler(count: int) -> str:
    return "".join(
        f"static int fill{i}(int a, int b) {{\n    int c = a * {i} + b;\n    return c - fill{i + 1}(a, b);\n}}\n\n"
        for i in range(count)
    )


# Another file of the program includes the API too: it is no header of the body's file alone (`own_headers.py`).
OTHER_C = (
    '#include "api.h"\n\nint other_entry(int k) {\n'
    + "".join(f"    {name}(0, k);\n" for name in API)
    + "    return k;\n}\n"
)

EXT_C = (
    '#include "api.h"\n\n'
    + _callers()
    + _filler(60)
    + "static void fn_all(api_context *ctx, int argc, api_value **argv) {\n    return;\n}\n\n"
    + _filler(12).replace("fill", "tail")
)


def test_the_api_the_files_functions_of_the_type_call_is_predicted(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"api.h": API_H, "ext.c": EXT_C, "other.c": OTHER_C},
        "ext.c",
        "static void fn_all(api_context *ctx, int argc, api_value **argv) {",
        700,
    )
    wanted = [f"void {name}(api_context *ctx, int v);" for name in CALLED]
    assert not missing_lines(ctx, "api.h", API_H, wanted), ctx.ledger()
