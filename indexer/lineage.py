"""Which chunks the edits between two memories of one open file changed: read from the chunks' shared parts
when each memory is made, so that a comparison of two memories need not walk every definition of the file.

An edit (incremental, or a fresh parse whose unchanged statements share the old chunks' parts,
`document._shared`) leaves the chunks before it the same objects and those after it moved, made of the same
parts. `record` notes, for a new memory, the span of chunk positions between those, per memory it descends
from (the last few, held weakly: an old memory stays only while a table built for it does). While the number
of chunks stays the same, positions mean the same statements in every memory of the line, and the spans of
successive edits add up; an edit adding or removing a statement starts the line again.
"""

from __future__ import annotations

import weakref
from itertools import compress, count
from operator import is_not, itemgetter
from typing import TYPE_CHECKING

from .records import CALLABLE_KINDS, Chunk, RawDef, SymbolKind, SymbolNode

if TYPE_CHECKING:
    from .fileindex import FileIndex

# What the pass making symbols from chunks reads of a definition, with its header (`fileindex._records`).
_RAW_SAME = itemgetter(
    *(
        RawDef._fields.index(name)
        for name in ("kind", "name", "parent", "extra_scope", "signature", "decorators")
    )
)
# Memories a new one remembers descending from (an editor's keystrokes between two requests).
_DEPTH = 8
# For each memory: (a memory it descends from, the chunk positions changed since then as spans).
_Line = tuple[tuple["weakref.ref[FileIndex]", tuple[tuple[int, int], ...]], ...]
_LINES: weakref.WeakKeyDictionary[FileIndex, _Line] = weakref.WeakKeyDictionary()


def record(before: FileIndex, after: FileIndex) -> None:
    """Note that `after` was made from `before` by an edit, and which chunk positions it changed."""
    old, new = before.chunks, after.chunks
    if before.path != after.path or len(old) != len(new):
        return
    span = changed_span(old, new)
    spans: tuple[tuple[int, int], ...] = (span,)
    _LINES[after] = (
        (weakref.ref(before), spans),
        *((ancestor, (*older, span)) for ancestor, older in _LINES.get(before, ())[: _DEPTH - 1]),
    )


def changed_since(before: FileIndex, after: FileIndex) -> tuple[tuple[int, int], ...] | None:
    """The spans of chunk positions (start, end) that the edits from `before` to `after` may have changed:
    every other chunk of `after` is made of the same parts as `before`'s at its position. None when `after`
    is not known to descend from `before` with as many chunks."""
    for ancestor, spans in _LINES.get(after, ()):
        if ancestor() is before:
            return spans
    return None


def changed_span(old: tuple[Chunk, ...], new: tuple[Chunk, ...]) -> tuple[int, int]:
    """The positions [start, end) of two chunk lists of one length outside which each chunk of `new` is
    `old`'s at that position or made of its parts (moved)."""
    start = next(compress(count(), map(is_not, old, new)), len(new))
    end = len(new)
    while end > start and same_parts(old[end - 1], new[end - 1]):
        end -= 1
    return start, end


def same_parts(a: Chunk, b: Chunk) -> bool:
    # Identical parts (an empty tuple is one object too): equal but for the chunk's place and extent.
    return (
        a.defs is b.defs
        and a.loose_refs is b.loose_refs
        and a.imports is b.imports
        and a.scope is b.scope
        and a.depth == b.depth
        and a.is_container == b.is_container
        and a.length == b.length
        and a.rows == b.rows
    )


def carried_reach_back(index: FileIndex) -> list[int] | None:
    """`FileIndex._reach_back` for `index` from an ancestor's, where one has it and the chunks that changed
    since are module-level statements holding the same number of symbols: only the entries of their symbols,
    and of those pointing at them, are walked again. The symbols of other chunks are each wholly before or
    after a changed statement (nothing but the module holds one), so they compare by their ends as before;
    a changed statement's symbols lie between, and neither side can reach past it but a symbol ending where
    the statement ends and an empty symbol standing there (taken afresh). None where it cannot be carried."""
    for ancestor, spans in _LINES.get(index, ()):
        before = ancestor()
        if before is not None and "_reach_back" in before.__dict__:
            return _reach_back_after(before, index, spans)
    return None


def _reach_back_after(
    before: FileIndex, after: FileIndex, spans: tuple[tuple[int, int], ...]
) -> list[int] | None:
    symbols = after.symbols
    if len(before.symbols) != len(symbols):
        return None
    windows: list[range] = []
    for i in sorted({i for start, end in spans for i in range(start, end)}):
        a, b = before.chunks[i], after.chunks[i]
        if a is b:
            continue
        if a.depth or b.depth or a.is_container or b.is_container:
            return None
        window = after.starting_in(b.origin_byte, b.end_byte)
        if window != before.starting_in(a.origin_byte, a.end_byte) or not _alone(after, window, b):
            return None
        windows.append(window)
    back: list[int] = list(before.__dict__["_reach_back"])
    # In order: each walk jumps through entries before it, final by then. No later symbol reaches back to a
    # changed one (it would have to end where the statement ends, empty there: `_alone`).
    for window in windows:
        for k in window:
            back[k] = _walk(symbols, back, k)
    return back


def _alone(index: FileIndex, window: range, chunk: Chunk) -> bool:
    """Whether the symbols of `window` lie in `chunk`, the one before ends before it and the one after it is
    not empty where it ends."""
    symbols = index.symbols
    if window.start > 1 and symbols[window.start - 1].end_byte > chunk.origin_byte:
        return False
    if any(symbols[k].end_byte > chunk.end_byte for k in window):
        return False
    after = window.stop
    return after >= len(symbols) or symbols[after].start_byte < symbols[after].end_byte


def _walk(symbols: tuple[SymbolNode, ...], back: list[int], k: int) -> int:
    """The nearest symbol before `k` that ends no earlier (0, the module, when none does), by jumps."""
    end = symbols[k].end_byte
    j = k - 1
    while j > 0 and symbols[j].end_byte < end:
        j = back[j]
    return j


def same_definitions(a: Chunk, b: Chunk) -> bool:
    """Whether two chunks at one position make the same symbols (ids, kinds, names, headers, nesting) but for
    their positions and the names they use: the pass making symbols decides the same for both."""
    if a.is_container or b.is_container or a.depth != b.depth or len(a.defs) != len(b.defs):
        return False
    for x, y in zip(a.defs, b.defs, strict=True):
        if x.weak or y.weak or _RAW_SAME(x) != _RAW_SAME(y) or _maybe_receivers(x, a):
            return False
        if (x.body_start_byte < x.body_end_byte) != (y.body_start_byte < y.body_end_byte):
            return False
    return True


def _maybe_receivers(raw: RawDef, chunk: Chunk) -> bool:
    """Whether `raw` may be a field bound through a method's receiver (`self.x = ...`), which the pass
    making symbols moves to the class and merges with the class's other sites of the name."""
    if raw.kind is not SymbolKind.FIELD:
        return False
    if raw.parent < 0:
        return chunk.depth > 0  # the container around the chunk, not read here
    return chunk.defs[raw.parent].kind in CALLABLE_KINDS


def same_place(before: FileIndex, after: FileIndex, a: Chunk, b: Chunk) -> int | None:
    """Where the symbols of a changed chunk (`a` of `before`, `b` of `after`, at one position) start among the
    symbols of both memories, when the two make the same definitions (`same_definitions`; for a class's header
    grown by an edit in its body, `_same_header`) at the same place; else None."""
    if a.is_container:
        first = _header_symbol(before, a) if _same_header(a, b) else None
        return first if first is not None and first == _header_symbol(after, b) else None
    first = first_symbol(before, a) if same_definitions(a, b) else None
    return first if first is not None and first == first_symbol(after, b) else None


def _same_header(a: Chunk, b: Chunk) -> bool:
    """Whether two container headers at one position make the same container symbol but for its extent and the
    names it uses: an edit inside a class's body grows its header chunk (`Chunk.resized`), whose one definition
    is then equal in all the pass making symbols reads of it (`same_definitions`' test, for a container)."""
    if not (a.is_container and b.is_container) or a.depth != b.depth or len(a.defs) != 1 or len(b.defs) != 1:
        return False
    x, y = a.defs[0], b.defs[0]
    return (
        not x.weak
        and not y.weak
        and _RAW_SAME(x) == _RAW_SAME(y)
        and (x.body_start_byte < x.body_end_byte) == (y.body_start_byte < y.body_end_byte)
    )


def _header_symbol(index: FileIndex, chunk: Chunk) -> int | None:
    """The position among the symbols of a container header's one definition (`_same_header`), when it is the
    only symbol starting where it does; else None. Its members start in the chunk too (it spans the body)."""
    raw = chunk.defs[0]
    start = chunk.origin_byte + raw.start_byte
    found = index.starting_in(start, start + 1)
    if len(found) != 1 or index.symbols[found.start].name != raw.name:
        return None
    return found.start


def first_symbol(index: FileIndex, chunk: Chunk) -> int | None:
    """The position among the symbols of the first of `chunk`'s definitions, when its definitions are the
    symbols starting in it, one each, in order; else None."""
    found = index.starting_in(chunk.origin_byte, chunk.end_byte)
    if len(found) != len(chunk.defs):
        return None
    symbols = index.symbols
    for k, raw in zip(found, chunk.defs, strict=True):
        if symbols[k].start_byte != chunk.origin_byte + raw.start_byte or symbols[k].name != raw.name:
            return None
    return found.start


def carried_places(index: FileIndex) -> dict[str, list[int]] | None:
    """`FileIndex._qual_places` for `index` from an ancestor's, where one has it and every symbol has the id it
    had at its place: the chunks the edits changed make the same definitions (`same_definitions`), at the same
    places, with the same ids, and every other chunk is made of the same parts, read by the same pass. None
    where it cannot be carried."""
    for ancestor, spans in _LINES.get(index, ()):
        before = ancestor()
        if before is not None and "_qual_places" in before.__dict__ and _same_ids(before, index, spans):
            places: dict[str, list[int]] = before.__dict__["_qual_places"]
            return places
    return None


def _same_ids(before: FileIndex, after: FileIndex, spans: tuple[tuple[int, int], ...]) -> bool:
    old, new = before.symbols, after.symbols
    if len(old) != len(new):
        return False
    for i in {i for start, end in spans for i in range(start, end)}:
        a, b = before.chunks[i], after.chunks[i]
        if a is b or same_parts(a, b):
            continue  # moved by an edit above it, made of the same parts: as a chunk outside the spans is
        first = same_place(before, after, a, b)
        if first is None:
            return False
        if any(old[k].id != new[k].id for k in range(first, first + len(a.defs))):
            return False
    return True
