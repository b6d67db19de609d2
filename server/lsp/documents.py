"""Document synchronization: the editor's buffers feed the memory's incremental updates.

didOpen parses the buffer at once (the first answers need no index), didChange queues its changes for the
memory (`edits`: coalesced, oversized buffers kept as text only), didClose hands the file back to the disk,
and didChangeWatchedFiles re-reads files changed outside the editor. Syntax diagnostics follow each change,
debounced. When the editor named no workspace folder, the first document opened decides the root
(`Session.root_for_first_document`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from archmem.server.lsp.diagnostics import Diagnostics
from archmem.server.lsp.edits import Change, Edits
from archmem.server.lsp.lifecycle import Lifecycle
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located
from archmem.server.lsp.warmup import Warmup
from lsprotocol import types


def register(
    server: ArchmemServer,
    lifecycle: Lifecycle,
    diagnostics: Diagnostics,
    edited: Sequence[Callable[[Located, Sequence[Change]], None]] = (),
) -> Warmup:
    """The document handlers; returns the idle warm-up of opened files, for other features to add to.
    `edited` hear each didChange of a document the memory follows, and each didOpen and didClose as a change of
    the whole text, with no changes (`inline_ahead.Ahead.edited`)."""
    session = server.session

    def tell(message: str) -> None:
        server.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=f"archmem: {message}")
        )

    edits = Edits(session, tell, diagnostics.schedule)
    warmup = Warmup(session, server.collector)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        root = session.root_for_first_document(doc.uri)
        if root is not None:
            lifecycle.adopt_root(root)
        located = session.locate(doc.uri)
        if located is None:
            return
        for hear in edited:
            hear(located, ())
        if edits.too_large(doc.uri, doc.text):
            return
        opened = await session.call(located.memory.open_document, located.path, doc.text, doc.version)
        if opened is not None:
            diagnostics.schedule(doc.uri, immediately=True)
            warmup.opened(located.memory, located.path)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(params: types.DidChangeTextDocumentParams) -> None:
        doc = params.text_document
        located = session.locate(doc.uri)
        if located is None:
            return
        if doc.uri not in edits.oversized:
            edits.queue(located, params.content_changes, doc.version)
            for hear in edited:
                hear(located, params.content_changes)
            return
        text = edits.change_oversized(doc.uri, params.content_changes, session.encoding)
        if not edits.too_large(doc.uri, text):
            # Back under the limit: the memory follows the buffer again.
            await session.call(located.memory.open_document, located.path, text, doc.version)
            diagnostics.schedule(doc.uri, immediately=True)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(params: types.DidSaveTextDocumentParams) -> None:
        # The buffer is already the truth; a save is a good moment to show diagnostics without waiting.
        diagnostics.schedule(params.text_document.uri, immediately=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        diagnostics.clear(uri)
        edits.close(uri)
        located = session.locate(uri)
        if located is not None:
            for hear in edited:
                hear(located, ())
            await session.call(located.memory.close_document, located.path)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        await lifecycle.did_change_watched_files(params)

    return warmup
