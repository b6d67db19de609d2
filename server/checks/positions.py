"""Converts the columns checkers report (UTF-16 units, code points, display cells) to UTF-8 byte columns.

Every `Diagnostic` carries byte columns (tree-sitter's convention). Tools count differently: pyright, tsc
and eslint count UTF-16 code units (JavaScript string indices), ruff and rustc count code points, gcc counts
display cells by default (a tab advances to the next multiple of 8, a wide CJK character takes 2), and
clang, go vet and CPython's AST count bytes. This module turns a checker's columns into bytes, against the text the
tool actually checked.

Lines come from the indexer's `LineIndex`, and UTF-16 units and code points convert where LSP columns do
(`indexer.positions.line_offset`, which counts each undecodable byte as one column, as a tool reading an
invalid UTF-8 file does); display cells, which only checkers count, convert here.
"""

from __future__ import annotations

import enum
import unicodedata

from archmem.indexer.positions import Encoding, LineIndex, line_offset
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
    (half a surrogate pair, the second cell of a wide character) moves to that character's start. UTF-16
    units and code points convert in `indexer.positions.line_offset`, as LSP columns do; display cells only
    checkers count, so they convert here.
    """
    if col <= 0:
        return 0
    if unit is ColumnUnit.BYTE:
        return min(col, len(line))
    if unit is not ColumnUnit.DISPLAY:
        encoding = Encoding.UTF16 if unit is ColumnUnit.UTF16 else Encoding.UTF32
        return line_offset(line, col, encoding, inside_moves_back=True)
    offset = 0
    counted = 0
    for char in line.decode("utf-8", "surrogateescape"):
        width = _TAB_STOP - counted % _TAB_STOP if char == "\t" else _display_width(char)
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
    """A Position for a 0-based line and a 0-based column in `unit`, clamped into the text.

    Tools report a line past the end for "unexpected end of file"; that lands at the end of the text.
    """
    if line < 0:
        return BytePosition(0, 0)
    if line >= index.line_count:
        last = index.line_count - 1
        return BytePosition(last, len(index.line_text(last)))
    return BytePosition(line, byte_col(index.line_text(line), col, unit))


def position_of_offset(index: LineIndex, offset: int) -> BytePosition:
    """The Position of a byte offset into the text, clamped into it."""
    line, col = index.point(offset)
    return BytePosition(line, col)
