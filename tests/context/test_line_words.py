"""Generate mode's waiting locals count the words of ~600 lines a packing (`choose._waiting_locals`); the words
are kept by line text (`choose.line_words`), so the next packing in the same stretch reads them again for
free: they must be exactly the words of the lines joined, in order."""

from __future__ import annotations

import random
import sysconfig
from itertools import chain
from pathlib import Path

import pytest
from archmem.indexer.context import choose

_AWKWARD = ["", "  $x = a$b", "é_1 = café2", "\tx.y(z)", "1abc 2 _", "// c'est$fini", "\u2028x", "a\rb"]


def test_the_kept_words_of_lines_are_those_of_the_lines_joined() -> None:
    rng = random.Random(3)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    windows = [[rng.choice(_AWKWARD) for _ in range(rng.randrange(0, 12))] for _ in range(100)]
    for path in rng.sample(sorted(stdlib.glob("*.py")), 30):
        lines = path.read_text("utf-8", "replace").split("\n")
        start = rng.randrange(len(lines))
        windows.append(lines[start : start + rng.randrange(1, 600)])
    for lines in windows:
        joined = choose._WORD.findall("\n".join(lines))
        first = choose.line_words(lines)
        assert list(chain.from_iterable(first)) == joined
        again = choose.line_words(lines)
        assert all(a is b for a, b in zip(first, again, strict=True))  # kept, not found again


def test_the_kept_words_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(choose, "_KEPT_LINE_WORDS", 10)
    choose._LINE_WORDS.clear()
    choose.line_words([f"line_{i} = {i}" for i in range(25)])
    assert len(choose._LINE_WORDS) <= 10
