"""C: an `#if`/`#else` whose branches each open the same loop (one body, one `}` after `#endif`) is read as
the compiler reads it, with its first branch: the function ends at its own `}` and the next function is a
top-level symbol with its own span (sqlite3.c's `winRead` swallowed `winWrite` and 20,000 lines)."""

from __future__ import annotations

from archmem.indexer.languages.c_branches import first_branches_only

from tests.support.memory import index_text, sym

WHILE_IN_BOTH_BRANCHES = (
    "static int readAll(int fd, char *buf) {\n"
    "  int n = 0;\n"
    "#if USE_SEEK\n"
    "  while( !readSeek(fd, buf) ){\n"
    "#else\n"
    "  while( !readAt(fd, buf, 0) ){\n"
    "#endif\n"
    "    n++;\n"
    "  }\n"
    "  return n;\n"
    "}\n"
    "static int writeAll(int fd, const char *buf) {\n"
    "  return write(fd, buf);\n"
    "}\n"
)


def test_the_next_function_is_top_level_with_its_own_span() -> None:
    index = index_text("io.c", WHILE_IN_BOTH_BRANCHES)
    read, write = sym(index, "readAll"), sym(index, "writeAll")
    module = index.symbols[0].id
    assert read.parent == write.parent == module
    assert (read.start[0], read.end[0]) == (0, 10)
    assert (write.start[0], write.end[0]) == (11, 13)
    assert [s.qualname for s in index.symbols if s.parent == module] == ["readAll", "writeAll"]


def test_only_the_later_branches_of_an_uneven_group_are_blanked() -> None:
    text = WHILE_IN_BOTH_BRANCHES.encode()
    repaired = first_branches_only(text)
    assert len(repaired) == len(text) and repaired.count(b"\n") == text.count(b"\n")
    assert b"readSeek" in repaired and b"readAt" not in repaired
    assert b"#else" in repaired and b"#endif" in repaired


def test_balanced_groups_and_macro_braces_are_left_alone() -> None:
    balanced = (
        b"#ifdef _WIN32\nstatic int sep(void) { return '\\\\'; }\n#else\nstatic int sep(void) { return '/'; }\n"
        b"#endif\n"
        b"#if A\n#define OPEN {\n#else\n#define OPEN { {\n#endif\n"
        b"#if B\n  /* { */ const char *s = \"{\";\n#else\n  int c = '{';\n#endif\n"
    )
    assert first_branches_only(balanced) == balanced


def test_a_nested_uneven_group_counts_as_its_first_branch() -> None:
    nested = (
        b"#if OUTER\n#if INNER\n  if( a ){\n#else\n  if( b ){\n#endif\n#else\n  {\n#endif\n  go();\n  }\n"
    )
    repaired = first_branches_only(nested)
    assert b"if( a ){" in repaired and b"if( b )" not in repaired
    assert repaired.count(b"{") == 1


SPLIT_CONDITION = (
    "int journalCreate(Journal *p) {\n"
    "  if( p->open && (\n"
    "#ifdef ATOMIC\n"
    "     p->nSpill>0\n"
    "#else\n"
    "     NEVER(p->nSpill>0)\n"
    "#endif\n"
    "  )){\n"
    "    return 1;\n"
    "  }\n"
    "  return 0;\n"
    "}\n"
    "static void deleteTable(Table *t) {\n"
    "  if( isTable(t) ){\n"
    "    dropKeys(t);\n"
    "  }\n"
    "#ifndef OMIT_VTAB\n"
    "  else if( isVirtual(t) ){\n"
    "    clearVtab(t);\n"
    "  }\n"
    "#endif\n"
    "  else{\n"
    "    dropView(t);\n"
    "  }\n"
    "}\n"
    "int isInMemory(Journal *p) {\n"
    "  return p->mem;\n"
    "}\n"
)


def test_a_group_inside_a_statement_is_read_as_its_first_branch() -> None:
    repaired = first_branches_only(SPLIT_CONDITION.encode())
    assert b"#ifdef" not in repaired and b"NEVER" not in repaired and b"#ifndef" not in repaired
    assert b"p->nSpill>0" in repaired and b"else if( isVirtual(t) )" in repaired
    index = index_text("journal.c", SPLIT_CONDITION)
    module = index.symbols[0].id
    assert [s.qualname for s in index.symbols if s.parent == module] == [
        "journalCreate",
        "deleteTable",
        "isInMemory",
    ]
    assert (sym(index, "deleteTable").start[0], sym(index, "deleteTable").end[0]) == (12, 24)
