"""Random whole-text changes of a Document, checked against a fresh parse (tests/indexer/test_whole_text_edit.py,
tests/indexer/test_error_root_edits.py)."""

from __future__ import annotations

from archmem.indexer.document import Document
from hypothesis import strategies as st

# What a change inserts: the characters an incremental reparse's error recovery is most sensitive to.
PIECES = [
    "x",
    "\n",
    "{",
    "}",
    "(",
    ")",
    ";",
    '"',
    "/*",
    "*/",
    "#if A\n",
    "#else\n",
    "#endif\n",
    "é",
    "😀",
    "",
]


def same_as_fresh(doc: Document) -> None:
    """The document's memory and tree equal those of a fresh parse of its text."""
    fresh = Document(doc.path, doc.spec, doc.text)
    assert doc.index.snapshot_key() == fresh.index.snapshot_key(), doc.text.decode()
    assert str(doc.tree.root_node) == str(fresh.tree.root_node), doc.text.decode()


def set_changed_texts(doc: Document, data: st.DataObject, most_at_once: int) -> None:
    """One to five whole-text sets, each of one to `most_at_once` changes (a full sync carries whatever was
    typed since the last one), each set checked against a fresh parse."""
    for _ in range(data.draw(st.integers(1, 5))):
        text = doc.text.decode()
        for _ in range(data.draw(st.integers(1, most_at_once))):
            start = data.draw(st.integers(0, len(text)))
            end = min(len(text), start + data.draw(st.sampled_from([0, 0, 1, 3, 20])))
            text = text[:start] + data.draw(st.sampled_from(PIECES)) + text[end:]
        doc.set_text(text.encode())
        same_as_fresh(doc)
