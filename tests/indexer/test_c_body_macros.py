"""C: a `#define` inside a function body defines the macro for the rest of the file (the preprocessor knows no
scopes), so a later function's use of it leads to it; the function's own locals stay locals."""

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
