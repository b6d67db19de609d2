"""What every packer under test receives and returns, and the line-set rendering the baselines share.

A packer gets a `Request` (the scenario's document, cursor, budget) and returns `Packed`: its text and,
per file, the 1-based document lines whose text it shows verbatim. Scoring is the same for all packers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bench import tokens
from bench.oracle import Unit
from bench.scenario import Scenario


@dataclass(frozen=True)
class FileText:
    """A file's lines (newlines kept) and each line's token count."""

    lines: tuple[str, ...]
    line_tokens: tuple[int, ...]

    @staticmethod
    def of(text: str) -> FileText:
        lines = tuple(text.splitlines(keepends=True))
        return FileText(lines, tuple(tokens.count_lines(lines)))

    def replaced(self, first: int, last: int, line: str) -> FileText:
        """These lines with lines first..last (1-based, inclusive) replaced by one `line`: what `of` gives
        for that text, without counting the tokens of every other line again (a 9 MB file has 260k)."""
        return FileText(
            (*self.lines[: first - 1], line, *self.lines[last:]),
            (*self.line_tokens[: first - 1], *tokens.count_lines([line]), *self.line_tokens[last:]),
        )


@dataclass(frozen=True)
class Request:
    """One packing job. `path` is relative to the corpus root; `doc` is the scenario's document."""

    scenario: Scenario
    path: str
    doc: FileText
    budget: int
    files: Mapping[str, FileText]  # the other workspace files, as on disk
    # The oracle's answer, read only by the `oracle` packer (the upper bound).
    units: tuple[Unit, ...] = ()
    scopes: tuple[Unit, ...] = ()

    @property
    def cursor_line(self) -> int:
        """1-based cursor line in the document."""
        return self.scenario.line0 + 1

    def file(self, path: str) -> FileText:
        return self.doc if path == self.path else self.files[path]


@dataclass(frozen=True)
class Packed:
    """A packer's output: text, its token count, and the document lines it shows verbatim, per file."""

    text: str
    tokens: int
    included: Mapping[str, frozenset[int]] = field(default_factory=dict)


class Packer:
    """A context packer under test: a name, a `pack` function (timed) and an optional `prepare` (not
    timed), run once per document before its budgets, for work an editor integration does ahead."""

    def __init__(
        self, name: str, pack: Callable[[Request], Packed], prepare: Callable[[Request], None] | None = None
    ) -> None:
        self.name = name
        self.pack = pack
        self.prepare = prepare


GAP = "# ...\n"


def render(req: Request, chosen: Mapping[str, Iterable[int]]) -> str:
    """The chosen lines, file by file (the document last), in line order, with gap markers between runs."""
    parts: list[str] = []
    paths = sorted(p for p in chosen if p != req.path)
    if req.path in chosen:
        paths.append(req.path)
    multi = len(paths) > 1 or (paths and paths[0] != req.path)
    for path in paths:
        lines = sorted(set(chosen[path]))
        if not lines:
            continue
        ft = req.file(path)
        if multi:
            parts.append(f"# file: {path}\n")
        prev = 0
        for n in lines:
            if n != prev + 1 and (prev != 0 or n != 1):
                parts.append(GAP)
            text = ft.lines[n - 1]
            parts.append(text if text.endswith("\n") else text + "\n")
            prev = n
        if prev < len(ft.lines):
            parts.append(GAP)
    return "".join(parts)


def fit(req: Request, groups: Sequence[Sequence[tuple[str, int]]], budget: int) -> Packed:
    """Add line groups in priority order while the estimate fits, then trim to the exact token count.

    The estimate sums per-line counts plus the gap markers; the exact count of the rendered text decides,
    dropping the lowest-priority groups until it fits.
    """
    gap_cost = tokens.count(GAP)
    chosen: dict[str, set[int]] = {}
    taken: list[Sequence[tuple[str, int]]] = []
    used = 0
    for group in groups:
        new = [(p, n) for p, n in group if n not in chosen.get(p, set())]
        if not new:
            continue
        added: set[tuple[str, int]] = set()
        runs = 0  # how many separate runs of lines (each costs a gap marker) this group adds
        for p, n in new:
            have = chosen.get(p, set())
            runs += 1 - (n - 1 in have or (p, n - 1) in added) - (n + 1 in have or (p, n + 1) in added)
            added.add((p, n))
        cost = sum(req.file(p).line_tokens[n - 1] for p, n in new) + gap_cost * max(runs, 0)
        if used + cost > budget:
            continue
        used += cost
        taken.append(new)
        for p, n in new:
            chosen.setdefault(p, set()).add(n)
    while True:
        text = render(req, chosen)
        n_tokens = tokens.count(text)
        if n_tokens <= budget or not taken:
            break
        for p, n in taken.pop():
            chosen[p].discard(n)
    return Packed(text, n_tokens, {p: frozenset(v) for p, v in chosen.items()})


def prefix_lines(req: Request, budget: int) -> list[int]:
    """Whole document lines ending just before the cursor line, newest first, within `budget` tokens."""
    out: list[int] = []
    used = 0
    for n in range(req.cursor_line - 1, 0, -1):
        cost = req.doc.line_tokens[n - 1]
        if used + cost > budget:
            break
        used += cost
        out.append(n)
    return out
