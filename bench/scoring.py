"""Scoring shared by every packer: which oracle units a packed context covers, and the aggregate table.

A claimed line counts only when its text really is in the packed text (a packer cannot over-claim). A
unit is covered when every line of one of its alternatives is included; its distance bucket is the token
distance from the cursor back to its nearest earlier alternative: near (<2k), mid (2k-8k), far (>=8k),
after the cursor, or in another file (xfile).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bench.oracle import Site, Unit
from bench.packing import Packed
from bench.scenario import Scenario

NEAR = 2_000
FAR = 8_000
BUCKETS = ("near", "mid", "far", "after", "xfile")


@dataclass(frozen=True)
class TargetScore:
    """One packer's result on one target: per unit (bucket, covered), scopes covered, cost."""

    units: tuple[tuple[Unit, str, bool], ...]
    scopes: tuple[tuple[Unit, bool], ...]
    tokens: int
    unverified: int  # claimed lines whose text is not in the output

    @property
    def all_covered(self) -> bool:
        return all(c for _, _, c in self.units) and all(c for _, c in self.scopes)


def verified_lines(packed: Packed, texts: Mapping[str, Sequence[str]]) -> tuple[dict[str, set[int]], int]:
    """The claimed lines whose text (without its newline) occurs in the packed text, and how many did not."""
    out: dict[str, set[int]] = {}
    bad = 0
    for path, claimed in packed.included.items():
        lines = texts.get(path)
        keep: set[int] = set()
        for n in claimed:
            if lines is not None and 1 <= n <= len(lines) and lines[n - 1].rstrip("\r\n") in packed.text:
                keep.add(n)
            else:
                bad += 1
        out[path] = keep
    return out, bad


def bucket(site: Site, scenario: Scenario, cum_tokens: Sequence[int]) -> str:
    """The distance bucket of one site, from the source file's cumulative per-line token counts."""
    if site.path != scenario.target.path:
        return "xfile"
    cursor = scenario.cursor_line
    first = site.lines[0]
    if first >= cursor:
        return "after"
    distance = cum_tokens[cursor - 1] - cum_tokens[first - 1]
    if distance < NEAR:
        return "near"
    return "mid" if distance < FAR else "far"


def unit_bucket(unit: Unit, scenario: Scenario, cum_tokens: Sequence[int]) -> str:
    """A unit's bucket: that of its nearest alternative (in the file, before the cursor, if any)."""
    order = {b: i for i, b in enumerate(BUCKETS)}
    return min((bucket(s, scenario, cum_tokens) for s in unit.alternatives), key=order.__getitem__)


def score(
    scenario: Scenario,
    units: Sequence[Unit],
    scopes: Sequence[Unit],
    packed: Packed,
    texts: Mapping[str, Sequence[str]],
    cum_tokens: Sequence[int],
) -> TargetScore:
    """Score one packed context. `texts` maps each path to the lines the packer saw (the document for
    the target file); included lines of the target file are mapped back to source lines first."""
    verified, bad = verified_lines(packed, texts)
    path = scenario.target.path
    shown: dict[str, set[int]] = {p: set(v) for p, v in verified.items() if p != path}
    shown[path] = {s for n in verified.get(path, set()) if (s := scenario.to_source_line(n)) is not None}

    def covered(unit: Unit) -> bool:
        return any(all(n in shown.get(a.path, set()) for n in a.lines) for a in unit.alternatives)

    return TargetScore(
        units=tuple((u, unit_bucket(u, scenario, cum_tokens), covered(u)) for u in units),
        scopes=tuple((u, covered(u)) for u in scopes),
        tokens=packed.tokens,
        unverified=bad,
    )


_KIND = {
    "global": "module-level {what}",
    "free": "enclosing function's {what} (free variable)",
    "member": "own class's {what}",
    "inherited": "in-file base class's {what}",
    "class-attr": "C.X: a file class's {what}",
    "xfile": "imported name: {what} in another file",
    "xfile-member": "self./C. member: {what} in another file",
    # The other languages' oracles (bench/lang_oracles.py): members reached through a typed expression
    # (`p->a.b`, `c.mu.Lock`, `options.onLeft`) and names qualified by a package or namespace import.
    "typed-member": "member through a typed expression: {what}",
    "qualified": "package/namespace-qualified {what}",
    "xfile-typed-member": "member through a typed expression: {what} in another file",
}
_WHAT = {
    "def": "function/method",
    "class": "class",
    "assign": "assignment",
    "import": "import",
    "self-assign": "self.X = ... in a method",
    "param": "parameter",
    "walrus": "assignment",
    "macro": "macro",
    "type": "type",
    "field or variable": "field or variable",
}
_WHERE = {
    "near": "near (<2k tokens)",
    "mid": "mid (2-8k)",
    "far": "far (>=8k)",
    "after": "after the cursor",
}


def miss_category(unit: Unit, bucket_name: str) -> str:
    """A readable class of miss, e.g. "own class's self.X = ... in a method, far (>=8k)"."""
    whats = sorted({_WHAT.get(a.what, a.what + " binding") for a in unit.alternatives})
    label = _KIND.get(unit.kind, unit.kind + " {what}").format(what=" or ".join(whats))
    return label if bucket_name == "xfile" else f"{label}, {_WHERE.get(bucket_name, bucket_name)}"


@dataclass
class Aggregate:
    """Running totals for one (tier, packer, mode, budget) cell of the table."""

    units: Counter[str] = field(default_factory=Counter)
    covered: Counter[str] = field(default_factory=Counter)
    scopes: int = 0
    scopes_covered: int = 0
    targets: int = 0
    all_covered: int = 0
    macro: list[float] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    over_budget: int = 0
    unverified: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    # Per target, in run order: the tokens used and each unit covered or not (`--json`'s exact results,
    # to diff two runs unit by unit).
    detail: list[dict[str, object]] = field(default_factory=list)

    def add(self, result: TargetScore, budget: int, ms: float) -> None:
        self.targets += 1
        self.all_covered += result.all_covered
        hits = 0
        for unit, b, c in result.units:
            self.units[b] += 1
            self.covered[b] += c
            hits += c
            if not c:
                self.misses[miss_category(unit, b)] += 1
        if result.units:
            self.macro.append(hits / len(result.units))
        for unit, c in result.scopes:
            self.scopes += 1
            self.scopes_covered += c
            if not c:
                kind = "class" if unit.alternatives[0].what == "class" else "function"
                self.misses[f"enclosing {kind} header (scope)"] += 1
        self.tokens.append(result.tokens)
        self.detail.append(
            {
                "tokens": result.tokens,
                "units": [f"{'+' if c else '-'}{unit.kind} {unit.name}" for unit, _b, c in result.units],
            }
        )
        self.ms.append(ms)
        self.over_budget += result.tokens > budget
        self.unverified += result.unverified

    def recall(self, which: str | None = None) -> float | None:
        total = sum(self.units.values()) if which is None else self.units[which]
        hit = sum(self.covered.values()) if which is None else self.covered[which]
        return hit / total if total else None

    def row(self) -> dict[str, float | int | None]:
        """The table columns of this cell, as numbers (None where there is nothing to measure)."""
        ms = sorted(self.ms)
        return {
            "targets": self.targets,
            "units": sum(self.units.values()),
            "def_recall": self.recall(),
            "def_recall_macro": statistics.fmean(self.macro) if self.macro else None,
            **{b: self.recall(b) for b in BUCKETS},
            "scope_recall": self.scopes_covered / self.scopes if self.scopes else None,
            "all_covered": self.all_covered / self.targets if self.targets else None,
            "tokens_mean": statistics.fmean(self.tokens) if self.tokens else None,
            "p50_ms": _percentile(ms, 0.50),
            "p95_ms": _percentile(ms, 0.95),
            "over_budget": self.over_budget,
            "unverified_lines": self.unverified,
        }


def _percentile(sorted_values: Sequence[float], q: float) -> float | None:
    if not sorted_values:
        return None
    i = min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1)))
    return sorted_values[i]
