"""Position translation between the memory (UTF-8 bytes) and LSP columns, on text with wide characters."""

from __future__ import annotations

import pytest
from archmem.indexer.positions import Encoding
from archmem.server.lsp.convert import LspPositions, encoding_of, point_json, uri_to_path
from lsprotocol import types

TEXT = 'plain = 1\nx = "é𝄞"; target = 2\n'.encode()
# `target` on line 1: 14 bytes in, 11 UTF-16 units, 10 code points.
COLUMNS = {Encoding.UTF8: 14, Encoding.UTF16: 11, Encoding.UTF32: 10}


@pytest.mark.parametrize("encoding", list(Encoding))
def test_points_offsets_and_back(encoding: Encoding) -> None:
    positions = LspPositions(TEXT, encoding)
    column = COLUMNS[encoding]
    byte = TEXT.index(b"target")
    assert positions.point((1, 14)) == types.Position(line=1, character=column)
    assert point_json(positions, (1, 14)) == {"line": 1, "character": column}
    assert positions.position(byte) == types.Position(line=1, character=column)
    assert positions.offset(types.Position(line=1, character=column)) == byte
    # ASCII lines need no conversion in any encoding.
    assert positions.point((0, 5)) == types.Position(line=0, character=5)


@pytest.mark.parametrize("encoding", list(Encoding))
def test_client_positions_past_the_end_are_clamped(encoding: Encoding) -> None:
    positions = LspPositions(TEXT, encoding)
    assert positions.offset(types.Position(line=0, character=999)) == TEXT.index(b"\n")
    assert positions.offset(types.Position(line=99, character=0)) == len(TEXT)
    assert positions.position(10_000) == positions.position(len(TEXT))


def test_a_column_inside_a_surrogate_pair_lands_on_the_character() -> None:
    positions = LspPositions(TEXT, Encoding.UTF16)
    clef = TEXT.index("𝄞".encode())
    assert positions.offset(types.Position(line=1, character=6)) == clef
    assert positions.offset(types.Position(line=1, character=7)) in (clef, clef + 4)  # inside the pair


def test_encoding_names_and_uris() -> None:
    assert encoding_of("utf-8") is Encoding.UTF8
    assert encoding_of(types.PositionEncodingKind.Utf32) is Encoding.UTF32
    assert encoding_of(None) is Encoding.UTF16
    assert encoding_of("latin-1") is Encoding.UTF16
    assert uri_to_path("untitled:Untitled-1") is None
    path = uri_to_path("file:///tmp/a%20b/%C3%A9.py")
    assert path is not None and path.as_posix() == "/tmp/a b/é.py"
