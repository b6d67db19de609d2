"""Symbols: the outline of a document (`textDocument/documentSymbol`) and the workspace search
(`workspace/symbol`), straight from the memory.

Editors ask for the same outline several times per version (outline view, breadcrumbs, sticky scroll), and a
large file's costs about 15 ms to build and serialize, so the last few outlines are kept, by file snapshot,
with their JSON text.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from archmem.indexer.positions import Encoding
from archmem.indexer.search import search_symbols
from archmem.server.lsp import convert
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located, Session
from lsprotocol import types

WORKSPACE_SYMBOL_LIMIT = 100
# The longest workspace/symbol query searched for; a longer one is cut here, so a search costs the same for a
# 1 MB query as for a name (qualified names included: none this long is real).
MAX_QUERY_CHARS = 256
OUTLINES_KEPT = 16


class Outlines:
    """The last outlines answered (memory thread only)."""

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[Path, str, str, str, Encoding, bool], convert.Encoded] = OrderedDict()

    def get(self, session: Session, located: Located, hierarchical: bool) -> convert.Encoded:
        memory = located.memory
        # Read first, as without the cache: a file deleted since it was indexed gets no outline.
        positions = session.positions(memory, located.path)
        snapshot = memory.content_hash(located.path)
        if positions is None or snapshot is None:
            return convert.Encoded("[]")
        # The URI is part of the key: a flat outline names it in every item.
        key = (memory.root, located.path, located.uri, snapshot, session.encoding, hierarchical)
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
            return found
        found = convert.Encoded(convert.encode(document_symbols(located, positions, hierarchical)))
        self._kept[key] = found
        while len(self._kept) > OUTLINES_KEPT:
            self._kept.popitem(last=False)
        return found


def register(server: ArchmemServer) -> None:
    session = server.session
    outlines = Outlines()

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(params: types.DocumentSymbolParams) -> convert.Wire | convert.Encoded:
        located = session.locate(params.text_document.uri)
        if located is None:
            return convert.Wire()
        caps = server.client_capabilities.text_document
        hierarchical = bool(
            caps and caps.document_symbol and caps.document_symbol.hierarchical_document_symbol_support
        )
        return await session.read(outlines.get, session, located, hierarchical)

    @server.feature(types.WORKSPACE_SYMBOL)
    async def workspace_symbol(params: types.WorkspaceSymbolParams) -> convert.Wire:
        return await session.call(workspace_symbols, session, params.query[:MAX_QUERY_CHARS])


def document_symbols(located: Located, positions: convert.LspPositions, hierarchical: bool) -> convert.Wire:
    index = located.memory.file(located.path)
    if index is None:
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
