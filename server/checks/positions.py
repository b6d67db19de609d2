"""Converts the columns checkers report (UTF-16 units, code points, display cells) to UTF-8 byte columns.

Every `Diagnostic` carries byte columns (tree-sitter's convention). Tools count differently: pyright, tsc
and eslint count UTF-16 code units (JavaScript string indices), ruff and rustc count code points, gcc counts
display cells by default (a tab advances to the next multiple of 8, a wide CJK character takes 2), and
clang, go vet and CPython's AST count bytes. This module is the one place those units are turned into
bytes, against the text the tool actually checked.

Invalid UTF-8 is decoded with `surrogateescape`, which maps each undecodable byte to exactly one code
point, so the conversion stays exact on any input.
"""

from __future__ import annotations

import enum
import unicodedata
from bisect import bisect_right

from archmem.server.checks.diagnostics import Position

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


class LineIndex:
    """Random access to the lines of a text, for converting (line, column) pairs many times.

    Lines end at b"\\n" only, as tree-sitter counts rows; a trailing b"\\r" belongs to no column.
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, text: bytes) -> None:
        self._text = text
        starts = [0]
        index = text.find(b"\n")
        while index != -1:
            starts.append(index + 1)
            index = text.find(b"\n", index + 1)
        self._starts = starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line(self, line: int) -> bytes:
        """The bytes of a 0-based line without its line ending; b"" past the end."""
        if line < 0 or line >= len(self._starts):
            return b""
        start = self._starts[line]
        end = self._starts[line + 1] - 1 if line + 1 < len(self._starts) else len(self._text)
        content = self._text[start:end]
        return content[:-1] if content.endswith(b"\r") else content

    def position(self, line: int, col: int, unit: ColumnUnit) -> Position:
        """A Position for a 0-based line and a 0-based column in `unit`, clamped into the text.

        Tools report a line past the end for "unexpected end of file"; that lands at the end of the text.
        """
        if line < 0:
            return Position(0, 0)
        if line >= len(self._starts):
            last = len(self._starts) - 1
            return Position(last, len(self.line(last)))
        return Position(line, byte_col(self.line(line), col, unit))

    def position_of_offset(self, offset: int) -> Position:
        """The Position of a byte offset into the text."""
        offset = max(0, min(offset, len(self._text)))
        line = bisect_right(self._starts, offset) - 1
        return Position(line, offset - self._starts[line])
