"""The memory of one file: an immutable snapshot of its chunks, with symbols materialized on first read.

`_records` is over 80 lines, knowingly: it is one pass over the chunks whose state (ids and their repeats,
qualified names, containers by depth, where each `self.x` field was bound and which binding wins) is read
and written by every step, and it runs for every file a cold index stores; split into functions it would
hand that state around per definition.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, KeysView, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple, TypeVar, overload

from . import lineage
from .languages import BY_NAME
from .records import (
    CALLABLE_KINDS,
    CLASS_KINDS,
    CONTAINER_KINDS,
    Chunk,
    Import,
    Point,
    RawDef,
    SymbolKind,
    SymbolNode,
)
from .untracked import untracked

# Symbols whose code's names may be owned by the definition around them (`self.x = f()` in a method).
_BINDINGS = frozenset({SymbolKind.VARIABLE, SymbolKind.CONSTANT, SymbolKind.FIELD})
# Positions read in bulk by the per-index tables below: `map` over an itemgetter runs in C, a Python loop over
# the 16,000 symbols of a large C file twice as long, after every edit (a new index).
_START_BYTE = itemgetter(SymbolNode._fields.index("start_byte"))
_END_BYTE = itemgetter(SymbolNode._fields.index("end_byte"))
_QUALNAME = itemgetter(SymbolNode._fields.index("qualname"))
_LAST_PART = itemgetter(2)
_LOOSE_REFS, _DEFS, _REFS = attrgetter("loose_refs"), attrgetter("defs"), attrgetter("refs")
T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class FileIndex:
    """What archmem remembers of one file. Readers share it freely: it never changes once built."""

    path: str
    language: str
    module: str
    content_hash: str
    size: int
    end_point: Point
    module_doc: str
    chunks: tuple[Chunk, ...]
    # Why the file's text is not exactly its bytes (e.g. "invalid UTF-8 replaced"), for the logs.
    notes: tuple[str, ...] = field(default=())

    def __getstate__(self) -> dict[str, object]:
        # Only the fields: materialized symbols are rebuilt on demand, not stored.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __setstate__(self, state: dict[str, object]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)

    @cached_property
    def module_id(self) -> str:
        # Kept: rules compare every top-level definition's parent with it (~1,700 reads a Go generate packing).
        return f"{self.path}::"

    @cached_property
    def symbols(self) -> tuple[SymbolNode, ...]:
        """Every symbol of the file in document order, the module first. This and the other tables of 16,000
        symbols below are made anew for every edit's version: out of the collector's young passes (`untracked`)."""
        return untracked(tuple(_materialize(self)))

    @cached_property
    def by_id(self) -> dict[str, SymbolNode]:
        return untracked({s.id: s for s in self.symbols})

    @cached_property
    def by_qualname(self) -> QualnameTable:
        """The symbols (the module apart) by qualified name, in document order."""
        return QualnameTable(self._qual_places, self.symbols)

    @cached_property
    def _qual_places(self) -> dict[str, list[int]]:
        """The places among `symbols` of each qualified name's symbols. Carried from the memory an edit was made
        from where the edit left every symbol's id at its place (`lineage.carried_places`): a Python walk over
        sqlite3.c's 16,000 symbols cost every packing after an edit 4-15 ms."""
        carried = lineage.carried_places(self)
        if carried is not None:
            return carried
        table: dict[str, list[int]] = {}
        for i, qualname in enumerate(map(_QUALNAME, self.symbols)):
            if i:
                table.setdefault(qualname, []).append(i)
        return table

    @cached_property
    def imports(self) -> tuple[Import, ...]:
        """Every import of the file, with absolute lines."""
        out: list[Import] = []
        for chunk in self.chunks:
            for imp in chunk.imports:
                out.append(Import(imp.module, imp.name, imp.alias, imp.line + chunk.origin_row))
        return tuple(out)

    @cached_property
    def defined_names(self) -> frozenset[str]:
        """Names of every definition in the file (for the workspace symbol table)."""
        return untracked(frozenset(d.name for c in self.chunks for d in c.defs))

    @cached_property
    def referenced_names(self) -> frozenset[str]:
        """Every name the file references, members reduced to their last part (for "used by"). Read in C: a
        generate packing asks it of each new text (`spread.files_mentioning`), a Python loop over its thousands of
        references (two calls each)."""
        loose = chain.from_iterable(map(_LOOSE_REFS, self.chunks))
        held = chain.from_iterable(map(_REFS, chain.from_iterable(map(_DEFS, self.chunks))))
        return frozenset(map(_LAST_PART, map(str.rpartition, chain(loose, held), repeat("."))))

    @cached_property
    def _starts(self) -> list[int]:
        return untracked(list(map(_START_BYTE, self.symbols)))

    @cached_property
    def _reach_back(self) -> list[int]:
        """For each symbol, the nearest one before it that ends no earlier (0, the module, when none does):
        the symbols between them end before it does, so a walk back looking for one that reaches a byte
        past this one's end can jump over them. Carried from the memory an edit was made from where it can
        be (`lineage.carried_reach_back`): a Python walk over 16,000 symbols is a few milliseconds."""
        carried = lineage.carried_reach_back(self)
        return untracked(reach_back(self.symbols) if carried is None else carried)

    def starting_in(self, start: int, end: int) -> range:
        """The positions among `symbols` of those starting in bytes [start, end)."""
        first = bisect_left(self._starts, start)
        return range(first, bisect_left(self._starts, end, first))

    def symbol_at(self, byte: int) -> SymbolNode:
        """The innermost symbol whose range holds the byte offset (the module when none does)."""
        # Symbols are sorted by start and nest: of those holding the byte, the innermost starts last, so
        # it is the first found walking back from the last symbol that starts at or before the byte. A
        # symbol that does not hold it ends at or before it, and so do all those `_reach_back` skips:
        # between module-level statements of a large file the walk is a few jumps, not thousands of steps.
        symbols = self.symbols
        back = self._reach_back
        i = bisect_right(self._starts, byte) - 1
        while i > 0:
            s = symbols[i]
            if byte < s.end_byte or (byte == s.end_byte and s.start_byte < byte):
                return s
            i = back[i]
        return symbols[0]

    def ending_on_row(self, row: int, before: int) -> Iterator[SymbolNode]:
        """The symbols (the module apart) starting before byte offset `before` whose range ends on 0-based
        `row`, the latest start first. Ends are ordered as bytes are, so a symbol ending above the row lets the
        walk jump over every one `_reach_back` skips (they end before it): a few steps, where a scan of every
        symbol before the offset took thousands in a large file."""
        symbols = self.symbols
        back = self._reach_back
        i = bisect_left(self._starts, before) - 1
        while i > 0:
            s = symbols[i]
            end_row = s.end[0]
            if end_row < row:
                i = back[i]
                continue
            if end_row == row:
                yield s
            i -= 1

    def holders(self, byte: int) -> list[SymbolNode]:
        """The symbols whose range holds the byte offset, innermost first, up to the first that is neither a
        variable nor a field (whose code's names may belong to the function around them), or the module:
        together their references hold every name the code at the offset uses."""
        symbols = self.symbols
        out: list[SymbolNode] = []
        for i in range(bisect_right(self._starts, byte) - 1, 0, -1):
            s = symbols[i]
            if byte < s.end_byte or (byte == s.end_byte and s.start_byte < byte):
                out.append(s)
                if s.kind not in _BINDINGS:
                    return out
        out.append(symbols[0])
        return out

    def enclosing(self, symbol: SymbolNode) -> tuple[SymbolNode, ...]:
        """The chain of symbols enclosing `symbol`, innermost first, ending at the module. Kept by the parent
        it starts from: a packing asks ~900 times (each name resolved walks its scope's chain), of a few
        dozen symbols."""
        parent = symbol.parent
        if parent is None:
            return ()
        found = self._chains.get(parent)
        if found is None:
            chain: list[SymbolNode] = []
            at: str | None = parent
            while at is not None:
                node = self.by_id[at]
                chain.append(node)
                at = node.parent
            found = self._chains[parent] = tuple(chain)
        return found

    @cached_property
    def _chains(self) -> dict[str, tuple[SymbolNode, ...]]:
        """`enclosing`'s answers by the parent id they start from."""
        return {}

    def snapshot_key(self) -> tuple[object, ...]:
        """Everything that defines this memory, positions absolute: equal keys mean equal memories."""
        return (self.module_doc, self.symbols, self.imports)


class QualnameTable(Mapping[str, list[SymbolNode]]):
    """`FileIndex.by_qualname`: a name's symbols are read from their places when asked (a packing asks for a few
    hundred of sqlite3.c's 12,000 names), so that the places, the same across an edit of bodies, are carried
    and the table is not built again for every version. Each read gives a new list."""

    __slots__ = ("_places", "_symbols")

    def __init__(self, places: dict[str, list[int]], symbols: tuple[SymbolNode, ...]) -> None:
        self._places = places
        self._symbols = symbols

    def __getitem__(self, qualname: str) -> list[SymbolNode]:
        return list(map(self._symbols.__getitem__, self._places[qualname]))

    @overload
    def get(self, qualname: str, /) -> list[SymbolNode] | None: ...

    @overload
    def get(self, qualname: str, /, default: list[SymbolNode] | T) -> list[SymbolNode] | T: ...

    def get(self, qualname: str, /, default: object = None) -> object:
        places = self._places.get(qualname)
        return default if places is None else list(map(self._symbols.__getitem__, places))

    def __contains__(self, qualname: object) -> bool:
        return qualname in self._places

    def names(self) -> KeysView[str]:
        """The qualified names, for a caller asking whether hundreds are defined (no Python call an ask)."""
        return self._places.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


def reach_back(symbols: tuple[SymbolNode, ...]) -> list[int]:
    """`FileIndex._reach_back` built from the symbols alone."""
    ends = list(map(_END_BYTE, symbols))
    out = [0] * len(ends)
    # Earlier symbols whose ends no later symbol has reached yet, ends decreasing; the module (index 0),
    # made to end past every symbol, at the bottom: the walk needs no emptiness test.
    stack = [0]
    ends[0] = max(ends) + 1
    for i in range(1, len(ends)):
        end = ends[i]
        while ends[stack[-1]] < end:
            stack.pop()
        out[i] = stack[-1]
        stack.append(i)
    return out


class Record(NamedTuple):
    """A definition of a file before it becomes a SymbolNode: its place in the hierarchy and its RawDef,
    whose positions are relative to the chunk origin given beside it."""

    id: str
    parent: str
    kind: SymbolKind
    qualname: str
    raw: RawDef
    origin_byte: int
    origin_row: int


def records(index: FileIndex) -> list[Record]:
    """Every definition of the file in document order, without building SymbolNodes (a cold index reads
    only what search lists of them)."""
    return _records(index)[0]


def _records(index: FileIndex) -> tuple[list[Record], dict[str, list[str]], dict[str, dict[str, None]]]:
    """The definitions, the children of each symbol id, and the references made by chunk code outside
    every definition, by the symbol they count for."""
    path = index.path
    module_id = index.module_id
    records: list[Record] = []
    ids: dict[str, int] = {}
    seen_qualnames: dict[str, int] = {}
    children: dict[str, list[str]] = {module_id: []}
    extra_refs: dict[str, dict[str, None]] = {module_id: {}}
    containers: list[str] = []  # container ids by depth
    qualnames: dict[str, str] = {module_id: ""}
    kinds: dict[str, SymbolKind] = {module_id: SymbolKind.MODULE}
    weak_fields: dict[str, str] = {}  # qualified name -> id of a field bound outside a method's receiver
    seen_weak: set[str] = set()
    assigned: dict[str, str] = {}  # qualified name -> id of a field a method binds (`self.x = ...`)
    dropped: set[int] = set()  # records of such fields that a later definition of the name replaced
    spec = BY_NAME.get(index.language)
    file_scoped = spec.file_scope_nested_kinds if spec is not None else frozenset()

    def new_id(qualname: str) -> str:
        n = seen_qualnames.get(qualname, 0) + 1
        seen_qualnames[qualname] = n
        return f"{path}::{qualname}" if n == 1 else f"{path}::{qualname}#{n}"

    for chunk in index.chunks:
        del containers[chunk.depth :]
        scope_parent = containers[-1] if containers else module_id
        ob, orow = chunk.origin_byte, chunk.origin_row
        local_ids: list[str | None] = []
        for i, raw in enumerate(chunk.defs):
            parent = scope_parent if raw.parent < 0 else local_ids[raw.parent]
            if parent is None:
                local_ids.append(None)
                continue
            kind = raw.kind
            by_receiver = kind is SymbolKind.FIELD and kinds[parent] in CALLABLE_KINDS
            if by_receiver:
                # `self.x = ...` inside a method: a member of the method's class.
                owner = records[ids[parent]].parent
                if kinds.get(owner) not in CONTAINER_KINDS:
                    local_ids.append(None)
                    continue
                qual = _join(qualnames[owner], raw.name)
                if qual in seen_qualnames:
                    taken = weak_fields.get(qual)
                    if taken is not None and not raw.weak:
                        # A method binding the field through its own receiver is the better site.
                        records[ids[taken]] = records[ids[taken]]._replace(
                            raw=raw, origin_byte=ob, origin_row=orow
                        )
                        del weak_fields[qual]
                    local_ids.append(None)
                    continue
                if raw.weak:
                    weak_fields[qual] = f"{path}::{qual}"
                    seen_weak.add(qual)
                parent = owner
            if (
                kind in file_scoped
                and parent != module_id
                and _outside_functions(parent, kinds, records, ids)
            ):
                # C: `struct inner {...} *p;` in a struct's body declares `inner` for the whole file.
                parent = module_id
            if kind is SymbolKind.FUNCTION and kinds[parent] in CLASS_KINDS:
                kind = SymbolKind.METHOD
            qual = _join(_join(qualnames[parent], ".".join(raw.extra_scope)), raw.name)
            replaced = None if by_receiver else assigned.pop(qual, None)
            if replaced is None:
                sid = new_id(qual)
            else:
                # `this.onClick = this.onClick.bind(this)` in a constructor, then `onClick() {...}`: the method
                # is the definition, the assignment only its first mention. It takes the field's id.
                sid = replaced
                dropped.add(ids[sid])
                children[records[ids[sid]].parent].remove(sid)
                weak_fields.pop(qual, None)
                seen_weak.discard(qual)
            if by_receiver:
                assigned[qual] = sid
            ids[sid] = len(records)
            records.append(Record(sid, parent, kind, qual, raw, ob, orow))
            qualnames[sid] = qual
            kinds[sid] = kind
            children.setdefault(parent, []).append(sid)
            local_ids.append(sid)
            if i == 0 and chunk.is_container:
                containers.append(sid)
        if chunk.loose_refs:
            extra_refs.setdefault(scope_parent, {}).update(dict.fromkeys(chunk.loose_refs))

    if dropped:
        records = [r for i, r in enumerate(records) if i not in dropped]
    if len(weak_fields) < len(seen_weak):
        # A field moved to a later, better site: keep the symbols in document order.
        records.sort(key=lambda r: (r.origin_byte + r.raw.start_byte, -(r.origin_byte + r.raw.end_byte)))
    return records, children, extra_refs


def _outside_functions(
    sid: str, kinds: dict[str, SymbolKind], records: list[Record], ids: dict[str, int]
) -> bool:
    """Whether no function holds the symbol `sid` (nor is it): a definition in it has no block scope."""
    while sid in ids:
        if kinds[sid] in CALLABLE_KINDS:
            return False
        sid = records[ids[sid]].parent
    return True


def _materialize(index: FileIndex) -> list[SymbolNode]:
    path = index.path
    module_id = index.module_id
    records, children, extra_refs = _records(index)
    out: list[SymbolNode] = [
        SymbolNode(
            id=module_id,
            kind=SymbolKind.MODULE,
            name=index.module.rpartition(".")[2] or index.module,
            qualname=index.module,
            path=path,
            start_byte=0,
            end_byte=index.size,
            start=(0, 0),
            end=index.end_point,
            name_start=(0, 0),
            name_end=(0, 0),
            body_start_byte=0,
            body_end_byte=index.size,
            signature=index.module,
            doc=index.module_doc,
            decorators=(),
            parent=None,
            children=tuple(children.get(module_id, ())),
            refs=tuple(extra_refs.get(module_id, {})),
        )
    ]
    for sid, parent, kind, qual, raw, ob, orow in records:
        refs = raw.refs
        more = extra_refs.get(sid)
        if more:
            refs = tuple(dict.fromkeys((*refs, *more)))
        # Positional: keywords cost a third more per symbol.
        out.append(
            SymbolNode(
                sid,
                kind,
                raw.name,
                qual,
                path,
                ob + raw.start_byte,
                ob + raw.end_byte,
                (orow + raw.start[0], raw.start[1]),
                (orow + raw.end[0], raw.end[1]),
                (orow + raw.name_start[0], raw.name_start[1]),
                (orow + raw.name_end[0], raw.name_end[1]),
                ob + raw.body_start_byte,
                ob + raw.body_end_byte,
                raw.signature,
                raw.doc,
                raw.decorators,
                parent,
                tuple(children.get(sid, ())),
                refs,
            )
        )
    return out


def _join(prefix: str, name: str) -> str:
    if not prefix:
        return name
    if not name:
        return prefix
    return f"{prefix}.{name}"
