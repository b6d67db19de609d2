"""Converts the columns checkers report (UTF-16 units, code points, display cells) to UTF-8 byte columns.

Every `Diagnostic` carries byte columns (tree-sitter's convention). Tools count differently: pyright, tsc
and eslint count UTF-16 code units (JavaScript string indices), ruff and rustc count code points, gcc counts
display cells by default (a tab advances to the next multiple of 8, a wide CJK character takes 2), and
clang, go vet and CPython's AST count bytes. This module is the one place those units are turned into
bytes, against the text the tool actually checked.

Lines come from the indexer's `LineIndex`; the columns are converted here rather than by its
`offset(line, column, encoding)`, which covers the LSP encodings only, because checkers add display cells
and because a tool reading an invalid UTF-8 file counts each undecodable byte as one column: this module
decodes with `surrogateescape`, which maps each such byte to exactly one code point, so the conversion
stays exact on any input.
"""

from __future__ import annotations

import enum
import unicodedata

from archmem.indexer.positions import LineIndex
from archmem.server.checks.diagnostics import BytePosition

_TAB_STOP = 8


class ColumnUnit(enum.StrEnum):
    BYTE = "byte"
    UTF16 = "utf-16"
    CODEPOINT = "codepoint"
    DISPLAY = "display"


def _display_width(char: str) -> int:
    """Cells a non-tab character takes in a terminal, as gcc counts them."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def byte_col(line: bytes, col: int, unit: ColumnUnit) -> int:
    """The byte offset in `line` of the 0-based column `col` counted in `unit`.

    A column past the end of the line clamps to the line's end; a column that falls inside a character
    (half a surrogate pair, the second cell of a wide character) moves to that character's start.
    """
    if col <= 0:
        return 0
    if unit is ColumnUnit.BYTE:
        return min(col, len(line))
    text = line.decode("utf-8", "surrogateescape")
    offset = 0
    counted = 0
    for char in text:
        if unit is ColumnUnit.CODEPOINT:
            width = 1
        elif unit is ColumnUnit.UTF16:
            width = 2 if ord(char) > 0xFFFF else 1
        elif char == "\t":
            width = _TAB_STOP - counted % _TAB_STOP
        else:
            width = _display_width(char)
        if counted + width > col:
            return offset
        counted += width
        offset += len(char.encode("utf-8", "surrogateescape"))
        if counted == col:
            return offset
    return len(line)


def line_bytes(index: LineIndex, line: int) -> bytes:
    """The bytes of a 0-based line without its line break; b"" outside the text."""
    return index.line_text(line) if 0 <= line < index.line_count else b""


def to_position(index: LineIndex, line: int, col: int, unit: ColumnUnit) -> BytePosition:
    """A BytePosition for a 0-based line and a 0-based column in `unit`, clamped into the text.

    Tools report a line past the end for "unexpected end of file"; that lands at the end of the text.
    """
    if line < 0:
        return BytePosition(0, 0)
    if line >= index.line_count:
        last = index.line_count - 1
        return BytePosition(last, len(index.line_text(last)))
    return BytePosition(line, byte_col(index.line_text(line), col, unit))


def position_of_offset(index: LineIndex, offset: int) -> BytePosition:
    """The BytePosition of a byte offset into the text, clamped into it."""
    line, col = index.point(offset)
    return BytePosition(line, col)
