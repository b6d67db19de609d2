"""Generate mode's small structs: a struct of one or two fields is built by naming them (`MapKeySerializer {
ser: *ser }`), so where the body is likely to need the struct, it needs its fields as much.

Only the file's own top-level structs whose name is already ranked and shares a word with the body's name (a
`serialize_key` builds a `MapKeySerializer`): the rule adds no name of its own, it keeps the fields from being
crowded out below the header that names their struct. Every ranked small struct's fields would crowd out
other names instead (most structs ranked are passed around, not built).
"""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolKind
from .build import Build
from .carry import Carried, Change
from .members import words
from .tables import top_level
from .weights import SMALL_STRUCT_FIELDS


def small_struct_fields(build: Build, scores: Counter[str], reasons: dict[str, str]) -> None:
    """Rank the fields of each small struct of the file as high as its name is ranked in `scores`."""
    if build.target is None:
        return
    said = words(build.target.name)
    spec = BY_NAME.get(build.index.language)
    owner, dot, _ = build.target.qualname.rpartition(".")
    # A method declared on a receiver (Go) builds the small struct named for its type and one word more: the
    # `lruSessionCacheEntry` that `lruSessionCache.Put` puts in its list. Not any struct sharing a word with the
    # type: measured, that lost a held-out unit for the three it gained.
    kin = owner if dot and spec is not None and spec.receiver_methods else None
    for name, fields in _small_structs(build.index):
        score = scores.get(name, 0)
        if score <= 0 or not (said & words(name) or (kin and _kin_of(name, kin))):
            continue
        for field in fields:
            ref = f"{name}.{field}"
            # Equal scores rank by name: the field comes right after its struct's header.
            if scores.get(ref, 0) < score:
                scores[ref] = score
                reasons[ref] = f"a field of the small struct {name}, which the body is likely to build"


def _small_structs(index: FileIndex) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The file's top-level structs of 1..SMALL_STRUCT_FIELDS fields, with their fields' names: built once per file
    (a walk over sqlite3.c's 12,000 top-level definitions, ~4 ms) and carried across an edit of bodies."""
    return _STRUCTS.get(index, None)


def _build_small_structs(index: FileIndex, _key: None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    by_id = index.by_id
    out: list[tuple[str, tuple[str, ...]]] = []
    for s in top_level(index):
        if s.kind != SymbolKind.STRUCT:
            continue
        fields = tuple(by_id[c].name for c in s.children if c in by_id and by_id[c].kind == SymbolKind.FIELD)
        if 0 < len(fields) <= SMALL_STRUCT_FIELDS:
            out.append((s.qualname, fields))
    return tuple(out)


def _carry_small_structs(
    table: tuple[tuple[str, tuple[str, ...]], ...], _index: FileIndex, _key: None, _change: Change
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return table  # the same definitions, kinds, names and children (`references_changed`)


_STRUCTS: Carried[None, tuple[tuple[str, tuple[str, ...]], ...]] = Carried(
    _build_small_structs, _carry_small_structs
)


def _kin_of(name: str, owner: str) -> bool:
    """Whether `name` is the type `owner` (`lruSessionCache`) with one more word (`lruSessionCacheEntry`)."""
    rest = name.removeprefix(owner)
    return rest != name and rest[:1].isupper() and len(words(rest)) == 1
