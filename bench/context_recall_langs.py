"""Context recall in TypeScript, C, Go, Java and Rust, with each language's own tooling as the oracle (issue 15).

The scenarios, baselines and scoring are context_recall.py's; the corpora are bench/lang_corpus.py's
(effect from npm, the SQLite amalgamation and sqlean from a PyPI sdist, the Go 1.19 standard library
from Debian, JDK 17's java.util and three Rust crates from Debian) and the oracles bench/lang_oracles.py's
(the TypeScript checker, clangd, gopls) and bench/java_rust_oracles.py's (javac; for Rust, where no
language server installs, a hand-checked manifest of targets, reported as such). Long files
are split by a fixed hash of their path into a tuned part and a held-out part (a third), reported apart:
work on the packer should look at the tuned part only. archmem's packing latency is also reported on
each corpus's longest file.

    python bench/context_recall_langs.py [--langs typescript,c,go,java,rust] [--budgets 1024,2048,4096]
        [--mode edit|generate|both] [--max-files N] [--max-targets-per-file 15] [--seed 0]
        [--json OUT] [--quick] [--regenerate-manifest] [--list-misses N]

The oracles install with `bash scripts/install-oracles.sh` (clangd, gopls, golang-go from Debian; node
for TypeScript). Prints the table, archmem's most frequent misses, and one summary line last.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import context_recall as cr
from bench import lang_corpus, tokens
from bench import scenario as scen
from bench.archmem_adapter import ArchmemPacker, ArchmemUnavailable
from bench.baselines import BASELINES
from bench.corpus import CorpusError
from bench.java_rust_oracles import HandCheckedOracle, JavaOracle
from bench.lang_oracles import LspOracle, Oracle, Span, TypeScriptOracle, scope_units, to_target
from bench.oracle import Target, Unit
from bench.packing import FileText, Packed, Packer, Request
from bench.scoring import Aggregate, score

LANGS = ("typescript", "c", "go", "java", "rust")
PACKERS = ("prefix", "fim", "oracle")  # the outline/repo-map baselines parse Python only
HELD_OUT_SHARE = 3  # one file in three, by a fixed hash of its path
QUICK = {"files": 1, "targets": 3}
LATENCY_BUDGET = 2048
# What archmem's memory of each workspace leaves out (the corpus's own exclusions, as a user would set).
EXCLUDES = {"go": ("cmd/", "vendor/", "testdata/", "*_test.go")}
# Where the oracle is no tool but a manifest checked by hand, every line saying so.
LABELS = {"rust": "rust (hand-checked)"}


def part_of(rel: str) -> str:
    """`held-out` for a fixed third of the files (a hash of the path, not the sample seed), else `tuned`."""
    digest = int(hashlib.sha256(f"context-recall-holdout:{rel}".encode()).hexdigest(), 16)
    return "held-out" if digest % HELD_OUT_SHARE == 0 else "tuned"


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--langs", help=f"comma list of {', '.join(LANGS)} (default: all; --quick: typescript)")
    ap.add_argument("--budgets", default="1024,2048,4096")
    ap.add_argument("--mode", choices=["edit", "generate", "both"], default="both")
    ap.add_argument("--max-files", type=int, default=12, help="long files per language (0 = all)")
    ap.add_argument("--max-targets-per-file", type=int, default=15)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--quick",
        action="store_true",
        help="1 file and 3 targets per language; TypeScript alone unless --langs (~1 min)",
    )
    ap.add_argument("--regenerate-manifest", action="store_true")
    ap.add_argument(
        "--list-misses",
        type=int,
        default=0,
        metavar="N",
        help="also print N of archmem's missed units @2048 in the tuned part (target, name, kind, definition; scoring unchanged)",
    )
    args = ap.parse_args(argv)
    # A quick run of every language would spend minutes starting gopls and indexing GOROOT: one language.
    langs = args.langs if args.langs is not None else ("typescript" if args.quick else ",".join(LANGS))
    args.lang_list = [x.strip() for x in langs.split(",") if x.strip()]
    if not args.lang_list or set(args.lang_list) - set(LANGS):
        ap.error(f"--langs takes a comma list of {', '.join(LANGS)}")
    try:
        args.budget_list = sorted(int(b) for b in args.budgets.split(",") if b.strip())
    except ValueError:
        ap.error(f"--budgets must be comma-separated integers, got {args.budgets!r}")
    if not args.budget_list or args.budget_list[0] <= 0 or args.max_targets_per_file <= 0:
        ap.error("--budgets and --max-targets-per-file must be positive")
    args.modes = list(scen.MODES) if args.mode == "both" else [args.mode]
    args.tiers = ["one"]  # context_recall._measure keys each cell by the tier it is given, only that one
    return args


def make_oracle(language: str, corpus: lang_corpus.LangCorpus) -> Oracle:
    if language == "typescript":
        from bench.redaction import typescript_declarations

        return TypeScriptOracle(typescript_declarations() / "typescript.js", corpus.root, corpus.files)
    if language == "c":
        return LspOracle("c", ["clangd", "--background-index=false", "-j=2"], corpus.root, corpus.files)
    if language == "java":
        return JavaOracle(corpus.root, corpus.files)
    if language == "rust":
        return HandCheckedOracle(corpus.files)
    return LspOracle("go", ["gopls"], corpus.root, corpus.files)


def choose_files(corpus: lang_corpus.LangCorpus, args: argparse.Namespace) -> list[str]:
    """A seeded sample of long files, always with the longest (where the latency is read) unless quick."""
    files = sorted(corpus.long_files, key=lambda rel: len(corpus.files[rel]))
    if args.quick:
        return files[: QUICK["files"]]  # the smallest long files: a smoke run, not the numbers
    n = args.max_files
    if n <= 0 or n >= len(files):
        return files
    rest = [f for f in files if f != corpus.longest]
    return sorted([corpus.longest, *random.Random(args.seed).sample(rest, n - 1)])


class Timed:
    """archmem's packer, also recording its time on the longest file at the latency budget."""

    def __init__(self, adapter: ArchmemPacker, longest: str) -> None:
        self.adapter = adapter
        self.longest = longest
        self.ms: list[float] = []
        # CPU time too: on a shared, loaded machine the wall clock measures the neighbours as well.
        self.cpu_ms: list[float] = []
        # The last packs at each budget, for --list-misses to score again per unit.
        self.last: dict[int, tuple[Request, Packed]] = {}

    def pack(self, req: Request) -> Packed:
        started, cpu = time.perf_counter(), time.thread_time()
        packed = self.adapter.pack(req)
        self.last[req.budget] = (req, packed)
        if req.path == self.longest and req.budget == LATENCY_BUDGET:
            self.ms.append((time.perf_counter() - started) * 1000.0)
            self.cpu_ms.append((time.thread_time() - cpu) * 1000.0)
        return packed


def list_misses(
    timed: Timed,
    tier: str,
    mode: str,
    units: Sequence[Unit],
    all_lines: dict[str, Sequence[str]],
    cum: Sequence[int],
) -> list[str]:
    """One line per unit archmem's last pack @2048 missed: where the target is, the unit's kind, name,
    bucket, its first definition line, and whether the largest budget of the run covered it."""
    if LATENCY_BUDGET not in timed.last:
        return []
    req, packed = timed.last[LATENCY_BUDGET]
    texts = {**all_lines, req.path: req.doc.lines}
    result = score(req.scenario, units, req.scopes, packed, texts, cum)
    big_req, big = timed.last[max(timed.last)]
    at_max = {u for u, _b, c in score(big_req.scenario, units, big_req.scopes, big, texts, cum).units if c}
    out = []
    for unit, where, covered in result.units:
        if covered:
            continue
        site = unit.alternatives[0]
        first = all_lines[site.path][site.lines[0] - 1].strip()[:90]
        fits = f" (covered @{max(timed.last)})" if unit in at_max and max(timed.last) > LATENCY_BUDGET else ""
        out.append(
            f"{tier} {mode} {req.path}:{req.scenario.target.qualname}: {unit.kind} {unit.name!r} {where}{fits}"
            f" <- {site.path}:{site.lines[0]} {first}"
            + "".join(f" | {a.path}:{a.lines[0]}" for a in unit.alternatives[1:4])
        )
    timed.last.clear()
    return out


def sample_targets(
    spans: Sequence[Span], rel: str, src: str, cum: Sequence[int], seed: int, max_targets: int
) -> list[tuple[Span, Target]]:
    """The oracle's functions of `rel` with enough code above the body to pack, a seeded sample of `max_targets`."""
    lines = src.splitlines(keepends=True)
    found = [
        (span, t)
        for span in spans
        if (t := to_target(span, lines)) is not None and cum[t.body_start - 1] >= cr.MIN_CURSOR_TOKENS
    ]
    if len(found) > max_targets:
        found = sorted(
            random.Random(f"{seed}:{rel}").sample(found, max_targets), key=lambda st: st[1].def_line
        )
    return found


def run_language(language: str, args: argparse.Namespace, run: cr.Run) -> Timed | None:
    corpus = lang_corpus.LOADERS[language](args.regenerate_manifest)
    packers: list[Packer] = [p for p in BASELINES if p.name in PACKERS]
    from archmem.indexer.files import FileRules

    adapter = ArchmemPacker(corpus.root, rules=FileRules(excludes=EXCLUDES.get(language, ())))
    timed = Timed(adapter, corpus.longest)
    packers.insert(0, Packer("archmem", timed.pack))
    run.notes.append(
        f"{LABELS.get(language, language)}: {corpus.name}, {len(corpus.files)} files, {len(corpus.long_files)} long; archmem indexed "
        f"in {adapter.index_seconds:.1f} s; longest {corpus.longest} ({len(corpus.files[corpus.longest]):,} bytes)"
    )
    started = time.perf_counter()
    oracle = make_oracle(language, corpus)
    missed: list[str] = []
    try:
        files = {rel: FileText.of(text) for rel, text in corpus.files.items()}
        all_lines = {rel: ft.lines for rel, ft in files.items()}
        pool = scen.LinePool(corpus.files)
        max_targets = QUICK["targets"] if args.quick else args.max_targets_per_file
        for rel in choose_files(corpus, args):
            src = corpus.files[rel]
            ft = files[rel]
            cum = tokens.cumulative(ft.line_tokens)
            spans = sample_targets(oracle.spans(rel, src), rel, src, cum, args.seed, max_targets)
            tier = f"{language}/{part_of(rel)}"
            print(f"{language}: {rel}: {len(spans)} targets ({tier})", file=sys.stderr, flush=True)
            for span, target in spans:
                units = oracle.needs(span, src)
                run.targets[tier] += 1
                for mode in args.modes:
                    cr._measure(tier, target, mode, src, ft, cum, units, scope_units(span), files, all_lines,
                                pool, packers, adapter, args, run)  # fmt: skip
                    # Misses are listed for the tuned part only: the held-out part is kept out of sight of tuning.
                    if args.list_misses and part_of(rel) == "tuned":
                        missed.extend(list_misses(timed, tier, mode, units, all_lines, cum))
        run.notes.append(
            f"{language}: oracle {time.perf_counter() - started:.0f} s, {getattr(oracle, 'queries', 0)} queries, "
            f"{getattr(oracle, 'outside', 0)} answers outside the workspace left out"
        )
    finally:
        oracle.close()
        adapter.close()
    for line in random.Random(args.seed).sample(missed, min(args.list_misses, len(missed))):
        print(f"miss: {line}")
    return timed


def merge(aggs: Sequence[Aggregate]) -> Aggregate:
    """One cell from several (a language's tuned and held-out parts)."""
    out = Aggregate()
    for a in aggs:
        out.units.update(a.units)
        out.covered.update(a.covered)
        out.misses.update(a.misses)
        out.scopes += a.scopes
        out.scopes_covered += a.scopes_covered
        out.targets += a.targets
        out.all_covered += a.all_covered
        out.macro += a.macro
        out.tokens += a.tokens
        out.ms += a.ms
        out.over_budget += a.over_budget
        out.unverified += a.unverified
        out.detail.extend(a.detail)
    return out


def add_totals(run: cr.Run, languages: Sequence[str]) -> None:
    """Each language's row over both parts, keyed by the language alone."""
    for lang in languages:
        keys = {k[1:] for k in run.cells if k[0].startswith(lang + "/")}
        for packer, mode, budget in keys:
            parts = [
                a
                for k, a in run.cells.items()
                if k[0].startswith(lang + "/") and k[1:] == (packer, mode, budget)
            ]
            run.cells[(lang, packer, mode, budget)] = merge(parts)


def latency_line(language: str, timed: Timed | None) -> str:
    if timed is None or not timed.ms:
        return f"{language}: longest file not packed in this run"

    def p(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return (
        f"{language}: archmem packing on {timed.longest} @{LATENCY_BUDGET}: wall p50 {p(timed.ms, 0.5):.1f} ms, "
        f"p95 {p(timed.ms, 0.95):.1f} ms; CPU p50 {p(timed.cpu_ms, 0.5):.1f} ms, p95 {p(timed.cpu_ms, 0.95):.1f} ms "
        f"({len(timed.ms)} packs)"
    )


def summary(run: cr.Run, languages: Sequence[str]) -> str:
    parts = []
    for lang in languages:
        edit = run.cells.get((lang, "archmem", "edit", 2048))
        gen = run.cells.get((lang, "archmem", "generate", 2048))
        window = run.cells.get((lang, "prefix", "edit", 2048))
        if edit is None:
            parts.append(f"{LABELS.get(lang, lang)} not measured")
            continue
        e = edit.row()
        g = gen.row() if gen else {"def_recall": None}
        w = window.row() if window else {"def_recall": None}
        parts.append(
            f"{LABELS.get(lang, lang)} edit {cr._fmt(e['def_recall'])} (far {cr._fmt(e['far'])}) gen {cr._fmt(g['def_recall'])} "
            f"window {cr._fmt(w['def_recall'])}"
        )
    targets = sum(run.targets.values())
    return f"context_recall_langs @2048 ({targets} targets): " + " | ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    run = cr.Run()
    latencies: list[str] = []
    for language in args.lang_list:
        try:
            latencies.append(latency_line(language, run_language(language, args, run)))
        except (CorpusError, ArchmemUnavailable, RuntimeError, OSError) as exc:
            run.notes.append(f"{language}: not measured ({exc})")
        except scen.ScrubViolation as exc:
            print(f"context_recall_langs: SCRUB CHECK FAILED, numbers void: {exc}", file=sys.stderr)
            return 3
    add_totals(run, args.lang_list)
    print(cr.table(run))
    print()
    for note in [*run.notes, *latencies]:
        print(f"note: {note}")
    print(f"note: {dict(run.targets)} targets, {time.perf_counter() - started:.0f} s")
    for lang in args.lang_list:
        for mode in scen.MODES:
            agg = run.cells.get((lang, "archmem", mode, 2048))
            if agg is not None:
                print(f"archmem misses {lang} @2048 {mode}:")
                for cat, n in agg.misses.most_common(8):
                    print(f"  {n:5d}  {cat}")
    if args.json:
        payload = {
            "argv": sys.argv[1:] if argv is None else list(argv),
            "targets": dict(run.targets),
            "cells": [{"tier": k[0], "packer": k[1], "mode": k[2], "budget": k[3], **a.row()} for k, a in sorted(run.cells.items())],
            "misses": {"/".join(map(str, k)): a.misses.most_common() for k, a in run.cells.items() if k[1] == "archmem"},
            "detail": {"/".join(map(str, k)): a.detail for k, a in run.cells.items() if k[1] == "archmem" and "/" in k[0]},
            "notes": [*run.notes, *latencies],
        }  # fmt: skip
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=1) + "\n")
    print(summary(run, args.lang_list))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
