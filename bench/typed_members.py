"""How many member accesses (`c.mu.Lock`, `p->a.b`, `options.onLeft`) go to a definition, on real code in C,
Go and TypeScript: a seeded sample of the members reached through a chain of plain names in

- C: the SQLite amalgamation (`sqlite3.c`) of the `sqlean-py` 3.50.4.5 sdist, from PyPI (`pip download`);
- Go: `net/http` of this machine's Go standard library (Debian `golang-1.19-src`, /usr/lib/go-1.19/src);
- TypeScript: the sources of `effect` 3.12.0, from npm (`npm pack`).

Each access is asked "go to definition" (`definitions_at`, which hover, references and the packer share).
With `--before PYTHON`, the same sample is also counted by another interpreter's archmem (e.g. a checkout of
the commit before typed members), in the same run. There is no oracle here: an audit file lists a sample of
the answers to read by hand (bench/context_recall.py and its per-language successor measure recall against
real language servers).

    python bench/typed_members.py [--sample 1500] [--seed 0] [--before /path/to/other/.venv/bin/python]

One summary line last.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.files import FileRules
from archmem.indexer.inference import receiver_chain
from archmem.indexer.resolve import definitions_at
from archmem.indexer.workspace import Memory

DATA = Path(__file__).resolve().parent / "_data"
GO_HTTP = Path("/usr/lib/go-1.19/src/net/http")
SQLEAN = ("sqlean-py", "3.50.4.5")
EFFECT = ("effect", "3.12.0")
# A member after `.` or `->`; receiver_chain keeps those reached through a chain of plain names.
_MEMBER = re.compile(rb"(?:\.|->)[ \t]*([A-Za-z_][\w]*)")
# Lines of comments (`//`, `/*`, a block comment's `*`): their dotted words are prose, not code.
_COMMENT_LINE = re.compile(rb"[ \t]*(?://|/\*|\*)")
_QUOTES = (b'"', b"'", b"`")


def _sqlean() -> tuple[Path, list[str]]:
    name, version = SQLEAN
    root = DATA / f"{name}-{version}"
    if not (root / "sqlite3.c").exists():
        downloads = DATA / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        pip = [sys.executable, "-m", "pip", "download", f"{name}=={version}", "--no-binary", ":all:"]
        subprocess.run([*pip, "--no-deps", "-d", str(downloads), "-q"], check=True)
        with tarfile.open(downloads / f"{name.replace('-', '_')}-{version}.tar.gz") as tar:
            tar.extractall(DATA / "sqlean-sdist", filter="data")
        found = next((DATA / "sqlean-sdist").rglob("sqlite3.c"))
        root.mkdir(parents=True, exist_ok=True)
        for c_file in found.parent.glob("*.[ch]"):
            (root / c_file.name).write_bytes(c_file.read_bytes())
    return root, ["sqlite3.c"]


def _effect() -> tuple[Path, list[str]]:
    name, version = EFFECT
    root = DATA / f"{name}-{version}"
    if not (root / "package" / "src").is_dir():
        downloads = DATA / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=downloads, check=True)
        with tarfile.open(downloads / f"{name}-{version}.tgz") as tar:
            tar.extractall(root, filter="data")
    src = root / "package" / "src"
    return src, sorted(p.relative_to(src).as_posix() for p in src.rglob("*.ts"))


def _go() -> tuple[Path, list[str]]:
    if not GO_HTTP.is_dir():
        raise SystemExit(f"{GO_HTTP} is missing: apt-get install golang-1.19-src")
    return GO_HTTP, sorted(p.name for p in GO_HTTP.glob("*.go") if not p.name.endswith("_test.go"))


CORPORA = {"c": _sqlean, "go": _go, "typescript": _effect}


def count(language: str, sample: int, seed: int, audit: Path | None) -> dict[str, float | str]:
    """Go to definition on a seeded sample of the member accesses of `language`'s corpus."""
    root, files = CORPORA[language]()
    memory = Memory(root, rules=FileRules(max_file_size=16 * 2**20), persist=False)
    memory.index_all()
    places: list[tuple[str, int]] = []
    through_imports = 0
    for path in files:
        text, index = memory.text(path), memory.file(path)
        if text is None or index is None:
            continue
        imported = {imp.bound for imp in index.imports}
        for m in _MEMBER.finditer(text):
            chain = receiver_chain(text, m.start(1))
            line_start = text.rfind(b"\n", 0, m.start()) + 1
            head = text[line_start : m.start()]
            if not chain or _COMMENT_LINE.match(text, line_start) or any(head.count(q) % 2 for q in _QUOTES):
                continue  # no chain of names, or prose: a comment line, a string (`"../Function.js"`)
            if chain[0] in imported:
                through_imports += 1  # a package's or module's member: cross-file resolution, not types
                continue
            places.append((path, m.start(1)))
    chosen = random.Random(seed).sample(places, min(sample, len(places)))
    resolved = several = 0
    lines: list[str] = []
    started = time.perf_counter()
    for path, byte in chosen:
        found = [t for t in definitions_at(memory, path, byte) if t.symbol is not None]
        if found:
            resolved += 1
            several += len(found) > 1
        if audit is not None and len(lines) < 60:
            text = memory.text(path) or b""
            line = text[text.rfind(b"\n", 0, byte) + 1 : text.find(b"\n", byte)].decode("utf-8", "replace")
            answer = ", ".join(f"{t.symbol.qualname} ({t.path})" for t in found if t.symbol) or "-"
            number = text.count(b"\n", 0, byte) + 1
            lines.append(f"{language}\t{path}:{number}\t{line.strip()}\t{answer}")
    elapsed = time.perf_counter() - started
    pack_ms = _packing(memory, files, chosen)
    longest = max(files, key=lambda path: len(memory.text(path) or b""))
    memory.close()
    if audit is not None:
        with audit.open("a", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in lines)
    n = len(chosen)
    return {
        "pack_p50": statistics.median(pack_ms),
        "pack_p95": statistics.quantiles(pack_ms, n=20)[-1] if len(pack_ms) > 1 else pack_ms[0],
        "accesses": len(places),
        "imports": through_imports,
        "sample": n,
        "resolved": resolved,
        "several": several,
        "ms": elapsed * 1000 / max(n, 1),
        "longest": longest,
    }


def _packing(memory: Memory, files: list[str], chosen: list[tuple[str, int]]) -> list[float]:
    """Milliseconds to pack an edit's context (2,048 tokens) at up to 40 of the sampled member accesses of
    the corpus's longest file, opened as the editor opens it; one packer, its first call left out (warm-up)."""
    longest = max(files, key=lambda path: len(memory.text(path) or b""))
    text = memory.text(longest) or b""
    memory.open_document(longest, text)
    packer = Packer(memory)
    places = [byte for path, byte in chosen if path == longest][:41] or [len(text) // 2]
    out: list[float] = []
    for byte in places:
        line = text.count(b"\n", 0, byte)
        column = byte - (text.rfind(b"\n", 0, byte) + 1)
        started = time.perf_counter()
        packer.pack(longest, line, column, budget=2048, mode="edit")
        out.append((time.perf_counter() - started) * 1000)
    return out[1:] or out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sample", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--languages", default="c,go,typescript")
    parser.add_argument("--before", help="another interpreter whose archmem counts the same sample")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON only (for --before)")
    args = parser.parse_args()
    languages = args.languages.split(",")
    if args.json:
        print(json.dumps({lang: count(lang, args.sample, args.seed, None) for lang in languages}))
        return
    audit = DATA / "typed_members_audit.tsv"
    audit.parent.mkdir(parents=True, exist_ok=True)
    audit.write_text("language\tplace\tline\tdefinitions\n", encoding="utf-8")
    after = {lang: count(lang, args.sample, args.seed, audit) for lang in languages}
    before: dict[str, dict[str, float]] = {}
    if args.before:
        command = [args.before, __file__, "--json", f"--sample={args.sample}", f"--seed={args.seed}"]
        done = subprocess.run([*command, f"--languages={args.languages}"], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"--before failed: {done.stderr[-2000:]}")
        before = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{'language':<11} {'accesses':>8} {'imports':>7} {'sample':>6} {'before':>7} {'after':>7} "
        f"{'several':>7} {'ms before':>9} {'ms after':>8}"
    )
    for lang, row in after.items():
        was = before.get(lang, {}).get("resolved")
        before_cell = "-" if was is None else f"{was / row['sample']:.2f}"
        ms_before = before.get(lang, {}).get("ms")
        ms_cell = "-" if ms_before is None else f"{ms_before:.1f}"
        print(
            f"{lang:<11} {row['accesses']:>8.0f} {row['imports']:>7.0f} {row['sample']:>6.0f} {before_cell:>7} "
            f"{row['resolved'] / row['sample']:>7.2f} {row['several'] / row['sample']:>7.2f} {ms_cell:>9} "
            f"{row['ms']:>8.1f}"
        )
    for lang, row in after.items():
        was = before.get(lang, {})
        was_cell = f"{was['pack_p50']:.1f} / {was['pack_p95']:.1f} ms before, " if "pack_p50" in was else ""
        print(
            f"packing {lang} ({row['longest']}, edit, 2,048 tokens) p50 / p95: {was_cell}"
            f"{row['pack_p50']:.1f} / {row['pack_p95']:.1f} ms after"
        )
    print(f"audit: {audit}")
    summary = ", ".join(
        f"{lang} {before[lang]['resolved'] / row['sample']:.2f} -> {row['resolved'] / row['sample']:.2f}"
        if lang in before
        else f"{lang} {row['resolved'] / row['sample']:.2f}"
        for lang, row in after.items()
    )
    print(f"typed members: member accesses that go to a definition (before -> after): {summary}")


if __name__ == "__main__":
    main()
