"""A request's packing as the server made it before session 24 (a fresh `Packer` per generate or explain request)
against the memory's one shared packer (`Session.packer`), in one process on the same targets, alternately.

The packing bench keeps one packer for its whole run, so its CPU p95 never showed what a fresh packer costs: the
file's view (its lines, their token counts) built again for each request. Targets are `packing_speed.py`'s
(its seeded sample of the corpus's longest file), packed in generate mode on the file as it is; the shared packer
has packed once before (the opened file's idle warm-up does). CPU is `time.thread_time`.

    python bench/packer_per_request.py [--langs c,python,typescript,go,java,rust] [--targets 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from bench.packing_speed import ModuleOracle, brace_targets, p95, workspace


def measure(language: str, count: int) -> tuple[list[float], list[float]]:
    root, rel, text, rules = workspace(language)
    memory = Memory.open(root, rules=rules)
    path = str(root / rel)
    memory.open_document(path, text)
    targets = ModuleOracle(text, rel).targets() if language == "python" else brace_targets(memory, rel, text)
    targets = sorted(
        random.Random(f"0:{rel}").sample(targets, min(count, len(targets))), key=lambda t: t.def_line
    )
    shared = Packer(memory)
    shared.pack(path, targets[0].def_line, 0, 2048, "generate")
    fresh_ms: list[float] = []
    shared_ms: list[float] = []
    for target in targets:
        for packer, out in ((Packer(memory), fresh_ms), (shared, shared_ms)):
            started = time.thread_time()
            packer.pack(path, target.def_line, 4, 2048, "generate")
            out.append((time.thread_time() - started) * 1000)
    memory.close()
    return fresh_ms, shared_ms


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--langs", default="c,python,typescript,go,java,rust")
    ap.add_argument("--targets", type=int, default=15)
    args = ap.parse_args(argv)
    summary = []
    for language in [x for x in args.langs.split(",") if x]:
        fresh, shared = measure(language, args.targets)
        print(
            f"{language}: fresh packer per request CPU p50 / p95 {statistics.median(fresh):.1f} / {p95(fresh):.1f} ms,"
            f" shared packer {statistics.median(shared):.1f} / {p95(shared):.1f} ms over {len(fresh)}"
        )
        summary.append(f"{language} {p95(fresh):.1f} -> {p95(shared):.1f}")
    print(f"SUMMARY packer per request, CPU p95 ms fresh -> shared: {', '.join(summary)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
