"""How many of the places a plain name search would call references are mentions in comments and strings,
which Find References (and explain's call sites) leave out: for a seeded sample of definitions of the Python
standard library and of rxjs 7.8.1 (TypeScript, fetched from npm by this script), `references_to` with and
without that filter. Every line left out is written to a file to read: each should be a comment, a string
or an import's module path.

    python bench/reference_noise.py [--symbols 150] [--seed 1] [--stdlib PATH]

One summary line last.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

from archmem.indexer.files import FileRules
from archmem.indexer.resolve import references_to
from archmem.indexer.symbols import SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory

DATA = Path(__file__).resolve().parent / "_data"
RXJS = "rxjs-7.8.1"
_KINDS = {SymbolKind.FUNCTION, SymbolKind.METHOD, SymbolKind.CLASS, SymbolKind.VARIABLE, SymbolKind.CONSTANT}


def rxjs_sources() -> Path:
    """rxjs's TypeScript sources, from the npm registry (`npm pack`), unpacked once under bench/_data."""
    root = DATA / RXJS
    if not (root / "package" / "src").is_dir():
        downloads = DATA / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", RXJS.replace("-", "@", 1), "--silent"], cwd=downloads, check=True)
        with tarfile.open(downloads / f"{RXJS}.tgz") as tar:
            tar.extractall(root, filter="data")
    return root / "package" / "src"


def measure(name: str, root: Path, count: int, seed: int, audit: Path) -> tuple[int, int]:
    memory = Memory(root, rules=FileRules(excludes=("site-packages/",)), persist=False)
    memory.index_all()
    symbols: list[SymbolNode] = [
        s
        for path in memory.files()
        for index in [memory.file(path)]
        if index
        for s in index.symbols[1:]
        if s.kind in _KINDS
    ]
    sample = random.Random(seed).sample(symbols, min(count, len(symbols)))
    every = kept = 0
    with audit.open("a", encoding="utf-8") as out:
        for symbol in sample:
            code = set(references_to(memory, symbol))
            for path, start, _end in references_to(memory, symbol, code_only=False):
                every += 1
                if (path, start, _end) in code:
                    kept += 1
                    continue
                text = memory.text(path) or b""
                line = text[text.rfind(b"\n", 0, start) + 1 : text.find(b"\n", start)].decode(
                    "utf-8", "replace"
                )
                out.write(f"{name}\t{symbol.qualname}\t{path}\t{line.strip()}\n")
    memory.close()
    left = every - kept
    print(
        f"{name}: {len(sample)} definitions, {every} places by name, {left} left out ({left / max(every, 1):.1%})"
    )
    return every, left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--symbols", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stdlib", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    args = parser.parse_args()
    audit = DATA / "reference_noise.tsv"
    audit.parent.mkdir(parents=True, exist_ok=True)
    audit.write_text("corpus\tsymbol\tpath\tline left out\n", encoding="utf-8")
    results = {
        "stdlib": measure("stdlib", args.stdlib, args.symbols, args.seed, audit),
        "rxjs": measure("rxjs", rxjs_sources(), args.symbols, args.seed, audit),
    }
    print(f"lines left out, to read: {audit}", file=sys.stderr)
    print(
        "reference noise: "
        + "; ".join(
            f"{k} {left}/{every} places by name are comments or strings"
            for k, (every, left) in results.items()
        )
    )


if __name__ == "__main__":
    main()
