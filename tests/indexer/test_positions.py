"""Positions: UTF-8 byte offsets (the memory's unit) against UTF-16 / UTF-32 columns (LSP's), with clamping."""

from __future__ import annotations

import tracemalloc

import pytest
from archmem.indexer.positions import Encoding, LineIndex, line_offset, to_column

from tests.support.memory import index_text, sym

U8, U16, U32 = Encoding.UTF8, Encoding.UTF16, Encoding.UTF32

# Line 0: "café = 1"   é is 2 bytes, 1 UTF-16 unit
# Line 1: "名前 = 'x'"   each CJK character is 3 bytes, 1 UTF-16 unit
# Line 2: "s = '😀b'"   the emoji is 4 bytes, 2 UTF-16 units (a surrogate pair), 1 UTF-32 unit
TEXT = "café = 1\n名前 = 'x'\ns = '😀b'\n".encode()


def test_offsets_of_columns_in_each_encoding() -> None:
    lines = LineIndex(TEXT)
    # The "=" on each line.
    assert lines.offset(0, 5, U16) == lines.offset(0, 5, U32) == lines.offset(0, 6, U8) == TEXT.index(b"=")
    second = TEXT.index("名前 =".encode()) + len("名前 ".encode())
    assert lines.offset(1, 3, U16) == lines.offset(1, 3, U32) == lines.offset(1, 7, U8) == second
    b = TEXT.index(b"b'")
    assert lines.offset(2, 7, U16) == b  # s = '  (5) + surrogate pair (2)
    assert lines.offset(2, 6, U32) == b  # s = '  (5) + one code point
    assert lines.offset(2, 9, U8) == b  # s = '  (5) + 4 bytes


def test_columns_of_offsets_in_each_encoding() -> None:
    lines = LineIndex(TEXT)
    b = TEXT.index(b"b'")
    assert lines.column(b, U8) == (2, 9)
    assert lines.column(b, U16) == (2, 7)
    assert lines.column(b, U32) == (2, 6)
    end_of_name = TEXT.index("前".encode()) + 3
    assert lines.column(end_of_name, U16) == (1, 2)
    assert lines.column(end_of_name, U8) == (1, 6)


def test_round_trip_at_every_character_boundary() -> None:
    lines = LineIndex(TEXT)
    decoded = TEXT.decode()
    offset = 0
    for ch in decoded:
        for encoding in (U8, U16, U32):
            line, col = lines.column(offset, encoding)
            assert lines.offset(line, col, encoding) == offset, (ch, encoding)
        offset += len(ch.encode())


def test_a_column_inside_a_character_never_splits_it() -> None:
    lines = LineIndex(TEXT)
    emoji = TEXT.index("😀".encode())
    # UTF-8: a column in the middle of the emoji's bytes backs up to its start.
    for inside in (1, 2, 3):
        assert lines.offset(2, 5 + inside, U8) == emoji
    # UTF-16: the middle of the surrogate pair moves past the whole character.
    assert lines.offset(2, 6, U16) == emoji + 4


def test_crlf_lines_end_before_the_carriage_return() -> None:
    text = "a = 1\r\nnom = 'é'\r\n\r\nend".encode()
    lines = LineIndex(text)
    assert lines.line_count == 4
    assert lines.line_text(0) == b"a = 1"
    assert lines.line_end(0) == 5
    # A column past the end of a CRLF line clamps before the \r.
    assert lines.offset(0, 99, U16) == 5
    assert lines.offset(1, 99, U16) == text.index(b"\r\n\r\n")
    assert lines.offset(1, 8, U16) == text.index(b"'\r")
    assert lines.line_text(2) == b""
    assert lines.offset(3, 1, U16) == text.index(b"end") + 1
    assert lines.column(text.index(b"nom"), U16) == (1, 0)


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        (-1, 0, 0),  # before the start: the start
        (0, -4, 0),
        (0, 1000, len("café = 1".encode())),  # past the end of a line: its end
        (3, 0, len(TEXT)),  # the empty last line
        (4, 0, len(TEXT)),  # past the last line: the end of the document
        (99, 99, len(TEXT)),
    ],
)
def test_positions_past_the_ends_clamp(line: int, column: int, expected: int) -> None:
    for encoding in (U8, U16, U32):
        assert LineIndex(TEXT).offset(line, column, encoding) == expected


def test_offsets_past_the_ends_clamp() -> None:
    lines = LineIndex(TEXT)
    assert lines.point(-5) == (0, 0)
    assert lines.point(10_000) == lines.point(len(TEXT)) == (3, 0)
    assert lines.column(10_000, U16) == (3, 0)


def test_empty_text() -> None:
    lines = LineIndex(b"")
    assert lines.line_count == 1
    assert lines.offset(0, 5, U16) == 0
    assert lines.column(0, U16) == (0, 0)


def test_to_column_counts_units() -> None:
    prefix = "a😀名é".encode()
    assert to_column(prefix, U8) == len(prefix) == 1 + 4 + 3 + 2
    assert to_column(prefix, U16) == 1 + 2 + 1 + 1
    assert to_column(prefix, U32) == 4


def test_symbol_positions_are_utf8_byte_columns() -> None:
    text = "名前 = 1\n\n\nclass Café:\n    def 😀(self): ...\n    def naïve(self): return 名前\n"
    index = index_text("u.py", text)
    cafe = sym(index, "Café")
    assert cafe.name_start == (3, 6)
    assert cafe.name_end == (3, 6 + len("Café".encode()))
    naive = sym(index, "Café.naïve")
    assert naive.name_start == (5, 8)
    assert naive.refs == ("名前",)
    lines = LineIndex(text.encode())
    start = lines.offset(naive.name_start[0], naive.name_start[1], U8)
    assert lines.column(start + len("naïve".encode()), U16) == (5, 8 + 5)


def test_invalid_utf8_converts_one_unit_per_bad_byte_both_ways() -> None:
    # A file on disk need not be UTF-8; a column must still name the byte it names, and come back.
    text = b"\xff\xe2\x82 = '\xf0\x9f\x98\x80'; x\n"
    lines = LineIndex(text)
    x = text.index(b"x")
    for encoding in (U16, U32):
        line, col = lines.column(x, encoding)
        assert lines.offset(line, col, encoding) == x
    assert lines.column(x, U32) == (0, 11)  # 3 bad bytes, " = '" (4), the emoji (1), "'; " (3)
    assert line_offset(text[:x], 11, U32) == x


def test_a_column_inside_a_surrogate_pair_moves_back_when_asked() -> None:
    line = "😀x".encode()
    assert line_offset(line, 1, U16) == 4  # LSP: never split the character, move past it
    assert line_offset(line, 1, U16, inside_moves_back=True) == 0  # a checker: the character it points into
    assert line_offset(line, 2, U16, inside_moves_back=True) == 4


def test_a_large_texts_line_index_is_a_few_objects_not_one_per_line() -> None:
    # The index of a text an edit replaced is freed wherever its last holder lets go, inside a packing most
    # often: one object per line start (sqlite3.c's 270,000) made that free a Python loop of a few ms.
    text = b"x = 1\n" * 200_000
    changed = text[:6] + b"22\n" + text[7:]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        lines = LineIndex(text)
        edited = lines.replaced(6, 7, b"22\n", changed)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert edited.line_count == lines.line_count + 1 == 200_002
    assert edited.point(len(changed) - 1) == (200_000, 5)
    assert held < 2 * 10 * 200_000  # two indexes of 200,001 starts, 8 bytes each, and little else
