"""The Go dev set (`go_dev_set.py`) with each pack's ranking dumped, and the ceilings of re-ordering it (go13): not a
bench of record, a tool to check a ranking idea in seconds before building it.

    python bench/go_dev_ranking.py [held-out-like] [--dump F.json] [--order name|oracle-band|oracle-top]

`--dump` writes per pack: the file, the target, the first 4,000 ranked names with their scores, the file's imports,
the oracle's units (kind, name, first sites, covered) and the final fit's units (kind, qualname, path, first line,
level chosen, tokens of the line, the ranked name that brought it and its score). `--order` replaces `predict.in_rank_order`'s order: `name`
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
ARGS = parser.parse_known_args()[
    0
]  # known only: spawned indexing workers import this module with the argv set below
sys.argv = [sys.argv[0], "0", ARGS.files]

from archmem.indexer.context import predict  # noqa: E402
from archmem.indexer.context.pack import Packer as _Packer  # noqa: E402

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
_rendered = _Packer._rendered
_add_targets, _add_resolved = predict.add_targets, predict.add_resolved
_unit_ref: dict[str, str] = {}  # a predicted unit's key -> the ranked name that brought it


def add_targets(build: Any, ref: str, *args: Any, **kwargs: Any) -> Any:
    before = len(build.units)
    found = _add_targets(build, ref, *args, **kwargs)
    _unit_ref.update((u.key, ref) for u in build.units[before:])
    return found


def add_resolved(build: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
    before = len(build.units)
    found = _add_resolved(build, target, *args, **kwargs)
    ref = _last.get("by_target", {}).get(id(target), "?")
    _unit_ref.update((u.key, ref) for u in build.units[before:])
    return found


def reachable(scores: Any, resolved: Any, heads: Any) -> Iterator[str]:
    ranked = list(_in_rank_order(scores, resolved, heads))
    if ARGS.order == "oracle-band":
        ranked.sort(key=lambda n: (-scores[n], n.rpartition(".")[2] not in _wanted))
    elif ARGS.order == "oracle-top":
        ranked.sort(key=lambda n: n.rpartition(".")[2] not in _wanted)
    return iter(ranked)


def rendered(self: Any, build: Any) -> Any:
    """The units of the last rendering of a pack (its final fit): kind, name, path, line, level, tokens of its line."""
    units = []
    for u in build.units:
        if u.kind not in ("predicted", "definition", "import"):
            continue
        lines = u.levels.get("line") or u.levels.get("signature") or frozenset()
        view = build.view if u.path == build.index.path else build.view_of(u.path)
        cost = view.cost(lines) if view is not None else 0
        name = u.symbol.qualname if u.symbol is not None else u.key
        ref = _unit_ref.get(u.key, "")
        score = _last["scores"].get(ref) if u.kind == "predicted" and "scores" in _last else None
        units.append((u.kind, name, u.path, min(lines, default=0), u.chosen, cost, ref, score))
    _last["units_fit"] = units
    _last["spent"] = build.spent
    return _rendered(self, build)


def take_ranked(build: Any, scores: Any, reasons: Any, resolved: Any) -> None:
    ranked = list(_in_rank_order(scores, resolved, None))
    _unit_ref.clear()
    _last["scores"] = dict(scores)
    _last["by_target"] = {id(t): ref for ref, t in resolved.items()}
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
            "text": packed.text,
            "units": [
                (u.kind, u.name, [(a.path, a.lines[0]) for a in u.alternatives[:3]], c)
                for u, _w, c in result.units
            ],
            **{k: v for k, v in _last.items() if k not in ("scores", "by_target")},
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
    _Packer._rendered = rendered  # type: ignore[method-assign]
    predict.add_targets, predict.add_resolved = add_targets, add_resolved
    try:
        dev.main()
    finally:
        if ARGS.dump is not None:
            ARGS.dump.write_text(json.dumps(_dumped))
