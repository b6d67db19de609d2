"""Inline completion's context prepared where the cursor arrived, at the quiet moment before the first keystroke.

Editors tell the server where the cursor is before the request there: VS Code asks for the code actions at the
cursor (its light bulb) when it moves, and every edit's end is where the cursor is after it (the request comes
after the client's own pause, 50 to 400 ms in VS Code, adapted to the typing). Once the editor has been quiet
for `AHEAD_S` after either, and inline completion is in use, the memory thread packs the context of that
function (`actions/inline_ahead.prepare`) into the cache the first request there reads
(`InlineCompletions.contexts`): that request then costs what a keystroke's does; where the function's context
is kept already, the preparation only finds it so. A request arriving while the packing runs waits for it on the
memory thread, as it waits for any job, and finds the context packed; it never waits for more than the packing
it would have done itself. A message arriving before the quiet moment postpones it; a newer cursor replaces
the older one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

from archmem.server.actions.inline_ahead import prepare
from archmem.server.lsp.collector import Collector
from archmem.server.lsp.edits import Change, cursor_after
from archmem.server.lsp.inline import InlineCompletions
from archmem.server.lsp.session import Located
from lsprotocol import types

log = logging.getLogger(__name__)

# The quiet after the cursor's arrival before the context is packed: the edits' own wait (`edits.QUIET_S`), so
# that a client pausing 0.1 s before its request (VS Code's pause is 50-400 ms, by the typing) mostly finds the
# packing done or under way (`bench/completion_lsp.py --pause 0.1`: 0.1 s left it not started), while the
# messages an editor sends together as the cursor moves or keys repeat still come before it.
AHEAD_S = 0.05


class Ahead:
    """Where the cursor last arrived (event loop thread), and its context packed once the editor is quiet."""

    def __init__(self, completions: InlineCompletions, collector: Collector, wait_s: float = AHEAD_S) -> None:
        self._completions, self._collector, self._wait_s = completions, collector, wait_s
        # Where the cursor is: a position and the UTF-8 bytes after it (an edit's inserted text).
        self._cursor: tuple[Located, types.Position, int] | None = None
        self._timer: asyncio.TimerHandle | None = None

    def arrived(self, located: Located, position: types.Position, after: int = 0) -> None:
        """The editor asked something at `position` of `located` (a code action at the cursor); `after`: the
        cursor is that many UTF-8 bytes further (past an edit's text)."""
        if not self._completions.used or self._completions.endpoint() is None:
            # A client that never asked for inline completion pays nothing for it.
            log.debug(
                "cursor at %s:%d: no completion asked for yet, nothing to prepare",
                located.path,
                position.line + 1,
            )
            return
        log.debug("cursor at %s:%d heard", located.path, position.line + 1)
        self._cursor = (located, position, after)
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._wait_s, self._tick)

    def _tick(self) -> None:
        self._timer = None
        quiet_for = time.monotonic() - self._collector.last_message
        if quiet_for < self._wait_s:
            self._timer = asyncio.get_running_loop().call_later(self._wait_s - quiet_for + 0.01, self._tick)
            return
        if self._cursor is None:
            return
        located, position, after = self._cursor
        self._cursor = None
        try:
            job = self._completions.session.call(self._prepare, located, position, after)
        except RuntimeError:
            return  # the session is shutting down: its memory thread takes no more jobs
        job.add_done_callback(lambda done: self._done(done, located, position))

    def edited(self, located: Located, changes: Sequence[Change]) -> None:
        """The editor changed `located` (didChange, event loop thread): the cursor is at the last change's end. A
        change of the whole text (no changes: the document opened or closed) says nothing of where it is: a cursor
        heard in that document before is forgotten, never placed in a text it was not in."""
        cursor = cursor_after(changes)
        if cursor is not None:
            self.arrived(located, *cursor)
        elif self._cursor is not None and self._cursor[0].uri == located.uri:
            self._cursor = None

    def _prepare(self, located: Located, position: types.Position, after: int) -> bool:
        """Memory thread: the context at `position` packed into the completions' cache unless kept there."""
        completions = self._completions
        memory, path = located.memory, located.path
        packer = completions.packer(memory)
        positions = completions.session.positions(memory, path)
        doc = memory.document(path)
        if packer is None or positions is None or doc is None or position.line >= doc.lines.line_count:
            return False
        if completions.disabled_for(located):
            return False
        budget = completions.session.settings.completion_context_budget
        at = positions.offset(position) + after
        return prepare(memory, packer, path, at, budget, completions.contexts)

    def _done(self, job: asyncio.Future[bool], located: Located, position: types.Position) -> None:
        """Says what became of a cursor heard (the tests wait for it: what was not prepared is a decision too)."""
        if job.cancelled():
            return
        where = f"{located.path}:{position.line + 1}"
        if job.exception() is not None:
            log.warning("preparing the completion context at %s failed: %r", where, job.exception())
        elif job.result():
            log.debug("prepared the completion context at %s ahead of its first request", where)
        else:
            log.debug(
                "nothing to prepare for the completion context at %s: kept already, or none asked there",
                where,
            )
