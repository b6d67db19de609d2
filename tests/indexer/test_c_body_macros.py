"""C: a `#define` inside a function body defines the macro for the rest of the file (the preprocessor knows no
scopes), so a later function's use of it leads to it; a function called above its body is declared by the
included prototype the caller sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

BODY_DEFINES_C = (
    "static int first(int x) {\n"
    "#define SQUARE(v) ((v) * (v))\n"
    "#define LIMIT 10\n"
    "  int local = 2;\n"
    "  return SQUARE(x) + local;\n"
    "}\n"
    "int second(int y) {\n"
    "  return SQUARE(y) > LIMIT;\n"
    "}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("c_body_macros"), {"a.c": BODY_DEFINES_C})


def test_a_define_in_a_body_is_a_macro_of_the_file(memory: Memory) -> None:
    assert definitions(memory, "a.c", "SQUARE(y)", 0) == [("a.c", "SQUARE")]
    assert definitions(memory, "a.c", "LIMIT;", 0) == [("a.c", "LIMIT")]


def test_the_functions_locals_stay_locals(memory: Memory) -> None:
    index = memory.file("a.c")
    assert index is not None
    assert [s.qualname for s in index.symbols[1:]] == ["first", "SQUARE", "LIMIT", "second"]


PROTOTYPE_FIRST = {
    "regexp.h": "char* regexp_get_error(const char* pattern);\n",
    "regexp.c": (
        '#include "regexp.h"\n'
        "static void fn_substr(const char* pattern) {\n"
        "    char* msg = regexp_get_error(pattern);\n"
        "}\n"
        "char* regexp_get_error(const char* pattern) {\n"
        "    return 0;\n"
        "}\n"
    ),
}


@pytest.fixture(scope="module")
def prototype_first(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("c_prototype_first"), PROTOTYPE_FIRST)


def test_a_function_called_above_its_body_leads_to_the_included_prototype_too(
    prototype_first: Memory,
) -> None:
    # What the caller sees is the header's declaration (clangd answers it); the body below stays an answer.
    assert sorted(definitions(prototype_first, "regexp.c", "regexp_get_error(pattern)", 0)) == [
        ("regexp.c", "regexp_get_error"),
        ("regexp.h", "regexp_get_error"),
    ]
