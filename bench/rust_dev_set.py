"""A development set for Rust generate mode drawn from the tuned part alone: work on the packer's rules without
looking at the held-out files (issue 15).

The hand-checked Rust manifest (`context_recall_langs.py --langs rust`) has 13 tuned targets, whose misses were
fixed one by one; what carries to unseen code shows only on more functions. Here every function with a brace
body of the tuned files (up to `--per-file` a file, a fixed sample), its body hidden as the bench hides it, is
packed at 2,048 tokens; the names its body uses are resolved by archmem's own resolver (a proxy oracle: a
definition's name line, the body's own locals and the function itself left out), and a unit counts when that
line is in the prompt, as `scoring.py` counts it. Long files and the other (short) files are two sets:

    python bench/rust_dev_set.py [--short] [--per-file N] [--misses OUT]

Prints per file the cross-file units found, then one summary line last: cross-file and all units found. A
proxy: the resolver's answers are what the memory can know, so names it cannot resolve are not counted.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer.context import Packer
from archmem.indexer.files import FileRules
from archmem.indexer.records import SymbolKind, SymbolNode
from archmem.indexer.resolve import descendants
from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from bench import lang_corpus
from bench import scenario as scen
from bench.context_recall_langs import part_of
from bench.packing_speed import brace_targets

BUDGET = 2048
_WORD = re.compile(r"[A-Za-z_]\w*")


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--short", action="store_true", help="the tuned part's other files, not its long files")
    ap.add_argument("--per-file", type=int, default=0, help="functions a file (default: 60 long, 15 short)")
    ap.add_argument("--misses", type=Path, help="write the missed units here, a line each")
    return ap.parse_args(argv)


def _units(
    resolver: Resolver, memory: Memory, rel: str, sym: SymbolNode, body: str, span: range
) -> dict[tuple[str, int], str]:
    """The definitions (path, name line) the hidden body's names lead to, each with the name leading there."""
    index = memory.file(rel)
    assert index is not None
    words = set(_WORD.findall(body))
    refs = dict.fromkeys(r for d in [sym, *descendants(index, sym)] for r in d.refs)
    units: dict[tuple[str, int], str] = {}
    for ref in refs:
        if ref.split(".")[-1] not in words:
            continue  # a name the header uses, not the body
        for found in resolver.resolve(index, sym, ref):
            s = found.symbol
            if s is None or found.span is not None or s.kind is SymbolKind.MODULE:
                continue
            if found.path == rel and (s.id == sym.id or s.name_start[0] + 1 in span):
                continue  # the function itself and its own locals
            units[(found.path, s.name_start[0] + 1)] = ref
            break
    return units


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    per_file = args.per_file or (15 if args.short else 60)
    corpus = lang_corpus.LOADERS["rust"](False)
    memory = Memory.open(corpus.root, rules=FileRules(), jobs=1)
    packer = Packer(memory)
    resolver = Resolver(memory)
    long_files = set(corpus.long_files)
    files = sorted(
        rel for rel in corpus.files if part_of(rel) == "tuned" and (rel in long_files) != args.short
    )
    found = {"xfile": [0, 0], "all": [0, 0]}
    missed: list[str] = []
    try:
        for rel in files:
            text = corpus.files[rel]
            index = memory.file(rel)
            if index is None:
                continue
            targets = brace_targets(memory, rel, text)
            if len(targets) > per_file:
                sample = random.Random(f"dev:{rel}").sample(targets, per_file)
                targets = sorted(sample, key=lambda t: t.def_line)
            lines = text.splitlines()
            here = [0, 0]
            for t in targets:
                sym = next(
                    (s for s in index.symbols if s.start[0] + 1 == t.def_line and s.qualname == t.qualname),
                    None,
                )
                if sym is None:
                    continue
                body = "\n".join(lines[t.body_start - 1 : t.end_line])
                units = _units(resolver, memory, rel, sym, body, range(t.def_line, t.end_line + 1))
                if not units:
                    continue
                sc = scen.build("generate", t, text)
                absolute = str(corpus.root / rel)
                memory.set_document(absolute, sc.text)
                try:
                    ctx = packer.pack(absolute, sc.line0, sc.col_byte, BUDGET, "generate")
                finally:
                    memory.set_document(absolute, text)
                for (path, line), ref in units.items():
                    hit = line in ctx.included_lines(path)
                    for key in ("all", "xfile") if path != rel else ("all",):
                        found[key][0] += hit
                        found[key][1] += 1
                    if path != rel:
                        here[0] += hit
                        here[1] += 1
                    if not hit:
                        where = "in-file" if path == rel else "xfile"
                        missed.append(f"{where} {rel}:{t.qualname}: {ref} <- {path}:{line}")
            print(f"{rel}: cross-file {here[0]}/{here[1]}")
    finally:
        memory.close()
    if args.misses:
        args.misses.write_text("\n".join(missed) + "\n")
    (xh, xn), (ah, an) = found["xfile"], found["all"]
    part = "short" if args.short else "long"
    print(
        f"rust_dev_set ({part} tuned files): cross-file {xh}/{xn} = {xh / max(xn, 1):.3f}, all {ah}/{an} = {ah / max(an, 1):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
