"""Generate mode's per-file tables: what the file's code and its functions use, name by name, its
definitions meant for its own use, and its top-level names by word. Each is built once per file index and
carried across an edit that changed only some bodies (`carry.py`): a keystroke in one function does not walk
the file's every reference again."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import itemgetter, or_

from ..fileindex import FileIndex
from ..per_version import per_version
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from ..resolve import descendants
from ..untracked import untracked
from .build import self_names_of
from .carry import Carried, Change, fresh_copy, patched, unchanged
from .members import carry_counter, name_words, ref_counts
from .weights import FAR_SIBLING, FAR_SIBLINGS_CAP, IN_FILE, IN_FILE_CAP

_STATIC = re.compile(r"\bstatic\b")


def far_score(count: int) -> int:
    # Capped: in a file of thousands of functions (an amalgamation) what all of them use says little
    # about one new body, and would outrank every sign near it.
    return min(FAR_SIBLING * count, FAR_SIBLINGS_CAP)


def far_table(index: FileIndex, sibling_ids: tuple[str, ...]) -> dict[str, int]:
    """Per name, what all the siblings' uses of it score plus the file's habit of it (no sibling left out)."""
    return _FAR_TABLES.get(index, sibling_ids)


def _build_far_table(index: FileIndex, sibling_ids: tuple[str, ...]) -> dict[str, int]:
    table = dict(file_habits(index))
    for ref, count in sibling_totals(index, sibling_ids).items():
        table[ref] = table.get(ref, 0) + far_score(count)
    return table


def _carry_far_table(
    table: dict[str, int], index: FileIndex, sibling_ids: tuple[str, ...], change: Change
) -> dict[str, int]:
    habits, totals = file_habits(index), sibling_totals(index, sibling_ids)
    return patched(
        table,
        {
            ref: habits.get(ref, 0) + (far_score(totals[ref]) if ref in totals else 0)
            if ref in habits or ref in totals
            else None
            for ref in change.names()
        },
    )


def far_scores(index: FileIndex, sibling_ids: tuple[str, ...]) -> Counter[str]:
    """A new count of `far_table` for one packing to correct and add to (copied from its base, `fresh_copy`)."""
    return fresh_copy(far_table(index, sibling_ids))


def sibling_totals(index: FileIndex, sibling_ids: tuple[str, ...]) -> Counter[str]:
    """How often the siblings (each with what it nests) use each name, all of them: a pack takes its near
    ones off. Kept per file and sibling list, corrected after an edit for the definitions it changed."""
    return _SIBLING_TOTALS.get(index, sibling_ids)


def _build_sibling_totals(index: FileIndex, sibling_ids: tuple[str, ...]) -> Counter[str]:
    trees = ([s, *descendants(index, s)] for s in map(index.by_id.__getitem__, sibling_ids))
    # Counted in C (`Counter` over one chained iterable): a Python loop per reference is the cost here.
    return Counter(chain.from_iterable(d.refs for tree in trees for d in tree))


def _carry_sibling_totals(
    totals: Counter[str], index: FileIndex, sibling_ids: tuple[str, ...], change: Change
) -> Counter[str]:
    # A changed definition counts once per sibling holding it (itself included), as in the trees counted:
    # the same ids and nesting before and after (`references_changed`).
    siblings = frozenset(sibling_ids)
    removed: list[SymbolNode] = []
    added: list[SymbolNode] = []
    for old, new in zip(change.removed, change.added, strict=True):
        times = sum(1 for sid in _holders(index, new) if sid in siblings)
        removed += [old] * times
        added += [new] * times
    return carry_counter(totals, removed, added)


def _holders(index: FileIndex, symbol: SymbolNode) -> list[str]:
    """The ids of `symbol` and of every definition around it, up to the module."""
    ids = [symbol.id]
    while symbol.parent is not None:
        symbol = index.by_id[symbol.parent]
        ids.append(symbol.id)
    return ids


_SIBLING_TOTALS: Carried[tuple[str, ...], Counter[str]] = Carried(
    _build_sibling_totals, _carry_sibling_totals
)
_FAR_TABLES: Carried[tuple[str, ...], dict[str, int]] = Carried(_build_far_table, _carry_far_table)


@per_version
def top_level(index: FileIndex) -> tuple[SymbolNode, ...]:
    """The file's top-level definitions, in document order: several stages of a pack pick among them, and
    a walk over every symbol of a large file (90,000 in sqlite3.c) is a few milliseconds each time. Taken
    by their places among the symbols, carried across an edit of bodies (the same symbols and parents,
    `references_changed`): picked in C, not compared one by one in Python."""
    return untracked(tuple(map(index.symbols.__getitem__, _TOP_PLACES.get(index, None))))


def _build_top_places(index: FileIndex, _key: None) -> tuple[int, ...]:
    module_id = index.module_id
    return tuple(i for i, s in enumerate(index.symbols) if i and s.parent == module_id)


_TOP_PLACES: Carried[None, tuple[int, ...]] = Carried(_build_top_places, unchanged)


@per_version
def top_level_of(index: FileIndex, kinds: frozenset[SymbolKind]) -> tuple[SymbolNode, ...]:
    """The file's top-level definitions of `kinds`, in document order: a generate packing's siblings. Taken by
    their places, carried across an edit of bodies as `top_level`'s are (the same kinds): every packing after an
    edit tested the kind of each of sqlite3.c's 16,000 (hashing a `SymbolKind` is a Python call), ~1 ms."""
    return untracked(tuple(map(index.symbols.__getitem__, _TOP_KIND_PLACES.get(index, kinds))))


@per_version
def top_level_ids(index: FileIndex, kinds: frozenset[SymbolKind]) -> tuple[str, ...]:
    """The ids of `top_level_of(index, kinds)`, in order: a generate packing's siblings' ids (11,000 in sqlite3.c, ~0.8 ms
    to read), once per version (the idle pass after an edit reads them for the request)."""
    return tuple(s.id for s in top_level_of(index, kinds))


def _build_top_kind_places(index: FileIndex, kinds: frozenset[SymbolKind]) -> tuple[int, ...]:
    symbols = index.symbols
    return tuple(i for i in _TOP_PLACES.get(index, None) if symbols[i].kind in kinds)


_TOP_KIND_PLACES: Carried[frozenset[SymbolKind], tuple[int, ...]] = Carried(_build_top_kind_places, unchanged)


def top_level_names(index: FileIndex) -> Counter[str]:
    """How many of the file's top-level definitions bear each name: whether another than the body's own does is
    asked at every generate packing, where a walk over sqlite3.c's 16,000 cost ~1 ms. Carried across an edit of
    bodies (the same names)."""
    return _TOP_LEVEL_NAMES.get(index, None)


def _build_top_level_names(index: FileIndex, _key: None) -> Counter[str]:
    return Counter(s.name for s in top_level(index))


_TOP_LEVEL_NAMES: Carried[None, Counter[str]] = Carried(_build_top_level_names, unchanged)


def file_habits(index: FileIndex) -> dict[str, int]:
    """The file's habits: how often all its code uses each name (not through `self`), capped. Per file:
    the walk covers every reference in it (a quarter million in sqlite3.c); corrected after an edit."""
    return _HABITS.get(index, None)


def _build_habits(index: FileIndex, _key: None) -> dict[str, int]:
    self_prefixes = tuple(f"{n}." for n in self_names_of(index.language))
    # Filtered per name, not per use: the same names as filtering each use.
    counts = ref_counts(index)
    return {
        ref: min(IN_FILE * n, IN_FILE_CAP) for ref, n in counts.items() if not ref.startswith(self_prefixes)
    }


def _carry_habits(habits: dict[str, int], index: FileIndex, _key: None, change: Change) -> dict[str, int]:
    self_prefixes = tuple(f"{n}." for n in self_names_of(index.language))
    counts = ref_counts(index)
    return patched(
        habits,
        {
            ref: min(IN_FILE * counts[ref], IN_FILE_CAP)
            if ref in counts and not ref.startswith(self_prefixes)
            else None
            for ref in change.names()
        },
    )


_HABITS: Carried[None, dict[str, int]] = Carried(_build_habits, _carry_habits)


_Uses = tuple[dict[str, tuple[str, ...]], Counter[str], dict[str, frozenset[str]]]


def name_uses(index: FileIndex) -> _Uses:
    """What each distinct name counts as a use of (itself, the name it reaches through) among the names
    that could wait for their first use (an import, a top-level definition, a `self.` member); how often
    each of those is used; the ids of the symbols using each `self.` member. Per name, not per use: the
    file's uses are counted once (`members.ref_counts`); corrected after an edit of some bodies."""
    return _USES.get(index, None)


def _candidates(index: FileIndex) -> frozenset[str]:
    """The names that could wait for their first use: the file's imports and top-level names, the same across an
    edit `references_changed` describes (a set of sqlite3.c's 12,000 top-level names: 2 ms a keystroke)."""
    return _CANDIDATES.get(index, None)


def _build_candidates(index: FileIndex, _key: None) -> frozenset[str]:
    return frozenset({imp.bound for imp in index.imports if imp.bound} | {s.name for s in top_level(index)})


_CANDIDATES: Carried[None, frozenset[str]] = Carried(_build_candidates, unchanged)


def _keys(ref: str, candidates: frozenset[str]) -> tuple[str, ...]:
    head = ref.partition(".")[0]
    found: tuple[str, ...] = (ref,) if ref in candidates or ref.startswith("self.") else ()
    if head in candidates and head != ref:
        found += (head,)
    return found


_HEAD = itemgetter(0)  # of `str.partition`'s parts


def _build_uses(index: FileIndex, _key: None) -> _Uses:
    candidates, counts = _candidates(index), ref_counts(index)
    keys: dict[str, tuple[str, ...]] = {}
    uses: Counter[str] = Counter()
    # Only a candidate, or a name headed by one or by `self.`, counts for any (`_keys`): those picked in C first
    # (`map`, `compress`: rebuilt at an edit adding or removing a definition), in the same order.
    names = list(counts)
    heads = list(map(_HEAD, map(str.partition, names, repeat("."))))
    picked = map(or_, map(candidates.__contains__, heads), map("self".__eq__, heads))
    for ref in compress(names, map(or_, picked, map(candidates.__contains__, names))):
        n = counts[ref]
        found = _keys(ref, candidates)
        if found:
            keys[ref] = found
            for key in found:
                uses[key] += n
    members = {ref for ref in keys if ref.startswith("self.")}
    users: dict[str, set[str]] = {}
    if members:
        for s in index.symbols:
            for ref in members.intersection(s.refs):
                users.setdefault(ref, set()).add(s.id)
    return keys, uses, {name: frozenset(ids) for name, ids in users.items()}


def _carry_uses(table: _Uses, index: FileIndex, _key: None, change: Change) -> _Uses:
    # The same imports and top-level names (`references_changed`): the same candidates.
    candidates = _candidates(index)
    counts = ref_counts(index)
    members = dict(table[2])
    moved: Counter[str] = Counter(chain.from_iterable(s.refs for s in change.added))
    moved.subtract(chain.from_iterable(s.refs for s in change.removed))
    # Copied from the tables as first built (`patched`): a key's uses summed over the names counting for it.
    key_changes: dict[str, tuple[str, ...] | None] = {}
    used: Counter[str] = Counter()
    for ref, n in moved.items():
        found = _keys(ref, candidates)
        for key in found:
            used[key] += n
        key_changes[ref] = found if ref in counts and found else None
    uses = table[1]
    keys = patched(table[0], key_changes)
    uses = patched(
        uses, {key: n if (n := uses.get(key, 0) + by) > 0 else None for key, by in used.items() if by}
    )
    for old, new in zip(change.removed, change.added, strict=True):
        for ref in {r for r in (*old.refs, *new.refs) if r.startswith("self.")}:
            ids = set(members.get(ref, ())) - {old.id}
            if ref in new.refs:
                ids.add(new.id)
            if ids:
                members[ref] = frozenset(ids)
            else:
                members.pop(ref, None)
    return keys, uses, members


_USES: Carried[None, _Uses] = Carried(_build_uses, _carry_uses)


def internal_top(index: FileIndex) -> tuple[tuple[str, str], ...]:
    """The ids and names of the file's top-level definitions meant for its own use (`internal`,
    `file_private`): what may wait for its first use. A regular expression per definition: kept."""
    return _INTERNAL_TOP.get(index, None)


def _build_internal_top(index: FileIndex, _key: None) -> tuple[tuple[str, str], ...]:
    return tuple((s.id, s.name) for s in top_level(index) if internal(s) or file_private(s))


_INTERNAL_TOP: Carried[None, tuple[tuple[str, str], ...]] = Carried(_build_internal_top, unchanged)


def file_private(s: SymbolNode) -> bool:
    """A top-level definition declared `static` (C and C++: visible in its own file only), so that one
    nothing calls yet is waiting for its first caller (`fn_like` above the `init` registering it)."""
    return s.kind in CALLABLE_KINDS and _declared_static(s.signature)


@lru_cache(maxsize=1 << 16)
def _declared_static(signature: str) -> bool:
    """Whether a function's header says `static` before its parameters. Kept by header across packs and
    edits: each packing asks it of every top-level function (11,000 in sqlite3.c), mostly the same text."""
    return _STATIC.search(signature.split("(")[0]) is not None


_NAMED_KINDS = CALLABLE_KINDS | CLASS_KINDS


def internal(s: SymbolNode) -> bool:
    """A definition meant for use inside its own file: data, or a `_private` (not `__dunder__`) name."""
    if s.name.startswith("__") and s.name.endswith("__"):
        return False
    return s.name.startswith("_") or s.kind not in _NAMED_KINDS


@dataclass(frozen=True)
class WordTable:
    """The names of some of a file's top-level definitions by each word of the name, the words sorted (so a
    clipped word finds the longer words it begins)."""

    words: tuple[str, ...]
    names: tuple[tuple[str, ...], ...]

    def get(self, word: str) -> tuple[str, ...]:
        """The names holding `word`, in document order."""
        at = bisect_left(self.words, word)
        return self.names[at] if at < len(self.words) and self.words[at] == word else ()

    def starting(self, prefix: str) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Each word beginning with `prefix` (itself included), in order, with its names."""
        at = bisect_left(self.words, prefix)
        while at < len(self.words) and self.words[at].startswith(prefix):
            yield self.words[at], self.names[at]
            at += 1


@per_version
def top_level_words(index: FileIndex, kinds: frozenset[SymbolKind]) -> WordTable:
    """The file's top-level definitions of `kinds` by the words of their names. Per file version and kinds
    (kept for the many modules a file imports whole): a large file has thousands of top-level definitions,
    and several generate rules read them by word; carried across an edit of bodies (the same top-level names
    and kinds, `references_changed`)."""
    return _TOP_LEVEL_WORDS.get(index, kinds)


def _build_top_level_words(index: FileIndex, kinds: frozenset[SymbolKind]) -> WordTable:
    # Dicts as ordered sets: a word most names share (`sqlite3`) holds thousands, where a list's `in` was
    # a scan per name.
    holders: dict[str, dict[str, None]] = {}
    for s in top_level(index):
        if s.kind in kinds:
            for word in name_words(s.name):
                holders.setdefault(word, {})[s.name] = None
    words = sorted(holders)
    return WordTable(tuple(words), tuple(tuple(holders[w]) for w in words))


def _carry_top_level_words(
    table: WordTable, _index: FileIndex, _kinds: frozenset[SymbolKind], _change: Change
) -> WordTable:
    return table  # the same top-level names and kinds (`references_changed`)


_TOP_LEVEL_WORDS: Carried[frozenset[SymbolKind], WordTable] = Carried(
    _build_top_level_words, _carry_top_level_words
)
