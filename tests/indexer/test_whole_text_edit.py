"""A whole-text change (a full sync, a reload, a bench setting a changed buffer) is applied as one edit of
the span that changed: the memory and the tree after it equal a fresh parse's, on valid and on broken code,
and the statements away from the change keep their chunks (the same objects)."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.document import Document, _error_beside
from archmem.indexer.languages import language_for
from archmem.indexer.textdiff import changed_span
from archmem.indexer.workspace import Memory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.documents import same_as_fresh, set_changed_texts
from tests.support.memory import write_tree

FIXTURES = Path(__file__).parent.parent / "fixtures" / "langs"
SAMPLES = sorted(FIXTURES.iterdir())


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_whole_text_changes_match_a_fresh_parse(sample: Path, data: st.DataObject) -> None:
    spec = language_for(sample)
    assert spec is not None
    set_changed_texts(Document(sample.name, spec, sample.read_bytes()), data, most_at_once=3)


def test_the_statements_away_from_the_change_keep_their_chunks() -> None:
    spec = language_for("m.c")
    assert spec is not None
    functions = "".join(f"int f{i}(int a) {{\n  return a + {i};\n}}\n" for i in range(40))
    doc = Document("m.c", spec, functions.encode())
    before = doc.index.chunks
    doc.set_text(functions.replace("a + 20;", "a * 20;").encode())
    after = doc.index.chunks
    assert len(after) == len(before) and after[20] is not before[20]
    # The statement after the edited one is read again too (its doc is the comment above it).
    assert all(after[i] is before[i] for i in range(len(before)) if i not in (20, 21))
    same_as_fresh(doc)


def test_a_change_inside_a_character_keeps_it_whole() -> None:
    """`é` -> `è` share their first byte: the span starts at the character, or its text would not decode."""
    assert changed_span("a é b".encode(), "a è b".encode()) == (2, 4, 4)
    spec = language_for("s.py")
    assert spec is not None
    doc = Document("s.py", spec, "x = 'é'\n".encode())
    doc.set_text("x = 'è'\n".encode())
    assert doc.text == "x = 'è'\n".encode() and not doc.notes
    same_as_fresh(doc)


def test_equal_texts_and_growing_or_shrinking_ends() -> None:
    assert changed_span(b"abc", b"abc") == (3, 3, 3)
    assert changed_span(b"abc", b"abcd") == (3, 3, 4)
    assert changed_span(b"abcd", b"bcd") == (0, 1, 0)
    long = b"x" * 100_000
    assert changed_span(long + b"a" + long, long + b"bb" + long) == (100_000, 100_001, 100_002)


@pytest.fixture()
def memory(tmp_path: Path) -> Memory:
    return Memory(write_tree(tmp_path, {"m.go": "package m\n\nfunc A() int { return 1 }\n"}), persist=False)


def test_opening_an_open_buffer_again_applies_the_change(memory: Memory) -> None:
    text = "package m\n\nfunc A() int { return 1 }\n\nfunc B() int { return A() }\n"
    doc = memory.open_document("m.go", text)
    assert doc is not None
    kept = doc.index.chunks[0]
    again = memory.open_document("m.go", text.replace("return 1", "return 2"), version=3)
    assert again is doc and doc.version == 3 and doc.index.chunks[0] is kept
    assert [s.qualname for s in memory.file("m.go").symbols[1:]] == ["A", "B"]  # type: ignore[union-attr]
    same_as_fresh(doc)


def test_a_fresh_parse_beside_an_error_shares_the_unchanged_statements_parts() -> None:
    """A set whose change stands beside an error parses afresh; the statements that read as before keep the
    old chunks' parts (the same definition objects), at their new places, so that comparing the two memories
    (`carry.references_changed`) passes over them by identity. Fails where the fresh parse's chunks are
    kept as they come."""
    spec = language_for("m.c")
    assert spec is not None
    functions = "".join(f"int f{i}(int a) {{\n  return a + {i};\n}}\n" for i in range(40))
    doc = Document("m.c", spec, functions.encode())
    before = doc.index.chunks
    broken = functions.replace("return a + 20;", "return a + ;")
    assert _error_beside(Document("m.c", spec, broken.encode()).tree, 0, len(broken))
    doc.set_text(broken.encode())
    same_as_fresh(doc)
    after = doc.index.chunks
    assert len(after) == len(before) and after[20].defs is not before[20].defs
    assert all(after[i].defs is before[i].defs for i in range(len(before)) if i != 20)
    assert after[30].origin_byte == before[30].origin_byte - 2  # moved, and made of the old one's parts
    doc.set_text(functions.encode())
    same_as_fresh(doc)
    assert all(
        a.defs is b.defs
        for a, b in zip(doc.index.chunks, before, strict=True)
        if a is not doc.index.chunks[20]
    )
