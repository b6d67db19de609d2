"""Generate mode in C predicts a function's prototype, not also the macro renaming it: an extension's header
renames each API function for loadable builds (`#define sqlite3_value_int sqlite3_api->value_int`), and the
rename's line says nothing the prototype does not, while costing the budget a header per name (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

API = ("value_int", "value_text", "result_int", "result_text", "result_error")

# The library's header: the prototypes, among many others an extension does not use.
LIB_H = (
    "typedef struct lib_value lib_value;\n"
    "typedef struct lib_context lib_context;\n"
    + "".join(f"int lib_{name}(lib_context *ctx, lib_value *v);\n" for name in API)
    + "".join(f"int lib_other_{i}(lib_context *ctx, int op);\n" for i in range(30))
)

# The extensions' header: the same functions renamed to members of a table of pointers.
EXT_H = (
    '#include "lib.h"\n'
    "typedef struct lib_routines lib_routines;\n"
    + "".join(f"#define lib_{name} lib_api->{name}\n" for name in API)
    + "".join(f"#define lib_other_{i} lib_api->other_{i}\n" for i in range(30))
)


def _functions(count: int) -> str:
    # The extension's functions: each reads a value and sets the result through the API.
    return "".join(
        f"static void fn_{i}(lib_context *ctx, int argc, lib_value **argv) {{\n"
        f"    int n = lib_value_int(ctx, argv[0]);\n"
        f"    if (n < {i}) {{ lib_result_error(ctx, argv[0]); return; }}\n"
        f"    lib_result_int(ctx, argv[n]);\n"
        f"    lib_result_text(ctx, argv[lib_value_text(ctx, argv[1])]);\n}}\n\n"
        for i in range(count)
    )


EXT_C = (
    '#include "ext.h"\n\n'
    + _functions(6)
    + "static void fn_new(lib_context *ctx, int argc, lib_value **argv) {\n    return;\n}\n\n"
    + _functions(3)
)


def test_a_renamed_function_is_predicted_by_its_prototype_alone(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"lib.h": LIB_H, "ext.h": EXT_H, "ext.c": EXT_C},
        "ext.c",
        "static void fn_new(lib_context *ctx, int argc, lib_value **argv) {",
        budget=2048,
    )
    prototypes = [f"int lib_{name}(lib_context *ctx, lib_value *v);" for name in API]
    renames = [f"#define lib_{name} lib_api->{name}" for name in API]
    assert not missing_lines(ctx, "lib.h", LIB_H, prototypes), ctx.ledger()
    assert missing_lines(ctx, "ext.h", EXT_H, renames) == renames, ctx.ledger()
