"""The values a file's memory is made of, which the whole of archmem reads: symbol kinds, imports,
definitions, chunks, symbols and edits."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple


class SymbolKind(IntEnum):
    """Kinds of symbols; the values are LSP's SymbolKind numbers."""

    FILE = 1
    MODULE = 2
    NAMESPACE = 3
    CLASS = 5
    METHOD = 6
    FIELD = 8
    CONSTRUCTOR = 9
    ENUM = 10
    INTERFACE = 11
    FUNCTION = 12
    VARIABLE = 13
    CONSTANT = 14
    OBJECT = 19
    STRUCT = 23
    TYPE_PARAMETER = 26


CONTAINER_KINDS = frozenset(
    {SymbolKind.CLASS, SymbolKind.INTERFACE, SymbolKind.STRUCT, SymbolKind.OBJECT, SymbolKind.NAMESPACE}
)
CLASS_KINDS = frozenset({SymbolKind.CLASS, SymbolKind.INTERFACE, SymbolKind.STRUCT, SymbolKind.OBJECT})
CALLABLE_KINDS = frozenset({SymbolKind.FUNCTION, SymbolKind.METHOD, SymbolKind.CONSTRUCTOR})

Point = tuple[int, int]
"""(line, column): 0-based line, UTF-8 byte column, as tree-sitter counts."""


# The values a file's memory is made of (Import, RawDef, Chunk) are named tuples: a cold index builds them by
# the hundred thousand and every read unpickles them, and a tuple costs a sixth of a frozen dataclass to
# build and a fifth to unpickle.
class Import(NamedTuple):
    """One name an import statement binds. `module` keeps relative dots (`..pkg.mod`) or paths (`./util`)."""

    module: str
    name: str | None
    alias: str | None
    line: int

    @property
    def bound(self) -> str:
        """The name this import makes visible in the file."""
        if self.alias:
            return self.alias
        if self.name:
            return self.name
        return self.module.lstrip(".").split(".")[0].split("/")[-1]


class RawDef(NamedTuple):
    """A definition inside a chunk, with positions relative to the chunk's origin."""

    kind: SymbolKind
    name: str
    # Index of the enclosing RawDef in the same chunk, -1 for the chunk's own scope.
    parent: int
    start_byte: int
    end_byte: int
    start: Point
    end: Point
    name_start: Point
    name_end: Point
    body_start_byte: int
    body_end_byte: int
    signature: str
    doc: str
    decorators: tuple[str, ...]
    refs: tuple[str, ...]
    # Container names this definition's qualified name goes through beyond its parent (Go receivers, C++
    # `Class::method` defined outside the class).
    extra_scope: tuple[str, ...] = ()
    # A field set through a receiver that is not the method's first parameter (Python: `self = ...` made in
    # `__new__` or a classmethod): used only when no method of the class binds the field through its own
    # receiver.
    weak: bool = False


class Chunk(NamedTuple):
    """One statement at module or container-body level, and what it defines, references and imports."""

    origin_byte: int
    origin_row: int
    length: int
    rows: int
    # Names of the containers enclosing this chunk (qualified-name prefix), outermost first.
    scope: tuple[str, ...]
    # Index in the file's chunk tuple of the container header chunk this chunk belongs to, as a depth.
    depth: int
    # True when this chunk is a container's header: its first RawDef is the container, whose body members
    # are the chunks that follow at depth + 1.
    is_container: bool
    defs: tuple[RawDef, ...]
    # References made by code in this chunk that lies outside every definition of it.
    loose_refs: tuple[str, ...]
    imports: tuple[Import, ...]

    @property
    def end_byte(self) -> int:
        return self.origin_byte + self.length

    def moved(self, delta_bytes: int, delta_rows: int) -> Chunk:
        return Chunk(self.origin_byte + delta_bytes, self.origin_row + delta_rows, *self[2:])

    def resized(self, edit: Edit) -> Chunk:
        """This container header with its extent grown by an edit inside its body."""
        delta_bytes = edit.new_end_byte - edit.old_end_byte
        delta_rows = edit.new_end_point[0] - edit.old_end_point[0]
        first = self.defs[0]
        end = (first.end[0] + delta_rows, first.end[1])
        if self.origin_row + first.end[0] == edit.old_end_point[0]:
            # The edit ends on the container's last line (an indented body): the end moves along the line.
            end = (end[0], edit.new_end_point[1] + first.end[1] - edit.old_end_point[1])
        grown = RawDef(
            first.kind,
            first.name,
            first.parent,
            first.start_byte,
            first.end_byte + delta_bytes,
            first.start,
            end,
            first.name_start,
            first.name_end,
            first.body_start_byte,
            first.body_end_byte + delta_bytes,
            first.signature,
            first.doc,
            first.decorators,
            first.refs,
            first.extra_scope,
            first.weak,
        )
        return Chunk(
            self.origin_byte,
            self.origin_row,
            self.length + delta_bytes,
            self.rows + delta_rows,
            self.scope,
            self.depth,
            self.is_container,
            (grown, *self.defs[1:]),
            self.loose_refs,
            self.imports,
        )


class SymbolNode(NamedTuple):
    """A symbol of the memory, with absolute positions: what the rest of archmem reads. A named tuple, as
    the chunks' values are: a file's symbols are built on its first read, thousands at a time."""

    id: str
    kind: SymbolKind
    name: str
    qualname: str
    path: str
    start_byte: int
    end_byte: int
    start: Point
    end: Point
    name_start: Point
    name_end: Point
    body_start_byte: int
    body_end_byte: int
    signature: str
    doc: str
    decorators: tuple[str, ...]
    parent: str | None
    children: tuple[str, ...]
    refs: tuple[str, ...]

    @property
    def has_body(self) -> bool:
        return self.body_end_byte > self.body_start_byte


@dataclass(frozen=True, slots=True)
class Edit:
    """A text edit in the byte and point coordinates tree-sitter uses."""

    start_byte: int
    old_end_byte: int
    new_end_byte: int
    start_point: Point
    old_end_point: Point
    new_end_point: Point
