"""Column-unit conversion against text with multi-byte characters before the column."""

from __future__ import annotations

import pytest
from archmem.indexer.positions import LineIndex
from archmem.server.checks import BytePosition, ColumnUnit, byte_col, to_position

# é: 2 bytes; 名 and 前: 3 bytes and 2 display cells each; 😀: 4 bytes, 2 UTF-16 units, 2 cells
LINE = "s = 'é名前😀'; x".encode()
X_BYTE = LINE.index(b"x")


@pytest.mark.parametrize(
    ("unit", "col"),
    [
        (ColumnUnit.BYTE, X_BYTE),
        (ColumnUnit.CODEPOINT, 12),  # s,space,=,space,',é,名,前,😀,',;,space
        (ColumnUnit.UTF16, 13),  # 😀 counts twice
        (ColumnUnit.DISPLAY, 15),  # 名, 前 and 😀 take two cells each, é one
    ],
)
def test_each_unit_lands_on_the_same_byte(unit: ColumnUnit, col: int) -> None:
    assert byte_col(LINE, col, unit) == X_BYTE


def test_display_columns_expand_tabs_to_the_next_stop_of_eight() -> None:
    line = b"\tab\tc"
    assert byte_col(line, 8, ColumnUnit.DISPLAY) == 1  # 'a' after the first tab
    assert byte_col(line, 16, ColumnUnit.DISPLAY) == 4  # 'c' after the second tab (from column 10 to 16)


def test_a_column_inside_a_character_moves_to_its_start() -> None:
    line = "😀x".encode()
    assert byte_col(line, 1, ColumnUnit.UTF16) == 0  # between the two halves of the surrogate pair
    assert byte_col(line, 2, ColumnUnit.UTF16) == 4


def test_columns_past_the_end_clamp_to_the_line_end() -> None:
    assert byte_col(b"abc", 99, ColumnUnit.UTF16) == 3
    assert byte_col(b"abc", 99, ColumnUnit.BYTE) == 3


def test_invalid_utf8_counts_one_code_point_per_bad_byte() -> None:
    line = b"\xff\xfex"
    assert byte_col(line, 2, ColumnUnit.CODEPOINT) == 2


def test_positions_clamp_into_the_text() -> None:
    index = LineIndex(b"ab\r\ncd\n")
    assert to_position(index, 0, 9, ColumnUnit.UTF16) == BytePosition(0, 2)  # the \r is not a column
    assert to_position(index, 1, 1, ColumnUnit.BYTE) == BytePosition(1, 1)
    assert to_position(index, 9, 4, ColumnUnit.BYTE) == BytePosition(2, 0)  # past the last line: the end
    assert to_position(index, -1, 4, ColumnUnit.BYTE) == BytePosition(0, 0)


def test_negative_positions_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        BytePosition(-1, 0)
