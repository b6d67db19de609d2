"""Where a Go generate prompt's tokens go, on the Go dev sets (`go_dev_set.py`): each line of each pack's text given
to what shows it (a predicted name's line by its symbol's kind, the header's types, import lines, the outline, file
titles, gap markers, separators, the window), its tokens counted, and whether it is a line of an alternative of a
unit the pack covers. Not a bench of record: the measure behind session 24's go24a section (a tool to see what the
budget buys before changing the fit).

    python bench/go_dev_spend.py [held-out-like | FILES] [--extra N]

`--extra N` packs with N tokens more than the dev set's 2,048 (the units a larger budget covers: what any
re-spending of the same budget could reach at most). The token counts are per line, so they sum a little below the
packs' (line ends merge).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

parser = argparse.ArgumentParser()
parser.add_argument("files", nargs="?", default="")
parser.add_argument("--extra", type=int, default=0)
ARGS = parser.parse_known_args()[
    0
]  # known only: spawned indexing workers import this module with the argv below
sys.argv = [sys.argv[0], "0", ARGS.files]

from archmem.indexer.context.pack import Packer  # noqa: E402
from archmem.indexer.context.render import member_owner  # noqa: E402
from archmem.indexer.context.result import GAP  # noqa: E402
from archmem.indexer.context.tokens import DEFAULT_ENCODING, tokenizer  # noqa: E402
from archmem.indexer.records import SymbolKind  # noqa: E402

import bench.go_dev_set as dev  # noqa: E402  (reads sys.argv when imported)
from bench.scoring import score  # noqa: E402

COUNT = tokenizer(DEFAULT_ENCODING)
TITLE = "// file: "
KINDS = {
    SymbolKind.FUNCTION: "function",
    SymbolKind.METHOD: "method",
    SymbolKind.CONSTANT: "constant",
    SymbolKind.FIELD: "field",
    SymbolKind.STRUCT: "struct",
    SymbolKind.INTERFACE: "interface",
    SymbolKind.VARIABLE: "variable",
    SymbolKind.TYPE_PARAMETER: "named type",
}
_last: dict[str, Any] = {}
tokens: Counter[str] = Counter()
lines: Counter[str] = Counter()
hits: Counter[str] = Counter()
totals = Counter[str]()
_rendered, _list_misses = Packer._rendered, dev.list_misses


def rendered(self: Any, build: Any) -> Any:
    """The last fitting's chosen units (the final one is the pack's): which unit shows each line, by path."""
    by_line: dict[tuple[str, int], str] = {}
    for unit in build.units:
        if unit.chosen in (None, "name"):
            continue
        for n in unit.levels[unit.chosen]:
            by_line.setdefault((unit.path, n), _spend_of(build, unit, n))
    _last.update(by_line=by_line, own=build.index.path, window=sorted(build.window | build.scope_lines))
    return _rendered(self, build)


def _spend_of(build: Any, unit: Any, n: int) -> str:
    """What kind of spend line `n` of `unit` is."""
    if unit.kind in ("import", "outline"):
        return {"import": "the body's file's import lines", "outline": "outline (the file's other headers)"}[
            unit.kind
        ]
    symbol = unit.symbol
    if unit.kind == "definition":
        decl = symbol is not None and n == symbol.name_start[0] + 1
        return "the header's types: declaring line" if decl else f"the header's types: {unit.chosen} lines"
    kind = KINDS.get(symbol.kind, str(symbol.kind)) if symbol is not None else "?"
    return f"predicted {'member ' if member_owner(build, unit) and kind == 'method' else ''}{kind} line"


def list_misses(timed: Any, tier: str, mode: str, units: Any, all_lines: Any, cum: Any) -> list[str]:
    req, packed = timed.last[2048]
    result = score(req.scenario, units, req.scopes, packed, {**all_lines, req.path: req.doc.lines}, cum)
    totals["packs"] += 1
    totals["units"] += len(result.units)
    totals["covered"] += sum(1 for _u, _b, c in result.units if c)
    covering: set[tuple[str, int | None]] = set()
    for unit, _b, covered in result.units:
        for site in unit.alternatives if covered else ():
            covering |= {
                (site.path, req.scenario.to_doc_line(n) if site.path == req.path else n) for n in site.lines
            }
    _count(packed.text, covering)
    return _list_misses(timed, tier, mode, units, all_lines, cum)


def _count(text: str, covering: set[tuple[str, int | None]]) -> None:
    """Each line of the packed `text` counted under its spend (`render`'s blocks: a title, the chosen lines of a
    file with a gap marker where lines are left out; the window's block last)."""
    own, window, by_line = _last["own"], _last["window"], _last["by_line"]
    shown: dict[str, list[int]] = {}
    for path, n in by_line:
        if path != own or n not in window:
            shown.setdefault(path, []).append(n)
    for i, block in enumerate(text.rstrip("\n").split("\n\n")):
        if i:
            tokens["block separators"] += 1
        rows = block.split("\n")
        if not rows[0].startswith(TITLE):
            # the rest of a block whose lines hold a blank line (a definition shown full), or the member lists
            for row in rows:
                spend = (
                    "compact member and name lists"
                    if " also " in row
                    else "full definitions past a blank line"
                )
                tokens[spend] += COUNT.count(row + "\n")
            continue
        in_window = rows[0].endswith(")") and "(" in rows[0][len(TITLE) :]
        path = rows[0][len(TITLE) :].split(" (")[0]
        numbers = iter(window if in_window else sorted(set(shown.get(path, ()))))
        tokens["window title" if in_window else "file titles"] += COUNT.count(rows[0] + "\n")
        for row in rows[1:]:
            cost = COUNT.count(row + "\n")
            if row == GAP:
                tokens["gap markers"] += cost
                continue
            n = next(numbers, None)
            spend = "the window's lines" if in_window else by_line.get((path, n or 0), "?")
            tokens[spend] += cost
            if not in_window:
                lines[spend] += 1
                hits[spend] += (path, n) in covering


def report() -> None:
    total = sum(tokens.values())
    print("| spend | tokens | share | lines | lines covering a unit | hit rate |")
    print("|---|---|---|---|---|---|")
    for spend, spent in tokens.most_common():
        n = lines[spend]
        rate = f"{n:,} | {hits[spend]:,} | {hits[spend] / n:.1%}" if n else " | | "
        print(f"| {spend} | {spent:,} | {spent / total:.1%} | {rate} |")
    predicted = sum(v for k, v in tokens.items() if k.startswith("predicted"))
    form = sum(tokens[k] for k in ("file titles", "gap markers", "block separators"))
    print(
        f"go spend @{2048 + ARGS.extra}: {totals['packs']} packs, {totals['covered']}/{totals['units']} units; "
        f"{total / totals['packs']:.0f} tokens a pack by lines, predicted lines {predicted / total:.1%}, "
        f"titles, gaps and separators {form / total:.1%}"
    )


# Guarded: indexing's worker processes import this module again (spawn) and must not run the bench themselves.
if __name__ == "__main__":
    Packer._rendered = rendered  # type: ignore[method-assign]
    dev.list_misses = list_misses
    if ARGS.extra:
        pack = Packer.pack

        def more(self: Packer, path: str, line: int, column: int, budget: int = 2048, *rest: Any) -> Any:
            return pack(self, path, line, column, budget + ARGS.extra, *rest)

        Packer.pack = more  # type: ignore[method-assign]
    dev.main()
    report()
