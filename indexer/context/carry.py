"""Generate mode's per-file tables carried across an edit: corrected for the definitions whose references changed.

Every edit makes a new `FileIndex` (it never changes), so a table kept per index is rebuilt after each
keystroke: in sqlite3.c a walk over 126,000 references and 16,000 symbols, tens of milliseconds a table. Most
edits change the body of one function: the file's definitions, their ids, kinds, headers and nesting stay as
they were and only what that function uses moves. `references_changed` finds such an edit by comparing the two
symbol lists field by field (in C, a few milliseconds for sqlite3.c); a `Carried` table then copies the last
index's table and corrects it for the changed definitions (`Change`), instead of walking the whole file again.
An edit that also emptied a body or gave one (a generate packing hides the body being written, the next one
restores it) is carried too, the definitions it did so to named (`Change.bodies`): a table reading which
definitions have a body corrects for them. Any other edit (a definition added, renamed, moved between
containers, a header or an import changed) rebuilds the table from the new index.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from itertools import compress, count
from operator import is_not, itemgetter, lt, ne
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary, ref

from .. import lineage
from ..fileindex import FileIndex
from ..records import Chunk, RawDef, SymbolNode
from ..untracked import untracked

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
V = TypeVar("V")
D = TypeVar("D", bound=dict[str, Any])
C = TypeVar("C", bound=Counter[str])

# Everything of a symbol the carried tables read but its references and positions (which every edit before
# it moves): ids name the nesting and the order, the rest the kind and header a table filters on.
_SAME = tuple(
    itemgetter(SymbolNode._fields.index(name))
    for name in ("id", "kind", "name", "parent", "signature", "decorators", "children")
)
_REFS = itemgetter(SymbolNode._fields.index("refs"))
_BODY_START = itemgetter(SymbolNode._fields.index("body_start_byte"))
_BODY_END = itemgetter(SymbolNode._fields.index("body_end_byte"))
_IMPORT = itemgetter(0, 1, 2)  # module, name, alias: what an import binds, not where
# What the pass making symbols from chunks reads of a definition, with its header (`fileindex._records`).
_RAW_SAME = itemgetter(
    *(
        RawDef._fields.index(name)
        for name in ("kind", "name", "parent", "extra_scope", "signature", "decorators")
    )
)
# Tables kept at once, each with the two last indexes of its file (the text being packed and the one before).
_KEPT = 8


@dataclass(frozen=True)
class Change:
    """An edit that changed only what some definitions use (and which of them have a body): those definitions
    before and after it, in the same order (the same ids), all other symbols equal but for their positions."""

    removed: tuple[SymbolNode, ...]
    added: tuple[SymbolNode, ...]
    # Their places among the symbols, the same before and after.
    places: tuple[int, ...]
    # The places of those that gained or lost their body (`SymbolNode.has_body`), in order.
    bodies: tuple[int, ...] = ()

    def names(self) -> set[str]:
        """Every name the changed definitions used before or use after the edit."""
        return {ref for s in (*self.removed, *self.added) for ref in s.refs}


# Per version, the answers for the last `_PAIRS` versions it was compared with, neither held: an `lru_cache` kept up
# to eight versions of sqlite3.c alive, freed inside whichever packing pushed them out (`retired` frees them idle).
_ANSWERS: WeakKeyDictionary[FileIndex, list[tuple[ref[FileIndex], Change | None]]] = WeakKeyDictionary()
_PAIRS = 4


def references_changed(before: FileIndex, after: FileIndex) -> Change | None:
    """How `after` differs from `before` when only definitions' references do; None for any other edit (a body
    emptied or given too: the siblings' and the resolver's kept answers read which functions have one)."""
    change = definitions_changed(before, after)
    return None if change is None or change.bodies else change


def definitions_changed(before: FileIndex, after: FileIndex) -> Change | None:
    """How `after` differs from `before` when only definitions' references and which of them have a body do;
    None for any other edit. Kept: every carried table and the siblings' answers ask it of the same two versions
    after an edit."""
    answers = _ANSWERS.get(after)
    if answers is None:
        answers = _ANSWERS[after] = []
    for earlier, change in answers:
        if earlier() is before:
            return change
    change = _compared(before, after)
    answers.append((ref(before), change))
    del answers[:-_PAIRS]
    return change


def _compared(before: FileIndex, after: FileIndex) -> Change | None:
    if before.path != after.path:
        return None
    found = _by_lineage(before, after)
    if not isinstance(found, _Unread):
        return found
    old, new = before.symbols, after.symbols
    if len(old) != len(new) or list(map(_IMPORT, before.imports)) != list(map(_IMPORT, after.imports)):
        return None
    for field in _SAME:
        if list(map(field, old)) != list(map(field, new)):
            return None
    # Which definitions have a body (`SymbolNode.has_body`): a declaration given one keeps its header.
    had = list(map(lt, map(_BODY_START, old), map(_BODY_END, old)))
    has = list(map(lt, map(_BODY_START, new), map(_BODY_END, new)))
    flipped = [] if had == has else list(compress(count(), map(ne, had, has)))
    # Identical tuples passed over in C first: `eq` on two tuples walks every reference even when they are one
    # object (an unchanged definition's, shared with the last index: `document._shared`).
    old_refs, new_refs = list(map(_REFS, old)), list(map(_REFS, new))
    changed = [i for i in compress(count(), map(is_not, old_refs, new_refs)) if old_refs[i] != new_refs[i]]
    if flipped:
        changed = sorted({*changed, *flipped})
    return Change(
        tuple(old[i] for i in changed), tuple(new[i] for i in changed), tuple(changed), tuple(flipped)
    )


class _Unread:
    """What `_by_lineage` answers where the chunks the edits changed cannot tell."""


_UNKNOWN = _Unread()


def _by_lineage(before: FileIndex, after: FileIndex) -> Change | _Unread:
    """`references_changed` read from the chunks the edits between the two changed (`lineage`), where
    `after` descends from `before`: every other chunk is made of the same parts, so the symbols made of it
    are the same but for their positions, given the same pass before it. The pass making symbols reads of a
    definition its kind, name, parent, extra scope and weakness, and of its chunk the depth and kind; where
    the changed chunks hold definitions equal in those (and in their headers and bodies present), with the
    same loose references and imports, both passes decide the same, and only their own symbols may use
    other names. A class's header chunk grows with an edit in its body and is read so too (`lineage.same_place`).
    `_UNKNOWN` where that cannot be read so (no known descent, a class's header changed but for its extent, a
    receiver's field changed, a symbol not where its definition says): the comparison of every symbol answers."""
    spans = lineage.changed_since(before, after)
    old_symbols, new_symbols = before.symbols, after.symbols
    if spans is None or len(old_symbols) != len(new_symbols):
        return _UNKNOWN
    old, new = before.chunks, after.chunks
    changed: set[int] = set()
    for i in {i for start, end in spans for i in range(start, end)}:
        a, b = old[i], new[i]
        if a is b or lineage.same_parts(a, b):
            # Moved by an edit above it, made of the same parts: as a chunk outside the spans is. A span holds
            # every chunk between the first and the last place changed (a full sync of two edits far apart).
            continue
        # A class's header grown by an edit in one of its methods is the same class (`lineage.same_place`).
        first = lineage.same_place(before, after, a, b) if _same_statements(a, b) else None
        if first is None:
            return _UNKNOWN
        for k in range(first, first + len(a.defs)):
            s, t = old_symbols[k], new_symbols[k]
            if any(f(s) != f(t) for f in _SAME):
                return _UNKNOWN
            if s.refs != t.refs:
                changed.add(k)
    ordered = sorted(changed)
    return Change(
        tuple(old_symbols[k] for k in ordered), tuple(new_symbols[k] for k in ordered), tuple(ordered)
    )


def _same_statements(a: Chunk, b: Chunk) -> bool:
    """Whether two chunks at one position hold the same loose references and bind the same imports."""
    return a.loose_refs == b.loose_refs and list(map(_IMPORT, a.imports)) == list(map(_IMPORT, b.imports))


def unchanged(table: T, _index: FileIndex, _key: object, _change: Change) -> T:
    """The carry of a table read from what an edit `definitions_changed` lets through keeps (only references and
    bodies change): the file's top-level definitions' places, ids, names, kinds and headers."""
    return table


class Carried(Generic[K, T]):
    """A table per file index and key, built by `build(index, key)` or, after an edit `definitions_changed`
    describes, carried from the file's last table by `carry(table, index, key, change)`, which must not
    change the table it is given (it still answers for the old index)."""

    def __init__(
        self,
        build: Callable[[FileIndex, K], T],
        carry: Callable[[T, FileIndex, K, Change], T],
    ) -> None:
        self._build = build
        self._carry = carry
        self._kept: OrderedDict[tuple[str, str, K], list[tuple[FileIndex, T]]] = OrderedDict()

    def get(self, index: FileIndex, key: K) -> T:
        # By language too: a file read as another language (a header sniffed anew) is another file here.
        slot_key = (index.path, index.language, key)
        slot = self._kept.get(slot_key)
        if slot is None:
            slot = self._kept[slot_key] = []
            while len(self._kept) > _KEPT:
                self._kept.popitem(last=False)
        self._kept.move_to_end(slot_key)
        for kept, table in slot:
            if kept is index:
                return table
        change = definitions_changed(slot[-1][0], index) if slot else None
        table = self._build(index, key) if change is None else self._carry(slot[-1][1], index, key, change)
        slot.append((index, table))
        del slot[:-2]
        return table


class PatchedDict(dict[str, V]):
    """A carried table: `base`, the table as first built (never changed), with `patches`, the values that changed
    since (None: the name is gone)."""

    __slots__ = ("base", "patches")
    base: dict[str, V]
    patches: dict[str, V | None]


class PatchedCounter(Counter[str]):
    """A carried count (`Counter`: a missing name counts 0): `base` as first built, with `patches` since."""

    base: Counter[str]
    patches: dict[str, int | None]


# Patches kept before the table is copied anew as its own base: at least this many, or a sixteenth of the names.
_REBASE = 512


def patched(table: D, changes: Mapping[str, object]) -> D:
    """A copy of the carried `table` with `changes` applied (a value of None: the name is gone), copied from the
    table as first built, never from the last carried one. Why: a dict a name was deleted from (every carry
    deletes the names an edit took away) is copied key by key, some 1.5 ms for 25,000 names (the slow path of
    CPython's `dict_merge`, `dict(d)` and `Counter.copy` alike), where a dict never deleted from is cloned whole
    (0.1 ms); so the patches since the first build are applied to a clone of it. Past `_REBASE` patches the
    table is copied once, key by key, into a new base."""
    base: dict[str, Any]
    if isinstance(table, PatchedDict | PatchedCounter):
        base, patches = table.base, {**table.patches, **changes}
    else:
        base, patches = table, dict(changes)
    out: PatchedDict[Any] | PatchedCounter = (PatchedCounter if isinstance(table, Counter) else PatchedDict)(
        base
    )
    _apply(out, patches)
    if len(patches) > max(_REBASE, len(base) >> 4):
        base, patches = (Counter if isinstance(table, Counter) else dict)(out), {}
    out.base, out.patches = base, patches
    # Made after every edit and young during the packing: kept out of the collector's passes (`untracked`).
    return untracked(out)  # type: ignore[return-value]


def fresh_copy(table: Mapping[str, int], kind: type[C] = Counter) -> C:  # type: ignore[assignment]
    """A new `Counter` (or a `kind` of it) of a table `patched` may have made, copied as fast as it was: from its
    base. Filled by `dict.update` of an empty count, as `Counter(table)` fills it, past the `update` of a `kind` that
    notes the names written (`noted.NotedCounter`: noting the 25,000 names of a copy it then forgets was most of it)."""
    out = kind()
    if not isinstance(table, PatchedDict | PatchedCounter):
        dict.update(out, table)
        return untracked(out)
    dict.update(out, table.base)
    _apply(out, table.patches)
    # A packing's scores of 25,000 names, young while it runs: out of the collector's passes (`untracked`).
    return untracked(out)


def _apply(out: dict[str, Any], patches: Mapping[str, object]) -> None:
    for name, value in patches.items():
        if value is None:
            out.pop(name, None)
        else:
            out[name] = value
