"""What an editing session keeps alive: the old versions of the file being edited, and the process's memory.

For each language, the memory of the corpus is opened (as `packing_speed.py` does), its longest file opened as the
editor's buffer, and `--packs` functions of it packed in generate mode, each after an edit (the body hidden, set as
the buffer, packed, the text put back: two versions a packing, as keystrokes make). Every `--step` packings it
prints how many versions (`FileIndex` objects) of the edited file are alive after a full collection, and the
process's resident memory (VmRSS) and peak (VmHWM). A cache that holds the versions it was computed from shows
as a count growing with the packings; the memory's design keeps a bounded few (the buffer's own, the carried
tables' last, the function scopes of the last 16 functions read).

    python bench/edit_memory.py [--langs c,typescript] [--packs 40] [--step 10] [--seed 0]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer import retired
from archmem.indexer.context import Packer
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.workspace import Memory

from bench import scenario as scen
from bench.oracle import ModuleOracle
from bench.packing_speed import brace_targets, workspace


def _status(field: str) -> int:
    """A VmRSS-like field of /proc/self/status, in MB (0 where there is none)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _live(rel: str) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is FileIndex and o.path == rel)


def measure(language: str, args: argparse.Namespace) -> tuple[str, int, int, int]:
    """The file, the versions alive after the last packing, and the RSS before the first and after the last."""
    root, rel, text, rules = workspace(language)
    memory = Memory.open(root, rules=rules)
    try:
        targets = (
            ModuleOracle(text, rel).targets() if language == "python" else brace_targets(memory, rel, text)
        )
        picked = random.Random(f"{args.seed}:{rel}").sample(targets, min(args.packs, len(targets)))
        packer = Packer(memory)
        absolute = str(root / rel)
        memory.open_document(absolute, text)
        start = _status("VmRSS")
        print(f"{language} {rel}: 0 packings, {_live(rel)} versions alive, RSS {start} MB", flush=True)
        alive = 0
        for done, target in enumerate(picked, 1):
            sc = scen.build("generate", target, text)
            memory.set_document(absolute, sc.text)
            packer.pack(absolute, sc.line0, sc.col_byte, args.budget, "generate")
            memory.set_document(absolute, text)
            # The server's quiet tick frees the replaced versions nothing holds (`indexer/retired.py`): a user
            # asking for a body pauses before the next one.
            retired.release()
            if done % args.step == 0 or done == len(picked):
                alive = _live(rel)
                print(
                    f"{language} {rel}: {done} packings, {alive} versions alive, RSS {_status('VmRSS')} MB"
                    f" (peak {_status('VmHWM')} MB)",
                    flush=True,
                )
        return rel, alive, start, _status("VmRSS")
    finally:
        memory.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--langs", default="c,typescript")
    parser.add_argument("--packs", type=int, default=40)
    parser.add_argument("--step", type=int, default=10)
    parser.add_argument("--budget", type=int, default=2048)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    results = [(lang, *measure(lang, args)) for lang in args.langs.split(",")]
    print(
        f"edit_memory after {args.packs} generate packings, each after an edit: "
        + ", ".join(f"{lang} {alive} versions alive, RSS {a} -> {b} MB" for lang, _, alive, a, b in results)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
