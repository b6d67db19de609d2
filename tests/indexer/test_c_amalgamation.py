"""C beside an amalgamation, as the SQLite sources ship: a header whose prototypes the grammar reads only as
an error (`extern "C" {` opened inside `#ifdef __cplusplus`, a macro before every prototype) still declares
them, and an extension's names lead to what its includes declare (a macro of one header, the prototype of
the next) and to the body, not to the amalgamation's copies of the headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, index_text, indexed

# As sqlite3.h opens and closes its `extern "C"` block (here without the include guard around it, which the
# grammar reads whole; with it, `GUARDED_H`): the grammar reads it as an error.
_PROTOTYPES = (
    "SQLITE_API const unsigned char *sqlite3_value_text(sqlite3_value*);\n"
    "SQLITE_API void *sqlite3_malloc(int);\n"
    "SQLITE_API void sqlite3_free(void*);\n"
    "SQLITE_API sqlite3_int64 sqlite3_value_int64(sqlite3_value*);\n"
)
SQLITE3_H = (
    "#ifdef __cplusplus\n"
    'extern "C" {\n'
    "#endif\n"
    "#ifndef SQLITE_API\n"
    "# define SQLITE_API\n"
    "#endif\n"
    "typedef struct sqlite3_value sqlite3_value;\n"
    "#define SQLITE_INNOCUOUS 0x000200000\n" + _PROTOTYPES + "#ifdef __cplusplus\n"
    "}  /* End of the 'extern \"C\"' block */\n"
    "#endif\n"
)
GUARDED_H = "#ifndef SQLITE3_H\n#define SQLITE3_H\n" + SQLITE3_H + "#endif\n"
SQLITE3EXT_H = (
    '#include "sqlite3.h"\n'
    "struct sqlite3_api_routines {\n"
    "  const unsigned char * (*value_text)(sqlite3_value*);\n"
    "};\n"
    "#define sqlite3_value_text sqlite3_api->value_text\n"
)
# The amalgamation: the headers' text copied in, then the bodies.
SQLITE3_C = (
    "typedef struct sqlite3_value sqlite3_value;\n"
    "#define SQLITE_INNOCUOUS 0x000200000\n"
    "const unsigned char *sqlite3_value_text(sqlite3_value*);\n"
    "void sqlite3_free(void*);\n"
    "#define sqlite3_value_text sqlite3_api->value_text\n"
    "const unsigned char *sqlite3_value_text(sqlite3_value *pVal) {\n"
    "  return 0;\n"
    "}\n"
    "void sqlite3_free(void *p) {\n"
    "}\n"
    # Extensions appended to the amalgamation, whose header includes sqlite3ext.h (and so sqlite3.h): the
    # amalgamation does not implement sqlite3.h by including it itself.
    '#include "init.h"\n'
)
INIT_H = '#include "sqlite3ext.h"\nint core_init(const char *name);\n'
EXT_C = (
    '#include "sqlite3ext.h"\n'
    "\n"
    "static int flags(sqlite3_value *v) {\n"
    "  sqlite3_free(0);\n"
    "  return sqlite3_value_text(v)[0] | SQLITE_INNOCUOUS;\n"
    "}\n"
)


@pytest.mark.parametrize("header", [SQLITE3_H, GUARDED_H], ids=["error", "linkage-block"])
def test_prototypes_in_an_extern_c_block_are_declarations(header: str) -> None:
    index = index_text("sqlite3.h", header)
    for name in ("sqlite3_value_text", "sqlite3_malloc", "sqlite3_free", "sqlite3_value_int64"):
        assert [s.kind.name for s in index.by_qualname.get(name, [])] == ["FUNCTION"], name


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {
        "sqlite3.h": SQLITE3_H,
        "sqlite3ext.h": SQLITE3EXT_H,
        "sqlite3.c": SQLITE3_C,
        "init.h": INIT_H,
        "ext.c": EXT_C,
    }
    yield from indexed(Path(tmp_path_factory.mktemp("amalgamation")), files)


def test_an_extension_reaches_what_its_includes_declare_and_the_body(memory: Memory) -> None:
    found = definitions(memory, "ext.c", "sqlite3_value_text(v)", 0)
    # The macro of the included header, the prototype of the header it includes, the body; none of the
    # amalgamation's copies of the declarations.
    assert sorted(found) == [
        ("sqlite3.c", "sqlite3_value_text"),
        ("sqlite3.h", "sqlite3_value_text"),
        ("sqlite3ext.h", "sqlite3_value_text"),
    ]
    index = memory.file("sqlite3.c")
    assert index is not None
    bodies = [s for s in index.by_qualname["sqlite3_value_text"] if s.body_end_byte > s.body_start_byte]
    assert len(bodies) == 1 and bodies[0].start[0] == 5
    assert sorted(definitions(memory, "ext.c", "sqlite3_free(0)", 0)) == [
        ("sqlite3.c", "sqlite3_free"),
        ("sqlite3.h", "sqlite3_free"),
    ]
    assert definitions(memory, "ext.c", "SQLITE_INNOCUOUS", 0) == [("sqlite3.h", "SQLITE_INNOCUOUS")]


# A source file the grammar reads as an error around its top level (shell.c's shape): its statics are still
# variables, a function's locals are not.
SHELL_C = (
    "#ifdef __cplusplus\n"
    'extern "C" {\n'
    "#endif\n"
    "static sqlite3_pcache_methods2 pcacheBase;\n"
    "static FILE *pcachetraceOut;\n"
    "int plain = 0;\n"
    "static void pcachetraceShutdown(void *pArg){\n"
    "  int nLocal = 0;\n"
    "  if( pcachetraceOut ){ nLocal++; }\n"
    "  pcacheBase.xShutdown(pArg);\n"
    "}\n"
    "#ifdef __cplusplus\n"
    "}\n"
    "#endif\n"
)


@pytest.mark.parametrize(
    ("text", "variables"),
    [
        # Read as an error (prototypes after the block): the statics; never a local, nor `plain`, which
        # looks no different from a local there.
        (SHELL_C + _PROTOTYPES, ["pcacheBase", "pcachetraceOut"]),
        # Read as the `extern "C"` block it is: every top-level variable.
        (SHELL_C, ["pcacheBase", "pcachetraceOut", "plain"]),
    ],
    ids=["error", "linkage-block"],
)
def test_top_level_variables_of_a_file_the_grammar_misreads(text: str, variables: list[str]) -> None:
    index = index_text("shell.c", text)
    assert sorted(s.name for s in index.symbols if s.kind.name == "VARIABLE") == variables
    assert "pcachetraceShutdown" in [s.name for s in index.symbols if s.kind.name == "FUNCTION"]


# sqlean-unicode.c's shape: a header the grammar reads as an error, then a two-dimensional table, a table
# after a macro (`SQLITE_PRIVATE const`) and definitions the error node breaks up.
UNICODE_C = (
    SQLITE3_H
    + "static unsigned char unicode_fold_positions[FOLD_BLOCKS][FOLD_SIZE + 1] = {{0}};\n"
    + 'SQLITE_PRIVATE const char sqlite3StrBINARY[] = "BINARY";\n'
    + "static void likeFunc(sqlite3_context* context, int argc, sqlite3_value** argv) {\n"
    + "    int escape = 0;\n"
    + "}\n"
    + "static void* contextMalloc(sqlite3_context* context, i64 nByte) {\n"
    + "    char* z = 0;\n"
    + "    return z;\n"
    + "}\n"
)


def test_tables_and_broken_up_definitions_of_a_file_read_as_an_error() -> None:
    index = index_text("unicode.c", UNICODE_C)
    kinds = {s.name: s.kind.name for s in index.symbols}
    assert kinds["unicode_fold_positions"] == "VARIABLE"
    assert kinds["sqlite3StrBINARY"] == "VARIABLE"
    assert kinds["likeFunc"] == "FUNCTION"
    assert kinds["contextMalloc"] == "FUNCTION"
    assert "escape" not in kinds and "z" not in kinds
