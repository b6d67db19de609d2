"""Document synchronization: the editor's buffers feed the memory's incremental updates.

didOpen parses the buffer at once (the first answers need no index), didChange applies each ranged change
as an incremental reparse, didClose hands the file back to the disk, and didChangeWatchedFiles re-reads
files changed outside the editor. Syntax diagnostics follow each change, debounced.
"""

from __future__ import annotations

from collections.abc import Sequence

from archmem.indexer.workspace import Memory
from archmem.server.lsp.convert import Positions
from archmem.server.lsp.diagnostics import Diagnostics
from archmem.server.lsp.lifecycle import Lifecycle
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Session
from lsprotocol import types

Change = types.TextDocumentContentChangePartial | types.TextDocumentContentChangeWholeDocument


def register(server: ArchmemServer, lifecycle: Lifecycle, diagnostics: Diagnostics) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        located = session.locate(doc.uri)
        if located is None:
            return
        opened = await session.call(located.memory.open_document, located.path, doc.text, doc.version)
        if opened is not None:
            diagnostics.schedule(doc.uri, immediately=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(params: types.DidChangeTextDocumentParams) -> None:
        doc = params.text_document
        located = session.locate(doc.uri)
        if located is None:
            return
        applied = await session.call(
            apply_changes, session, located.memory, located.path, params.content_changes, doc.version
        )
        if applied:
            diagnostics.schedule(doc.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(params: types.DidSaveTextDocumentParams) -> None:
        # The buffer is already the truth; a save is a good moment to show diagnostics without waiting.
        diagnostics.schedule(params.text_document.uri, immediately=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        diagnostics.clear(uri)
        located = session.locate(uri)
        if located is not None:
            await session.call(located.memory.close_document, located.path)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        await lifecycle.did_change_watched_files(params)


def apply_changes(
    session: Session, memory: Memory, path: str, changes: Sequence[Change], version: int
) -> bool:
    """Apply an editor's changes to an open document (memory thread); False when it is not open."""
    doc = memory.document(path)
    if doc is None:
        return False
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            positions = Positions(doc.text, session.encoding, doc.lines)
            start = positions.offset(change.range.start)
            end = positions.offset(change.range.end)
            doc.replace(min(start, end), max(start, end), change.text)
        else:
            doc.set_text(change.text.encode("utf-8"))
    doc.version = version
    memory.update_document(doc)
    return True
