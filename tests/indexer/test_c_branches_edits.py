"""C: an edit that makes a conditional group's branches uneven (or even again) changes which bytes the grammar
reads away from the edit (c_branches.py blanks the later branches); the incremental reparse is told of those
bytes too, so the tree and the memory equal a fresh parse's after any character typed or deleted."""

from __future__ import annotations

from archmem.indexer.document import Document
from archmem.indexer.languages import language_for

LOOP_IN_BOTH_BRANCHES = (
    b"int f(int x, int y) {\n"
    b"  int n = 0;\n"
    b"#if A\n"
    b"  while (x) {\n"
    b"#else\n"
    b"  while (y) {\n"
    b"#endif\n"
    b"    n++;\n"
    b"  }\n"
    b"  return n;\n"
    b"}\n"
    b"int g(void) { return 1; }\n"
)


def test_a_character_typed_or_deleted_anywhere_matches_a_fresh_parse() -> None:
    spec = language_for("t.c")
    assert spec is not None
    for pos in range(len(LOOP_IN_BOTH_BRANCHES)):
        for end, text in ((pos, "x"), (pos + 1, ""), (pos, "{"), (pos, "}")):
            doc = Document("t.c", spec, LOOP_IN_BOTH_BRANCHES)
            doc.replace(pos, end, text)
            fresh = Document("t.c", spec, doc.text)
            assert str(doc.tree.root_node) == str(fresh.tree.root_node), (pos, text)
            assert doc.index.snapshot_key() == fresh.index.snapshot_key(), (pos, text)
