"""Translation between LSP types and the memory's: URIs and paths, positions and ranges, diagnostics, symbols,
folds.

Every column conversion goes through `archmem.indexer.positions` (the project's one place for it); this
module only decides which text a position belongs to and builds the lsprotocol values. Positions past the
end of a line or of a document are clamped, as LSP asks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.positions import Encoding, LineIndex, to_column
from archmem.indexer.queries import Fold
from archmem.indexer.search import SymbolEntry
from archmem.indexer.symbols import Point, SymbolNode
from archmem.server.checks import BytePosition, Diagnostic, Severity
from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

ENCODINGS: dict[str, Encoding] = {
    types.PositionEncodingKind.Utf8.value: Encoding.UTF8,
    types.PositionEncodingKind.Utf16.value: Encoding.UTF16,
    types.PositionEncodingKind.Utf32.value: Encoding.UTF32,
}

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFORMATION: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}
_FROM_LSP_SEVERITIES = {lsp: ours for ours, lsp in _SEVERITIES.items()}
_DETAIL_LIMIT = 120
_NON_ASCII = re.compile(rb"[\x80-\xff]+")
_FOLD_KINDS = {
    "region": types.FoldingRangeKind.Region,
    "comment": types.FoldingRangeKind.Comment,
    "imports": types.FoldingRangeKind.Imports,
}


def encoding_of(kind: str | types.PositionEncodingKind | None) -> Encoding:
    """The memory's name for a negotiated `positionEncoding` (UTF-16 when none was negotiated)."""
    if kind is None:
        return Encoding.UTF16
    value = kind.value if isinstance(kind, types.PositionEncodingKind) else kind
    return ENCODINGS.get(value, Encoding.UTF16)


def uri_to_path(uri: str) -> Path | None:
    """The file a `file:` URI names; None for any other scheme (untitled buffers, virtual documents)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def path_to_uri(path: str | Path) -> str:
    uri = from_fs_path(str(path))
    if not isinstance(uri, str):
        raise ValueError(f"cannot make a URI of {path!r}")
    return uri


class LspPositions:
    """Converts between one text's byte offsets or (line, UTF-8 column) points and LSP positions."""

    __slots__ = ("_lines", "_wide", "encoding", "text", "verbatim")

    def __init__(self, text: bytes, encoding: Encoding, lines: LineIndex | None = None) -> None:
        self.text = text
        self.encoding = encoding
        # UTF-8 clients count bytes like the memory; in ASCII text every encoding counts the same.
        self.verbatim = encoding is Encoding.UTF8 or text.isascii()
        self._lines = lines
        self._wide: frozenset[int] | None = None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def offset(self, position: types.Position) -> int:
        """The byte offset of an LSP position, clamped into the text."""
        return self.lines.offset(position.line, position.character, self.encoding)

    def position(self, offset: int) -> types.Position:
        line, column = self.lines.column(offset, self.encoding)
        return types.Position(line=line, character=column)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def wide_lines(self) -> frozenset[int]:
        """The lines holding non-ASCII characters: only there do columns differ between encodings."""
        if self._wide is None:
            lines = self.lines
            self._wide = frozenset(lines.point(m.start())[0] for m in _NON_ASCII.finditer(self.text))
        return self._wide

    def point(self, point: Point) -> types.Position:
        line, column = point
        if self.verbatim or line not in self.wide_lines():
            return types.Position(line=line, character=column)
        lines = self.lines
        if line >= lines.line_count:
            return self.position(len(self.text))
        start = lines.line_start(line)
        return types.Position(
            line=line, character=to_column(self.text[start : start + column], self.encoding)
        )

    def point_range(self, start: Point, end: Point) -> types.Range:
        return types.Range(start=self.point(start), end=self.point(end))


def point_of(positions: LspPositions, position: types.Position) -> Point:
    """An LSP position as the engines' (0-based line, UTF-8 byte column)."""
    return positions.lines.point(positions.offset(position))


def diagnostic_from_lsp(diagnostic: types.Diagnostic, positions: LspPositions) -> Diagnostic:
    """An editor's diagnostic (any source) as the checks layer's value, in the text's UTF-8 columns."""
    start = point_of(positions, diagnostic.range.start)
    end = point_of(positions, diagnostic.range.end)
    code = diagnostic.code
    return Diagnostic(
        BytePosition(*start),
        BytePosition(*max(start, end)),
        _FROM_LSP_SEVERITIES.get(diagnostic.severity or types.DiagnosticSeverity.Error, Severity.ERROR),
        diagnostic.message,
        diagnostic.source or "editor",
        None if code is None else str(code),
    )


def diagnostic_to_lsp(diagnostic: Diagnostic, positions: LspPositions) -> types.Diagnostic:
    """One of archmem's diagnostics as the editor sees it, in the client's position encoding."""
    return types.Diagnostic(
        range=positions.point_range(
            (diagnostic.start.line, diagnostic.start.col), (diagnostic.end.line, diagnostic.end.col)
        ),
        message=diagnostic.message,
        severity=_SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Error),
        source=diagnostic.source,
        code=diagnostic.code,
    )


def name_range(symbol: SymbolNode, positions: LspPositions) -> types.Range:
    """Where the symbol's name is (the module's: the start of the file)."""
    return positions.point_range(symbol.name_start, symbol.name_end)


def detail(symbol: SymbolNode) -> str | None:
    """The signature's first line, short enough for an outline."""
    first = symbol.signature.strip().splitlines()[0] if symbol.signature.strip() else ""
    if not first:
        return None
    return first if len(first) <= _DETAIL_LIMIT else first[: _DETAIL_LIMIT - 1] + "…"


class Wire(list[Any]):
    """An answer already in its JSON form (dicts, lists, strings, numbers), sent as it is.

    The large answers (outlines, searches, references, folds) are built this way: through lsprotocol
    objects and cattrs, the 1,740 symbols of the stdlib's test_typing.py took 95 ms to build and serialize,
    as plain JSON 15 ms. `ArchmemProtocol` writes a Wire result without the converter.
    """


_COMPACT = json.JSONEncoder(separators=(",", ":"), check_circular=False)


def encode(value: Any) -> str:
    """JSON text without the spaces `json.dumps` puts after separators: a tenth smaller and faster for a
    large outline. The answers are built here from plain values, so no cycle check is needed."""
    return _COMPACT.encode(value)


class Encoded(str):
    """An answer already serialized to JSON text (a kept answer), sent as it is. A string, not the Wire it
    came from: thousands of small dicts kept alive would lengthen every full garbage collection."""


Json = dict[str, Any]


def _position_json(position: types.Position) -> Json:
    return {"line": position.line, "character": position.character}


def point_json(positions: LspPositions, point: Point) -> Json:
    if positions.verbatim or point[0] not in positions.wide_lines():
        return {"line": point[0], "character": point[1]}
    return _position_json(positions.point(point))


def range_json(positions: LspPositions, start: int, end: int) -> Json:
    return {
        "start": _position_json(positions.position(start)),
        "end": _position_json(positions.position(end)),
    }


def document_symbols(index: FileIndex, positions: LspPositions) -> Wire:
    """The file's symbols as a tree (DocumentSymbol[]), the module's children at the top."""
    by_id = index.by_id

    def build(symbol: SymbolNode) -> Json:
        start, end = point_json(positions, symbol.start), point_json(positions, symbol.end)
        name_start, name_end = symbol.name_start, symbol.name_end
        if symbol.start <= name_start and name_end <= symbol.end:
            selection = {"start": point_json(positions, name_start), "end": point_json(positions, name_end)}
        else:
            # Clients reject a selection range outside the full range (VS Code throws).
            selection = {"start": start, "end": start}
        out: Json = {
            "name": symbol.name or "(anonymous)",
            "kind": symbol.kind.value,
            "range": {"start": start, "end": end},
            "selectionRange": selection,
            "children": [build(by_id[c]) for c in symbol.children if c in by_id],
        }
        found = detail(symbol)
        if found is not None:
            out["detail"] = found
        return out

    return Wire(build(by_id[c]) for c in index.symbols[0].children if c in by_id)


def flat_symbols(index: FileIndex, positions: LspPositions, uri: str) -> Wire:
    """The file's symbols as a flat SymbolInformation[], for clients without hierarchical symbols."""
    out = Wire()
    for symbol in index.symbols[1:]:
        parent = index.by_id.get(symbol.parent) if symbol.parent else None
        item = _symbol_information(symbol.name, symbol.kind.value, uri, positions, symbol.start, symbol.end)
        if parent is not None and parent.qualname:
            item["containerName"] = parent.qualname
        out.append(item)
    return out


def _symbol_information(
    name: str, kind: int, uri: str, positions: LspPositions, start: Point, end: Point
) -> Json:
    """A symbol's name, kind and location, as SymbolInformation and WorkspaceSymbol both begin."""
    return {
        "name": name or "(anonymous)",
        "kind": kind,
        "location": {
            "uri": uri,
            "range": {"start": point_json(positions, start), "end": point_json(positions, end)},
        },
    }


def workspace_symbol(symbol: SymbolEntry, uri: str, positions: LspPositions) -> Json:
    """One WorkspaceSymbol, located at the symbol's name."""
    item = _symbol_information(
        symbol.name, symbol.kind.value, uri, positions, symbol.name_start, symbol.name_end
    )
    container = symbol.qualname.rpartition(".")[0]
    if container:
        item["containerName"] = container
    return item


def location_json(uri: str, positions: LspPositions, start: int, end: int) -> Json:
    return {"uri": uri, "range": range_json(positions, start, end)}


def folding_ranges(found: Iterable[Fold], limit: int | None) -> Wire:
    out = Wire(
        {"startLine": f.start_line, "endLine": f.end_line, "kind": _FOLD_KINDS[f.kind].value} for f in found
    )
    return out if limit is None else Wire(out[:limit])


def selection_range(spans: Sequence[tuple[int, int]], positions: LspPositions) -> types.SelectionRange:
    """Nested selection ranges from byte spans given innermost first."""
    current: types.SelectionRange | None = None
    for start, end in reversed(spans):
        current = types.SelectionRange(range=positions.range(start, end), parent=current)
    assert current is not None, "selection spans always hold the whole file"
    return current
