"""Generate mode in C reads the file's own headers as the file's own text: the macros a header no other file uses
defines for it (`fuzzy/common.h`'s `CCLASS_*`, used by its tables) are predicted as its top-level names are,
and a header's macro standing for the body's own name (PCRE2's `#define pcre2_config
PCRE2_SUFFIX(pcre2_config_)`) is what that name means (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

# The extension's own header: codes its tables and functions use, a few of them once.
COMMON_H = (
    "#ifndef COMMON_H\n#define COMMON_H\n"
    "#define CCLASS_VOWEL 1\n#define CCLASS_B 2\n#define CCLASS_C 3\n#define CCLASS_SPACE 11\n#endif\n"
)
# A header every extension of the program includes: the API, of which each file uses a little.
API_H = "".join(f"#define API_CODE_{i} {i}\n" for i in range(30)) + "int api_call(int x);\n"
OTHER_C = (
    '#include "api.h"\n\nint other_init(int x) {\n    return api_call(x) + API_CODE_1 + API_CODE_2;\n}\n'
)


def _steps(count: int) -> str:
    # The file's public functions: arithmetic that names no code of either header.
    return "".join(f"int fuzzy_step{i}(int x) {{\n    return (x - 1) * {i};\n}}\n\n" for i in range(count))


FUZZY_C = (
    '#include "common.h"\n#include "api.h"\n\n'
    "static const char classes[] = {CCLASS_VOWEL, CCLASS_B, CCLASS_C, CCLASS_SPACE, API_CODE_1, API_CODE_2};\n\n"
    + _steps(40)
    + "static int char_class(int c) {\n    return 0;\n}\n\n"
    + _steps(40).replace("fuzzy_step", "fuzzy_more")
)


def test_the_macros_of_a_header_only_the_file_uses_are_predicted(tmp_path: Path) -> None:
    files = {"common.h": COMMON_H, "api.h": API_H, "other.c": OTHER_C, "fuzzy.c": FUZZY_C}
    ctx = pack_hidden_body(tmp_path, files, "fuzzy.c", "static int char_class(int c) {", budget=1024)
    codes = ["#define CCLASS_VOWEL 1", "#define CCLASS_B 2", "#define CCLASS_C 3", "#define CCLASS_SPACE 11"]
    assert not missing_lines(ctx, "common.h", COMMON_H, codes), ctx.ledger()
    # The shared header's codes are the program's API, not this file's: its uses do not make them its own.
    assert not ctx.included_lines("api.h"), ctx.ledger()


PCRE_H = (
    "#define PCRE_SUFFIX(a) a\n"
    + "".join(f"#define pcre_api{i} PCRE_SUFFIX(pcre_api{i}_)\n" for i in range(20))
    + "#define pcre_config PCRE_SUFFIX(pcre_config_)\n"
    + "int pcre_config(int what, void *where);\n"
)
PCRE_C = (
    '#include "pcre.h"\n\n'
    + _steps(30).replace("fuzzy_step", "pcre_step")
    + "int pcre_config(int what, void *where) {\n    return 0;\n}\n\n"
    + _steps(30).replace("fuzzy_step", "pcre_more")
)


def test_a_headers_macro_standing_for_the_bodys_name_is_predicted(tmp_path: Path) -> None:
    files = {"pcre.h": PCRE_H, "pcre.c": PCRE_C}
    ctx = pack_hidden_body(tmp_path, files, "pcre.c", "int pcre_config(int what, void *where) {", budget=1024)
    assert not missing_lines(ctx, "pcre.h", PCRE_H, ["#define pcre_config PCRE_SUFFIX(pcre_config_)"]), (
        ctx.ledger()
    )
    # The other functions' macros are not the body's name.
    other = "#define pcre_api3 PCRE_SUFFIX(pcre_api3_)"
    assert missing_lines(ctx, "pcre.h", PCRE_H, [other]) == [other], ctx.ledger()
