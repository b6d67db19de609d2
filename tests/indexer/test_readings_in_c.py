"""A file's per-text readings that every generate packing makes anew are read in C (session 21, jrspeed15): the names it
references (`FileIndex.referenced_names`) and its line starts (`LineIndex`). Each must equal the Python loop it
replaced, on every fixture language and on awkward texts (no final line break, CR LF, empty lines, non-ASCII), and
an edited text gives its own answer, not the last one's."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.positions import LineIndex

from tests.support.memory import index_fixture, index_text

_FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "langs").iterdir())


def _referenced_by_loop(index: FileIndex) -> frozenset[str]:
    names: set[str] = set()
    for c in index.chunks:
        for ref in c.loose_refs:
            names.add(ref.rpartition(".")[2])
        for d in c.defs:
            for ref in d.refs:
                names.add(ref.rpartition(".")[2])
    return frozenset(names)


def _starts_by_loop(text: bytes) -> list[int]:
    starts = [0]
    i = text.find(b"\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find(b"\n", i + 1)
    return starts


@pytest.mark.parametrize("path", _FIXTURES, ids=lambda p: p.name)
def test_referenced_names_are_those_the_loop_reads(path: Path) -> None:
    index = index_fixture(path)
    assert index.referenced_names == _referenced_by_loop(index)
    assert index.referenced_names  # every fixture uses names: an empty answer would pass the comparison only


def test_an_edited_text_references_its_own_names() -> None:
    before = index_text("m.py", "import os\n\ndef f():\n    return os.path.join('a')\n")
    after = index_text("m.py", "import os\n\ndef f():\n    return os.getcwd()\n")
    assert "join" in before.referenced_names and "join" not in after.referenced_names
    assert "getcwd" in after.referenced_names
    assert after.referenced_names == _referenced_by_loop(after)


_PIECES = [b"", b"\n", b"\r\n", b"x", b"caf\xc3\xa9", b"  ", b"\t}\n", b"\n\n", b"\xe2\x80\xa8", b"a = 1\r"]


def test_line_starts_are_those_the_loop_finds() -> None:
    rng = random.Random(21)
    texts = [b"", b"\n", b"a", b"a\n", b"\n\n\n", b"a\r\nb\r\n", b"no final break"]
    texts += [b"".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 40))) for _ in range(300)]
    texts += [p.read_bytes() for p in _FIXTURES]
    for text in texts:
        lines = LineIndex(text)
        assert list(lines._starts) == _starts_by_loop(text), text
        assert lines.line_count == text.count(b"\n") + 1
        # An edit's index (`replaced`, which shifts the starts) agrees with one read anew.
        if text:
            cut = rng.randrange(len(text))
            new = rng.choice(_PIECES)
            edited = text[:cut] + new + text[cut + 1 :]
            assert lines.replaced(cut, cut + 1, new, edited)._starts == LineIndex(edited)._starts
