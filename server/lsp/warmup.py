"""The idle warm-up of opened files: once the editor is quiet after a didOpen, the memories of the other files
the opened file's names lead to are loaded on the memory thread (`indexer/warm.py`) and its functions' names
resolved into the siblings' answers every packing of the memory reads, so that the first context asked there
does not pay for either; then what other features warm in an opened file (`also`: completion counts its lines,
`InlineCompletions.warm`). A message arriving stops it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from archmem.indexer.warm import warm
from archmem.indexer.workspace import Memory
from archmem.server.lsp.collector import IDLE_S, Collector
from archmem.server.lsp.session import Session

log = logging.getLogger(__name__)

# A feature's own part of the idle pass in an opened file: (memory, path, quiet) -> how much it did.
Warmer = Callable[[Memory, str, Callable[[], bool]], int]


class Warmup:
    """Warms the files opened in one event loop's session, each once per opening, at quiet moments."""

    def __init__(self, session: Session, collector: Collector, idle_s: float = IDLE_S) -> None:
        self._session, self._collector, self._idle_s = session, collector, idle_s
        self._pending: dict[str, Memory] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._running: set[asyncio.Future[int]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.also: list[Warmer] = []  # run after `warm`, on the memory thread, while the editor stays quiet

    def opened(self, memory: Memory, path: str) -> None:
        """The editor opened `path` of `memory` (event loop thread): warm it at the next quiet moment."""
        self._pending[path] = memory
        self._loop = asyncio.get_running_loop()
        self._arm(self._idle_s)

    def _arm(self, delay: float) -> None:
        if self._timer is None and self._loop is not None and not self._loop.is_closed():
            self._timer = self._loop.call_later(delay, self._tick)

    def _tick(self) -> None:
        self._timer = None
        quiet_for = time.monotonic() - self._collector.last_message
        if quiet_for < self._idle_s or self._running:
            self._arm(self._idle_s - min(quiet_for, self._idle_s) + 0.05)
            return
        path, memory = self._pending.popitem()
        mark = self._collector.last_message
        job = self._session.call(self._warm, memory, path, lambda: self._collector.last_message == mark)
        self._running.add(job)
        job.add_done_callback(lambda done: self._done(done, memory, path, mark))

    def _warm(self, memory: Memory, path: str, quiet: Callable[[], bool]) -> int:
        done = warm(memory, path, quiet)
        for other in self.also:
            if not quiet():
                break
            done += other(memory, path, quiet)
        return done

    def _done(self, job: asyncio.Future[int], memory: Memory, path: str, mark: float) -> None:
        self._running.discard(job)
        if job.cancelled():
            return  # the session is closing
        if job.exception() is not None:
            log.warning("warming %s ahead of the first request failed: %r", path, job.exception())
            return
        if self._collector.last_message != mark:
            self._pending.setdefault(path, memory)  # stopped by a message: the rest at the next quiet moment
        else:
            log.debug(
                "warmed %s: %d names resolved and lines counted ahead of the first request",
                path,
                job.result(),
            )
        if self._pending:
            self._arm(self._idle_s)
