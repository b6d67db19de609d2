"""Positions: the one place where byte offsets, UTF-8 columns and UTF-16/UTF-32 columns convert.

The memory counts in UTF-8 bytes (tree-sitter's unit). LSP counts columns in UTF-16 code units unless the
client and server agree on UTF-8 or UTF-32 (`positionEncoding`). Out-of-range positions are clamped, as the
LSP specification asks: a column past the end of a line means the end of the line, a line past the end of the
document means its end.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from enum import Enum


class Encoding(Enum):
    """How a client counts columns."""

    UTF8 = "utf-8"
    UTF16 = "utf-16"
    UTF32 = "utf-32"


_LINE_BREAK = re.compile(b"\n")


class LineIndex:
    """Line starts of a UTF-8 text, and conversions between offsets and (line, column) pairs.

    The starts are one flat array of machine integers, not a list of int objects: the index of a text an edit
    replaced is freed wherever its last holder lets go (a packer's view of the text before the edit, inside
    the next packing), and a list of sqlite3.c's 270,000 starts was 270,000 objects to free, ~1.5-2.5 ms of a
    packing (and 36 bytes a line, where the array holds 8)."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: bytes) -> None:
        self.text = text
        # Each line break's end found in C: a new text per keystroke, a Python loop over its thousands of lines.
        self._starts = array("q", [0, *map(re.Match.end, _LINE_BREAK.finditer(text))])

    def replaced(self, start: int, end: int, new: bytes, text: bytes) -> LineIndex:
        """The index of `text`, which is this index's text with bytes [start, end) replaced by `new`.

        Lines before the edit keep their starts, lines after it shift: no scan of the whole text.
        """
        out = LineIndex.__new__(LineIndex)
        out.text = text
        starts = self._starts
        first = bisect_right(starts, start)  # lines starting at or before `start` are untouched
        last = bisect_right(starts, end)  # lines starting after `end` shift
        kept = starts[:first]
        i = new.find(b"\n")
        while i >= 0:
            kept.append(start + i + 1)
            i = new.find(b"\n", i + 1)
        delta = len(new) - (end - start)
        kept.extend(map(delta.__add__, starts[last:]))
        out._starts = kept
        return out

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        return self._starts[line]

    def line_end(self, line: int) -> int:
        """Offset of the end of `line`, before its line break."""
        end = self._starts[line + 1] - 1 if line + 1 < len(self._starts) else len(self.text)
        if end > self._starts[line] and self.text[end - 1 : end] == b"\r":
            end -= 1
        return end

    def line_text(self, line: int) -> bytes:
        return self.text[self._starts[line] : self.line_end(line)]

    def point(self, offset: int) -> tuple[int, int]:
        """(line, UTF-8 byte column) of a byte offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset) - 1
        return line, offset - self._starts[line]

    def offset(self, line: int, column: int, encoding: Encoding = Encoding.UTF8) -> int:
        """Byte offset of (line, column) in `encoding`, clamped into the document."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start = self._starts[line]
        return start + line_offset(self.text[start : self.line_end(line)], column, encoding)

    def column(self, offset: int, encoding: Encoding = Encoding.UTF8) -> tuple[int, int]:
        """(line, column in `encoding`) of a byte offset."""
        line, col = self.point(offset)
        if encoding is Encoding.UTF8:
            return line, col
        return line, to_column(self.text[self._starts[line] : self._starts[line] + col], encoding)


def line_offset(line: bytes, column: int, encoding: Encoding, *, inside_moves_back: bool = False) -> int:
    """The byte offset in `line` (one line's UTF-8 bytes, without its break) of the 0-based `column`
    counted in `encoding`, clamped to the line's end. The one place a column in UTF-16 units or code
    points becomes a byte offset: the LSP adapter's positions and the checkers' columns both come here.

    A byte column inside a UTF-8 sequence backs up to the character's start. A UTF-16 column between the
    halves of a surrogate pair moves past the character (LSP: never split it), or back to its start with
    `inside_moves_back` (a checker's column names the character it points into). An undecodable byte
    counts as one unit, as tools reading invalid UTF-8 count it, so the conversion is exact on any input.
    """
    if column <= 0:
        return 0
    if encoding is Encoding.UTF8:
        offset = min(column, len(line))
        while 0 < offset < len(line) and (line[offset] & 0xC0) == 0x80:
            offset -= 1
        return offset
    units = offset = 0
    for ch in line.decode("utf-8", "surrogateescape"):
        if units >= column:
            return offset
        code = ord(ch)
        width = 2 if encoding is Encoding.UTF16 and code > 0xFFFF else 1
        if inside_moves_back and units + width > column:
            return offset
        units += width
        offset += _utf8_length(code)
    return len(line)


def _utf8_length(code: int) -> int:
    """Bytes of one decoded character; an escaped undecodable byte (U+DC80-U+DCFF) was one byte."""
    if code < 0x80 or 0xDC80 <= code <= 0xDCFF:
        return 1
    return 2 if code < 0x800 else 3 if code < 0x10000 else 4


def to_column(prefix: bytes, encoding: Encoding) -> int:
    """How many `encoding` units the UTF-8 bytes `prefix` of a line span (an undecodable byte: one)."""
    if encoding is Encoding.UTF8:
        return len(prefix)
    text = prefix.decode("utf-8", "surrogateescape")
    if encoding is Encoding.UTF32:
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
