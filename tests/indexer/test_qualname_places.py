"""`FileIndex.by_qualname` read from places carried across an edit of bodies (`lineage.carried_places`) is the
table built anew from the symbols: random edits of every language's sample, incremental and whole-text; and an
edit of bodies carries the places, one adding a definition does not."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer import lineage
from archmem.indexer.document import Document
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import language_for
from archmem.indexer.records import SymbolNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.indexer.test_lineage import CLASSES, METHODS_EDITED, PYTHON, SAMPLES, _edit


def _built_anew(index: FileIndex) -> dict[str, list[SymbolNode]]:
    """The table as the first-written loop over the symbols made it."""
    table: dict[str, list[SymbolNode]] = {}
    for s in index.symbols[1:]:
        table.setdefault(s.qualname, []).append(s)
    return table


def _read(index: FileIndex) -> dict[str, list[SymbolNode]]:
    table = index.by_qualname
    assert len(table) == len(list(table))
    return {name: table[name] for name in table}


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_the_places_carried_across_edits_give_the_table_built_anew(sample: Path, data: st.DataObject) -> None:
    spec = language_for(sample)
    assert spec is not None
    doc = Document(sample.name, spec, sample.read_bytes())
    kept = [doc.index]
    for _ in range(data.draw(st.integers(1, 6))):
        _ = kept[-1].by_qualname  # the last memory packed has it: the next one carries it from there
        _edit(doc, data)
        index = doc.index
        expected = _built_anew(index)
        assert _read(index) == expected and list(index.by_qualname) == list(expected)
        assert list(index.by_qualname.names()) == list(expected)
        for name in data.draw(st.lists(st.sampled_from([*expected, "nowhere"]), max_size=4)):
            assert index.by_qualname.get(name, ()) == expected.get(name, ())
            assert (name in index.by_qualname) == (name in expected) == (name in index.by_qualname.names())
        kept.append(index)


def test_an_edit_of_bodies_carries_the_places_one_adding_a_definition_does_not() -> None:
    spec = language_for("m.c")
    assert spec is not None
    functions = "".join(f"int f{i}(int a) {{\n  int b{i} = a;\n  return b{i};\n}}\n" for i in range(40))
    functions += "struct s { int x; };\nint f3(int a);\n"
    doc = Document("m.c", spec, functions.encode())
    before = doc.index  # held, as the tables built for it hold it
    _ = before.by_qualname
    doc.set_text(functions.replace("  int b5 = a;\n", "").replace("b30;", "b30 + g(a, a);").encode())
    assert lineage.carried_places(doc.index) is before._qual_places
    assert _read(doc.index) == _built_anew(doc.index)
    assert [s.start_byte for s in doc.index.by_qualname["f3"]] != [
        s.start_byte for s in before.by_qualname["f3"]
    ]
    edited = doc.index
    doc.set_text(doc.text + b"int g(int b) { return b; }\n")
    assert lineage.carried_places(doc.index) is None
    assert _read(doc.index) == _built_anew(doc.index) and "g" in doc.index.by_qualname
    assert "g" not in edited.by_qualname


def test_an_edit_in_methods_carries_the_places_through_the_classes_around() -> None:
    """An edit in a method grows its class's header chunk: the places carry as for an edit of functions (every
    stdlib first completion request in a method walked the symbols again); a base added to a class does not."""
    doc = Document("m.py", PYTHON, CLASSES.encode())
    before = doc.index
    _ = before.by_qualname
    doc.set_text(METHODS_EDITED)
    assert lineage.carried_places(doc.index) is before._qual_places
    assert _read(doc.index) == _built_anew(doc.index)
    edited = doc.index
    _ = edited.by_qualname
    doc.set_text(doc.text.replace(b"class C2:", b"class C2(Base):"))
    assert lineage.carried_places(doc.index) is None
