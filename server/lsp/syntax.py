"""Structure from the syntax tree: `textDocument/foldingRange` and `textDocument/selectionRange`."""

from __future__ import annotations

from collections.abc import Sequence

from archmem.indexer.queries import folds, selection_spans, syntax_tree
from archmem.server.lsp import convert
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located, Session
from lsprotocol import types


def register(server: ArchmemServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def folding_range(params: types.FoldingRangeParams) -> convert.Wire:
        located = session.locate(params.text_document.uri)
        if located is None:
            return convert.Wire()
        caps = server.client_capabilities.text_document
        limit = caps.folding_range.range_limit if caps and caps.folding_range else None
        return await session.call(folding_ranges, located, limit)

    @server.feature(types.TEXT_DOCUMENT_SELECTION_RANGE)
    async def selection_range(params: types.SelectionRangeParams) -> list[types.SelectionRange]:
        located = session.locate(params.text_document.uri)
        if located is None:
            return []
        return await session.call(selection_ranges, session, located, params.positions)


def folding_ranges(located: Located, limit: int | None) -> convert.Wire:
    parsed = syntax_tree(located.memory, located.path)
    if parsed is None:
        return convert.Wire()
    tree, text = parsed
    return convert.folding_ranges(folds(tree, text), limit)


def selection_ranges(
    session: Session, located: Located, positions: Sequence[types.Position]
) -> list[types.SelectionRange]:
    parsed = syntax_tree(located.memory, located.path)
    if parsed is None:
        return []
    tree, text = parsed
    doc = located.memory.document(located.path)
    converter = convert.LspPositions(text, session.encoding, doc.lines if doc is not None else None)
    return [convert.selection_range(selection_spans(tree, converter.offset(p)), converter) for p in positions]
