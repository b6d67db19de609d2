"""The idle warm-up of opened files and of the cursor's region: once the editor is quiet after a didOpen, the
memories of the other files the opened file's names lead to are loaded on the memory thread (`indexer/warm.py`)
and its functions' names resolved into the siblings' answers every packing of the memory reads, so that the first
context asked there does not pay for either; then what other features warm in an opened file (`also`: completion
counts its lines, `InlineCompletions.warm`). Where the cursor arrives later (a code action asked at it, an edit's
end), once the editor is quiet for `REGION_S` (after an edit, `IDLE_S`), one generate packing there is thrown away (`warm.warm_region`):
the first packing in a function resolves what no packing of the file did before (its names and its neighbours'
in their own scopes, the answers moved to the edited text), which the action asked there next finds done. A
message arriving stops the opened file's warm-up, the rest waiting for the next quiet moment; the region's
packing gives way too, at its next name resolution (a request waits on the memory thread for one name, not
a packing), and runs again at the next quiet moment, finding done what it resolved before. Both pack with
the memory's packer the actions pack with (`Session.packer`), so the file's view and its lines' counts they
build are the next request's."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from archmem.indexer.context.pack import Interrupted
from archmem.indexer.warm import warm, warm_region
from archmem.indexer.workspace import Memory
from archmem.server.lsp.collector import IDLE_S, Collector
from archmem.server.lsp.edits import Change, cursor_after
from archmem.server.lsp.session import Located, Session
from lsprotocol import types

log = logging.getLogger(__name__)

# A feature's own part of the idle pass in an opened file: (memory, path, quiet) -> how much it did.
Warmer = Callable[[Memory, str, Callable[[], bool]], int]

# The quiet after the cursor's arrival before its region is warmed: an action is asked there after the editor's
# own round trip and the user's choice from a menu (a code action listed, then resolved), well after this, while
# the messages an editor sends together as the cursor moves or keys repeat still come before it.
REGION_S = 0.2
# What a region pass answers when its packing gave way (`Interrupted`): its cursor is warmed again later.
GAVE_WAY = -1


class Warmup:
    """Warms the files opened in one event loop's session, each once per opening, and the region where the
    cursor last arrived, at quiet moments."""

    def __init__(
        self, session: Session, collector: Collector, idle_s: float = IDLE_S, region_s: float = REGION_S
    ) -> None:
        self._session, self._collector = session, collector
        self._idle_s, self._region_s = idle_s, region_s
        self._pending: dict[str, Memory] = {}
        # Where the cursor last arrived, not yet warmed: a position, the UTF-8 bytes after it (an edit's text), and
        # whether an edit put it there.
        self._cursor: tuple[Located, types.Position, int, bool] | None = None
        # The region warmed last (path, symbol, editor's version): the cursor moving inside it warms nothing more;
        # an edit there warms it again, on the edited text, after the longer quiet `idle_s` (a packing per pause
        # while typing would hold the memory thread against the keystrokes' own requests).
        self._warmed: tuple[str, str, int] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._running: set[asyncio.Future[int]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.also: list[Warmer] = []  # run after `warm`, on the memory thread, while the editor stays quiet
        # Whether a request runs that no message marks (an action waiting for the model, checking its answer): no
        # pass starts then, since it would share the CPU with it (a C generate request is ~1 s of CPU).
        self.busy: Callable[[], bool] = lambda: False

    def opened(self, memory: Memory, path: str) -> None:
        """The editor opened `path` of `memory` (event loop thread): warm it at the next quiet moment."""
        self._pending[path] = memory
        self._loop = asyncio.get_running_loop()
        self._arm(self._idle_s)

    def arrived(self, located: Located, position: types.Position, after: int = 0, edit: bool = False) -> None:
        """The editor's cursor is at `position` of `located` (a code action asked there), or `after` UTF-8 bytes
        past it (an edit's text, `edit`; event loop thread): warm its region at the next quiet moment."""
        # An editor asking for the code actions at the cursor after each edit (VS Code's light bulb) leaves it
        # an edit's arrival, not yet warmed on the edited text.
        pending = self._cursor
        edit = edit or (pending is not None and pending[3] and pending[0].path == located.path)
        self._cursor = (located, position, after, edit)
        self._loop = asyncio.get_running_loop()
        self._arm(self._cursor_wait())

    def _cursor_wait(self) -> float:
        return self._idle_s if self._cursor is not None and self._cursor[3] else self._region_s

    def edited(self, located: Located, changes: Sequence[Change]) -> None:
        """The editor changed `located` (didChange): the cursor is at the last change's end. Nothing for a whole
        document change, which says nothing of where."""
        cursor = cursor_after(changes)
        if cursor is not None:
            self.arrived(located, *cursor, edit=True)

    def _arm(self, delay: float) -> None:
        if self._timer is None and self._loop is not None and not self._loop.is_closed():
            self._timer = self._loop.call_later(delay, self._tick)

    def _tick(self) -> None:
        self._timer = None
        quiet_for = time.monotonic() - self._collector.last_message
        if self._running or self.busy():
            self._arm(0.05)
            return
        mark = self._collector.last_message

        def quiet() -> bool:
            return self._collector.last_message == mark

        if self._cursor is not None and quiet_for >= self._cursor_wait():
            cursor = self._cursor
            self._cursor = None
            job = self._session.call(self._warm_region, *cursor, quiet)
            job.add_done_callback(lambda done: self._gave_way(done, cursor))
            self._start(job, cursor[0].path)
            return
        if self._pending and quiet_for >= self._idle_s:
            path, memory = self._pending.popitem()
            job = self._start(self._session.call(self._warm, memory, path, quiet), path)
            job.add_done_callback(lambda done: self._done(done, memory, path, mark))
            return
        waits = [self._cursor_wait()] if self._cursor is not None else []
        waits += [self._idle_s] if self._pending else []
        if waits:
            self._arm(min(waits) - min(quiet_for, min(waits)) + 0.01)

    def _gave_way(self, job: asyncio.Future[int], cursor: tuple[Located, types.Position, int, bool]) -> None:
        """The region pass gave way to a message (`GAVE_WAY`): the cursor is warmed again at the next quiet
        moment, unless it has moved on meanwhile."""
        if (
            not job.cancelled()
            and job.exception() is None
            and job.result() == GAVE_WAY
            and self._cursor is None
        ):
            self._cursor = cursor

    def _start(self, job: asyncio.Future[int], path: str) -> asyncio.Future[int]:
        self._running.add(job)
        job.add_done_callback(lambda done: self._finished(done, path))
        return job

    def _finished(self, job: asyncio.Future[int], path: str) -> None:
        self._running.discard(job)
        if not job.cancelled() and job.exception() is not None:
            log.warning("warming %s ahead of the first request failed: %r", path, job.exception())
        if self._pending or self._cursor is not None:
            self._arm(self._cursor_wait() if self._cursor is not None else self._idle_s)

    def _warm(self, memory: Memory, path: str, quiet: Callable[[], bool]) -> int:
        done = warm(memory, path, quiet, self._session.packer(memory))
        for other in self.also:
            if not quiet():
                break
            done += other(memory, path, quiet)
        return done

    def _warm_region(
        self, located: Located, position: types.Position, after: int, edit: bool, quiet: Callable[[], bool]
    ) -> int:
        """Memory thread: the region at `position` warmed unless it was the last warmed; 1 when it packed,
        `GAVE_WAY` when its packing gave way to a message or a request's packing."""
        memory, path = located.memory, located.path
        doc, index = memory.document(path), memory.file(path)
        positions = self._session.positions(memory, path)
        if doc is None or index is None or positions is None or position.line >= doc.lines.line_count:
            return 0
        at = positions.offset(position) + after
        where = (path, index.symbol_at(min(at, len(doc.text))).id, doc.version)
        if self._warmed is not None and where[: 3 if edit else 2] == self._warmed[: 3 if edit else 2]:
            log.debug("the region of %s at line %d is the one warmed last", path, position.line + 1)
            return 0
        packer = self._session.packer(memory)
        log.debug("warming the region of %s at line %d", path, position.line + 1)
        try:
            if not warm_region(memory, packer, path, at, self._session.settings.context_budget, quiet):
                return 0
        except Interrupted:
            log.debug("the region pass of %s at line %d gave way to a request", path, position.line + 1)
            return GAVE_WAY
        self._warmed = where
        log.debug("warmed the region of %s at line %d ahead of a request there", path, position.line + 1)
        return 1

    def _done(self, job: asyncio.Future[int], memory: Memory, path: str, mark: float) -> None:
        if job.cancelled() or job.exception() is not None:
            return  # the session is closing, or `_finished` told the failure
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
