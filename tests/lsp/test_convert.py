"""Position translation between the memory (UTF-8 bytes) and LSP columns, on text with wide characters."""

from __future__ import annotations

import pytest
from archmem.indexer.positions import Encoding
from archmem.server.checks import BytePosition, ColumnUnit, Severity, byte_col
from archmem.server.lsp.convert import (
    LspPositions,
    diagnostic_from_lsp,
    diagnostic_to_lsp,
    encoding_of,
    point_json,
    point_of,
    uri_to_path,
)
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


@pytest.mark.parametrize("encoding", list(Encoding))
def test_an_editor_diagnostic_and_ours_convert_both_ways_on_wide_text(encoding: Encoding) -> None:
    positions = LspPositions(TEXT, encoding)
    column = COLUMNS[encoding]
    editor = types.Diagnostic(
        range=types.Range(
            start=types.Position(line=1, character=column),
            end=types.Position(line=1, character=column + len("target")),
        ),
        message="unused",
        severity=types.DiagnosticSeverity.Warning,
        source="pyright",
        code=17,
    )
    ours = diagnostic_from_lsp(editor, positions)
    assert (ours.start, ours.end) == (BytePosition(1, 14), BytePosition(1, 20))  # UTF-8 bytes of `target`
    assert (ours.severity, ours.source, ours.code) == (Severity.WARNING, "pyright", "17")
    back = diagnostic_to_lsp(ours, positions)
    assert back.range == editor.range and back.severity == editor.severity
    assert point_of(positions, editor.range.start) == (1, 14)


def test_a_checker_column_and_an_lsp_column_in_utf16_meet_on_the_same_byte() -> None:
    # pyright and VS Code both count UTF-16 units: the same column must name the same byte in both paths.
    line = TEXT.split(b"\n")[1]
    lsp = (
        LspPositions(TEXT, Encoding.UTF16).offset(types.Position(line=1, character=11))
        - TEXT.index(b"\n")
        - 1
    )
    assert byte_col(line, 11, ColumnUnit.UTF16) == lsp == line.index(b"target")
