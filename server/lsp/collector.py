"""When Python's cyclic garbage collector makes its full passes: while the editor is quiet, not in the middle
of an answer.

A full collection walks every object the collector tracks; with a standard-library-sized memory loaded
(symbols of the files read lately, the name table) that took 100-250 ms here, and by default it fires
whenever enough young objects survived, that is in the middle of whichever request was allocating. The
young generations are cheap (well under a millisecond) and stay automatic. The oldest generation's
automatic trigger is raised tenfold, as a backstop for a server that is never idle, and a full pass runs
instead once no message has arrived for `IDLE_S` and the young generations have been collected enough times
since the last one (the count CPython itself waits for); every quiet tick also frees the open files' versions
that edits replaced and nothing holds any more (`indexer/retired.py`). Each pass is `heap.tidy`: it freezes
what survives, so a pass that still lands in a request walks only what was made since the last quiet moment,
and walks the frozen part too once that has doubled, so frozen garbage does not pile up.
"""

from __future__ import annotations

import asyncio
import gc
import time

from archmem.indexer import retired
from archmem.indexer.heap import tidy

IDLE_S = 1.0
# CPython's own default: a full pass after ten collections of the middle generation.
PENDING = 10
BACKSTOP = 10 * PENDING


class Collector:
    """Runs full garbage collections at idle moments of one event loop."""

    def __init__(self, idle_s: float = IDLE_S) -> None:
        self._idle_s = idle_s
        self._last = time.monotonic()
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._saved: tuple[int, int, int] | None = None
        self.passes = 0

    def touch(self) -> None:
        """A message arrived (event loop thread): the editor is not quiet. Starts the schedule at first."""
        self._last = time.monotonic()
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            young, middle, _old = self._saved = gc.get_threshold()
            gc.set_threshold(young, middle, BACKSTOP)
            self._arm(self._idle_s)

    @property
    def last_message(self) -> float:
        """When the last message arrived (`time.monotonic`): equal at two moments, none arrived between."""
        return self._last

    def stop(self) -> None:
        """Back to CPython's own schedule (the server is stopping)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def _arm(self, delay: float) -> None:
        assert self._loop is not None
        if not self._loop.is_closed():
            self._timer = self._loop.call_later(delay, self._tick)

    def _tick(self) -> None:
        quiet_for = time.monotonic() - self._last
        if quiet_for < self._idle_s:
            self._arm(self._idle_s - quiet_for)
            return
        # The versions edits replaced, freed now rather than inside the next request (`indexer/retired.py`).
        retired.release()
        if gc.get_count()[2] >= PENDING:
            tidy()
            self.passes += 1
        self._arm(self._idle_s)
