"""Completion's packer remembers line token counts across edits: the counts are the tokenizer's own, short
texts are counted once, long ones every time, and the memory is bounded."""

from __future__ import annotations

import random
import sysconfig
from pathlib import Path

from archmem.indexer.context.tokens import tokenizer
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import (
    RememberedCounts,
    _fitted,
    completion_packer,
    prompt_at,
    warm_counts,
)


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


def test_learning_a_file_counts_as_the_tokenizer_and_never_starts_the_memory_over() -> None:
    text = "".join(_AWKWARD) + "def g():\n    return 1\n"
    learner = RememberedCounts(_Counting(), kept=5)
    learner.count("kept\n")
    assert learner.learn(text) == 4  # four more fill it: learning stops there, never clearing it
    tally = learner._counter
    assert isinstance(tally, _Counting)
    tally.asked.clear()
    learner.count("kept\n")
    assert tally.asked == []
    whole = RememberedCounts(_Counting())
    whole.learn(text)
    for piece in [*(line + "\n" for line in text.split("\n")), text]:
        assert whole.count(piece) == tokenizer().count(piece)


def test_a_first_request_in_a_learned_file_counts_little_and_packs_the_same(tmp_path: Path) -> None:
    """The idle pass after didOpen counts the file's lines and runs (`warm_counts`): the first request at a
    hidden line, its context packed, then asks the tokenizer for a fraction of the texts it asked before,
    and builds the same prompt."""
    source = (Path(sysconfig.get_paths()["stdlib"]) / "textwrap.py").read_text()
    (tmp_path / "m.py").write_text(source)
    lines = source.split("\n")
    hidden = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith("        return "))
    indent = lines[hidden][: len(lines[hidden]) - len(lines[hidden].lstrip())]
    shown = "\n".join([*lines[:hidden], indent, *lines[hidden + 1 :]]).encode()
    byte = len("\n".join(lines[:hidden]).encode()) + 1 + len(indent)
    asked, prompts = [], []
    for learned in (False, True):
        memory = Memory(tmp_path, persist=False)
        memory.index_all()
        memory.open_document("m.py", source, 1)
        packer = completion_packer(memory)
        tally = _Counting()
        tally.name = tokenizer().name
        packer.counter = packer.views.counter = RememberedCounts(tally)
        if learned:
            assert warm_counts(packer, source.encode()) > 0
        tally.asked.clear()
        memory.open_document("m.py", shown, 2)
        prompts.append(prompt_at(memory, packer, "m.py", shown, byte, 1500))
        asked.append(len(tally.asked))
    assert prompts[0] == prompts[1] and prompts[0].context
    assert asked[1] * 4 < asked[0], asked


def test_the_leading_lines_count_as_joined_at_every_length() -> None:
    """`RememberedCounts.leading` reads the runs of the whole list once; each leading part counts as the
    tokenizer counts it joined (awkward lines and real stdlib windows, forward and reversed, every length)."""
    for longest in (40, 400):
        remembered = RememberedCounts(tokenizer(), longest=longest)
        for lines in _windows()[::3]:
            count = remembered.leading(lines)
            for k in range(len(lines) + 1):
                assert count(k) == tokenizer().count("".join(lines[:k])), (longest, lines[:k])


def _fitted_joined(lines: list[str], budget: int) -> list[str]:
    """The prefix's fit as it was, each round's lines joined and counted whole: what `_fitted` must keep."""
    kept = list(lines)
    tokens = tokenizer().count("".join(kept))
    while kept and tokens > budget:
        chars = sum(len(line) for line in kept) * budget / tokens * 0.95
        taken: list[str] = []
        used = 0
        for line in kept:
            used += len(line)
            if used > chars:
                break
            taken.append(line)
        kept = taken if len(taken) < len(kept) else kept[:-1]
        tokens = tokenizer().count("".join(kept))
    return kept


def test_the_prefix_fitted_from_its_leading_counts_keeps_the_lines_a_joined_count_keeps() -> None:
    remembered = RememberedCounts(tokenizer())
    for lines in _windows()[1::4]:
        for budget in (0, 7, 64, 300, 1024):
            assert _fitted(lines, remembered.leading, budget) == _fitted_joined(lines, budget), budget


def test_the_idle_pass_counts_the_prefixs_runs_of_lines_reversed(tmp_path: Path) -> None:
    """The prefix is fitted with its lines in reverse order, so its runs (a line with the blank lines above it)
    are the reversed text's: after `warm_counts`, a first request's prefix and suffix at a hidden line ask the
    tokenizer only for the runs the hidden line changed (~10 more each, when only the text forward was learned)."""
    source = (Path(sysconfig.get_paths()["stdlib"]) / "textwrap.py").read_text()
    (tmp_path / "m.py").write_text(source)
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    packer = completion_packer(memory)
    tally = _Counting()
    tally.name = tokenizer().name
    packer.counter = RememberedCounts(tally)
    warm_counts(packer, source.encode())
    lines = source.split("\n")
    rng = random.Random(5)
    for hidden in rng.sample(range(40, len(lines) - 40), 12):
        shown = "\n".join([*lines[:hidden], *lines[hidden + 1 :]]).encode()
        byte = len("\n".join(lines[:hidden]).encode()) + 1
        tally.asked.clear()
        prompt = prompt_at(memory, packer, "m.py", shown, byte, 0)
        joined = prompt_at(memory, None, "m.py", shown, byte, 0)
        assert (prompt.prefix, prompt.suffix) == (joined.prefix, joined.suffix)
        assert len(tally.asked) <= 2, (hidden, tally.asked)
