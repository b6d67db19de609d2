"""Where a packing's CPU goes, stage by stage: `bench/packing_speed.py` run with the stages `pack.py` calls wrapped.

Each stage (`choose`, `predict`, `fit`, `refit`, `drop_one`, `render`, `redact`) and the tokenizer's own encode are
timed with `time.thread_time` around every call and summed over the run's packs; the stages nest only where one
calls the tokenizer (`fit` counts short texts), so `tokenizer` is partly inside `fit`. The per-pack p95 swings with
the machine's load by more than a stage costs: on a shared machine compare two builds' sums, alternately.

    python bench/pack_stages.py --langs rust [any bench/packing_speed.py option]
"""

from __future__ import annotations

import importlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer.context.tokens import TiktokenCounter

from bench import packing_speed

STAGES = ("choose", "predict", "fit", "refit", "drop_one", "render", "redact")


def _timed(spent: Counter[str], calls: Counter[str], label: str, f: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return f(*args, **kwargs)
        finally:
            spent[label] += time.thread_time() - started
            calls[label] += 1

    return timed


def main(argv: Sequence[str] | None = None) -> int:
    pack = importlib.import_module("archmem.indexer.context.pack")
    spent: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for name in STAGES:
        setattr(pack, name, _timed(spent, calls, name, getattr(pack, name)))
    TiktokenCounter.count = _timed(spent, calls, "tokenizer", TiktokenCounter.count)  # type: ignore[method-assign]
    # The stages are timed in this process only: the work counts' second process would not see the wrappers.
    args = list(sys.argv[1:] if argv is None else argv)
    packing_speed.main([*args, "--no-count"] if "--no-count" not in args else args)
    for label in (*STAGES, "tokenizer"):
        print(f"  {label:<10} {spent[label] * 1000:8.1f} ms CPU in {calls[label]} calls")
    after = sum(spent[s] for s in ("fit", "refit", "drop_one", "render", "redact", "tokenizer")) * 1000
    print(f"pack_stages: after choosing (fit, refit, render, redact, tokenizer) {after:.1f} ms CPU in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
