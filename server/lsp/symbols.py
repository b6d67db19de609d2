"""Symbols: the outline of a document (`textDocument/documentSymbol`) and the workspace search
(`workspace/symbol`), straight from the memory."""

from __future__ import annotations

from archmem.indexer.search import search_symbols
from archmem.server.lsp import convert
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located, Session
from lsprotocol import types

WORKSPACE_SYMBOL_LIMIT = 100


def register(server: ArchmemServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(params: types.DocumentSymbolParams) -> convert.Wire:
        located = session.locate(params.text_document.uri)
        if located is None:
            return convert.Wire()
        caps = server.client_capabilities.text_document
        hierarchical = bool(
            caps and caps.document_symbol and caps.document_symbol.hierarchical_document_symbol_support
        )
        return await session.call(document_symbols, session, located, hierarchical)

    @server.feature(types.WORKSPACE_SYMBOL)
    async def workspace_symbol(params: types.WorkspaceSymbolParams) -> convert.Wire:
        return await session.call(workspace_symbols, session, params.query)


def document_symbols(session: Session, located: Located, hierarchical: bool) -> convert.Wire:
    index = located.memory.file(located.path)
    positions = session.positions(located.memory, located.path)
    if index is None or positions is None:
        return convert.Wire()
    if hierarchical:
        return convert.document_symbols(index, positions)
    return convert.flat_symbols(index, positions, located.uri)


def workspace_symbols(session: Session, query: str) -> convert.Wire:
    out = convert.Wire()
    for memory in list(session.memories.values()):
        for symbol in search_symbols(memory, query, WORKSPACE_SYMBOL_LIMIT - len(out)):
            positions = session.result_positions(memory, symbol.path)
            if positions is not None:
                out.append(convert.workspace_symbol(symbol, session.uri(memory, symbol.path), positions))
        if len(out) >= WORKSPACE_SYMBOL_LIMIT:
            break
    return out
