"""Dev set for C generate (issue 15, branch c7), not a bench of record: long bodies of the tuned C files, or with
C7ROOT=build/c7devroot of the amalgamations `bench/c_dev_amalgam.py` builds from them (shaped like the held-out
`sqlite3.c`), clangd's answers cached under build/, archmem's generate packs scored at 2048 as
context_recall_langs.py scores them. Prints the misses, categories, per-file recall and one summary line last.

    python bench/c_dev_set.py [PER_FILE=25] [FILES=a.c,b.c] [SHOW=60]
    python bench/c_dev_amalgam.py --all && C7ROOT=build/c9allroot python bench/c_dev_set.py 60 sqlean-all.c 400
        (session 15, c9: every tuned extension in one 59,554-line file, shaped like sqlite3.c; clangd's answers
        cached in build/c9all_cache.json)
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import os

from bench import lang_corpus, tokens
from bench import scenario as scen
from bench.archmem_adapter import ArchmemPacker
from bench.context_recall_langs import part_of
from bench.lang_oracles import LspOracle, Span, scope_units, to_target
from bench.oracle import Site, Unit
from bench.packing import FileText, Request
from bench.scoring import score

ROOT = os.environ.get("C7ROOT")
CACHE = (
    Path(__file__).resolve().parent.parent
    / "build"
    / (
        "c7dev_cache.json"
        if ROOT is None
        else "c9all_cache.json"
        if ROOT.endswith("c9allroot")
        else "c7amalg_cache.json"
    )
)
PER_FILE = int(sys.argv[1]) if len(sys.argv) > 1 else 25
ONLY = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] else None
SHOW = int(sys.argv[3]) if len(sys.argv) > 3 else 60


def main() -> None:
    corpus = lang_corpus.LOADERS["c"](False)
    if ROOT is not None:
        root = Path(ROOT).resolve()
        files = {
            p.relative_to(root).as_posix(): p.read_text(errors="replace")
            for p in sorted(root.rglob("*"))
            if p.suffix in (".c", ".h")
        }
        corpus = lang_corpus.LangCorpus(
            "c",
            "dev",
            root,
            files,
            ("sqlean-regexp.c", "sqlean-crypto.c", "sqlean-fuzzy.c", "sqlean-text.c", "sqlean-all.c"),
        )
    tuned = [f for f in corpus.long_files if part_of(f) == "tuned" and (ONLY is None or f in ONLY)]
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    oracle = None
    plan: list[tuple[str, Span, list[Unit]]] = []
    for rel in sorted(tuned):
        src = corpus.files[rel]
        key = f"spans:{rel}"
        if key not in cache:
            oracle = oracle or LspOracle(
                "c", ["clangd", "--background-index=false", "-j=2"], corpus.root, corpus.files
            )
            cache[key] = [s.__dict__ for s in oracle.spans(rel, src)]
        spans = [Span(**{**d, "scopes": tuple(tuple(x) for x in d["scopes"])}) for d in cache[key]]
        lines = src.splitlines(keepends=True)
        ft = FileText.of(src)
        cum = tokens.cumulative(ft.line_tokens)
        ok = [s for s in spans if (t := to_target(s, lines)) is not None and cum[t.body_start - 1] >= 200]
        # The long bodies (what an amalgamation's functions are) and a seeded sample of the rest.
        ok.sort(key=lambda s: -(s.close - s.start))
        rng = random.Random(f"c7dev:{rel}")
        chosen = (
            ok[: PER_FILE // 2]
            + rng.sample(ok[PER_FILE // 2 :], min(len(ok) - PER_FILE // 2, PER_FILE - PER_FILE // 2))
            if len(ok) > PER_FILE // 2
            else ok
        )
        for s in sorted(chosen, key=lambda s: s.start):
            k = f"needs:{rel}:{s.start}"
            if k not in cache:
                oracle = oracle or LspOracle(
                    "c", ["clangd", "--background-index=false", "-j=2"], corpus.root, corpus.files
                )
                cache[k] = [
                    [u.kind, u.name, [[a.path, list(a.lines), a.what] for a in u.alternatives]]
                    for u in oracle.needs(s, src)
                ]
            units = [
                Unit(k_, n, tuple(Site(p, tuple(ls), w) for p, ls, w in alts)) for k_, n, alts in cache[k]
            ]
            plan.append((rel, s, units))
        CACHE.write_text(json.dumps(cache))
    if oracle is not None:
        oracle.close()
    print(f"{len(plan)} targets", file=sys.stderr, flush=True)
    started = time.perf_counter()
    adapter = ArchmemPacker(corpus.root)
    print(f"indexed {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    files = {rel: FileText.of(text) for rel, text in corpus.files.items()}
    all_lines = {rel: ft.lines for rel, ft in files.items()}
    total = covered = 0
    per_file: Counter[str] = Counter()
    per_file_n: Counter[str] = Counter()
    cats: Counter[str] = Counter()
    misses: list[str] = []
    cpu = 0.0
    for rel, span, units in plan:
        src = corpus.files[rel]
        ft = files[rel]
        t = to_target(span, src.splitlines(keepends=True))
        assert t is not None
        cum = tokens.cumulative(ft.line_tokens)
        sc = scen.build("generate", t, src)
        doc = ft.replaced(t.body_start, t.end_line, t.body_indent + "\n")
        texts = {**all_lines, t.path: doc.lines}
        others = {p: f for p, f in files.items() if p != t.path}
        adapter.begin(t.path, "generate", sc.text)
        try:
            req = Request(sc, t.path, doc, 2048, others, tuple(units), tuple(scope_units(span)))
            c0 = time.thread_time()
            packed = adapter.pack(req)
            cpu += time.thread_time() - c0
            result = score(sc, units, req.scopes, packed, texts, cum)
        finally:
            adapter.end(t.path, src)
        for unit, where, ok in result.units:
            total += 1
            per_file_n[rel] += 1
            if ok:
                covered += 1
                per_file[rel] += 1
            else:
                cats[f"{unit.kind} {where}"] += 1
                site = unit.alternatives[0]
                first = all_lines[site.path][site.lines[0] - 1].strip()[:80]
                misses.append(
                    f"{rel}:{t.qualname}({t.def_line}): {unit.kind} {unit.name!r} {where} <- {site.path}:{site.lines[0]} {first}"
                )
    adapter.close()
    for line in random.Random(0).sample(misses, min(SHOW, len(misses))):
        print("miss:", line)
    for c, n in cats.most_common(10):
        print(f"  {n:4d} {c}")
    for rel in sorted(per_file_n):
        print(f"  {rel}: {per_file[rel]}/{per_file_n[rel]} = {per_file[rel] / per_file_n[rel]:.3f}")
    print(
        f"DEV c generate @2048: {covered}/{total} = {covered / total:.4f}  ({len(plan)} targets, pack cpu {cpu:.1f}s)"
    )


if __name__ == "__main__":
    main()
