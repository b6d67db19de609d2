"""Generate mode's look at the functions shaped like the one being written: those anywhere in the file whose
headers share its rarer types, parameter names or name words, and what they use.

Neighbours are not the only functions a new body resembles. A function taking `x constant.Value` among
methods of `*Checker` is written like the file's other functions of `constant.Value` (`constant.ToFloat`,
`constant.Real`); an SQLite extension's `xFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv)` like
every other one of that shape (`sqlite3_value_text`, `sqlite3_result_error`); `fooStep` like `fooInit`. A
feature shared by most of the file's functions (the receiver of every method, `int`) says nothing; one shared
by a few says much: features count by their rarity in the file (inverse document frequency).
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache

from ..fileindex import FileIndex
from ..records import CALLABLE_KINDS, SymbolNode
from ..resolve import descendants
from .carry import Carried, Change
from .members import words
from .weights import SIMILAR_CAP, SIMILAR_SIBLING, SIMILAR_SIBLINGS

_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?")
# A header past this many characters is a long parameter list or a comment the parser kept with it: its
# start says what the function is.
_HEADER_CHARS = 400
# A feature shared by more than this share of the file's functions is no sign of likeness, and reading its
# long list of functions would cost a packing more than it tells.
_COMMON = 0.5
# Likeness below this (one feature found in under a seventh of the functions, or two in a third) is chance.
_MIN_LIKENESS = 2.0


def similar_siblings(index: FileIndex, target: SymbolNode) -> list[tuple[SymbolNode, int]]:
    """The functions of the file most like `target` by their headers, each with the weight of its uses
    (SIMILAR_SIBLING for the likest, less for the others), best first."""
    postings, rarity = _table(index)
    likeness: dict[str, float] = {}
    for feature in features(target):
        for sid in postings.get(feature, ()):
            likeness[sid] = likeness.get(sid, 0.0) + rarity[feature]
    likeness.pop(target.id, None)
    # The best few of thousands (an amalgamation's functions), ties by id: the same every time.
    ranked = heapq.nsmallest(SIMILAR_SIBLINGS, likeness.items(), key=lambda item: (-item[1], item[0]))
    best = [(sid, v) for sid, v in ranked if v >= _MIN_LIKENESS]
    if not best:
        return []
    top = best[0][1]
    return [
        (index.by_id[sid], max(1, round(SIMILAR_SIBLING * v / top))) for sid, v in best[:SIMILAR_SIBLINGS]
    ]


def score_similar(index: FileIndex, similar: list[tuple[SymbolNode, int]], scores: Counter[str]) -> None:
    """Add to `scores` the names the `similar` functions (and what they nest) use, once per function and
    name, each function at its weight; capped per name at SIMILAR_CAP."""
    added: Counter[str] = Counter()
    for s, weight in similar:
        for ref in {ref for d in [s, *descendants(index, s)] for ref in d.refs}:
            added[ref] += weight
    for ref, score in added.items():
        scores[ref] += min(score, SIMILAR_CAP)


def functions_naming(index: FileIndex, feature: str) -> tuple[str, ...]:
    """The ids of the file's functions whose headers have `feature` (a type, a parameter's name, `w:` a word of
    the name), in the file's order; none where more than half of them have it."""
    return _table(index)[0].get(feature, ())


def features(s: SymbolNode) -> frozenset[str]:
    """What a function's header says about its shape: the identifiers of its parameters and types
    (`constant.Value` and `constant` both), and the words of its name (`w:step` of `fooStep`)."""
    return _features(s.name, s.signature)


@lru_cache(maxsize=1 << 16)
def _features(name: str, signature: str) -> frozenset[str]:
    found = {f"w:{w}" for w in words(name)}
    for ident in _IDENTIFIER.findall(signature[:_HEADER_CHARS]):
        if ident == name:
            continue
        found.add(ident)
        if "." in ident:
            found.add(ident.partition(".")[0])
    return frozenset(found)


_Table = tuple[dict[str, tuple[str, ...]], dict[str, float]]
_Function = tuple[str, str, str]  # id, name, header
# The file's functions with a body, their places among its symbols, and their table.
_Listed = tuple[tuple[int, ...], tuple[_Function, ...], _Table]


def _table(index: FileIndex) -> _Table:
    """Which functions of the file have each feature (the rarer ones only) and how rare each is. Kept per
    index and carried across an edit of bodies: listing the functions is a walk over every symbol."""
    return _TABLES.get(index, None)[2]


def _build_table(index: FileIndex, _key: None) -> _Listed:
    # Lists, not generators: no step per function of sqlite3.c's thousands but the test.
    symbols = index.symbols
    places = [i for i, s in enumerate(symbols) if s.kind in CALLABLE_KINDS and s.has_body]
    functions = tuple([(s.id, s.name, s.signature) for s in map(symbols.__getitem__, places)])
    return tuple(places), functions, _table_of(functions)


def _function(s: SymbolNode) -> _Function:
    return s.id, s.name, s.signature


def _carry_table(table: _Listed, index: FileIndex, _key: None, change: Change) -> _Listed:
    # The same ids, names, kinds and headers (`definitions_changed`): only a body emptied or given (a generate
    # packing hides the body being written) takes a function out of the list or puts it back, in its place.
    if not change.bodies:
        return table
    places, functions = list(table[0]), list(table[1])
    for place in change.bodies:
        at = bisect_left(places, place)
        listed = at < len(places) and places[at] == place
        s = index.symbols[place]
        if s.kind in CALLABLE_KINDS and s.has_body and not listed:
            places.insert(at, place)
            functions.insert(at, _function(s))
        elif listed and not s.has_body:
            del places[at], functions[at]
    return tuple(places), tuple(functions), _table_of(tuple(functions))


@lru_cache(maxsize=2)
def _table_of(functions: tuple[tuple[str, str, str], ...]) -> _Table:
    """The table for one list of functions (id, name, header). Kept by that list, not by the index: a
    keystroke makes a new index but leaves the file's headers as they were, and in an amalgamation of
    thousands of functions building it again would cost a packing more than the rest of its prediction."""
    lists: dict[str, list[str]] = {}
    for sid, name, signature in functions:
        for feature in _features(name, signature):
            lists.setdefault(feature, []).append(sid)
    n = len(functions)
    limit = max(2, int(_COMMON * n))
    postings = {f: tuple(ids) for f, ids in lists.items() if len(ids) <= limit}
    return postings, {f: math.log(n / len(ids)) for f, ids in postings.items()}


_TABLES: Carried[None, _Listed] = Carried(_build_table, _carry_table)
