"""Packing latency on the longest file of each corpus, as an editor meets it: one request on a warm memory.

For each language, archmem's memory is opened on the corpus (the same corpora and exclusions as
context_recall.py and context_recall_langs.py), one `Packer` is kept for the whole run (an editor session
keeps one) and functions of the corpus's longest file are packed at one budget, in edit mode (the file as
it is) and generate mode (the body replaced by one indented line, set as the file's unsaved buffer first,
so the packer meets a changed file as it does after a keystroke); the file is open in the memory
throughout, as the editor's buffer is. No oracle is needed: the targets are the
file's own functions (Python: the bench oracle's targets; C, Go, TypeScript: archmem's function symbols
with a brace body, as context_recall_langs.py takes them from the language servers).

The garbage collector is run as the server runs it (indexer/heap.py, server/lsp/collector.py): what indexing
left is frozen out of its sight by `Memory.index_all` itself, the oldest generation's trigger is raised tenfold
and a full pass (`heap.tidy`) runs at idle moments, here between targets (outside the timed packs); the young
generations run where they fall. Each idle moment also frees the file's versions the edits replaced and nothing
holds any more (`indexer/retired.py`), as the server's quiet tick does: its CPU is printed beside the idle
passes. The passes that land inside the timed packs are counted and timed.

Prints, per language, the file, CPU (`time.thread_time`) and wall p50 / p95 of `pack`, and the SHA-1 of every
rendered prompt in order: the same digest before and after a speed change proves the prompts did not move. Then
the work the same packings do, counted in a second process per language (`--count-only`, `bench/work_counts.py`:
Python calls, store reads and queries, names asked and resolved), which the load does not move: the same tree
gives the same counts run after run. `--no-count` skips it.

    python bench/packing_speed.py [--langs python,typescript,c,go,java,rust] [--targets 15] [--budget 2048]
        [--seed 0] [--modes edit,generate] [--profile N] [--warm-open] [--idle-region [--idle-after-edit]] [--no-count]

With `--warm-open`, the server's idle pass after the editor opens the file (`indexer/warm.py`: the memories
of the files its names lead to, loaded before any request) runs between opening it and the first pack,
untimed; the prompts' digest must be the one without it. Without it, the first pack pays for that loading
(cold): an editor that asks at once, before a quiet moment.

With `--idle-region`, the server's idle pass where the cursor arrives (`indexer/warm.warm_region`, run by
`server/lsp/warmup.py` after a code action asked at the cursor or an edit) runs in each idle moment between targets,
untimed: the cursor arrived at the target's line in the file as it is, before the target's packs (so the generate
pack's text, its body replaced, is not the text the pass packed), with a `Packer` of its own, as the server's pass
has (the actions' packings do not share it). Its CPU is printed beside the idle passes; the prompts' digest must be
the one without it. With `--idle-after-edit` too, the pass runs again after each generate edit (the body replaced),
at the cursor on that text, untimed: the server's pass after an edit and a pause of `IDLE_S` (an action picked from
a menu after the edit), before the timed pack of that same text. With `--shared-packer`, the idle passes (the
opened file's and the region's) pack with the timed packs' packer, as the server's passes and actions share one
(`Session.packer`): the file's view and line counts they build are the timed pack's.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer import retired
from archmem.indexer.context import Packer
from archmem.indexer.files import FileRules
from archmem.indexer.heap import tidy
from archmem.indexer.records import SymbolKind
from archmem.indexer.warm import warm, warm_region
from archmem.indexer.workspace import Memory
from archmem.server.lsp.collector import BACKSTOP, PENDING

from bench import corpus as py_corpus
from bench import lang_corpus
from bench import scenario as scen
from bench.lang_oracles import Span, last_statement, to_target
from bench.oracle import ModuleOracle, Target
from bench.work_counts import WorkCounts, counted

LANGS = ("python", "typescript", "c", "go", "java", "rust")
# The exclusions context_recall_langs.py sets for its memory of each corpus.
EXCLUDES = {"go": ("cmd/", "vendor/", "testdata/", "*_test.go")}
FUNCTIONS = frozenset({SymbolKind.FUNCTION, SymbolKind.METHOD, SymbolKind.CONSTRUCTOR})


@dataclass
class Timings:
    """One language's packs: the file, CPU and wall milliseconds, and a digest of the prompts in order."""

    path: str
    size: int
    cpu_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    digest: hashlib._Hash = field(default_factory=hashlib.sha1)
    gc: GcClock = field(default_factory=lambda: GcClock())
    # Per mode: the work counted (`--count-only` runs only).
    work: dict[str, WorkCounts] = field(default_factory=dict)
    # The idle passes where the cursor arrived (`--idle-region`): CPU ms each.
    region_ms: list[float] = field(default_factory=list)


class GcClock:
    """The garbage collector's passes that land inside the timed packs: count and milliseconds, by generation
    (a full pass is generation 2), read through `gc.callbacks` while `timing` is set."""

    def __init__(self) -> None:
        self.timing = False
        self.passes = [0, 0, 0]
        self.ms = [0.0, 0.0, 0.0]
        self.idle_ms: list[float] = []
        # The idle moments' freeing of replaced versions (`indexer/retired.py`): CPU ms and versions freed.
        self.released_ms = 0.0
        self.released = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if not self.timing:
            return
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.passes[info["generation"]] += 1
        self.ms[info["generation"]] += (time.perf_counter() - self._started) * 1000.0

    def summary(self) -> str:
        young = f"young {self.passes[0] + self.passes[1]} passes {self.ms[0] + self.ms[1]:.1f} ms"
        idle = f"idle full passes {len(self.idle_ms)}, {sum(self.idle_ms):.0f} ms"
        idle += f"; idle versions freed {self.released}, {self.released_ms:.0f} ms CPU"
        return f"GC inside packs: full {self.passes[2]} passes {self.ms[2]:.1f} ms, {young}; {idle}"


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--langs", default=",".join(LANGS), help=f"comma list of {', '.join(LANGS)}")
    ap.add_argument("--targets", type=int, default=15, help="functions of the longest file, seeded sample")
    ap.add_argument("--budget", type=int, default=2048)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--modes", default="edit,generate")
    ap.add_argument(
        "--warm-open", action="store_true", help="run the idle pass after didOpen (indexer/warm.py) first"
    )
    ap.add_argument(
        "--idle-region",
        action="store_true",
        help="run the idle pass where the cursor arrives (warm.warm_region) between targets, untimed",
    )
    ap.add_argument(
        "--idle-after-edit",
        action="store_true",
        help="with --idle-region: the pass again after each generate edit, on the edited text, untimed",
    )
    ap.add_argument(
        "--shared-packer",
        action="store_true",
        help="the idle passes pack with the timed packs' packer, as the server's share one (Session.packer)",
    )
    ap.add_argument(
        "--profile", type=int, default=0, help="print the N costliest functions of `pack` (cProfile)"
    )
    ap.add_argument("--no-count", action="store_true", help="time only: do not count the packings' work")
    ap.add_argument(
        "--count-only", action="store_true", help="count the packings' work (cProfile on), print it as JSON"
    )
    args = ap.parse_args(argv)
    args.lang_list = [x.strip() for x in args.langs.split(",") if x.strip()]
    if not args.lang_list or set(args.lang_list) - set(LANGS):
        ap.error(f"--langs takes a comma list of {', '.join(LANGS)}")
    args.mode_list = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not args.mode_list or set(args.mode_list) - set(scen.MODES):
        ap.error(f"--modes takes a comma list of {', '.join(scen.MODES)}")
    return args


def brace_targets(memory: Memory, rel: str, text: str) -> list[Target]:
    """Functions of `rel` with a brace body, as the language-server oracles' document symbols give them."""
    index = memory.file(rel)
    if index is None:
        raise SystemExit(f"{rel} is not in archmem's memory (excluded or too large?)")
    lines = text.splitlines()
    out: list[Target] = []
    for sym in index.symbols:
        if sym.kind not in FUNCTIONS:
            continue
        start, close, name_line = sym.start[0] + 1, sym.end[0] + 1, sym.name_start[0] + 1
        header_end = next((n for n in range(name_line, close) if lines[n - 1].rstrip().endswith("{")), None)
        if header_end is None or close > len(lines):
            continue
        last = last_statement(lines, header_end + 1, close) if close - header_end > 1 else header_end
        target = to_target(Span(rel, sym.qualname, start, header_end, close, last, ()), lines)
        if target is not None:
            out.append(target)
    return sorted(out, key=lambda t: t.def_line)


def workspace(language: str) -> tuple[Path, str, str, FileRules]:
    """The corpus's root, its longest file, that file's text and the memory's file rules."""
    if language == "python":
        stdlib = py_corpus.load_stdlib()
        rel = max(stdlib.long_files, key=lambda r: len(stdlib.files[r]))
        return stdlib.root, rel, stdlib.files[rel], FileRules()
    corpus = lang_corpus.LOADERS[language](False)
    rules = FileRules(excludes=EXCLUDES.get(language, ()))
    return corpus.root, corpus.longest, corpus.files[corpus.longest], rules


def measure(language: str, args: argparse.Namespace) -> Timings:
    root, rel, text, rules = workspace(language)
    started = time.perf_counter()
    memory = Memory.open(root, rules=rules)
    print(f"{language}: indexed {root} in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    saved = gc.get_threshold()
    gc.set_threshold(saved[0], saved[1], BACKSTOP)
    try:
        targets = (
            ModuleOracle(text, rel).targets() if language == "python" else brace_targets(memory, rel, text)
        )
        if len(targets) > args.targets:
            targets = sorted(
                random.Random(f"{args.seed}:{rel}").sample(targets, args.targets), key=lambda t: t.def_line
            )
        packer = Packer(memory)
        absolute = str(root / rel)
        # The editor has the file open before it asks anything about it (didOpen): parsed once, untimed.
        memory.open_document(absolute, text)
        if args.warm_open:
            started = time.thread_time()
            names = warm(memory, absolute, packer=packer if args.shared_packer else None)
            print(
                f"  warmed {names} names in {(time.thread_time() - started) * 1000:.0f} ms CPU",
                file=sys.stderr,
            )
        profile = cProfile.Profile() if args.profile else None
        timings = Timings(rel, len(text.encode()))
        region_packer = (packer if args.shared_packer else Packer(memory)) if args.idle_region else None
        gc.callbacks.append(timings.gc)
        for target in targets:
            # The server's quiet tick (collector.py): the versions the last edits replaced, freed outside the packs.
            started = time.thread_time()
            timings.gc.released += retired.release()
            timings.gc.released_ms += (time.thread_time() - started) * 1000.0
            if gc.get_count()[2] >= PENDING:
                started = time.perf_counter()
                tidy()  # the server's idle pass (collector.py), between the user's edits
                timings.gc.idle_ms.append((time.perf_counter() - started) * 1000.0)
            if region_packer is not None:
                # The cursor arrived at the target's line and the editor went quiet: the server's region pass.
                arrived = scen.build("edit", target, text)
                timings.region_ms.append(_region_pass(memory, region_packer, absolute, arrived, args.budget))
            for mode in args.mode_list:
                sc = scen.build(mode, target, text)
                if mode == "generate":
                    memory.set_document(absolute, sc.text)
                    if region_packer is not None and args.idle_after_edit:
                        timings.region_ms.append(
                            _region_pass(memory, region_packer, absolute, sc, args.budget)
                        )
                if args.count_only:
                    profile = cProfile.Profile()
                try:
                    if profile is not None:
                        profile.enable()
                    cpu, wall = time.thread_time(), time.perf_counter()
                    timings.gc.timing = True
                    ctx = packer.pack(absolute, sc.line0, sc.col_byte, args.budget, mode)
                    timings.gc.timing = False
                    timings.cpu_ms.append((time.thread_time() - cpu) * 1000.0)
                    timings.wall_ms.append((time.perf_counter() - wall) * 1000.0)
                    if profile is not None:
                        profile.disable()
                finally:
                    if mode == "generate":
                        memory.set_document(absolute, text)
                if args.count_only and profile is not None:
                    work = counted(profile)
                    timings.work.setdefault(mode, WorkCounts()).add(work)
                    print(f"  {mode} {target.qualname}:{target.def_line} {work.summary()}", file=sys.stderr)
                    continue
                print(
                    f"  {mode} {target.qualname}:{target.def_line} {timings.cpu_ms[-1]:.1f} ms CPU",
                    file=sys.stderr,
                )
                timings.digest.update(ctx.text.encode())
                timings.digest.update(b"\0")
        if profile is not None and not args.count_only:
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(args.profile)
        gc.callbacks.remove(timings.gc)
        return timings
    finally:
        gc.set_threshold(*saved)
        memory.close()


def _region_pass(memory: Memory, packer: Packer, path: str, at: scen.Scenario, budget: int) -> float:
    """The server's idle pass where the cursor is (`at`'s place in the open buffer), untimed: its CPU ms."""
    doc = memory.document(path)
    assert doc is not None
    started = time.thread_time()
    byte = doc.lines.line_start(at.line0) + at.col_byte
    warm_region(memory, packer, path, byte, budget, lambda: True)
    return (time.thread_time() - started) * 1000.0


def p95(values: Sequence[float]) -> float:
    return sorted(values)[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def line(language: str, t: Timings, budget: int) -> str:
    if not t.cpu_ms:
        return f"packing {language} ({t.path}): no targets"
    return (
        f"packing {language} ({t.path}, {t.size:,} bytes, @{budget}, {len(t.cpu_ms)} packs): "
        f"CPU p50 / p95 {statistics.median(t.cpu_ms):.1f} / {p95(t.cpu_ms):.1f} ms, "
        f"wall {statistics.median(t.wall_ms):.1f} / {p95(t.wall_ms):.1f} ms; prompts sha1 {t.digest.hexdigest()[:12]}; {t.gc.summary()}"
        f"{_region_summary(t.region_ms)}"
    )


def _region_summary(ms: Sequence[float]) -> str:
    if not ms:
        return ""
    return (
        f"; idle region passes {len(ms)}, {sum(ms):.0f} ms CPU "
        f"(p50 / p95 {statistics.median(ms):.1f} / {p95(ms):.1f})"
    )


def count_work(language: str, argv: Sequence[str]) -> dict[str, WorkCounts]:
    """Per mode, the work the packings of `language` do, counted in a process of its own with the hash seed fixed."""
    keep = [a for a in argv if a not in ("--count-only", "--no-count")]
    drop = {i for i, a in enumerate(keep) if a == "--langs"}
    keep = [
        a for i, a in enumerate(keep) if i not in drop and i - 1 not in drop and not a.startswith("--langs=")
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "bench.packing_speed", *keep, "--langs", language, "--count-only"]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(command, env=env, cwd=root, stdout=subprocess.PIPE, text=True, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])[language]
    return {mode: WorkCounts.from_list(values) for mode, values in found.items()}


def work_line(language: str, work: dict[str, WorkCounts]) -> str:
    total = WorkCounts()
    for counts in work.values():
        total.add(counts)
    modes = "; ".join(f"{mode} {counts.summary()}" for mode, counts in work.items())
    return f"work {language}: {total.summary()} ({modes})"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _args(argv)
    results = {lang: measure(lang, args) for lang in args.lang_list}
    if args.count_only:
        print(json.dumps({lang: {m: w.as_list() for m, w in t.work.items()} for lang, t in results.items()}))
        return 0
    for lang, t in results.items():
        print(line(lang, t, args.budget), flush=True)
    work = {} if args.no_count else {lang: count_work(lang, argv) for lang in args.lang_list}
    for lang, counts in work.items():
        print(work_line(lang, counts), flush=True)
    worst = max((p95(t.cpu_ms), lang) for lang, t in results.items() if t.cpu_ms)
    summary = ", ".join(f"{lang} {p95(t.cpu_ms):.1f}" for lang, t in results.items() if t.cpu_ms)
    calls = ", ".join(f"{lang} {sum(w.calls for w in c.values()):,}" for lang, c in work.items())
    calls = f"; Python calls {calls}" if calls else ""
    idle = " after the idle warm-up" if args.warm_open else " cold"
    if args.idle_region:
        idle += " with the idle region passes" + (" (and after each edit)" if args.idle_after_edit else "")
    print(
        f"packing_speed @{args.budget}{idle}: CPU p95 ms {summary}; worst {worst[1]} {worst[0]:.1f} ms (target <= 30){calls}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
