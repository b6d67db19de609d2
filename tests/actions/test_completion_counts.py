"""Completion's packer remembers line token counts across edits: the counts are the tokenizer's own, short
texts are counted once, long ones every time, and the memory is bounded."""

from __future__ import annotations

import random
import sysconfig
from pathlib import Path

from archmem.indexer.context.tokens import tokenizer
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import RememberedCounts, completion_packer, prompt_at


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


# Lines a tokenizer piece might run across: blank ones with spaces, tabs, carriage returns, form feeds,
# non-ASCII starts, closers, a last line without its newline.
_AWKWARD = [
    "def f(x):\n", "    \n", "\t\n", "\n", "    return x  \n", "\r\n", "  x = 1\r\n", "\x0c\n", "é = 2\n",
    "    # ünïcode\n", ")\n", "]\n", "    'string'\n", "  \t  y\n", "z", "\u2028\n", "12\n", "   34\n",
]  # fmt: skip


def _windows() -> list[list[str]]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    rng = random.Random(7)
    out = [[rng.choice(_AWKWARD) for _ in range(rng.randrange(1, 30))] for _ in range(300)]
    for path in rng.sample(sorted(stdlib.glob("*.py")), 60):
        lines = path.read_text("utf-8", "replace").splitlines(keepends=True)
        for _ in range(10):
            start = rng.randrange(len(lines) + 1)
            window = lines[start : start + rng.randrange(1, 200)]
            out.append(window[::-1] if rng.random() < 0.5 else window)  # the prefix is fitted reversed
    return out


def test_a_long_text_counted_by_its_runs_of_lines_counts_as_the_whole() -> None:
    remembered = RememberedCounts(tokenizer(), longest=40)
    for lines in _windows():
        for end in (len(lines), len(lines) // 2):
            text = "".join(lines[:end])
            assert remembered.count(text) == tokenizer().count(text), lines[:end]


def test_the_prefix_and_suffix_are_fitted_from_the_remembered_line_counts(tmp_path: Path) -> None:
    """The same prefix and suffix as counted whole, and at a second request no line counted again (fitting
    the prefix counted its 5 KB whole two or three times at every request)."""
    source = "".join(f"def helper_{i}(value):\n    return value * {i}\n\n    \n" for i in range(400))
    (tmp_path / "m.py").write_text(source)
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    text = source.encode()
    packer = completion_packer(memory)
    tally = _Counting()
    tally.name = tokenizer().name
    packer.counter = RememberedCounts(tally)
    for byte in (text.index(b"helper_200"), text.index(b"helper_300") - 3):
        prompt = prompt_at(memory, packer, "m.py", text, byte, 0)
        joined = prompt_at(memory, None, "m.py", text, byte, 0)
        assert (prompt.prefix, prompt.suffix) == (joined.prefix, joined.suffix)
        assert tally.asked and max(len(t) for t in tally.asked) < 100
        tally.asked.clear()
        again = prompt_at(memory, packer, "m.py", text, byte, 0)
        assert (again.prefix, again.suffix) == (joined.prefix, joined.suffix) and tally.asked == []
