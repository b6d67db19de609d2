"""Dev set for Go generate (issue 15, branch go8), not a bench of record: the tuned part of
`context_recall_langs.py --langs go --mode generate` (the same files, targets and scoring at 2,048), with gopls's
answers cached under build/ so that a change is measured in a minute, not a quarter hour. The held-out part is
never read here. Prints the misses as the bench lists them, per-file recall and one summary line last.

    python bench/go_dev_set.py [SHOW=60] [FILES=a.go,b.go | held-out-like]

`held-out-like` (go10) is a second set, of tuned-part files the bench does not choose, shaped like the held-out part's
(net/http's and regexp's long files beside h2_bundle.go, server.go and regexp.go): a rule tuned on the first set
alone is checked there for whether it generalizes. FILES may name any tuned-part file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import context_recall as cr
from bench import lang_corpus, tokens
from bench import scenario as scen
from bench.archmem_adapter import ArchmemPacker
from bench.context_recall_langs import EXCLUDES, Timed, choose_files, list_misses, part_of, sample_targets
from bench.lang_oracles import LspOracle, Span, scope_units, to_target
from bench.oracle import Site, Unit
from bench.packing import FileText, Packer

CACHE = Path(__file__).resolve().parent.parent / "build" / "go8dev_cache.json"
SHOW = int(sys.argv[1]) if len(sys.argv) > 1 else 60
HELD_OUT_LIKE = (
    "net/http/transport.go",
    "net/http/client.go",
    "net/http/fs.go",
    "regexp/syntax/parse.go",
    "regexp/exec.go",
    "crypto/tls/conn.go",
)
_FILES = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
ONLY = list(HELD_OUT_LIKE) if _FILES == "held-out-like" else _FILES.split(",") if _FILES else None
MAX_FILES, MAX_TARGETS, SEED = 12, 15, 0


def _chosen(corpus: lang_corpus.LangCorpus) -> list[str]:
    """The bench's choice of files at its defaults, tuned part only; or the tuned-part files named (`ONLY`)."""
    if ONLY is not None:
        return [f for f in ONLY if f in corpus.files and part_of(f) == "tuned"]
    picked = choose_files(corpus, argparse.Namespace(quick=False, max_files=MAX_FILES, seed=SEED))
    return [f for f in picked if part_of(f) == "tuned"]


class _CachedOracle:
    """gopls, asked only for what CACHE does not hold yet (started on the first such question)."""

    def __init__(self, corpus: lang_corpus.LangCorpus) -> None:
        self.corpus = corpus
        self.cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
        self.live: LspOracle | None = None

    def _oracle(self) -> LspOracle:
        self.live = self.live or LspOracle("go", ["gopls"], self.corpus.root, self.corpus.files)
        return self.live

    def spans(self, rel: str, src: str) -> list[Span]:
        if f"spans:{rel}" not in self.cache:
            self.cache[f"spans:{rel}"] = [s.__dict__ for s in self._oracle().spans(rel, src)]
        return [Span(**{**d, "scopes": tuple(map(tuple, d["scopes"]))}) for d in self.cache[f"spans:{rel}"]]

    def needs(self, rel: str, span: Span, src: str) -> list[Unit]:
        key = f"needs:{rel}:{span.start}"
        if key not in self.cache:
            found = self._oracle().needs(span, src)
            self.cache[key] = [
                [u.kind, u.name, [[a.path, list(a.lines), a.what] for a in u.alternatives]] for u in found
            ]
        return [
            Unit(kind, name, tuple(Site(p, tuple(ls), w) for p, ls, w in alts))
            for kind, name, alts in self.cache[key]
        ]

    def close(self) -> None:
        CACHE.parent.mkdir(exist_ok=True)
        CACHE.write_text(json.dumps(self.cache))
        if self.live is not None:
            self.live.close()


def main() -> None:
    from archmem.indexer.files import FileRules

    corpus = lang_corpus.LOADERS["go"](False)
    oracle = _CachedOracle(corpus)
    plan: list[tuple[str, Span, list[Unit]]] = []
    for rel in _chosen(corpus):
        src = corpus.files[rel]
        cum = tokens.cumulative(FileText.of(src).line_tokens)
        spans = sample_targets(oracle.spans(rel, src), rel, src, cum, SEED, MAX_TARGETS)
        plan += [(rel, s, oracle.needs(rel, s, src)) for s, _t in spans]
    oracle.close()
    print(f"{len(plan)} targets", file=sys.stderr, flush=True)
    adapter = ArchmemPacker(corpus.root, rules=FileRules(excludes=EXCLUDES["go"]))
    timed = Timed(adapter, corpus.longest)
    files = {rel: FileText.of(text) for rel, text in corpus.files.items()}
    all_lines = {rel: ft.lines for rel, ft in files.items()}
    pool = scen.LinePool(corpus.files)
    args = argparse.Namespace(budget_list=[2048], tiers=["one"])
    run = cr.Run()
    misses: list[str] = []
    started = time.thread_time()
    # Measured and listed as the bench measures and lists them (`context_recall._measure`, `list_misses`).
    for rel, span, units in plan:
        src = corpus.files[rel]
        t = to_target(span, src.splitlines(keepends=True))
        assert t is not None
        cum = tokens.cumulative(files[rel].line_tokens)
        packers = [Packer("archmem", timed.pack)]
        cr._measure(rel, t, "generate", src, files[rel], cum, units, scope_units(span), files, all_lines, pool,
                    packers, adapter, args, run)  # fmt: skip
        misses.extend(list_misses(timed, rel, "generate", units, all_lines, cum))
    cpu = time.thread_time() - started
    adapter.close()
    for line in sorted(random.Random(0).sample(misses, min(SHOW, len(misses)))):
        print("miss:", line)
    covered = total = 0
    for (rel, *_rest), cell in sorted(run.cells.items()):
        hit, n = sum(cell.covered.values()), sum(cell.units.values())
        covered, total = covered + hit, total + n
        print(f"  {rel}: {hit}/{n} = {hit / n:.3f}")
    print(
        f"DEV go generate @2048 (tuned part): {covered}/{total} = {covered / total:.4f}  ({len(plan)} targets, cpu {cpu:.1f}s)"
    )


if __name__ == "__main__":
    main()
