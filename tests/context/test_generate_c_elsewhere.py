"""Generate mode in C reads the program's other files: a body is written like the functions of its shape there
(an extension's `text_init(sqlite3 *db)` registers its functions as every other extension's `init` does, with
`sqlite3_create_function` and `SQLITE_UTF8`), and of what the functions around it use, offers only what its own
file can see (another file's macro or static is none of its names) (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body

# sqlean's shape: one header of the SQLite API, many names of which an extension uses a few.
SQLITE_H = (
    "typedef struct sqlite3 sqlite3;\n"
    "typedef struct sqlite3_value sqlite3_value;\n"
    "typedef struct sqlite3_context sqlite3_context;\n"
    "#define SQLITE_OK 0\n"
    "#define SQLITE_UTF8 1\n"
    "#define SQLITE_DETERMINISTIC 0x000000800\n"
    + "".join(f"#define SQLITE_LIMIT_{i} {i}\n" for i in range(40))
    + "int sqlite3_create_function(sqlite3 *db, const char *zFunctionName, int nArg, int eTextRep,\n"
    "    void *pApp, void (*xFunc)(sqlite3_context*, int, sqlite3_value**), void *xStep, void *xFinal);\n"
    + "".join(f"int sqlite3_api_{i}(sqlite3 *db, int op);\n" for i in range(40))
)

# Another extension of the program: its `init` registers its functions.
CRYPTO_C = (
    '#include "sqlite3.h"\n\n'
    "static void crypto_md5(sqlite3_context *ctx, int argc, sqlite3_value **argv) {}\n\n"
    "int crypto_init(sqlite3 *db) {\n"
    "    static const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;\n"
    '    sqlite3_create_function(db, "md5", 1, flags, 0, crypto_md5, 0, 0);\n'
    "    return SQLITE_OK;\n}\n"
)


def _text_functions(count: int) -> str:
    # The extension's own functions: string work that says nothing of how SQLite registers them.
    return "".join(
        f"static int text_step{i}(const char *s, int n) {{\n"
        f"    int a = text_step{i + 1}(s, n - 1);\n    return a + s[n] + {i};\n}}\n\n"
        for i in range(count)
    )


TEXT_C = '#include "sqlite3.h"\n\n' + _text_functions(60) + "int text_init(sqlite3 *db) {\n    return 0;\n}\n"


def test_a_function_shaped_like_the_body_in_another_file_says_what_it_calls(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"sqlite3.h": SQLITE_H, "crypto.c": CRYPTO_C, "text.c": TEXT_C},
        "text.c",
        "int text_init(sqlite3 *db) {",
        budget=1024,
    )
    header = SQLITE_H.splitlines()
    shown = ctx.included_lines("sqlite3.h")
    for name in ("sqlite3_create_function(", "SQLITE_UTF8 ", "SQLITE_DETERMINISTIC "):
        line = next(n for n, text in enumerate(header, 1) if name in text)
        assert line in shown, (name, ctx.ledger())
    # What the other file's function uses of its own file is none of this one's names.
    assert not ctx.included_lines("crypto.c"), ctx.ledger()


# Two extensions beside each other, neither including the other: each `#define`s its own SCALE.
RANK_C = "#define SCALE 3\n\nstatic int rank_of(int x) {\n    return x * SCALE;\n}\n"


def _stat_functions(count: int) -> str:
    # Each uses SCALE, which the build defines for this file (`-DSCALE=2`): no line of the program does.
    return "".join(
        f"static int stat_step{i}(int x) {{\n    return stat_step{i + 1}(x) * SCALE + {i};\n}}\n\n"
        for i in range(count)
    )


STAT_C = _stat_functions(8) + "static int stat_mean(int x) {\n    return x;\n}\n\n" + _stat_functions(4)


def test_another_files_macro_is_not_predicted(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"rank.c": RANK_C, "stat.c": STAT_C},
        "stat.c",
        "static int stat_mean(int x) {",
        budget=1024,
    )
    assert not ctx.included_lines("rank.c"), ctx.ledger()
