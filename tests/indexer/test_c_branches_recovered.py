"""C: what the grammar's error recovery makes of a function head a macro cut (`PCRE2_EXP_DEFN pcre2_code *
PCRE2_CALL_CONVENTION` then `pcre2_code_copy(...)`) is no file-level variable named after the macro: the
header's `#define pcre2_code` stays the definition (sqlean-regexp.c's `PCRE2_SIZE`, `PCRE2_SPTR`, `pcre2_code`
were shadowed once its `#if` groups inside statements were read as their first branch), while a variable
whose value is being typed, broken, stays a variable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, index_text, indexed

HEADER = (
    "#define PCRE2_SIZE size_t\n"
    "#define PCRE2_SPTR const unsigned char *\n"
    "#define pcre2_code pcre2_code_8\n"
    "#define PCRE2_EXP_DEFN\n"
    "#define PCRE2_CALL_CONVENTION\n"
)
SOURCE = (
    '#include "pcre2.h"\n'
    "static const char alasnames[] =\n"
    "  STRING_pla0\n"
    "  STRING_nla0;\n"
    "PCRE2_EXP_DEFN pcre2_code * PCRE2_CALL_CONVENTION\n"
    "pcre2_code_copy(const pcre2_code *code)\n"
    "{\n"
    "  return copy(code);\n"
    "}\n"
    "PCRE2_EXP_DEFN PCRE2_SIZE PCRE2_CALL_CONVENTION\n"
    "pcre2_length(PCRE2_SPTR s)\n"
    "{\n"
    "  return strlen(s);\n"
    "}\n"
    "static int valid(PCRE2_SPTR string, PCRE2_SIZE length)\n"
    "{\n"
    "  return length > 0;\n"
    "}\n"
)


def test_a_macro_cut_head_defines_the_function_not_the_macros_name() -> None:
    index = index_text("re.c", SOURCE)
    names = [s.qualname for s in index.symbols[1:]]
    assert "pcre2_code" not in names and "PCRE2_SIZE" not in names
    assert {"alasnames", "pcre2_code_copy", "valid"} <= set(names)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    folder: Path = tmp_path_factory.mktemp("recovered")
    yield from indexed(folder, {"pcre2.h": HEADER, "re.c": SOURCE})


def test_the_headers_macros_are_the_definitions(memory: Memory) -> None:
    assert definitions(memory, "re.c", "pcre2_code *code") == [("pcre2.h", "pcre2_code")]
    assert definitions(memory, "re.c", "PCRE2_SIZE length") == [("pcre2.h", "PCRE2_SIZE")]


def test_a_variable_whose_value_is_broken_stays_a_variable() -> None:
    index = index_text("t.c", 'const char *TABLE[] = {\n  "a\n  "b",\n};\nint after(void) { return 0; }\n')
    assert [s.qualname for s in index.symbols[1:]] == ["TABLE", "after"]
