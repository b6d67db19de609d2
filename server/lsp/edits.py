"""The editor's edits on their way to the memory: coalesced into one re-extraction, oversized buffers kept apart.

An edit storm (a macro, a paste repeated, a formatter sending a change per line) used to cost one incremental
reparse and re-extraction per change (16 ms each on a 10k-line file). Changes are queued on the event loop
and handed to the memory thread as one batch after a short quiet time, or before any other job (so a request
always sees exactly the edits sent before it); a batch of several changes is applied to the text one by one,
exactly, and then parsed and extracted once, as one edit spanning what they touched.

A buffer over the memory's size limit (`index.maxFileSize`, the indexer's limit) is kept as text only: edits
still apply, the memory does not follow it (features answer from the file as indexed, which skips it too),
and the user is told once per file. Below the limit again, the buffer joins the memory.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from archmem.indexer.positions import Encoding
from archmem.indexer.textdiff import changed_span
from archmem.indexer.workspace import Memory
from archmem.server.lsp.convert import LspPositions
from archmem.server.lsp.session import Located, Session
from lsprotocol import types

# Changes are handed to the memory thread once none came for QUIET_S (or QUIET_MAX_S after the first), and
# at once before any other job: nothing observes the memory in between, so waiting costs no answer any time.
QUIET_S = 0.05
QUIET_MAX_S = 0.5

Change = types.TextDocumentContentChangePartial | types.TextDocumentContentChangeWholeDocument


def cursor_after(changes: Sequence[Change]) -> tuple[types.Position, int] | None:
    """Where the cursor is after a didChange: the last change's start and the UTF-8 bytes of its text past it;
    None for a whole-document change, which says nothing of where."""
    last = changes[-1] if changes else None
    if not isinstance(last, types.TextDocumentContentChangePartial):
        return None
    return last.range.start, len(last.text.encode("utf-8", "replace"))


@dataclass
class _Batch:
    """The changes sent to one document, oldest first; more join it until the memory thread starts on it."""

    located: Located
    changes: list[Change] = field(default_factory=list)
    version: int = 0
    started: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def join(self, later: _Batch) -> bool:
        """Take `later`'s changes too (False when the memory thread has already started on this one)."""
        with self.lock:
            if self.started:
                return False
            self.changes.extend(later.changes)
            self.version = later.version
            return True

    def take(self) -> tuple[list[Change], int]:
        """The changes to apply now (memory thread); none join after this."""
        with self.lock:
            self.started = True
            return self.changes, self.version


class Edits:
    """Queued changes per document and the buffers too large for the memory (event loop only)."""

    def __init__(self, session: Session, tell: Callable[[str], None], applied: Callable[[str], None]) -> None:
        self._session = session
        self._tell = tell
        self._applied = applied
        self._queued: dict[str, _Batch] = {}
        # Batches handed over but not started, which later changes may still join (until a job is queued
        # after them: then later changes must wait for it).
        self._joinable: dict[str, _Batch] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._first_queued = 0.0
        self._handing = False
        # Buffers over the size limit: their text (an ASCII one as the editor sent it, encoded when first
        # edited), and the files the user was already told about.
        self.oversized: dict[str, str | bytes] = {}
        self._told: set[str] = set()
        session.before_call = self._before_job

    def too_large(self, uri: str, text: str | bytes) -> bool:
        """Whether `text` is over the limit; then it is kept here (and the user told once per file)."""
        if isinstance(text, str) and not text.isascii():
            text = text.encode("utf-8")
        # An ASCII text's length is its size in UTF-8: a 50 MB one is not copied (30 ms) just to be measured.
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
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._timer is None:
            self._first_queued = now
        else:
            self._timer.cancel()
        wait = min(QUIET_S, self._first_queued + QUIET_MAX_S - now)
        self._timer = loop.call_later(max(wait, 0.0), self.hand_over)

    def hand_over(self) -> None:
        """Give every queued batch to the memory thread, joined to one not yet started where there is one."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._queued:
            return
        batches, self._queued = list(self._queued.values()), {}
        session = self._session
        self._handing = True
        try:
            for batch in batches:
                uri = batch.located.uri
                waiting = self._joinable.get(uri)
                if waiting is not None and waiting.join(batch):
                    continue
                self._joinable[uri] = batch
                future = session.call(apply_batch, session.encoding, session.settings.max_file_size, batch)
                future.add_done_callback(functools.partial(self._done, uri))
        finally:
            self._handing = False

    def _before_job(self) -> None:
        """Before any other job: hand over what is queued, and let nothing join it any more."""
        if self._handing:
            return  # our own batch being queued
        self.hand_over()
        self._joinable.clear()

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
        self._joinable.pop(uri, None)
        self.oversized.pop(uri, None)

    def change_oversized(self, uri: str, changes: Sequence[Change], encoding: Encoding) -> bytes:
        """Apply changes to a buffer kept as text only; its new text."""
        kept = self.oversized[uri]
        text = apply_to_text(kept.encode("utf-8") if isinstance(kept, str) else kept, changes, encoding)
        self.oversized[uri] = text
        return text


def apply_batch(encoding: Encoding, limit: int, batch: _Batch) -> bytes | bool:
    """Apply a batch to an open document (memory thread): True when applied, False when the document is not
    open, its text when it grew over the size limit (the memory stops following it)."""
    memory: Memory = batch.located.memory
    path = batch.located.path
    changes, version = batch.take()
    doc = memory.document(path)
    if doc is None:
        return False
    if len(changes) == 1 and isinstance(changes[0], types.TextDocumentContentChangePartial):
        # One change: the incremental reparse is cheapest.
        change = changes[0]
        positions = LspPositions(doc.text, encoding, doc.lines)
        start, end = sorted((positions.offset(change.range.start), positions.offset(change.range.end)))
        inserted = change.text.encode("utf-8")
        if len(doc.text) - (end - start) + len(inserted) > limit:
            return _let_go(memory, path, doc.text[:start] + inserted + doc.text[end:])
        doc.replace(start, end, inserted)
    else:
        # One edit spanning what the changes touched: the reparse and re-extraction stay incremental.
        text = apply_to_text(doc.text, changes, encoding)
        if len(text) > limit:
            return _let_go(memory, path, text)
        start, old_end, new_end = changed_span(doc.text, text)
        doc.replace(start, old_end, text[start:new_end])
    doc.version = version
    memory.update_document(doc)
    return True


def _let_go(memory: Memory, path: str, text: bytes) -> bytes:
    """The memory stops following a buffer grown over the size limit, before parsing it (50 MB took the
    memory thread tens of seconds); its text is kept as text only (`Edits.oversized`)."""
    memory.close_document(path)
    return text


def apply_to_text(text: bytes, changes: Sequence[Change], encoding: Encoding) -> bytes:
    """`text` after each change in turn, exactly as the editor applied them.

    Kept as a list of lines while the changes apply: each change costs the lines it touches, not the text's
    length (the text and its line index rebuilt per change cost 2 ms each on a 10k-line file).
    """
    lines = _split(text)
    for change in changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            start = _point(lines, change.range.start, encoding)
            end = _point(lines, change.range.end, encoding)
            start, end = min(start, end), max(start, end)
            joined = lines[start[0]][: start[1]] + change.text.encode("utf-8") + lines[end[0]][end[1] :]
            pieces = _split(joined)
            if end[0] < len(lines) - 1:
                pieces.pop()  # the empty rest after the final line break: the next line follows
            lines[start[0] : end[0] + 1] = pieces
        else:
            lines = _split(change.text.encode("utf-8"))
    return b"".join(lines)


def _split(text: bytes) -> list[bytes]:
    """Lines with their line breaks; the last one (maybe empty) without."""
    parts = text.split(b"\n")
    return [part + b"\n" for part in parts[:-1]] + [parts[-1]]


def _point(lines: list[bytes], position: types.Position, encoding: Encoding) -> tuple[int, int]:
    """(line, byte column) of an LSP position, clamped into the text as `LspPositions.offset` clamps."""
    if position.line >= len(lines):
        return len(lines) - 1, len(lines[-1])
    line = max(position.line, 0)
    return line, LspPositions(lines[line], encoding).offset(
        types.Position(line=0, character=position.character)
    )
