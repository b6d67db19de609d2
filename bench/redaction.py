"""How well the redactor catches secrets and leaves code alone: true positives over the corpus of secret
formats (tests/fixtures/secrets/corpus.tsv), redactions on real code that holds no secret (this machine's
Python standard library, rxjs 7.8.1's TypeScript sources fetched from npm, and TypeScript 5.6's
declaration files), and throughput in MB/s. Every redaction on real code is written to an audit file to
read, with its rule; each is a false positive unless the audit shows a real credential.

    python bench/redaction.py [--stdlib PATH] [--audit bench/_data/secrets-audit.txt]

One summary line last.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import sysconfig
import tarfile
import time
from pathlib import Path

from archmem.indexer.context.redact import REDACTED, redact

from bench.reference_noise import DATA, rxjs_sources

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "secrets" / "corpus.tsv"
TYPESCRIPT = "typescript-5.6.3"


def corpus() -> list[tuple[str, str, str]]:
    """(format, line of code, the secret in it) for every format of the corpus."""
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fmt, code, secret = line.split("\t")
            rows.append((fmt, code, secret))
    return rows


def typescript_declarations() -> Path:
    """TypeScript's own `lib/*.d.ts` files, from the npm registry (`npm pack`), unpacked once."""
    root = DATA / TYPESCRIPT
    if not (root / "package" / "lib").is_dir():
        downloads = DATA / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", TYPESCRIPT.replace("-", "@", 1), "--silent"], cwd=downloads, check=True
        )
        with tarfile.open(downloads / f"{TYPESCRIPT}.tgz") as tar:
            tar.extractall(root, filter="data")
    return root / "package" / "lib"


def true_positives() -> tuple[int, int, list[str]]:
    """Formats whose secret no longer appears after redaction, of all formats, and the missed ones."""
    missed = []
    rows = corpus()
    for fmt, code, secret in rows:
        text, _count = redact(code)
        if secret in text or REDACTED not in text:
            missed.append(fmt)
    return len(rows) - len(missed), len(rows), missed


def scan(name: str, files: list[Path], audit: Path) -> tuple[int, float, float]:
    """Redactions over `files` (each written to `audit`), megabytes scanned, and the median seconds of
    three timed passes over all of them."""
    texts = [(p, p.read_text(encoding="utf-8", errors="replace")) for p in files]
    hits = 0
    with audit.open("a", encoding="utf-8") as out:
        for path, text in texts:
            redacted, count = redact(text)
            if not count:
                continue
            hits += count
            before, after = text.splitlines(), redacted.splitlines()
            for number, (old, new) in enumerate(zip(before, after, strict=False), 1):
                if old != new:
                    out.write(f"{name}\t{path}:{number}\t{old.strip()[:200]}\n")
    size = sum(len(t.encode("utf-8")) for _p, t in texts) / 1e6
    times = []
    for _ in range(3):
        start = time.perf_counter()
        for _p, text in texts:
            redact(text)
        times.append(time.perf_counter() - start)
    return hits, size, statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stdlib", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument("--audit", type=Path, default=DATA / "secrets-audit.txt")
    args = parser.parse_args()
    args.audit.parent.mkdir(parents=True, exist_ok=True)
    args.audit.write_text("", encoding="utf-8")

    caught, total, missed = true_positives()
    print(f"corpus: {caught}/{total} formats redacted" + (f"; missed: {', '.join(missed)}" if missed else ""))

    stdlib = sorted(p for p in args.stdlib.rglob("*.py") if "site-packages" not in p.parts)
    ts = sorted(rxjs_sources().rglob("*.ts")) + sorted(typescript_declarations().glob("*.d.ts"))
    results = {}
    for name, files in (("stdlib", stdlib), ("typescript", ts)):
        hits, size, seconds = scan(name, files, args.audit)
        results[name] = (hits, size, seconds)
        print(
            f"{name}: {len(files)} files, {size:.1f} MB, {hits} redactions = {hits / size:.2f} per MB "
            f"(each a false positive unless {args.audit} shows a real credential); "
            f"{size / seconds:.1f} MB/s (median of 3)"
        )
    size = sum(r[1] for r in results.values())
    seconds = sum(r[2] for r in results.values())
    (sh, ss, _), (th, tsz, _) = results["stdlib"], results["typescript"]
    print(
        f"secrets: {caught}/{total} formats caught; false positives {sh / ss:.2f}/MB stdlib, "
        f"{th / tsz:.2f}/MB typescript; {size / seconds:.1f} MB/s"
    )
    return 0 if caught == total else 1


if __name__ == "__main__":
    sys.exit(main())
