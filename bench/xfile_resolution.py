"""How many cross-file references resolve: `pkg.Name` through a Go import, `ns.name` through a TS namespace
import, and names bound by named imports, on real code nobody here wrote.

Corpora: Go's own `cmd` module (cmd/go, cmd/internal and the vendored golang.org/x modules, copied from
this machine's GOROOT/src/cmd, whose standard library the imports also reach), and the `effect` npm package's
TypeScript sources (`npm pack`, pinned). A reference counts when the file imports its receiver (or the name);
it resolves when the memory finds a definition in another file for it. Run it with this branch's archmem
and with another's (its venv's python) to compare: the numbers are the code's, the corpus is the same.

    python bench/xfile_resolution.py [--go-only | --ts-only]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path

from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

DATA = Path(__file__).resolve().parent / "_data"
EFFECT = "effect-3.10.0"
# $GOROOT, else the root of the `go` on PATH (Debian's golang-go: /usr/lib/go-1.19).
_GOROOT = Path(
    os.environ.get("GOROOT") or Path(shutil.which("go") or "/usr/lib/go/bin/go").resolve().parent.parent
)


def go_corpus() -> Path | None:
    """GOROOT/src/cmd's Go files (tests and testdata left out) and its go.mod, copied once."""
    src = _GOROOT / "src/cmd"
    if not (src / "go.mod").exists():
        return None
    version = (_GOROOT / "VERSION").read_text().split()[0]
    root = DATA / f"go-cmd-{version}"
    if not root.exists():
        for path in sorted(src.rglob("*.go")):
            rel = path.relative_to(src)
            if rel.parts[0] not in ("go", "internal", "vendor") or "testdata" in rel.parts:
                continue
            if path.name.endswith("_test.go"):
                continue
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, root / rel)
        shutil.copyfile(src / "go.mod", root / "go.mod")
    return root


def ts_corpus() -> Path:
    """effect's `src/` from the npm registry (`npm pack`), unpacked once."""
    root = DATA / EFFECT
    if not root.exists():
        downloads = DATA / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        tgz = downloads / f"{EFFECT}.tgz"
        if not tgz.exists():
            subprocess.run(
                ["npm", "pack", EFFECT.replace("-", "@", 1), "--silent"], cwd=downloads, check=True
            )
        with tarfile.open(tgz) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith("package/src/") and m.isfile()]
            tar.extractall(root, members=members, filter="data")
    return root / "package"


def measure(root: Path, suffixes: tuple[str, ...]) -> tuple[Counter[str], Counter[str], float, float]:
    """(counts of candidate and resolved references by form, misses by imported module, seconds to index,
    seconds to resolve)."""
    start = time.perf_counter()
    memory = Memory(root, persist=False)
    memory.index_all()
    indexed = time.perf_counter()
    counts: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    for path in memory.files():
        if not path.endswith(suffixes):
            continue
        index = memory.file(path)
        if index is None:
            continue
        resolver = Resolver(memory)
        namespaces = {i.bound: i.module for i in index.imports if i.name in (None, "*")}
        named = {i.bound: i.module for i in index.imports if i.name not in (None, "*")}
        for symbol in index.symbols:
            for ref in symbol.refs:
                receiver, dot, _member = ref.partition(".")
                if dot and receiver in namespaces:
                    form = "ns.member"
                elif not dot and ref in named:
                    form = "named import"
                else:
                    continue
                counts[form] += 1
                targets = resolver.resolve(index, symbol, ref)
                if any(t.symbol is not None and t.path != path for t in targets):
                    counts[form + " resolved"] += 1
                else:
                    misses[namespaces.get(receiver) or named.get(ref) or "?"] += 1
    return counts, misses, indexed - start, time.perf_counter() - indexed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--go-only", action="store_true")
    parser.add_argument("--ts-only", action="store_true")
    args = parser.parse_args()
    corpora: list[tuple[str, Path, tuple[str, ...]]] = []
    if not args.ts_only:
        go = go_corpus()
        if go is None:
            print("go: no GOROOT/src/cmd on this machine (Debian golang-1.19-src); skipped")
        else:
            corpora.append(("go cmd module", go, (".go",)))
    if not args.go_only:
        corpora.append((EFFECT, ts_corpus(), (".ts",)))
    summary = []
    for name, root, suffixes in corpora:
        counts, misses, index_s, resolve_s = measure(root, suffixes)
        for form in ("ns.member", "named import"):
            if counts[form]:
                ratio = counts[form + " resolved"] / counts[form]
                print(f"{name}: {form}: {counts[form + ' resolved']}/{counts[form]} resolve = {ratio:.2f}")
        total = counts["ns.member"] + counts["named import"]
        resolved = counts["ns.member resolved"] + counts["named import resolved"]
        print(f"{name}: most missed imports: " + ", ".join(f"{m} {n}" for m, n in misses.most_common(6)))
        print(f"{name}: indexed in {index_s:.1f} s, resolved every candidate in {resolve_s:.1f} s")
        summary.append(f"{name} {resolved}/{total} = {resolved / max(total, 1):.2f}")
    print(f"cross-file references resolved ({sys.executable}): " + "; ".join(summary))


if __name__ == "__main__":
    main()
