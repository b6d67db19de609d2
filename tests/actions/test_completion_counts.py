"""Completion's packer remembers line token counts across edits: the counts are the tokenizer's own, short
texts are counted once, long ones every time, and the memory is bounded."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.tokens import tokenizer
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import RememberedCounts, completion_packer


class _Counting:
    """The real tokenizer, with a tally of the texts it was asked to count."""

    name = "counting"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def count(self, text: str) -> int:
        self.asked.append(text)
        return tokenizer().count(text)


def test_counts_are_the_tokenizers_and_short_texts_are_counted_once() -> None:
    real = _Counting()
    remembered = RememberedCounts(real, kept=3, longest=40)
    line = "    return far_away_helper(n + 1)\n"
    assert remembered.count(line) == tokenizer().count(line)
    assert remembered.count(line) == tokenizer().count(line)
    assert real.asked == [line]
    long = "x = 1; " * 20
    assert remembered.count(long) == remembered.count(long) == tokenizer().count(long)
    assert real.asked.count(long) == 2  # a whole prompt is not kept
    for text in ("a\n", "b\n", "c\n"):
        remembered.count(text)
    remembered.count(line)  # the memory started over at three texts
    assert real.asked.count(line) == 2


def test_the_completion_packer_counts_with_the_remembered_counts(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def f(x):\n    return x\n")
    packer = completion_packer(Memory(tmp_path, persist=False))
    assert isinstance(packer.counter, RememberedCounts)
    assert packer.counter.name == tokenizer().name
