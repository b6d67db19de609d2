"""The chunks an edit changed, noted when each memory is made (`lineage`), answer `references_changed` as the
comparison of every symbol does: random edits of every language's sample, incremental and whole-text (a
fresh parse beside an error shares the unchanged chunks' parts), compared with up to eight memories back."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer import lineage
from archmem.indexer.context import carry
from archmem.indexer.document import Document
from archmem.indexer.fileindex import FileIndex, reach_back
from archmem.indexer.languages import language_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent.parent / "fixtures" / "langs"
SAMPLES = sorted(FIXTURES.iterdir())
# Mostly what a body's edit types (names, operators), some of what breaks a statement.
PIECES = ["x", "y", " + z", "a.b", "f(1)", ";", "{", "}", "(", "\n", "", "#if A\n", "/*"]


def _compared_afresh(before: FileIndex, after: FileIndex) -> carry.Change | None:
    """`references_changed` by the comparison of every symbol (the lineage left out), uncached."""
    lineage_of = lineage._LINES.pop(after, None)
    try:
        return carry._compared(before, after)
    finally:
        if lineage_of is not None:
            lineage._LINES[after] = lineage_of


def _edit(doc: Document, data: st.DataObject) -> None:
    text = doc.text.decode()
    start = data.draw(st.integers(0, len(text)))
    end = min(len(text), start + data.draw(st.sampled_from([0, 0, 1, 2, 5])))
    piece = data.draw(st.sampled_from(PIECES))
    if data.draw(st.booleans()):
        doc.replace(len(text[:start].encode()), len(text[:end].encode()), piece)
    else:
        doc.set_text((text[:start] + piece + text[end:]).encode())


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_the_chunks_an_edit_changed_answer_as_every_symbol_compared(
    sample: Path, data: st.DataObject
) -> None:
    spec = language_for(sample)
    assert spec is not None
    doc = Document(sample.name, spec, sample.read_bytes())
    kept = [doc.index]
    for _ in range(data.draw(st.integers(1, 6))):
        _edit(doc, data)
        for before in kept[-8:]:
            found = carry._by_lineage(before, doc.index)
            if not isinstance(found, carry._Unread):
                assert found == _compared_afresh(before, doc.index)
        kept.append(doc.index)


def test_an_edit_of_bodies_is_read_from_its_chunks() -> None:
    """The fast reading answers for edits of function bodies, one memory back and several, and finds the
    definitions whose references changed; an edit adding a definition starts the line again."""
    spec = language_for("m.c")
    assert spec is not None
    functions = "".join(f"int f{i}(int a) {{\n  return a + {i};\n}}\n" for i in range(40))
    doc = Document("m.c", spec, functions.encode())
    first = doc.index
    doc.set_text(functions.replace("a + 5;", "a + g(5);").encode())
    second = doc.index
    doc.replace(doc.text.index(b"a + 30;"), doc.text.index(b"a + 30;") + 1, "h(a)")
    third = doc.index
    for before, after, names in (
        (first, second, ["f5"]),
        (second, third, ["f30"]),
        (first, third, ["f5", "f30"]),
    ):
        found = carry._by_lineage(before, after)
        assert isinstance(found, carry.Change)
        assert [s.name for s in found.added] == names and found == _compared_afresh(before, after)
    doc.set_text(doc.text + b"int g(int b) { return b; }\n")
    assert isinstance(carry._by_lineage(third, doc.index), carry._Unread)
    assert carry.references_changed(third, doc.index) is None


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_the_reach_back_carried_across_edits_is_the_one_built_anew(sample: Path, data: st.DataObject) -> None:
    spec = language_for(sample)
    assert spec is not None
    doc = Document(sample.name, spec, sample.read_bytes())
    kept = [doc.index]
    for _ in range(data.draw(st.integers(1, 6))):
        _ = kept[-1]._reach_back  # the last memory packed has it: the next one carries it from there
        _edit(doc, data)
        carried = lineage.carried_reach_back(doc.index)
        if carried is not None:
            assert carried == reach_back(doc.index.symbols)
        kept.append(doc.index)


def test_the_reach_back_is_carried_across_an_edit_of_bodies() -> None:
    spec = language_for("m.c")
    assert spec is not None
    functions = "".join(f"int f{i}(int a) {{\n  int b{i} = a;\n  return b{i};\n}}\n" for i in range(40))
    doc = Document("m.c", spec, functions.encode())
    before = doc.index  # held, as the tables built for it hold it
    _ = before._reach_back
    doc.set_text(functions.replace("  int b5 = a;\n", "").replace("b30;", "b30 + g(a, a);").encode())
    carried = lineage.carried_reach_back(doc.index)
    assert carried is not None and carried == reach_back(doc.index.symbols)


def test_the_statement_after_an_edited_body_keeps_its_parts() -> None:
    """C extracts the statement after an edited one again (its doc comment stands above it); equal to the old, it
    keeps the old chunk's parts, so the lineage reads the edit from the edited function alone. Here the statement is
    a `#ifndef` group holding a function's local struct, whose fields the symbols leave out: read as changed, the
    lineage could not tell (sqlite3.c's group after `renameColumnExprCb`), and every carried table of a generate
    packing compared the file's symbols one by one."""
    spec = language_for("m.c")
    assert spec is not None
    head = "".join(f"int f{i}(int a) {{\n  return a + {i};\n}}\n" for i in range(5))
    body = "  int b = a * 2;\n  return b + helper(a);\n"
    group = (
        "#ifndef OMIT_X\n#define IS_X 1\n/*\n** The table.\n*/\nstatic int one(void) {\n"
        '  static const struct {\n    const char *zName;\n  } aTable[] = {{"a"}};\n  return 0;\n}\n#endif\n'
    )
    tail = "".join(f"int t{i}(int a) {{\n  return a - {i};\n}}\n" for i in range(5))
    text = f"{head}static int hidden(int a) {{\n{body}}}\n{group}{tail}"
    doc = Document("m.c", spec, text.encode())
    before = doc.index
    doc.set_text(text.replace(body, "  \n").encode())
    after = doc.index
    place = next(i for i, c in enumerate(before.chunks) if c.defs and c.defs[0].name == "IS_X")
    assert after.chunks[place].defs is before.chunks[place].defs
    found = carry._by_lineage(before, after)
    assert isinstance(found, carry.Change)
    assert [s.name for s in found.added] == ["hidden"]
    assert found == _compared_afresh(before, after)


PYTHON = language_for("m.py")
assert PYTHON is not None
# Four classes of eight methods, after an import (the first class does not start where the module does); then
# the same with a body edited in the first class and one in the last, as one full sync.
CLASSES = "import os\n\n\n" + "".join(
    f"class C{c}:\n"
    + "".join(f"    def m{i}(self, a):\n        return a + {100 * c + i}\n\n" for i in range(8))
    for c in range(4)
)
METHODS_EDITED = CLASSES.replace("a + 3\n", "g(a) + 3\n").replace("a + 307\n", "h(a) + 307\n").encode()


def test_an_edit_in_methods_is_read_from_its_chunks_through_the_classes_around() -> None:
    """An edit in a method grows the header chunk of its class (`Chunk.resized`): the same class, read from the
    chunks as an edit of a function is, and so is a full sync of two such edits in classes far apart (its span
    holds every chunk between, moved). Before, every edit in a method compared every symbol of the file (the
    stdlib's first completion requests, ~2 a request). A changed class header (a base added) is not read so."""
    doc = Document("m.py", PYTHON, CLASSES.encode())
    first = doc.index
    doc.set_text(METHODS_EDITED)
    second = doc.index
    found = carry._by_lineage(first, second)
    assert isinstance(found, carry.Change)
    assert [s.qualname for s in found.added] == ["C0.m3", "C3.m7"]
    assert found == _compared_afresh(first, second)
    doc.set_text(doc.text.replace(b"class C2:", b"class C2(Base):"))
    assert isinstance(carry._by_lineage(second, doc.index), carry._Unread)
