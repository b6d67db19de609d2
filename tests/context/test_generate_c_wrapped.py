"""Generate mode reads a body's name as the clipped name of what it wraps: `fuzzy_translit` hands its
argument to `transliterate`, `fuzzy_leven` to `levenshtein`, far from it in the file (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body


def _steps(prefix: str, count: int) -> str:
    # The file's public functions: arithmetic whose names say nothing of the body's.
    return "".join(f"int {prefix}{i}(int x) {{\n    return (x - 1) * {i};\n}}\n\n" for i in range(count))


FUZZY_C = (
    "unsigned char *transliterate(const unsigned char *z, int n) {\n    return 0;\n}\n\n"
    "unsigned levenshtein(const char *a, const char *b) {\n    return 0;\n}\n\n"
    + _steps("phonetic_step", 60)
    + "static void fuzzy_translit(const unsigned char *z, int n) {\n    return;\n}\n\n"
    + _steps("phonetic_more", 60)
)
WRAPPED = [
    "unsigned char *transliterate(const unsigned char *z, int n) {",
    "unsigned levenshtein(const char *a, const char *b) {",
]


def test_the_function_a_clipped_word_of_the_bodys_name_begins_is_predicted(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"fuzzy.c": FUZZY_C},
        "fuzzy.c",
        "static void fuzzy_translit(const unsigned char *z, int n) {",
        budget=1024,
    )
    assert missing_lines(ctx, "fuzzy.c", FUZZY_C, WRAPPED) == [WRAPPED[1]], ctx.ledger()


JOINED_C = (
    "unsigned damerau_levenshtein(const char *a, const char *b) {\n    return 0;\n}\n\n"
    "double jaro_winkler(const char *a, const char *b) {\n    return 0;\n}\n\n"
    "int edit_distance(const char *a, const char *b, int *n) {\n    return 0;\n}\n\n"
    + _steps("phonetic_step", 60)
    + "static void fuzzy_damlev(const char *a, const char *b) {\n    return;\n}\n\n"
    + _steps("phonetic_more", 60)
)
JOINED = [
    "unsigned damerau_levenshtein(const char *a, const char *b) {",
    "double jaro_winkler(const char *a, const char *b) {",
    "int edit_distance(const char *a, const char *b, int *n) {",
]


def test_the_function_whose_words_heads_the_bodys_name_joins_is_predicted(tmp_path: Path) -> None:
    # `damlev` joins the heads of `damerau` and `levenshtein`: the SQL function wraps that one, not the others.
    ctx = pack_hidden_body(
        tmp_path,
        {"fuzzy.c": JOINED_C},
        "fuzzy.c",
        "static void fuzzy_damlev(const char *a, const char *b) {",
        budget=1024,
    )
    assert missing_lines(ctx, "fuzzy.c", JOINED_C, JOINED) == JOINED[1:], ctx.ledger()
