"""A whole-text change in a file whose error lies away from it (a root that is itself an error, a `#ifdef`
group holding one broken declaration) is applied as one edit, and the memory and tree after it equal a fresh
parse's: the fallback to a fresh parse looks at the smallest level holding the change
(`document._error_beside`), not at whether the file has an error anywhere (sqlite3.c's root is one)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.document import Document, _error_beside
from archmem.indexer.languages import language_for
from archmem.indexer.textdiff import changed_span
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.documents import same_as_fresh, set_changed_texts

FIXTURES = Path(__file__).parent.parent / "fixtures" / "langs"
# Fixtures wrapped so the error sits away from most of the code: an `extern "C" {` opened in a `#if 0` (as
# sqlite3.c's header does), a group holding one broken declaration, stray braces before Rust items (the root
# becomes an ERROR node).
SHAPES = [
    ("sample.c", '#ifndef A\n#define A\n#if 0\nextern "C" {\n#endif\n', "#if 0\n}\n#endif\n#endif\n"),
    ("sample.c", "#ifdef X\nint broken(;\n", "\n#endif\n"),
    ("sample.cpp", "#ifdef X\nint broken(;\n", "\n#endif\n"),
    ("sample.rs", "}}}\nfn {\n", ""),
]


def _document(shape: tuple[str, str, str]) -> Document:
    name, before, after = shape
    spec = language_for(name)
    assert spec is not None
    text = before + (FIXTURES / name).read_text() + after
    doc = Document(name, spec, text.encode())
    assert doc.tree.root_node.has_error
    return doc


def test_the_rust_shape_has_an_error_root() -> None:
    assert _document(SHAPES[3]).tree.root_node.is_error


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.sampled_from(SHAPES), data=st.data())
def test_changes_beside_no_error_match_a_fresh_parse(
    shape: tuple[str, str, str], data: st.DataObject
) -> None:
    set_changed_texts(_document(shape), data, most_at_once=2)


def test_a_change_in_a_clean_function_is_applied_as_an_edit() -> None:
    """Fails where any error in the file (or an error root) sends every change to a fresh parse. The Rust
    shape's functions are chunks of their own (kept unless read again); the C shapes' group is one chunk,
    so there the fallback's own answer is asked."""
    rust = _document(SHAPES[3])
    before = rust.index.chunks
    rust.set_text(rust.text.replace(b"helper(1)", b"helper(2)"))
    assert {id(c) for c in before} & {id(c) for c in rust.index.chunks}
    same_as_fresh(rust)
    for shape in SHAPES[:2]:
        doc = _document(shape)
        text = doc.text.replace(b"return v * MAX;", b"return v + MAX;")
        start, end, _new_end = changed_span(doc.text, text)
        assert not _error_beside(doc.tree, start, end), shape
        doc.set_text(text)
        same_as_fresh(doc)
