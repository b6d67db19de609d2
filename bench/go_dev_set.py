"""Dev set for Go generate (issue 15, branch go8), not a bench of record: the tuned part of
`context_recall_langs.py --langs go --mode generate` (the same files, targets and scoring at 2,048), with gopls's
answers cached under build/ so that a change is measured in a minute, not a quarter hour. The held-out part is
never read here. Prints the misses, their kinds, per-file recall and one summary line last.

    python bench/go_dev_set.py [SHOW=60] [FILES=a.go,b.go]
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import context_recall as cr
from bench import lang_corpus, tokens
from bench import scenario as scen
from bench.archmem_adapter import ArchmemPacker
from bench.context_recall_langs import EXCLUDES, part_of
from bench.lang_oracles import LspOracle, Span, scope_units, to_target
from bench.oracle import Site, Unit
from bench.packing import FileText, Request
from bench.scoring import score

CACHE = Path(__file__).resolve().parent.parent / "build" / "go8dev_cache.json"
SHOW = int(sys.argv[1]) if len(sys.argv) > 1 else 60
ONLY = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] else None
MAX_FILES, MAX_TARGETS, SEED = 12, 15, 0


def _chosen(corpus: lang_corpus.LangCorpus) -> list[str]:
    """The bench's choice of files (`choose_files` at its defaults), tuned part only."""
    files = sorted(corpus.long_files, key=lambda rel: len(corpus.files[rel]))
    rest = [f for f in files if f != corpus.longest]
    picked = sorted([corpus.longest, *random.Random(SEED).sample(rest, MAX_FILES - 1)])
    return [f for f in picked if part_of(f) == "tuned" and (ONLY is None or f in ONLY)]


def main() -> None:
    from archmem.indexer.files import FileRules

    corpus = lang_corpus.LOADERS["go"](False)
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    oracle = None
    plan: list[tuple[str, Span, list[Unit]]] = []
    for rel in _chosen(corpus):
        src = corpus.files[rel]
        key = f"spans:{rel}"
        if key not in cache:
            oracle = oracle or LspOracle("go", ["gopls"], corpus.root, corpus.files)
            cache[key] = [s.__dict__ for s in oracle.spans(rel, src)]
        all_spans = [Span(**{**d, "scopes": tuple(tuple(x) for x in d["scopes"])}) for d in cache[key]]
        lines = src.splitlines(keepends=True)
        cum = tokens.cumulative(FileText.of(src).line_tokens)
        spans = [
            (s, t)
            for s in all_spans
            if (t := to_target(s, lines)) is not None and cum[t.body_start - 1] >= cr.MIN_CURSOR_TOKENS
        ]
        rng = random.Random(f"{SEED}:{rel}")
        if len(spans) > MAX_TARGETS:
            spans = sorted(rng.sample(spans, MAX_TARGETS), key=lambda st: st[1].def_line)
        for s, _t in spans:
            k = f"needs:{rel}:{s.start}"
            if k not in cache:
                oracle = oracle or LspOracle("go", ["gopls"], corpus.root, corpus.files)
                cache[k] = [
                    [u.kind, u.name, [[a.path, list(a.lines), a.what] for a in u.alternatives]]
                    for u in oracle.needs(s, src)
                ]
            units = [
                Unit(k_, n, tuple(Site(p, tuple(ls), w) for p, ls, w in alts)) for k_, n, alts in cache[k]
            ]
            plan.append((rel, s, units))
        CACHE.parent.mkdir(exist_ok=True)
        CACHE.write_text(json.dumps(cache))
    if oracle is not None:
        oracle.close()
    print(f"{len(plan)} targets", file=sys.stderr, flush=True)
    adapter = ArchmemPacker(corpus.root, rules=FileRules(excludes=EXCLUDES["go"]))
    files = {rel: FileText.of(text) for rel, text in corpus.files.items()}
    all_lines = {rel: ft.lines for rel, ft in files.items()}
    total = covered = 0
    per_file: Counter[str] = Counter()
    per_file_n: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
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
                continue
            site = unit.alternatives[0]
            kinds[f"{unit.kind} {'same file' if site.path == rel else 'other file'}"] += 1
            first = all_lines[site.path][site.lines[0] - 1].strip()[:80]
            misses.append(
                f"{rel}:{t.qualname}({t.def_line}): {unit.kind} {unit.name!r} {where} <- {site.path}:{site.lines[0]} {first}"
            )
    adapter.close()
    for line in sorted(random.Random(0).sample(misses, min(SHOW, len(misses)))):
        print("miss:", line)
    for kind, n in kinds.most_common(12):
        print(f"  {n:4d} {kind}")
    for rel in sorted(per_file_n):
        print(f"  {rel}: {per_file[rel]}/{per_file_n[rel]} = {per_file[rel] / per_file_n[rel]:.3f}")
    print(
        f"DEV go generate @2048 (tuned part): {covered}/{total} = {covered / total:.4f}  ({len(plan)} targets, pack cpu {cpu:.1f}s)"
    )


if __name__ == "__main__":
    main()
