"""Instruction count of extraction, for comparing two versions of the code on a noisy machine.

Runs itself twice under `valgrind --tool=callgrind` over every --step'th file of the standard library: once
parsing only (queries compiled too), once parsing and extracting. The difference is the extraction's cost in
instructions, which does not change with the machine's load (same code, same files, same hash seed).

Usage: python bench/extract_cost.py [--step 10]      # about a minute; needs valgrind (Debian's package)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

from archmem.indexer.document import decode, extractor_for
from archmem.indexer.files import FileRules, discover


def _work(step: int, extract: bool) -> None:
    found = discover(Path(sysconfig.get_paths()["stdlib"]), FileRules(excludes=("site-packages/",)))
    files = sorted(found.files, key=lambda c: c.path)[::step]
    parsed = [
        (c.spec, text, c.spec.parser().parse(text))
        for c in files
        for text in [decode(c.absolute.read_bytes())[0]]
    ]
    extractors = {spec.name: extractor_for(spec) for spec, _, _ in parsed}  # compiles the queries
    if extract:
        for spec, text, tree in parsed:
            extractors[spec.name].extract(tree, text)


def _instructions(step: int, extract: bool) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
    cmd += ["--step", str(step), "--work", "extract" if extract else "parse"]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    match = re.search(r"Collected : (\d+)", done.stderr)
    if match is None:
        raise SystemExit(f"callgrind gave no count:\n{done.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--step", type=int, default=10, help="every step'th stdlib file (sorted by path)")
    parser.add_argument("--work", choices=("parse", "extract"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        _work(args.step, args.work == "extract")
        return
    base = _instructions(args.step, False)
    full = _instructions(args.step, True)
    print(f"extract: {(full - base) / 1e9:.3f} G instructions over every {args.step}th stdlib file")


if __name__ == "__main__":
    main()
