"""From a position or a selection in a file to the symbols of the memory an action is about."""

from __future__ import annotations

from dataclasses import dataclass

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.positions import LineIndex
from archmem.indexer.resolve import definitions_at
from archmem.indexer.symbols import SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory

# A selection over more top-level definitions than this is explained by its first ones only.
MAX_SELECTED_SYMBOLS = 6


class LocationError(Exception):
    """A file or position an action cannot work on; the message says why and what to do instead."""


@dataclass(frozen=True)
class FileRange:
    """A file of the memory, its text, and a byte range in it (empty for a cursor)."""

    path: str
    index: FileIndex
    text: bytes
    lines: LineIndex
    start_byte: int
    end_byte: int

    @property
    def is_selection(self) -> bool:
        return self.end_byte > self.start_byte


def locate(
    memory: Memory,
    path: str,
    line0: int,
    col_byte: int,
    end: tuple[int, int] | None = None,
) -> FileRange:
    """The file `path` of the memory with the cursor (0-based line, UTF-8 byte column) or the selection
    from there to `end`, clamped into the text as LSP clamps positions."""
    rel = memory.relpath(path)
    excluded = memory.is_excluded(rel)
    if excluded:
        raise LocationError(f"{rel} is excluded from archmem's memory ({excluded})")
    index = memory.file(rel)
    text = memory.text(rel)
    if index is None or text is None:
        raise LocationError(
            f"{rel} is not in archmem's memory: it is missing, or in no supported language "
            "(Python, JavaScript, TypeScript, Go, Rust, Java, C, C++)"
        )
    lines = LineIndex(text)
    start = lines.offset(line0, col_byte)
    stop = start if end is None else lines.offset(end[0], end[1])
    if stop < start:
        start, stop = stop, start
    return FileRange(index.path, index, text, lines, start, stop)


def symbol_at_cursor(memory: Memory, where: FileRange) -> SymbolNode:
    """The definition the cursor names (on a definition or a reference to one in the workspace), else the
    innermost definition around the cursor, else the module."""
    for target in definitions_at(memory, where.path, where.start_byte):
        if target.symbol is not None and target.symbol.kind is not SymbolKind.MODULE:
            return target.symbol
    return innermost_at(where)


def innermost_at(where: FileRange) -> SymbolNode:
    """The innermost definition holding the cursor; on a line where definitions start before any holds the
    cursor (`export` before `function f`), the first of them."""
    index = where.index
    found = index.symbol_at(where.start_byte)
    if found.kind is not SymbolKind.MODULE:
        return found
    line = where.lines.point(where.start_byte)[0]
    starting = [s for s in index.symbols[1:] if s.start[0] == line]
    return starting[0] if starting else found


def symbols_in_selection(where: FileRange) -> list[SymbolNode]:
    """The smallest definition holding the whole selection; when only the module holds it, the top-level
    definitions the selection overlaps (the module itself when it overlaps none)."""
    index = where.index
    start, stop = where.start_byte, _last_selected_byte(where)
    inner = index.symbol_at(start)
    for candidate in [inner, *index.enclosing(inner)]:
        if (
            candidate.kind is not SymbolKind.MODULE
            and candidate.start_byte <= start
            and stop < candidate.end_byte
        ):
            return [candidate]
    overlapped = [
        s
        for s in index.symbols[1:]
        if s.parent == index.module_id and s.start_byte <= stop and start < s.end_byte
    ]
    return overlapped[:MAX_SELECTED_SYMBOLS] or [index.symbols[0]]


def _last_selected_byte(where: FileRange) -> int:
    """The last byte the selection covers, ignoring the trailing line break editors include in a line
    selection."""
    stop = where.end_byte - 1
    while stop > where.start_byte and where.text[stop : stop + 1] in (b"\n", b"\r", b" ", b"\t"):
        stop -= 1
    return stop
