"""The process's resident memory under the garbage-collector policy of indexer/heap.py, on the standard library.

A frozen object that later becomes cyclic garbage stays allocated until a collection walks the frozen part:
this shows whether that piles up. The stdlib's memory is built (`Memory.index_all`, which settles), built
again twice (nothing changed on disk), then its largest file is opened and re-set as the editor's buffer
`--edits` times (each a changed line, as a keystroke's full sync), with the server's idle pass after every
`--burst` edits. `--policy` picks that idle pass: `tidy` (the server's, heap.py), `freeze` (collect what is
not frozen and freeze the rest, never walking the frozen part: the leak to compare with), `collect` (a plain
full collection; what survives stays in sight). Prints RSS (VmRSS) and the frozen count at each step; the
summary line last.

    python bench/heap_rss.py [--policy tidy|freeze|collect] [--edits 300] [--burst 10]
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer.files import FileRules
from archmem.indexer.heap import tidy
from archmem.indexer.workspace import Memory

from bench import corpus as py_corpus


def _freeze() -> None:
    gc.collect()
    gc.freeze()


POLICIES: dict[str, Callable[[], object]] = {"tidy": tidy, "freeze": _freeze, "collect": gc.collect}


def rss_mb() -> float:
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            return int(row.split()[1]) / 1024.0
    raise SystemExit("no VmRSS in /proc/self/status (Linux only)")


def step(label: str) -> float:
    rss = rss_mb()
    print(f"{label}: RSS {rss:.0f} MB, frozen {gc.get_freeze_count():,} objects", flush=True)
    return rss


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--policy", choices=sorted(POLICIES), default="tidy")
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--burst", type=int, default=10)
    args = ap.parse_args(argv)
    idle = POLICIES[args.policy]
    stdlib = py_corpus.load_stdlib()
    rel = max(stdlib.long_files, key=lambda r: len(stdlib.files[r]))
    memory = Memory(stdlib.root, rules=FileRules(), persist=False)
    memory.index_all()
    built = step("indexed")
    memory.index_all()
    memory.index_all()
    step("indexed twice more")
    absolute, text = str(stdlib.root / rel), stdlib.files[rel]
    lines = text.split("\n")
    for n in range(args.edits):
        changed = list(lines)
        row = n % len(lines)
        changed[row] = changed[row] + f"  # edit {n}"
        memory.set_document(absolute, "\n".join(changed))
        if (n + 1) % args.burst == 0:
            idle()
        if (n + 1) % (args.edits // 3 or 1) == 0:
            step(f"{n + 1} edits of {rel}")
    memory.set_document(absolute, text)
    idle()
    last = step("buffer back, one idle pass")
    print(f"heap_rss {args.policy}: RSS {built:.0f} MB indexed -> {last:.0f} MB after {args.edits} edits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
