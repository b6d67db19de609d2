"""The Go dev set (`go_dev_set.py`) with each pack's ranking dumped, and the ceilings of re-ordering it (go13): not a
bench of record, a tool to check a ranking idea in seconds before building it.

    python bench/go_dev_ranking.py [held-out-like] [--dump F.json] [--order name|oracle-band|oracle-top]

`--dump` writes per pack: the file, the target, the first 4,000 ranked names with their scores, the file's imports,
and the oracle's units (kind, name, first sites, covered). `--order` replaces `predict.in_rank_order`'s order: `name`
is main's (by score, then by name); `oracle-band` puts the names ending with one of the oracle's unit names first
within each score band (the ceiling of any tie-break); `oracle-top` puts them before every other name (the ceiling
of any re-ranking of the names ranked now). The oracle orders read the answers: they measure, never tune.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

parser = argparse.ArgumentParser()
parser.add_argument("files", nargs="?", default="")
parser.add_argument("--dump", type=Path)
parser.add_argument("--order", choices=("name", "oracle-band", "oracle-top"), default="name")
ARGS = parser.parse_args()
sys.argv = [sys.argv[0], "0", ARGS.files]

from archmem.indexer.context import predict  # noqa: E402

import bench.go_dev_set as dev  # noqa: E402  (reads sys.argv when imported)
from bench.scoring import score  # noqa: E402

_wanted: set[str] = set()
_last: dict[str, Any] = {}
_dumped: list[dict[str, Any]] = []
_in_rank_order, _take_ranked, _measure, _list_misses = (
    predict.in_rank_order,
    predict._take_ranked,
    dev.cr._measure,
    dev.list_misses,
)


def reachable(scores: Any, resolved: Any, heads: Any) -> Iterator[str]:
    ranked = list(_in_rank_order(scores, resolved, heads))
    if ARGS.order == "oracle-band":
        ranked.sort(key=lambda n: (-scores[n], n.rpartition(".")[2] not in _wanted))
    elif ARGS.order == "oracle-top":
        ranked.sort(key=lambda n: n.rpartition(".")[2] not in _wanted)
    return iter(ranked)


def take_ranked(build: Any, scores: Any, reasons: Any, resolved: Any) -> None:
    ranked = list(_in_rank_order(scores, resolved, None))
    _last["ranked"] = [(n, scores[n]) for n in ranked[:4000]]
    _last["imports"] = [(i.bound, i.module) for i in build.index.imports]
    _take_ranked(build, scores, reasons, resolved)


def measure(rel: str, t: Any, mode: str, src: str, ft: Any, cum: Any, units: Any, *rest: Any) -> Any:
    _wanted.clear()
    _wanted.update(u.name for u in units)
    return _measure(rel, t, mode, src, ft, cum, units, *rest)


def list_misses(timed: Any, tier: str, mode: str, units: Any, all_lines: Any, cum: Any) -> list[str]:
    req, packed = timed.last[2048]
    result = score(req.scenario, units, req.scopes, packed, {**all_lines, req.path: req.doc.lines}, cum)
    _dumped.append(
        {
            "path": req.path,
            "target": req.scenario.target.qualname,
            "units": [
                (u.kind, u.name, [(a.path, a.lines[0]) for a in u.alternatives[:3]], c)
                for u, _w, c in result.units
            ],
            **_last,
        }
    )
    return _list_misses(timed, tier, mode, units, all_lines, cum)


# Guarded: indexing's worker processes import this module again (spawn) and must not run the bench themselves.
if __name__ == "__main__":
    predict.in_rank_order, predict._take_ranked, dev.cr._measure, dev.list_misses = (
        reachable,
        take_ranked,
        measure,
        list_misses,
    )
    try:
        dev.main()
    finally:
        if ARGS.dump is not None:
            ARGS.dump.write_text(json.dumps(_dumped))
