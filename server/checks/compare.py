"""Baseline-relative validation: which diagnostics an edit fixed, which remain, and which it introduced.

Sweep's idea: record the diagnostics before an edit, check again after, and judge the edit only by the
difference. A diagnostic is the same before and after when it says the same thing (source, code and
message, with whitespace and standalone numbers normalized, since messages quote line numbers that move)
and sits at the place the edit moved it to. `line_map` tells where an old line went; lines inside the
replaced region map to None and are matched by message alone, nearest first.

Matching runs in passes from strict to loose, each pass pairing greedily by distance, so an unrelated
warning that an insertion pushed ten lines down is "remaining", never "fixed" plus "new".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archmem.server.checks.diagnostics import Diagnostic

LineMap = Callable[[int], int | None]

_NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.])")
_ANCHOR_SEARCH = 2_000


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of comparing diagnostics before and after an edit.

    `fixed` holds diagnostics of the baseline; `remaining` and `new` hold diagnostics of the new text (at
    their new positions). `matched` pairs each remaining diagnostic with its baseline counterpart.
    """

    fixed: tuple[Diagnostic, ...]
    remaining: tuple[Diagnostic, ...]
    new: tuple[Diagnostic, ...]
    matched: tuple[tuple[Diagnostic, Diagnostic], ...]


def _collapse(message: str) -> str:
    return " ".join(message.split())


def _exact_key(diagnostic: Diagnostic) -> tuple[str, str | None, str]:
    return diagnostic.source, diagnostic.code, _collapse(diagnostic.message)


def _loose_key(diagnostic: Diagnostic) -> tuple[str, str | None, str]:
    return diagnostic.source, diagnostic.code, _NUMBER.sub("#", _collapse(diagnostic.message))


def compare(
    before: Sequence[Diagnostic], after: Sequence[Diagnostic], *, line_map: LineMap | None = None
) -> Comparison:
    """Compare the diagnostics of a text before and after an edit.

    `line_map(old_line)` gives the new line of an old line, or None when the edit replaced it; without a
    map, lines are assumed not to have moved.
    """
    mapping: LineMap = line_map if line_map is not None else (lambda line: line)
    expected = [_expected_line(diagnostic.start.line, mapping) for diagnostic in before]
    pair_of: dict[int, int] = {}
    taken: set[int] = set()

    def run_pass(key: Callable[[Diagnostic], object], same_line_only: bool) -> None:
        groups: dict[object, list[int]] = defaultdict(list)
        for index, diagnostic in enumerate(after):
            if index not in taken:
                groups[key(diagnostic)].append(index)
        candidates: list[tuple[tuple[int, int, int, int], int, int]] = []
        for old_index, diagnostic in enumerate(before):
            if old_index in pair_of:
                continue
            line, exact = expected[old_index]
            for new_index in groups.get(key(diagnostic), ()):
                new = after[new_index]
                distance = abs(new.start.line - line)
                if same_line_only and (distance or not exact):
                    continue
                column = abs(new.start.col - diagnostic.start.col)
                candidates.append(((0 if exact else 1, distance, column, new_index), old_index, new_index))
        candidates.sort()
        for _, old_index, new_index in candidates:
            if old_index not in pair_of and new_index not in taken:
                pair_of[old_index] = new_index
                taken.add(new_index)

    run_pass(_exact_key, same_line_only=True)
    run_pass(_loose_key, same_line_only=True)
    run_pass(_loose_key, same_line_only=False)

    matched = tuple(
        (before[old], after[new]) for old, new in sorted(pair_of.items(), key=lambda item: item[1])
    )
    return Comparison(
        fixed=tuple(diagnostic for index, diagnostic in enumerate(before) if index not in pair_of),
        remaining=tuple(pair[1] for pair in matched),
        new=tuple(diagnostic for index, diagnostic in enumerate(after) if index not in taken),
        matched=matched,
    )


def _expected_line(old_line: int, mapping: LineMap) -> tuple[int, bool]:
    """Where an old line should be now, and whether the map says so exactly.

    A line inside the replaced region is estimated from the nearest mapped line above it.
    """
    mapped = mapping(old_line)
    if mapped is not None:
        return mapped, True
    for above in range(old_line - 1, max(-1, old_line - _ANCHOR_SEARCH), -1):
        anchor = mapping(above)
        if anchor is not None:
            return anchor + (old_line - above), False
    return old_line, False


def line_map_for_edit(start_line: int, old_end_line: int, new_end_line: int) -> LineMap:
    """The line map of one replacement of old lines `start_line..old_end_line` (inclusive) by new lines
    `start_line..new_end_line`: lines above stay, lines below shift, lines inside map to None."""
    shift = new_end_line - old_end_line

    def mapping(line: int) -> int | None:
        if line < start_line:
            return line
        if line > old_end_line:
            return line + shift
        return None

    return mapping


def line_map_between(old: bytes, new: bytes) -> LineMap:
    """The line map from `old` to `new` for any edit: unchanged lines map to their new place, changed
    ones to None.

    Common leading and trailing lines match directly; in between, lines that occur once in each text
    anchor the match (their longest increasing run, as patience diff does) and equal neighbours of an
    anchor join it. That costs O(n log n), where a general diff of a 150,000-line file took seconds.
    """
    old_lines = old.split(b"\n")
    new_lines = new.split(b"\n")
    limit = min(len(old_lines), len(new_lines))
    prefix = 0
    while prefix < limit and old_lines[prefix] == new_lines[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old_lines[-1 - suffix] == new_lines[-1 - suffix]:
        suffix += 1
    old_middle_end = len(old_lines) - suffix
    shift = len(new_lines) - len(old_lines)
    middle = _match_lines(old_lines[prefix:old_middle_end], new_lines[prefix : len(new_lines) - suffix])

    def mapping(line: int) -> int | None:
        if line < prefix:
            return line
        if line >= old_middle_end:
            return line + shift
        matched = middle.get(line - prefix)
        return None if matched is None else matched + prefix

    return mapping


def _match_lines(old: list[bytes], new: list[bytes]) -> dict[int, int]:
    """Pairs of equal lines (old index -> new index), in order, anchored on lines unique to both."""
    if not old or not new:
        return {}
    old_counts = Counter(old)
    new_counts = Counter(new)
    new_index = {line: index for index, line in enumerate(new) if new_counts[line] == 1}
    candidates = [
        (index, new_index[line])
        for index, line in enumerate(old)
        if old_counts[line] == 1 and line in new_index
    ]
    anchors = _longest_increasing_run(candidates)
    matched: dict[int, int] = {}
    used_new: set[int] = set()
    for old_at, new_at in anchors:
        matched[old_at] = new_at
        used_new.add(new_at)
    # Grow each anchor over equal neighbours, forwards then backwards, until a line differs or is taken.
    for old_at, new_at in anchors:
        for step in (1, -1):
            i, j = old_at + step, new_at + step
            while 0 <= i < len(old) and 0 <= j < len(new) and i not in matched and j not in used_new:
                if old[i] != new[j]:
                    break
                matched[i] = j
                used_new.add(j)
                i += step
                j += step
    return matched


def _longest_increasing_run(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by first item) whose second items increase."""
    tails: list[int] = []  # tails[k]: second item ending the best run of length k + 1
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, value) in enumerate(pairs):
        position = bisect_left(tails, value)
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
        previous.append(tail_index[position - 1] if position else -1)
    run: list[tuple[int, int]] = []
    cursor = tail_index[-1] if tail_index else -1
    while cursor != -1:
        run.append(pairs[cursor])
        cursor = previous[cursor]
    run.reverse()
    return run
