"""Publishing archmem's own diagnostics for open documents, debounced while the user types: syntax errors
in every language, and for Python pyflakes' findings (undefined names, unused imports, ...).

Each change re-arms a per-document timer; when it fires, the check runs on the memory thread against the
document's current tree and the result is published with the version it was computed for. A result that a
newer change has overtaken is dropped: the newer change has its own timer.
"""

from __future__ import annotations

import asyncio
import logging

from archmem.indexer.document import Document
from archmem.indexer.positions import Encoding
from archmem.server.checks import Diagnostic, syntax_diagnostics
from archmem.server.lsp.convert import LspPositions, diagnostic_to_lsp
from archmem.server.lsp.server import ArchmemServer
from lsprotocol import types

log = logging.getLogger(__name__)

DEBOUNCE_S = 0.3


class Diagnostics:
    """Debounced syntax diagnostics for every open document."""

    def __init__(self, server: ArchmemServer, delay: float = DEBOUNCE_S) -> None:
        self._server = server
        self._delay = delay
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        # What the editor shows from archmem now, as the checks found them (with the facts a fixer reads):
        # code actions offer to fix these without checking again.
        self.published: dict[str, tuple[int, tuple[Diagnostic, ...]]] = {}

    def schedule(self, uri: str, *, immediately: bool = False) -> None:
        """Check `uri` after the typing pause (or at once); an earlier pending check is replaced."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(0 if immediately else self._delay, self._start, uri)

    def clear(self, uri: str) -> None:
        """The document closed: forget pending checks and clear what the editor shows."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        self.published.pop(uri, None)
        self._server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def _start(self, uri: str) -> None:
        self._timers.pop(uri, None)
        previous = self._tasks.pop(uri, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.get_running_loop().create_task(self._publish(uri))
        self._tasks[uri] = task
        task.add_done_callback(lambda t: self._tasks.pop(uri, None) if self._tasks.get(uri) is t else None)

    async def _publish(self, uri: str) -> None:
        session = self._server.session
        located = session.locate(uri)
        if located is None:
            return
        doc = located.memory.document(located.path)
        if doc is None:
            return
        try:
            version, found, raw = await session.call(check, doc, session.encoding)
            if doc.spec.pyflakes and not raw:
                # pyflakes reads the text it was given, in the worker process (half a second of pure Python
                # on a large file, which on a thread would slow every request meanwhile); a file with syntax
                # errors gets those alone (pyflakes would report the first one again).
                text, lines = doc.text, doc.lines
                result = await session.pyflakes(text, located.path)
                positions = LspPositions(text, session.encoding, lines)
                found = [*found, *(diagnostic_to_lsp(d, positions) for d in result.diagnostics)]
                raw = (*raw, *result.diagnostics)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("checking %s failed", located.path)
            return
        if uri in self._timers:
            return  # a newer change is waiting for its own check
        self.published[uri] = (version, raw)
        self._server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version)
        )


def check(doc: Document, encoding: Encoding) -> tuple[int, list[types.Diagnostic], tuple[Diagnostic, ...]]:
    """The syntax diagnostics of a document as LSP values, and as found (memory thread)."""
    positions = LspPositions(doc.text, encoding, doc.lines)
    found = tuple(syntax_diagnostics(doc.tree, doc.text, language=doc.spec.name))
    return doc.version, [diagnostic_to_lsp(d, positions) for d in found], found
