"""What one full garbage collection costs when it lands in a request, under each idle-pass policy.

The memory of a corpus is built as the server builds it (`Memory.open` -> `index_all`, which settles the heap,
indexer/heap.py) and its longest file is opened as the editor's buffer. Then, `--rounds` times: the buffer is
set to a changed text and packed for (an edit-mode request at its middle line), then set back and packed for
again (two keystrokes and their requests), one full collection is timed in CPU (`time.thread_time`): the pause
CPython's automatic full pass adds to a request it lands in; then the server's idle pass runs (`--policy`:
`tidy`, the server's; `collect`, a plain full collection that leaves the survivors in sight, as before
heap.tidy), timed too. The process's RSS at the end shows whether frozen garbage piles up. Prints medians and maxima; the summary line last.

    python bench/gc_pause.py [--lang c] [--policy tidy|collect] [--rounds 8]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer.context import Packer
from archmem.indexer.heap import tidy
from archmem.indexer.workspace import Memory

from bench.heap_rss import rss_mb
from bench.packing_speed import LANGS, workspace

POLICIES: dict[str, Callable[[], object]] = {"tidy": tidy, "collect": gc.collect}


def cpu_ms(work: Callable[[], object]) -> float:
    started = time.thread_time()
    work()
    return (time.thread_time() - started) * 1000.0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--lang", choices=LANGS, default="c")
    ap.add_argument("--policy", choices=sorted(POLICIES), default="tidy")
    ap.add_argument("--rounds", type=int, default=8)
    args = ap.parse_args(argv)
    idle = POLICIES[args.policy]
    root, rel, text, rules = workspace(args.lang)
    memory = Memory.open(root, rules=rules)
    absolute = str(root / rel)
    memory.open_document(absolute, text)
    pauses: list[float] = []
    idles: list[float] = []
    packer = Packer(memory)
    middle = text.count("\n") // 2
    for n in range(args.rounds):
        for buffer in (text + f"\n// edit {n}\n", text):
            memory.set_document(absolute, buffer)
            packer.pack(absolute, middle, 0, 2048, "edit")
        pauses.append(cpu_ms(gc.collect))
        idles.append(cpu_ms(idle))
        print(
            f"  round {n}: idle pass {idles[-1]:.1f} ms, a full pass after it {pauses[-1]:.1f} ms",
            file=sys.stderr,
        )
    memory.close()
    print(
        f"gc_pause {args.lang} {args.policy}: a full pass in a request, CPU median / max "
        f"{statistics.median(pauses):.1f} / {max(pauses):.1f} ms; the idle pass {statistics.median(idles):.1f} / "
        f"{max(idles):.1f} ms; frozen {gc.get_freeze_count():,} objects, RSS {rss_mb():.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
