"""Translation between LSP types and the memory's: URIs and paths, positions and ranges, symbols, folds.

Every column conversion goes through `archmem.indexer.positions` (the project's one place for it); this
module only decides which text a position belongs to and builds the lsprotocol values. Positions past the
end of a line or of a document are clamped, as LSP asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.positions import Encoding, LineIndex, to_column
from archmem.indexer.queries import Fold
from archmem.indexer.symbols import Point, SymbolKind, SymbolNode
from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

ENCODINGS: dict[str, Encoding] = {
    types.PositionEncodingKind.Utf8.value: Encoding.UTF8,
    types.PositionEncodingKind.Utf16.value: Encoding.UTF16,
    types.PositionEncodingKind.Utf32.value: Encoding.UTF32,
}

_DETAIL_LIMIT = 120
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


class Positions:
    """Converts between one text's byte offsets or (line, UTF-8 column) points and LSP positions."""

    __slots__ = ("_lines", "encoding", "text", "verbatim")

    def __init__(self, text: bytes, encoding: Encoding, lines: LineIndex | None = None) -> None:
        self.text = text
        self.encoding = encoding
        # UTF-8 clients count bytes like the memory; in ASCII text every encoding counts the same.
        self.verbatim = encoding is Encoding.UTF8 or text.isascii()
        self._lines = lines

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

    def point(self, point: Point) -> types.Position:
        line, column = point
        if self.verbatim:
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


def name_range(symbol: SymbolNode, positions: Positions) -> types.Range:
    """Where the symbol's name is (the module's: the start of the file)."""
    return positions.point_range(symbol.name_start, symbol.name_end)


def full_range(symbol: SymbolNode, positions: Positions) -> types.Range:
    return positions.point_range(symbol.start, symbol.end)


def detail(symbol: SymbolNode) -> str | None:
    """The signature's first line, short enough for an outline."""
    first = symbol.signature.strip().splitlines()[0] if symbol.signature.strip() else ""
    if not first:
        return None
    return first if len(first) <= _DETAIL_LIMIT else first[: _DETAIL_LIMIT - 1] + "…"


def document_symbols(index: FileIndex, positions: Positions) -> list[types.DocumentSymbol]:
    """The file's symbols as a tree, the module's children at the top."""

    def build(symbol: SymbolNode) -> types.DocumentSymbol:
        whole = full_range(symbol, positions)
        name = name_range(symbol, positions)
        if not _contains(whole, name):
            # Clients reject a selection range outside the full range (VS Code throws).
            name = types.Range(start=whole.start, end=whole.start)
        return types.DocumentSymbol(
            name=symbol.name or "(anonymous)",
            kind=types.SymbolKind(symbol.kind.value),
            range=whole,
            selection_range=name,
            detail=detail(symbol),
            children=[build(index.by_id[c]) for c in symbol.children if c in index.by_id],
        )

    module = index.symbols[0]
    return [build(index.by_id[c]) for c in module.children if c in index.by_id]


def flat_symbols(index: FileIndex, positions: Positions, uri: str) -> list[types.SymbolInformation]:
    """The file's symbols as a flat list, for clients without hierarchical document symbols."""
    out: list[types.SymbolInformation] = []
    for symbol in index.symbols[1:]:
        parent = index.by_id.get(symbol.parent) if symbol.parent else None
        out.append(
            types.SymbolInformation(
                name=symbol.name or "(anonymous)",
                kind=types.SymbolKind(symbol.kind.value),
                location=types.Location(uri=uri, range=full_range(symbol, positions)),
                container_name=parent.qualname if parent is not None and parent.qualname else None,
            )
        )
    return out


def workspace_symbol(symbol: SymbolNode, uri: str, positions: Positions) -> types.WorkspaceSymbol:
    container = symbol.qualname.rpartition(".")[0] or None
    return types.WorkspaceSymbol(
        name=symbol.name or "(anonymous)",
        kind=types.SymbolKind(symbol.kind.value),
        location=types.Location(uri=uri, range=name_range(symbol, positions)),
        container_name=container,
    )


def folding_ranges(found: Iterable[Fold], limit: int | None) -> list[types.FoldingRange]:
    out = [
        types.FoldingRange(start_line=f.start_line, end_line=f.end_line, kind=_FOLD_KINDS[f.kind])
        for f in found
    ]
    return out if limit is None else out[:limit]


def selection_range(spans: Sequence[tuple[int, int]], positions: Positions) -> types.SelectionRange:
    """Nested selection ranges from byte spans given innermost first."""
    current: types.SelectionRange | None = None
    for start, end in reversed(spans):
        current = types.SelectionRange(range=positions.range(start, end), parent=current)
    assert current is not None, "selection spans always hold the whole file"
    return current


def _contains(outer: types.Range, inner: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(outer.start) <= key(inner.start) and key(inner.end) <= key(outer.end)


def is_module(symbol: SymbolNode) -> bool:
    return symbol.kind is SymbolKind.MODULE
