"""Stable ids and incremental edits: an edit elsewhere never renames a symbol, and any edit leaves exactly the
memory a fresh parse of the new text gives (here on the realistic fixtures, at many positions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.document import Document
from archmem.indexer.languages import language_for
from archmem.indexer.workspace import Memory

from tests.support.memory import REALISTIC, write_tree

SOURCE = """import os


class Store:
    def get(self, key):
        return self.data[key]

    def put(self, key, value):
        self.data[key] = value


def helper():
    return Store().get("a")
"""


def _doc(path: str, text: str) -> Document:
    spec = language_for(path)
    assert spec is not None
    return Document(path, spec, text.encode())


def _ids(doc: Document) -> dict[str, tuple[int, int]]:
    return {s.id: s.start for s in doc.index.symbols}


def test_edit_inside_a_body_keeps_every_id() -> None:
    doc = _doc("store.py", SOURCE)
    before = _ids(doc)
    at = doc.text.index(b"return self.data[key]")
    doc.replace(at, at, "key = key.lower()\n        ")
    after = _ids(doc)
    assert after.keys() == before.keys()
    assert after["store.py::helper"][0] == before["store.py::helper"][0] + 1


def test_new_definition_above_keeps_the_ids_below_and_moves_them() -> None:
    doc = _doc("store.py", SOURCE)
    before = _ids(doc)
    at = doc.text.index(b"class Store")
    doc.replace(at, at, "def first():\n    pass\n\n\n")
    after = _ids(doc)
    assert set(after) == set(before) | {"store.py::first"}
    assert all(after[i][0] == before[i][0] + 4 for i in before if i != "store.py::")


def test_renaming_changes_only_that_id() -> None:
    doc = _doc("store.py", SOURCE)
    at = doc.text.index(b"def put") + 4
    doc.replace(at, at + 3, "store")
    assert set(_ids(doc)) == {
        "store.py::",
        "store.py::Store",
        "store.py::Store.get",
        "store.py::Store.store",
        "store.py::helper",
    }


def test_a_second_definition_of_a_name_gets_a_numbered_id_and_the_first_keeps_its_own() -> None:
    doc = _doc("store.py", SOURCE)
    doc.replace(len(doc.text), len(doc.text), "\n\ndef helper():\n    return 2\n")
    assert [s.id for s in doc.index.by_qualname["helper"]] == ["store.py::helper", "store.py::helper#2"]


def test_ids_are_the_same_from_disk_and_from_an_editor_buffer(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pkg/store.py": SOURCE})
    memory = Memory(tmp_path, persist=False)
    memory.index_all(jobs=1)
    on_disk = memory.file("pkg/store.py")
    assert on_disk is not None
    doc = memory.open_document(tmp_path / "pkg/store.py", SOURCE)
    assert doc is not None
    assert [s.id for s in doc.index.symbols] == [s.id for s in on_disk.symbols]
    assert on_disk.symbols[1].id == "pkg/store.py::Store"


def _positions(size: int, count: int) -> list[int]:
    return sorted({size * i // count for i in range(count)})


@pytest.mark.parametrize("fixture", sorted(REALISTIC.iterdir()), ids=lambda p: p.name)
def test_single_edits_anywhere_equal_a_fresh_parse(fixture: Path) -> None:
    spec = language_for(fixture.name)
    assert spec is not None
    original = fixture.read_bytes()
    for pos in _positions(len(original), 24):
        while pos < len(original) and (original[pos] & 0xC0) == 0x80:
            pos += 1
        for start, end, text in ((pos, pos, "x"), (pos, pos, "\n"), (pos, min(pos + 1, len(original)), "")):
            doc = Document(fixture.name, spec, original)
            while end < len(original) and (original[end] & 0xC0) == 0x80:
                end += 1
            doc.replace(start, end, text)
            fresh = Document(fixture.name, spec, doc.text)
            assert doc.index.snapshot_key() == fresh.index.snapshot_key(), (fixture.name, start, end, text)


@pytest.mark.parametrize("fixture", sorted(REALISTIC.iterdir()), ids=lambda p: p.name)
def test_a_sequence_of_typed_lines_equals_a_fresh_parse(fixture: Path) -> None:
    spec = language_for(fixture.name)
    assert spec is not None
    doc = Document(fixture.name, spec, fixture.read_bytes())
    line = {"python": "\nvalue = compute(1)", "go": "\n\tvalue := compute(1)"}.get(
        spec.name, "\nvalue = compute(1);"
    )
    at = len(doc.text) // 2
    at = doc.text.index(b"\n", at)
    for ch in line:
        doc.replace(at, at, ch)
        at += len(ch.encode())
    assert doc.index.snapshot_key() == Document(fixture.name, spec, doc.text).index.snapshot_key()
