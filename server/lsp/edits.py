"""The editor's edits on their way to the memory: coalesced into one re-extraction, oversized buffers kept apart.

An edit storm (a macro, a paste repeated, a formatter sending a change per line) used to cost one incremental
reparse and re-extraction per change (16 ms each on a 10k-line file). Changes are queued on the event loop
and handed to the memory thread as one batch when the loop has read what is waiting, or before any other job
(so a request always sees exactly the edits sent before it); a batch of several changes is applied to the text
one by one, exactly, and then parsed and extracted once.

A buffer over the memory's size limit (`index.maxFileSize`, the indexer's limit) is kept as text only: edits
still apply, the memory does not follow it (features answer from the file as indexed, which skips it too),
and the user is told once per file. Below the limit again, the buffer joins the memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from archmem.indexer.positions import Encoding, LineIndex
from archmem.indexer.workspace import Memory
from archmem.server.lsp.convert import Positions
from archmem.server.lsp.session import Located, Session
from lsprotocol import types

Change = types.TextDocumentContentChangePartial | types.TextDocumentContentChangeWholeDocument


@dataclass
class _Batch:
    """The changes sent to one document since the last hand-over, oldest first."""

    located: Located
    changes: list[Change] = field(default_factory=list)
    version: int = 0


class Edits:
    """Queued changes per document and the buffers too large for the memory (event loop only)."""

    def __init__(self, session: Session, tell: Callable[[str], None], applied: Callable[[str], None]) -> None:
        self._session = session
        self._tell = tell
        self._applied = applied
        self._queued: dict[str, _Batch] = {}
        self._sealing = False
        # Buffers over the size limit: their text, and the files the user was already told about.
        self.oversized: dict[str, bytes] = {}
        self._told: set[str] = set()
        session.before_call = self.hand_over

    def too_large(self, uri: str, text: bytes) -> bool:
        """Whether `text` is over the limit; then it is kept here (and the user told once per file)."""
        limit = self._session.settings.max_file_size
        if len(text) <= limit:
            self.oversized.pop(uri, None)
            return False
        self.oversized[uri] = text
        if uri not in self._told:
            self._told.add(uri)
            self._tell(
                f"{uri.rsplit('/', 1)[-1]} is {len(text):,} bytes, over the {limit:,} byte limit "
                "(index.maxFileSize): archmem keeps its text in sync but its memory and features are off for it"
            )
        return True

    def queue(self, located: Located, changes: Sequence[Change], version: int) -> None:
        """Queue changes to an open document, to be handed to the memory thread with those that follow."""
        batch = self._queued.setdefault(located.uri, _Batch(located))
        batch.changes.extend(changes)
        batch.version = version
        if not self._sealing:
            self._sealing = True
            # After the tasks already ready (the rest of what was read) have queued their changes too.
            asyncio.get_running_loop().call_soon(self.hand_over)

    def hand_over(self) -> None:
        """Give every queued batch to the memory thread (before any job queued after them)."""
        self._sealing = False
        if not self._queued:
            return
        batches, self._queued = list(self._queued.values()), {}
        session = self._session
        for batch in batches:
            future = session.call(apply_batch, session.encoding, session.settings.max_file_size, batch)
            future.add_done_callback(lambda done, uri=batch.located.uri: self._done(uri, done))

    def _done(self, uri: str, future: asyncio.Future[bytes | bool]) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        outcome = future.result()
        if isinstance(outcome, bytes):
            self.too_large(uri, outcome)  # grew over the limit: the memory let it go
        elif outcome:
            self._applied(uri)

    def close(self, uri: str) -> None:
        self._queued.pop(uri, None)
        self.oversized.pop(uri, None)

    def change_oversized(self, uri: str, changes: Sequence[Change], encoding: Encoding) -> bytes:
        """Apply changes to a buffer kept as text only; its new text."""
        text = apply_to_text(self.oversized[uri], changes, encoding)
        self.oversized[uri] = text
        return text


def apply_batch(encoding: Encoding, limit: int, batch: _Batch) -> bytes | bool:
    """Apply a batch to an open document (memory thread): True when applied, False when the document is not
    open, its text when it grew over the size limit (the memory stops following it)."""
    memory: Memory = batch.located.memory
    path = batch.located.path
    doc = memory.document(path)
    if doc is None:
        return False
    changes = batch.changes
    if len(changes) == 1 and isinstance(changes[0], types.TextDocumentContentChangePartial):
        # One change: the incremental reparse is cheapest.
        change = changes[0]
        positions = Positions(doc.text, encoding, doc.lines)
        start, end = positions.offset(change.range.start), positions.offset(change.range.end)
        doc.replace(min(start, end), max(start, end), change.text)
    else:
        doc.set_text(apply_to_text(doc.text, changes, encoding))
    doc.version = batch.version
    if len(doc.text) > limit:
        text = doc.text
        memory.close_document(path)
        return text
    memory.update_document(doc)
    return True


def apply_to_text(text: bytes, changes: Sequence[Change], encoding: Encoding) -> bytes:
    """`text` after each change in turn, exactly as the editor applied them."""
    lines: LineIndex | None = None
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            positions = Positions(text, encoding, lines)
            start, end = positions.offset(change.range.start), positions.offset(change.range.end)
            start, end = min(start, end), max(start, end)
            new = change.text.encode("utf-8")
            changed = text[:start] + new + text[end:]
            lines = positions.lines.replaced(start, end, new, changed)
            text = changed
        else:
            text = change.text.encode("utf-8")
            lines = None
    return text
