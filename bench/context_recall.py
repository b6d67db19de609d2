"""Context recall: does a packed context keep a long file coherent? (design: BENCH_CONTEXT.md)

For target functions deep inside long files (tier A: this machine's standard library; tier C: a pinned
PyPI package, across files), an oracle built on `ast` + `symtable` (+ jedi across files) lists the
definitions and scope headers each target needs; archmem's packer and the baselines pack a context at
each budget, in the edit and generate scenarios, and the same scoring counts what they kept.

    python bench/context_recall.py [--tier A|C|all] [--budgets 1024,2048,4096,8192]
        [--mode edit|generate|both] [--max-files N] [--max-targets-per-file 15] [--seed 0]
        [--json OUT] [--quick] [--regenerate-manifest] [--require-archmem] [--min-class-lines N]

`--min-class-lines 1000` measures generate mode inside very large classes (issue 15): only methods of
classes spanning at least that many lines count (in the stdlib: `Decimal`, `BaseEventLoop`, `Popen`, ...).

Prints the table, the most frequent misses of archmem, and one summary line last.
"""

from __future__ import annotations

import argparse
import ast
import json
import platform
import random
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python bench/context_recall.py`): make the `bench` package importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus as corpus_mod
from bench import scenario as scen
from bench import tokens
from bench.archmem_adapter import ArchmemPacker, ArchmemUnavailable
from bench.baselines import BASELINES
from bench.oracle import ModuleOracle, Target, Unit
from bench.packing import FileText, Packer, Request
from bench.scoring import BUCKETS, Aggregate, score

MIN_CURSOR_TOKENS = 2_000
QUICK_FILES = {"A": 3, "C": 2}
QUICK_TARGETS = 4
SUMMARY_BUDGET = 2048


@dataclass
class Run:
    """Everything measured in one invocation."""

    cells: dict[tuple[str, str, str, int], Aggregate] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unresolved: Counter[str] = field(default_factory=Counter)
    targets: Counter[str] = field(default_factory=Counter)

    def cell(self, tier: str, packer: str, mode: str, budget: int) -> Aggregate:
        return self.cells.setdefault((tier, packer, mode, budget), Aggregate())


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--tier", choices=["A", "C", "all"], default="all")
    ap.add_argument("--budgets", default="1024,2048,4096,8192")
    ap.add_argument("--mode", choices=["edit", "generate", "both"], default="both")
    ap.add_argument("--max-files", type=int, default=0, help="files per tier (0 = all)")
    ap.add_argument("--max-targets-per-file", type=int, default=15)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="write every cell and the misses as JSON here")
    ap.add_argument("--quick", action="store_true", help="smoke run: a few files and targets per tier")
    ap.add_argument("--packers", default="", help="comma list to run a subset (default: all)")
    ap.add_argument("--regenerate-manifest", action="store_true", help="re-pin the corpus to this machine")
    ap.add_argument("--require-archmem", action="store_true", help="fail when archmem's packer is missing")
    ap.add_argument(
        "--min-class-lines",
        type=int,
        default=0,
        help="only methods of classes of at least N lines (0 = every target): the huge-class case",
    )
    args = ap.parse_args(argv)
    try:
        args.budget_list = [int(b) for b in args.budgets.split(",") if b.strip()]
    except ValueError:
        ap.error(f"--budgets must be comma-separated integers, got {args.budgets!r}")
    if not args.budget_list or min(args.budget_list) <= 0:
        ap.error("--budgets needs at least one positive budget")
    if args.max_targets_per_file <= 0 or args.max_files < 0 or args.min_class_lines < 0:
        ap.error("--max-targets-per-file must be positive, --max-files and --min-class-lines non-negative")
    args.modes = list(scen.MODES) if args.mode == "both" else [args.mode]
    args.tiers = ["A", "C"] if args.tier == "all" else [args.tier]
    return args


def _pick(items: Sequence[str], n: int, rng: random.Random) -> list[str]:
    return sorted(items) if n <= 0 or n >= len(items) else sorted(rng.sample(sorted(items), n))


def class_spans(src: str, min_lines: int) -> list[tuple[int, int]]:
    """The (first, last) lines of every class in `src` spanning at least `min_lines` lines."""
    if min_lines <= 0:
        return []
    return [
        (node.lineno, node.end_lineno or node.lineno)
        for node in ast.walk(ast.parse(src))
        if isinstance(node, ast.ClassDef) and (node.end_lineno or node.lineno) - node.lineno + 1 >= min_lines
    ]


def run_tier(tier: str, args: argparse.Namespace, run: Run) -> None:
    """Measure every packer on one tier, adding to `run`."""
    corpus = (
        corpus_mod.load_stdlib(args.regenerate_manifest)
        if tier == "A"
        else corpus_mod.load_package(args.regenerate_manifest)
    )
    wanted = {p for p in args.packers.split(",") if p}
    packers: list[Packer] = [p for p in BASELINES if not wanted or p.name in wanted]
    adapter: ArchmemPacker | None = None
    if not wanted or "archmem" in wanted:
        try:
            adapter = ArchmemPacker(corpus.root)
            packers.insert(0, adapter.as_packer())
            run.notes.append(
                f"tier {tier}: archmem indexed {len(corpus.files)} files in {adapter.index_seconds:.1f} s"
            )
        except ArchmemUnavailable as exc:
            if args.require_archmem:
                raise
            run.notes.append(f"tier {tier}: archmem not measured ({exc})")
    files = {rel: FileText.of(text) for rel, text in corpus.files.items()}
    all_lines: dict[str, Sequence[str]] = {rel: ft.lines for rel, ft in files.items()}
    pool = scen.LinePool(corpus.files)
    xfile = None
    if tier == "C":
        from bench.xfile_oracle import CrossFileOracle

        xfile = CrossFileOracle(corpus.root, corpus.files)
    max_files = QUICK_FILES[tier] if args.quick and not args.max_files else args.max_files
    max_targets = QUICK_TARGETS if args.quick else args.max_targets_per_file
    long_files = corpus.long_files
    if args.min_class_lines:
        # The huge-class case: only the files holding such a class, only the methods inside one.
        long_files = [rel for rel in long_files if class_spans(corpus.files[rel], args.min_class_lines)]
        run.notes.append(
            f"tier {tier}: methods of classes of >= {args.min_class_lines} lines ({len(long_files)} files)"
        )
    chosen_files = _pick(long_files, max_files, random.Random(args.seed))
    for rel in chosen_files:
        src = corpus.files[rel]
        oracle = ModuleOracle(src, rel)
        ft = files[rel]
        cum = tokens.cumulative(ft.line_tokens)
        cands = [t for t in oracle.targets() if cum[t.body_start - 1] >= MIN_CURSOR_TOKENS]
        if args.min_class_lines:
            spans = class_spans(src, args.min_class_lines)
            cands = [t for t in cands if any(lo < t.def_line <= hi for lo, hi in spans)]
        needs: dict[Target, tuple[list[Unit], list[Unit]]] = {}
        if xfile is not None:
            # Tier C measures cross-file recall: only targets that need another file qualify.
            for t in cands:
                units, scopes = oracle.units(t)
                cross = xfile.units(oracle, t)
                if cross:
                    needs[t] = (units + cross, scopes)
            cands = list(needs)
        rng = random.Random(f"{args.seed}:{rel}")
        if len(cands) > max_targets:
            cands = sorted(rng.sample(cands, max_targets), key=lambda t: t.def_line)
        for t in cands:
            units, scopes = needs[t] if t in needs else oracle.units(t)
            run.targets[tier] += 1
            for mode in args.modes:
                _measure(
                    tier,
                    t,
                    mode,
                    src,
                    ft,
                    cum,
                    units,
                    scopes,
                    files,
                    all_lines,
                    pool,
                    packers,
                    adapter,
                    args,
                    run,
                )
        run.unresolved.update(oracle.unresolved)


def _measure(
    tier: str,
    t: Target,
    mode: str,
    src: str,
    ft: FileText,
    cum: Sequence[int],
    units: list[Unit],
    scopes: list[Unit],
    files: Mapping[str, FileText],
    all_lines: Mapping[str, Sequence[str]],
    pool: scen.LinePool,
    packers: Sequence[Packer],
    adapter: ArchmemPacker | None,
    args: argparse.Namespace,
    run: Run,
) -> None:
    sc = scen.build(mode, t, src)
    # generate's document is the file with the body replaced by scenario.build's one placeholder line.
    doc = ft if mode == "edit" else ft.replaced(t.body_start, t.end_line, t.body_indent + "\n")
    texts = {**all_lines, t.path: doc.lines}
    others = {p: f for p, f in files.items() if p != t.path}
    if adapter is not None:
        adapter.begin(t.path, mode, sc.text)
    try:
        first = Request(sc, t.path, doc, args.budget_list[0], others, tuple(units), tuple(scopes))
        for packer in packers:
            if packer.prepare is not None:
                packer.prepare(first)
        for budget in args.budget_list:
            req = Request(sc, t.path, doc, budget, others, tuple(units), tuple(scopes))
            for packer in packers:
                started = time.perf_counter()
                packed = packer.pack(req)
                ms = (time.perf_counter() - started) * 1000.0
                scen.check_scrub(sc, pool, packed.text, packer.name)
                result = score(sc, units, scopes, packed, texts, cum)
                for key_tier in (tier, "all") if len(args.tiers) > 1 else (tier,):
                    run.cell(key_tier, packer.name, mode, budget).add(result, budget, ms)
    finally:
        if adapter is not None:
            adapter.end(t.path, src)


def _fmt(v: float | int | None, digits: int = 2) -> str:
    if v is None:
        return "-"
    if isinstance(v, int):
        return str(v)
    return f"{v:.{digits}f}"


def table(run: Run) -> str:
    """The full table: tier x mode x budget x packer."""
    head = ["tier", "mode", "budget", "packer", "targets", "units", "DefRecall", "macro", *BUCKETS]
    head += ["Scope", "AllCov", "tokens", "p50ms", "p95ms", "over", "unverif"]
    rows = [head]
    tiers = sorted({k[0] for k in run.cells}, key=lambda x: (x == "all", x))
    packer_order = ["archmem", *(p.name for p in BASELINES)]
    for tier in tiers:
        for mode in scen.MODES:
            budgets = sorted({k[3] for k in run.cells if k[0] == tier and k[2] == mode})
            for budget in budgets:
                for name in packer_order:
                    agg = run.cells.get((tier, name, mode, budget))
                    if agg is None:
                        continue
                    r = agg.row()
                    rows.append(
                        [tier, mode, str(budget), name, _fmt(r["targets"]), _fmt(r["units"]), _fmt(r["def_recall"]),
                         _fmt(r["def_recall_macro"]), *(_fmt(r[b]) for b in BUCKETS), _fmt(r["scope_recall"]),
                         _fmt(r["all_covered"]), _fmt(r["tokens_mean"], 0), _fmt(r["p50_ms"], 1), _fmt(r["p95_ms"], 1),
                         _fmt(r["over_budget"]), _fmt(r["unverified_lines"])]
                    )  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) if i >= 4 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
             for row in rows]  # fmt: skip
    return "\n".join(lines)


def _overall(run: Run) -> str:
    """The tier key covering everything run: "all" when several tiers ran, else the one tier."""
    tiers = {k[0] for k in run.cells}
    return "all" if "all" in tiers else min(tiers, default="all")


def misses(run: Run, packer: str, budget: int, top: int = 10) -> dict[str, list[tuple[str, int]]]:
    """The most frequent miss categories of `packer` at `budget`, per mode (all tiers)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for mode in scen.MODES:
        agg = run.cells.get((_overall(run), packer, mode, budget))
        if agg is not None:
            out[mode] = agg.misses.most_common(top)
    return out


def summary(run: Run, budget: int = SUMMARY_BUDGET) -> str:
    """One line: generate@budget for every packer, then archmem's edit@budget."""

    def part(name: str, mode: str) -> str | None:
        agg = run.cells.get((_overall(run), name, mode, budget))
        if agg is None:
            return None
        r = agg.row()
        return (
            f"{name} DefRecall {_fmt(r['def_recall'])} far {_fmt(r['far'])} xfile {_fmt(r['xfile'])} "
            f"AllCovered {_fmt(r['all_covered'])} p95 {_fmt(r['p95_ms'], 0)}ms"
        )

    names = ["archmem", *(p.name for p in BASELINES)]
    gen = [p for n in names if (p := part(n, "generate")) is not None]
    edit = part("archmem", "edit")
    tail = f" || edit@{budget}: {edit}" if edit else ""
    if not any(k[1] == "archmem" for k in run.cells):
        tail += " || archmem not measured"
    targets = sum(v for k, v in run.targets.items())
    return f"context_recall generate@{budget} ({targets} targets): " + " | ".join(gen) + tail


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    run = Run()
    try:
        for tier in args.tiers:
            run_tier(tier, args, run)
    except (corpus_mod.CorpusError, ArchmemUnavailable) as exc:
        print(f"context_recall: {exc}", file=sys.stderr)
        return 2
    except scen.ScrubViolation as exc:
        print(f"context_recall: SCRUB CHECK FAILED, numbers void: {exc}", file=sys.stderr)
        return 3
    elapsed = time.perf_counter() - started
    print(table(run))
    print()
    for note in run.notes:
        print(f"note: {note}")
    if run.unresolved:
        top = ", ".join(f"{n} x{c}" for n, c in run.unresolved.most_common(8))
        print(
            f"note: names the oracle could not place (star imports, injected globals, members set outside the class chain): {top}"
        )
    print(f"note: {dict(run.targets)} targets, {elapsed:.0f} s, python {platform.python_version()}")
    top_misses = misses(run, "archmem", SUMMARY_BUDGET)
    for mode, items in top_misses.items():
        print(f"archmem misses @{SUMMARY_BUDGET} {mode}:")
        for cat, n in items:
            print(f"  {n:5d}  {cat}")
    if args.json:
        payload = {
            "python": platform.python_version(),
            "argv": sys.argv[1:] if argv is None else list(argv),
            "seconds": elapsed,
            "targets": dict(run.targets),
            "cells": [
                {"tier": k[0], "packer": k[1], "mode": k[2], "budget": k[3], **agg.row()}
                for k, agg in sorted(run.cells.items())
            ],
            "misses": {
                f"{k[0]}/{k[1]}/{k[2]}/{k[3]}": agg.misses.most_common() for k, agg in run.cells.items()
            },
            "notes": run.notes,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=1) + "\n")
    print(summary(run))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
