"""Index benchmark on the machine's CPython standard library (issue 2, "Measured").

Measures, in one run and on the same files:
  floor   raw single-threaded tree-sitter parse of the bytes (no archmem code at all)
  ctags   universal-ctags over the same files (the peer), and the definitions both find
  cold    archmem cold index: a fresh store, every core, Memory(...).index_all()
  warm    a new Memory over the same store, nothing changed, index_all()
  incr    a one-character edit at 50 positions in each of the 5 largest files: Document.replace against
          tree-sitter's own incremental reparse (tree.edit + parser.parse(text, old_tree)) at the same spots
  rss     peak RSS of each phase, each measured in a subprocess of its own (resource.getrusage)
  digest  a sha256 of the whole stored memory (every file's chunks, definitions, references, imports and
          module doc, in path order; with --digest): equal digests mean two indexers remember the same
          thing
Medians over --repeats where a phase is cheap enough to repeat. The last line printed is the summary.

Usage: python bench/index_speed.py [--repeats 3] [--root DIR] [--json FILE] [--profile] [--digest]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

import tree_sitter as ts
from archmem.indexer.capture import Capture
from archmem.indexer.document import Document, extractor_for
from archmem.indexer.files import Candidate, FileRules, discover
from archmem.indexer.references import masked, scanner  # the extraction's own, for phase_design
from archmem.indexer.symbols import SymbolKind
from archmem.indexer.workspace import Memory, _parse_file

CTAGS = "/usr/bin/ctags"
EDITS_PER_FILE = 50
LARGEST_FILES = 5
# The standard library's own third-party directory is not the standard library.
RULES = FileRules(excludes=("site-packages/",), max_file_size=10_000_000)
# Definition kinds archmem and ctags both produce for Python (ctags: class, function, member, variable).
_CTAGS_KINDS = "cfmv"
_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS = frozenset(
    b"False None True and as assert async await break class continue def del elif else except finally for "
    b"from global if import in is lambda nonlocal not or pass raise return try while with yield".split()
)


# -- phases (each runs in a subprocess of its own, so that its peak RSS is its own) ----------------------


def _files(root: Path) -> list[Candidate]:
    return discover(root, RULES).files


def phase_floor(root: Path) -> dict[str, Any]:
    files = _files(root)
    data = [(c, c.absolute.read_bytes()) for c in files]
    parsers = {c.spec.name: c.spec.parser() for c, _ in data}
    started = time.perf_counter()
    for cand, raw in data:
        parsers[cand.spec.name].parse(raw)
    return {"seconds": time.perf_counter() - started}


def phase_cold(root: Path, store: Path) -> dict[str, Any]:
    started = time.perf_counter()
    memory = Memory(root, rules=RULES, store_path=store)
    report = memory.index_all()
    seconds = time.perf_counter() - started
    memory.close()
    return {
        "seconds": seconds,
        "parsed": report.parsed,
        "files": report.files,
        "skipped": {k: len(v) for k, v in report.skipped.items()},
        "symbols": sum(report.symbols_by_language.values()),
        "store_bytes": report.store_bytes,
    }


def phase_warm(root: Path, store: Path) -> dict[str, Any]:
    started = time.perf_counter()
    memory = Memory(root, rules=RULES, store_path=store)
    report = memory.index_all()
    seconds = time.perf_counter() - started
    memory.close()
    return {"seconds": seconds, "parsed": report.parsed, "reused": report.reused}


def phase_definitions(root: Path, store: Path) -> dict[str, Any]:
    """Every definition of the stored memory as (path, 1-based line, name), for the ctags comparison."""
    memory = Memory(root, rules=RULES, store_path=store)
    out: list[tuple[str, int, str]] = []
    for path in memory.files():
        index = memory.file(path)
        if index is None:
            continue
        for s in index.symbols[1:]:
            if s.kind is not SymbolKind.FIELD:  # self.x = ... has no ctags counterpart
                out.append((path, s.name_start[0] + 1, s.name))
    memory.close()
    return {"definitions": out}


def phase_digest(root: Path, store: Path) -> dict[str, Any]:
    """A sha256 over the memory of every stored file in path order: its language, module, module doc and
    chunks (the NamedTuples' reprs are canonical: definitions, references and imports in document order)."""
    memory = Memory(root, rules=RULES, store_path=store)
    digest = hashlib.sha256()
    files = symbols = 0
    for path in sorted(memory.files()):
        index = memory.file(path)
        if index is None:
            continue
        files += 1
        symbols += len(index.symbols)
        digest.update(repr((path, index.language, index.module, index.module_doc, index.chunks)).encode())
    memory.close()
    return {"sha256": digest.hexdigest(), "files": files, "symbols": symbols}


def phase_incremental(root: Path) -> dict[str, Any]:
    files = sorted(_files(root), key=lambda c: -c.size)[:LARGEST_FILES]
    rng = random.Random(2)
    doc_ms: list[float] = []
    ts_ms: list[float] = []
    per_file: list[dict[str, Any]] = []
    for cand in files:
        text = cand.absolute.read_bytes()
        doc = Document(cand.path, cand.spec, text)
        parser = cand.spec.parser()
        tree = parser.parse(text)
        positions = _edit_positions(text, rng)
        d_file: list[float] = []
        t_file: list[float] = []
        for pos in positions:
            new_text = text[:pos] + b"q" + text[pos:]
            point = doc.lines.point(pos)
            after = (point[0], point[1] + 1)
            # tree-sitter's own incremental reparse: the floor of an incremental update.
            old = tree.copy()
            started = time.perf_counter()
            old.edit(pos, pos, pos + 1, point, point, after)
            parser.parse(new_text, old)
            t_file.append((time.perf_counter() - started) * 1000)
            # archmem: the same edit through the document (reparse, changed chunks re-extracted).
            started = time.perf_counter()
            doc.replace(pos, pos, "q")
            d_file.append((time.perf_counter() - started) * 1000)
            doc.replace(pos, pos + 1, "")  # undo, untimed
        doc_ms += d_file
        ts_ms += t_file
        per_file.append(
            {
                "path": cand.path,
                "bytes": cand.size,
                "doc_p50": statistics.median(d_file),
                "ts_p50": statistics.median(t_file),
            }
        )
    return {"doc_ms": doc_ms, "ts_ms": ts_ms, "files": per_file}


def _edit_positions(text: bytes, rng: random.Random) -> list[int]:
    """Positions just after a name that is not a keyword: typing a letter there renames, never breaks."""
    words = [m for m in _WORD.finditer(text) if m.group() not in _KEYWORDS and len(m.group()) > 2]
    return sorted(m.end() for m in rng.sample(words, min(EDITS_PER_FILE, len(words))))


def phase_profile(root: Path) -> dict[str, Any]:
    """Where the time goes: one core's cold index (every file through the code a worker runs), and the
    edits of the incremental phase through Document.replace."""
    files = _files(root)
    cold = cProfile.Profile()
    started = time.perf_counter()
    cold.enable()
    for cand in files:
        _parse_file(cand)
    cold.disable()
    seconds = time.perf_counter() - started
    # The main process of a parallel cold index: receiving, storing and publishing what workers parsed.
    main = cProfile.Profile()
    with tempfile.TemporaryDirectory() as scratch:
        memory = Memory(root, rules=RULES, store_path=Path(scratch) / "store.sqlite")
        main.enable()
        memory.index_all()
        main.disable()
        memory.close()
    incr = cProfile.Profile()
    rng = random.Random(2)
    for cand in sorted(files, key=lambda c: -c.size)[:LARGEST_FILES]:
        text = cand.absolute.read_bytes()
        doc = Document(cand.path, cand.spec, text)
        for pos in _edit_positions(text, rng):
            incr.enable()
            doc.replace(pos, pos, "q")
            incr.disable()
            doc.replace(pos, pos + 1, "")
    return {"seconds": seconds, "profile": _top(cold), "main_profile": _top(main), "incr_profile": _top(incr)}


def phase_design(root: Path) -> dict[str, Any]:
    """The floor of this design, on one core: what a cold index cannot avoid before it builds a single
    definition. Each part in CPU seconds over every file: the parse; the one query pass extraction runs
    (matches iterated, nothing read from them); the name scan over each whole file, its masks blanked (one
    regular-expression pass, no per-definition split). The query pass reads the masks' spans from its matches,
    and nothing else. Then the whole extraction and the rest of a worker's
    job (content hash, search rows, pickling), to set against it."""
    files = _files(root)
    data = [(c, c.absolute.read_bytes()) for c in files]
    data = [(c, raw) for c, raw in data if b"\0" not in raw[:8192]]
    clock = time.process_time
    started = clock()
    trees = [c.spec.parser().parse(raw) for c, raw in data]
    parse = clock() - started
    extractors = {c.spec.name: extractor_for(c.spec) for c, _ in data}  # queries compiled outside the clocks
    captures = {name: Capture(e.spec) for name, e in extractors.items()}
    started = clock()
    spans: list[list[tuple[int, int]]] = []
    for (cand, _), tree in zip(data, trees, strict=True):
        # The masks' byte spans are the only thing read from the matches: the scan needs them.
        first_mask = captures[cand.spec.name].def_patterns
        query_pass = ts.QueryCursor(extractors[cand.spec.name].spec.extraction_query).matches(tree.root_node)
        spans.append(
            [(c["mask"][0].start_byte, c["mask"][0].end_byte) for p, c in query_pass if p >= first_mask]
        )
    query = clock() - started
    started = clock()
    for (cand, raw), masks in zip(data, spans, strict=True):
        dict.fromkeys(scanner(cand.spec.name)(masked(raw, 0, len(raw), masks)))
    scan = clock() - started
    started = clock()
    definitions = 0
    for (cand, raw), tree in zip(data, trees, strict=True):
        definitions += sum(len(chunk.defs) for chunk in extractors[cand.spec.name].extract(tree, raw))
    extract = clock() - started
    started = clock()
    for cand, _ in data:
        _parse_file(cand)
    worker = clock() - started
    return {
        "parse_s": parse,
        "query_s": query,
        "scan_s": scan,
        "extract_s": extract,
        "worker_s": worker,
        "definitions": definitions,
    }


def _top(profile: cProfile.Profile) -> str:
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(16)
    # Keep the table, not pstats' preamble.
    text = out.getvalue()
    return text[text.find("   ncalls") :].rstrip()


PHASES = {
    "floor": lambda a: phase_floor(a.root),
    "cold": lambda a: phase_cold(a.root, a.store),
    "warm": lambda a: phase_warm(a.root, a.store),
    "definitions": lambda a: phase_definitions(a.root, a.store),
    "digest": lambda a: phase_digest(a.root, a.store),
    "incr": lambda a: phase_incremental(a.root),
    "profile": lambda a: phase_profile(a.root),
    "design": lambda a: phase_design(a.root),
}


def _run_phase(args: argparse.Namespace) -> None:
    result = PHASES[args.phase](args)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Linux carries ru_maxrss across fork and exec, so a phase would report its parent's peak if that is
    # higher: the phase's own peak is VmHWM, which starts afresh with the new program. Workers are measured
    # by ru_maxrss (an upper bound: it includes this process's size when they were forked). CPU seconds of
    # the phase and its workers tell the work done apart from the load of a shared machine.
    result["rss_mb"] = _peak_rss_mb()
    result["worker_rss_mb"] = children.ru_maxrss / 1024
    result["main_cpu_s"] = usage.ru_utime + usage.ru_stime
    result["worker_cpu_s"] = children.ru_utime + children.ru_stime
    result["cpu_s"] = result["main_cpu_s"] + result["worker_cpu_s"]
    json.dump(result, sys.stdout)


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _phase(name: str, root: Path, store: Path | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--phase", name, "--root", str(root)]
    if store is not None:
        cmd += ["--store", str(store)]
    done = subprocess.run(cmd, capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {name} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# -- the peer ----------------------------------------------------------------------------------------------


def run_ctags(
    root: Path, files: list[Candidate], out_dir: Path
) -> tuple[float, set[tuple[str, int, str]], float]:
    """Wall seconds universal-ctags takes over `files`, the definitions it finds (path, line, name), and its
    CPU seconds."""
    listing = out_dir / "files.txt"
    listing.write_text("".join(f"{c.path}\n" for c in files))
    tags = out_dir / "tags.json"
    # ctags refuses to overwrite a file that does not look like its own tags format (JSON does not).
    tags.unlink(missing_ok=True)
    cmd = [
        CTAGS,
        "--output-format=json",
        "--fields=+nK",
        f"--kinds-Python={_CTAGS_KINDS}",
        "-f",
        str(tags),
        "-L",
        str(listing),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=root, check=False, capture_output=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"ctags failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    found: set[tuple[str, int, str]] = set()
    for line in tags.read_text(errors="replace").splitlines():
        tag = json.loads(line)
        if tag.get("_type") == "tag" and "line" in tag:
            found.add((tag["path"], int(tag["line"]), tag["name"]))
    return seconds, found, cpu


# -- the driver --------------------------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write every number here")
    parser.add_argument("--profile", action="store_true", help="profile one core's cold index (cProfile)")
    parser.add_argument("--digest", action="store_true", help="print a sha256 of the whole stored memory")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        _run_phase(args)
        return

    root: Path = args.root.resolve()
    if not Path(CTAGS).exists():
        raise SystemExit(f"{CTAGS} not found: apt-get install universal-ctags")
    version = subprocess.run([CTAGS, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    found = discover(root, RULES)
    files = found.files
    megabytes = sum(c.size for c in files) / 1e6
    lines = sum(c.absolute.read_bytes().count(b"\n") for c in files)
    print(f"root      {root} (site-packages excluded)")
    print(f"files     {len(files)} files, {megabytes:.1f} MB, {lines:,} lines; cores {os.cpu_count()}")
    print(f"peer      {version}")
    load = os.getloadavg()
    print(f"load      {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (1/5/15 min) before the run")

    work = Path(tempfile.mkdtemp(prefix="archmem-bench-"))
    results: dict[str, Any] = {"root": str(root), "files": len(files), "megabytes": megabytes, "lines": lines}
    try:
        floors = [_phase("floor", root) for _ in range(args.repeats)]
        ctags_runs = [run_ctags(root, files, work) for _ in range(args.repeats)]
        colds: list[dict[str, Any]] = []
        for i in range(args.repeats):
            store_dir = work / f"cold-{i}"
            shutil.rmtree(store_dir, ignore_errors=True)
            colds.append(_phase("cold", root, store_dir / "store.sqlite"))
        store = work / f"cold-{args.repeats - 1}" / "store.sqlite"
        warms = [_phase("warm", root, store) for _ in range(max(args.repeats, 5))]
        definitions = {tuple(d) for d in _phase("definitions", root, store)["definitions"]}
        digest = _phase("digest", root, store) if args.digest else None
        incr = _phase("incr", root)
        design = _phase("design", root)
        profile = _phase("profile", root) if args.profile else None
    finally:
        shutil.rmtree(work, ignore_errors=True)

    floor_s = statistics.median(f["seconds"] for f in floors)
    ctags_s = statistics.median(c[0] for c in ctags_runs)
    ctags_defs = ctags_runs[0][1]
    cold_s = statistics.median(c["seconds"] for c in colds)
    warm_s = statistics.median(w["seconds"] for w in warms)
    both = ctags_defs & definitions
    doc_p50, doc_p99 = _pct(incr["doc_ms"], 0.5), _pct(incr["doc_ms"], 0.99)
    ts_p50, ts_p99 = _pct(incr["ts_ms"], 0.5), _pct(incr["ts_ms"], 0.99)
    store_mb = colds[-1]["store_bytes"] / 1e6
    rss = {
        "floor": max(f["rss_mb"] for f in floors),
        "cold (main)": max(c["rss_mb"] for c in colds),
        "cold (worker)": max(c["worker_rss_mb"] for c in colds),
        "warm": max(w["rss_mb"] for w in warms),
        "incr": incr["rss_mb"],
    }

    floor_cpu = statistics.median(f["cpu_s"] for f in floors)
    ctags_cpu = statistics.median(c[2] for c in ctags_runs)
    cold_cpu = statistics.median(c["cpu_s"] for c in colds)
    warm_cpu = statistics.median(w["cpu_s"] for w in warms)
    print()
    print(f"{'phase':<28}{'wall':>9}{'runs (wall s)':>28}{'cpu':>9}{'wall/floor':>12}{'cpu/floor':>11}")

    def row(name: str, wall: float, walls: list[float], cpu: float, ratios: bool = True) -> None:
        listed = " ".join(f"{v:.2f}" for v in walls)
        wall_ratio = f"{wall / floor_s:.2f}x" if ratios else ""
        cpu_ratio = f"{cpu / floor_cpu:.2f}x" if ratios else ""
        print(f"{name:<28}{wall:>7.2f} s{listed:>28}{cpu:>7.2f} s{wall_ratio:>12}{cpu_ratio:>11}")

    row("floor: raw parse, 1 core", floor_s, [f["seconds"] for f in floors], floor_cpu)
    row("ctags (universal), 1 core", ctags_s, [c[0] for c in ctags_runs], ctags_cpu)
    row(f"archmem cold, {os.cpu_count()} cores", cold_s, [c["seconds"] for c in colds], cold_cpu)
    row("archmem warm (no change)", warm_s, [w["seconds"] for w in warms], warm_cpu, ratios=False)
    print()
    print(
        f"cold vs ctags          {cold_s / ctags_s:.2f}x the wall time of ctags, {cold_cpu / ctags_cpu:.2f}x its CPU"
    )
    main_cpu = statistics.median(c["main_cpu_s"] for c in colds)
    worker_cpu = statistics.median(c["worker_cpu_s"] for c in colds)
    print(f"cold CPU split         main process {main_cpu:.2f} s, parser workers {worker_cpu:.2f} s")
    print(
        f"definitions            ctags {len(ctags_defs):,} (kinds {_CTAGS_KINDS}); archmem {len(definitions):,} "
        f"(fields excluded); both {len(both):,} = {len(both) / max(len(ctags_defs), 1):.1%} of ctags'"
    )
    print(f"symbols stored         {colds[-1]['symbols']:,} names; parsed {colds[-1]['parsed']} files")
    print(f"skipped                {colds[-1]['skipped']}")
    if digest is not None:
        print(
            f"memory digest          sha256 {digest['sha256']} ({digest['files']} files, {digest['symbols']:,} symbols)"
        )
    print(f"store                  {store_mb:.1f} MB = {store_mb / megabytes:.2f} MB per MB of source")
    print()
    print(f"incremental edit (ms)  {'p50':>8}{'p99':>8}   ({len(incr['doc_ms'])} edits)")
    print(f"  tree-sitter reparse  {ts_p50:>8.2f}{ts_p99:>8.2f}")
    print(f"  Document.replace     {doc_p50:>8.2f}{doc_p99:>8.2f}")
    print(f"  ratio                {doc_p50 / ts_p50:>7.2f}x{doc_p99 / ts_p99:>7.2f}x")
    for f in incr["files"]:
        print(
            f"    {f['path']:<40}{f['bytes'] / 1e3:>7.0f} KB  p50 {f['doc_p50']:.2f} vs {f['ts_p50']:.2f} ms"
        )
    # On the cores there are, a cold index can at best spread its CPU time evenly: wall >= CPU / cores.
    cores = os.cpu_count() or 1
    unavoidable = design["parse_s"] + design["query_s"] + design["scan_s"]
    python_us = (design["worker_s"] - unavoidable) / max(design["definitions"], 1) * 1e6
    budget = cores * design["parse_s"] - unavoidable
    print()
    print("design floor (CPU s, one core, every file)")
    print(
        f"  parse {design['parse_s']:.2f} + query pass {design['query_s']:.2f} + name scan {design['scan_s']:.2f}"
        f" = {unavoidable:.2f} s: on {cores} cores at least {unavoidable / cores / design['parse_s']:.2f}x the"
        " parse, before one definition is built"
    )
    print(
        f"  extraction {design['extract_s']:.2f} s, whole worker job {design['worker_s']:.2f} s for"
        f" {design['definitions']:,} definitions: {python_us:.1f} us of other work per definition"
    )
    print(
        f"  1.0x on {cores} cores leaves {max(budget, 0):.2f} s = {max(budget, 0) / max(design['definitions'], 1) * 1e6:.1f}"
        " us per definition for everything else (building, pickling, storing), main process included"
    )
    print()
    print("peak RSS (MB)          " + "  ".join(f"{k} {v:.0f}" for k, v in rss.items()))
    if profile is not None:
        print()
        print(
            f"profile: cold index on one core, every file through the worker's code ({profile['seconds']:.1f} s)"
        )
        print(profile["profile"])
        print()
        print("profile: cold index with every core, the main process only (workers not shown)")
        print(profile["main_profile"])
        print()
        print("profile: Document.replace over the incremental phase's edits")
        print(profile["incr_profile"])

    results.update(
        floor_s=floor_s,
        ctags_s=ctags_s,
        cold_s=cold_s,
        warm_s=warm_s,
        cpu_s={"floor": floor_cpu, "ctags": ctags_cpu, "cold": cold_cpu, "warm": warm_cpu},
        ctags_definitions=len(ctags_defs),
        archmem_definitions=len(definitions),
        both_definitions=len(both),
        incr={"doc_p50": doc_p50, "doc_p99": doc_p99, "ts_p50": ts_p50, "ts_p99": ts_p99},
        store_mb=store_mb,
        rss_mb=rss,
        cold_runs=colds,
        warm_runs=warms,
        design=design,
        digest=digest,
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(
        f"index stdlib: {megabytes:.1f} MB in {cold_s:.1f} s = {cold_s / floor_s:.2f}x raw parse; "
        f"ctags {cold_s / ctags_s:.1f}x; warm {warm_s:.2f} s; "
        f"incr p50 {doc_p50 / ts_p50:.1f}x p99 {doc_p99 / ts_p99:.1f}x; rss {rss['cold (main)']:.0f} MB"
    )


if __name__ == "__main__":
    main()
