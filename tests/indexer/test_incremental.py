"""Incremental updates leave exactly the memory a fresh parse of the final text gives."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.document import Document
from archmem.indexer.languages import language_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent.parent / "fixtures" / "langs"
SAMPLES = sorted(FIXTURES.iterdir())

# Pieces an editor might type: code fragments that open and close scopes, strings, comments, line breaks.
FRAGMENTS = [
    "x",
    " ",
    "\n",
    "\n    ",
    "def f(a):\n    return a\n",
    "class K:\n    y = 1\n",
    "    def m(self):\n        self.z = 2\n",
    "(",
    ")",
    "{",
    "}",
    ":",
    '"',
    "'",
    "#",
    "//",
    "/*",
    "*/",
    "fn g() {}\n",
    "int h(void) { return 0; }\n",
    "function k() { return this.q; }\n",
    "é",
    "名前",
    "😀",
    "import os\n",
    "from .m import n as o\n",
    "",
]


@st.composite
def edits(draw: st.DrawFn, size: int) -> tuple[float, float, str]:
    a = draw(st.floats(0, 1))
    length = draw(st.integers(0, 40))
    text = draw(st.sampled_from(FRAGMENTS))
    return a, length / max(size, 1), text


def _fresh(doc: Document) -> Document:
    """What a fresh start on the final text gives. With syntax errors, tree-sitter's incremental error
    recovery may legitimately differ from a fresh parse, so the reference is then a full extraction of the
    document's own tree: the incremental update must equal it exactly."""
    fresh = Document(doc.path, doc.spec, doc.text)
    if doc.tree.root_node.has_error:
        fresh.tree = doc.tree
        fresh.index = fresh._build(fresh._extractor.extract(doc.tree, doc.text))
    return fresh


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_random_edits_match_fresh_parse(sample: Path, data: st.DataObject) -> None:
    spec = language_for(sample)
    assert spec is not None
    doc = Document(sample.name, spec, sample.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        size = len(doc.text)
        a, frac, text = data.draw(edits(size))
        start = int(a * size)
        end = min(size, start + int(frac * size))
        # Keep UTF-8 boundaries: editors send whole characters.
        while start > 0 and start < size and (doc.text[start] & 0xC0) == 0x80:
            start -= 1
        while end < size and (doc.text[end] & 0xC0) == 0x80:
            end += 1
        doc.replace(start, end, text)
        assert doc.index.snapshot_key() == _fresh(doc).index.snapshot_key(), doc.text.decode()


def test_edit_inside_large_class_keeps_other_members() -> None:
    spec = language_for("a.py")
    assert spec is not None
    methods = "".join(f"    def m{i}(self):\n        return self.m{i + 1}()\n\n" for i in range(50))
    doc = Document("a.py", spec, f"class Big:\n{methods}\ndef after():\n    return Big()\n".encode())
    before = {s.qualname: s for s in doc.index.symbols}
    pos = doc.text.index(b"return self.m10()")
    doc.replace(pos, pos, "x = 1\n        ")
    after = {s.qualname: s for s in doc.index.symbols}
    assert set(before) == set(after)
    assert after["Big.m10"].refs == ("self.m11",)
    assert after["after"].start[0] == before["after"].start[0] + 1
    assert doc.index.snapshot_key() == _fresh(doc).index.snapshot_key()


def test_error_free_final_text_matches_a_fresh_parse() -> None:
    """Edits that pass through syntax errors and come back to valid code end where a fresh parse is."""
    spec = language_for("a.py")
    assert spec is not None
    text = b"class A:\n    def f(self):\n        return self.g()\n\n    def g(self):\n        return 1\n"
    doc = Document("a.py", spec, text)
    pos = text.index(b"return self.g()")
    doc.replace(pos, pos, "(")  # unbalanced: an error tree
    assert doc.tree.root_node.has_error
    doc.replace(pos, pos + 1, "")  # back to valid code
    assert not doc.tree.root_node.has_error
    assert doc.index.snapshot_key() == Document("a.py", spec, doc.text).index.snapshot_key()
