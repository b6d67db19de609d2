"""Positions: the one place where byte offsets, UTF-8 columns and UTF-16/UTF-32 columns convert.

The memory counts in UTF-8 bytes (tree-sitter's unit). LSP counts columns in UTF-16 code units unless the
client and server agree on UTF-8 or UTF-32 (`positionEncoding`). Out-of-range positions are clamped, as the
LSP specification asks: a column past the end of a line means the end of the line, a line past the end of the
document means its end.
"""

from __future__ import annotations

from bisect import bisect_right
from enum import Enum


class Encoding(Enum):
    """How a client counts columns."""

    UTF8 = "utf-8"
    UTF16 = "utf-16"
    UTF32 = "utf-32"


class LineIndex:
    """Line starts of a UTF-8 text, and conversions between offsets and (line, column) pairs."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: bytes) -> None:
        self.text = text
        starts = [0]
        find = text.find
        i = find(b"\n")
        while i >= 0:
            starts.append(i + 1)
            i = find(b"\n", i + 1)
        self._starts = starts

    def replaced(self, start: int, end: int, new: bytes, text: bytes) -> LineIndex:
        """The index of `text`, which is this index's text with bytes [start, end) replaced by `new`.

        Lines before the edit keep their starts, lines after it shift: no scan of the whole text.
        """
        out = LineIndex.__new__(LineIndex)
        out.text = text
        starts = self._starts
        first = bisect_right(starts, start)  # lines starting at or before `start` are untouched
        last = bisect_right(starts, end)  # lines starting after `end` shift
        inserted = []
        i = new.find(b"\n")
        while i >= 0:
            inserted.append(start + i + 1)
            i = new.find(b"\n", i + 1)
        delta = len(new) - (end - start)
        out._starts = starts[:first] + inserted + list(map(delta.__add__, starts[last:]))
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
        end = self.line_end(line)
        if column <= 0:
            return start
        if encoding is Encoding.UTF8:
            offset = min(start + column, end)
            # Never split a UTF-8 sequence: back up to the start of the character.
            while start < offset < len(self.text) and (self.text[offset] & 0xC0) == 0x80:
                offset -= 1
            return offset
        chars = self.text[start:end].decode("utf-8", "replace")
        units = 0
        for i, ch in enumerate(chars):
            if units >= column:
                return start + len(chars[:i].encode("utf-8"))
            units += 2 if encoding is Encoding.UTF16 and ord(ch) > 0xFFFF else 1
        return end

    def column(self, offset: int, encoding: Encoding = Encoding.UTF8) -> tuple[int, int]:
        """(line, column in `encoding`) of a byte offset."""
        line, col = self.point(offset)
        if encoding is Encoding.UTF8:
            return line, col
        return line, to_column(self.text[self._starts[line] : self._starts[line] + col], encoding)


def to_column(prefix: bytes, encoding: Encoding) -> int:
    """How many `encoding` units the UTF-8 bytes `prefix` of a line span."""
    if encoding is Encoding.UTF8:
        return len(prefix)
    text = prefix.decode("utf-8", "replace")
    if encoding is Encoding.UTF32:
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
