"""A packing's far scores that note the names the packing writes: the overlay of its own changes on the far table.

A generate packing copies the far table (`tables.far_table`: 25,000 names in sqlite3.c) into its scores and changes a
few thousand of them; a rule reading only what the packing changed (`sections.divide_far_parts`) would otherwise
compare every name with the table's, two passes over all of them a packing. `NotedCounter` is a `Counter` that
notes each name written through it (`scores[name] = ...`, `+=`, `update`, `subtract`, `setdefault`) and whether any
name was taken out (`del`, `pop`, `popitem`, `clear`): while none was, its names begin with the table's in the
table's order and the names not `written` still hold the table's values. Writes through `dict`'s own methods called
on it (`dict.update(scores, ...)`, `dict.__setitem__`) are not seen: no rule may write the scores so (`add_each`, which
adds in C, notes what it writes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice, repeat
from operator import add
from typing import Any

from ..untracked import untracked
from .carry import PatchedDict, fresh_copy


class NotedCounter(Counter[str]):
    """A count that notes the names written through it since it was copied (`noted_copy`), and any taken out."""

    written: set[str]
    removed: bool
    # The table it was copied from (held by identity: a reader checks it is the table it reads).
    origin: Mapping[str, int] | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.written, self.removed, self.origin = set(), False, None
        super().__init__(*args, **kwargs)

    def __setitem__(self, name: str, value: int) -> None:
        self.written.add(name)
        dict.__setitem__(self, name, value)

    def __delitem__(self, name: object) -> None:
        self.removed = True
        super().__delitem__(name)

    def pop(self, name: str, *default: Any) -> Any:
        self.removed = True
        return dict.pop(self, name, *default)

    def popitem(self) -> tuple[str, int]:
        self.removed = True
        return dict.popitem(self)

    def clear(self) -> None:
        self.removed = True
        dict.clear(self)

    def setdefault(self, name: str, default: int = 0) -> int:
        self.written.add(name)
        return dict.setdefault(self, name, default)

    def update(self, iterable: Any = None, /, **kwds: int) -> None:
        # `Counter.update` hands a mapping to `dict.update` while the count is empty (a far table with no names),
        # which writes past `__setitem__`: its names are noted here. Other forms go through `__setitem__`.
        if isinstance(iterable, Mapping):
            self.written.update(iterable)
        self.written.update(kwds)
        super().update(iterable, **kwds)


def noted_copy(table: Mapping[str, int]) -> NotedCounter:
    """A new count of `table` (copied as `carry.fresh_copy` copies it, in its order) that notes what is written to it
    from now on; untracked by the collector as the plain copy is (its notes are a set of strings)."""
    out = fresh_copy(table, NotedCounter)
    # What copying it wrote and took out (a carried table's patches) is the table's own: in its order.
    out.written, out.removed, out.origin = set(), False, table
    return untracked(out)


def add_each(scores: Counter[str], names: Sequence[str], amounts: Iterable[int]) -> None:
    """`scores[name] += amount` for each of `names` (distinct) with its amount, in order (a new name goes last, as
    `+=` puts it), the additions made in C; a noted count notes the names. A rule adding to thousands of names a
    packing (the names sharing a word with the body, sqlite3.c's waiting statics) called `__setitem__` in Python
    for each."""
    if isinstance(scores, NotedCounter):
        scores.written.update(names)
    dict.update(scores, zip(names, map(add, map(scores.get, names, repeat(0)), amounts), strict=False))


def set_each(scores: Counter[str], names: Sequence[str], values: Iterable[int]) -> None:
    """`scores[name] = value` for each of `names` with its value, in order, written in C; a noted count notes the
    names."""
    if isinstance(scores, NotedCounter):
        scores.written.update(names)
    dict.update(scores, zip(names, values, strict=True))


def picked_names(scores: Counter[str], pick: Callable[[str], bool]) -> list[str] | None:
    """The names of `scores` that `pick` accepts, in the scores' order, where they are a noted copy no name was taken
    out of: those of its far table read from a list kept per base of the table and `pick` (a pass over every name
    once per base, not per packing), then its patches' new names, then the names the packing added. None for any
    other scores: the caller reads every name."""
    table = scores.origin if isinstance(scores, NotedCounter) and not scores.removed else None
    if table is None:
        return None
    base, patches = (table.base, table.patches) if isinstance(table, PatchedDict) else (table, {})
    key = (id(base), pick)
    kept = _PICKED.get(key)
    if kept is None or kept[0] is not base:
        kept = _PICKED[key] = (base, [name for name in base if pick(name)])
        while len(_PICKED) > _PICKED_KEPT:
            del _PICKED[next(iter(_PICKED))]
    # The table's order (`carry.patched`): its base's names less those a patch took out, then the patches' new names.
    names = [name for name in kept[1] if patches.get(name, 0) is not None] if patches else list(kept[1])
    names += [
        name for name, value in patches.items() if value is not None and name not in base and pick(name)
    ]
    added = len(scores) - len(table)
    if added > 0:
        names += [name for name in reversed(list(islice(reversed(scores), added))) if pick(name)]
    return names


# Per base of a far table (held by identity, so that its id is not reused) and picking function: the names picked.
_PICKED: dict[tuple[int, Callable[[str], bool]], tuple[Mapping[str, int], list[str]]] = {}
_PICKED_KEPT = 8
