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

Editors that say nothing of the cursor before the request (Neovim and Helix ask for no code action as it moves,
and send the edit with the request) have the file's functions prepared instead: once the editor has been quiet
for `FUNCTIONS_S` after a file is opened or edited, the memory thread packs the contexts of the
`FUNCTIONS_AHEAD` functions nearest the last edit (`actions/inline_ahead.prepare_functions`), one after another
while no message arrives: a message stops the pass after the function being packed (a request waits for that
one only), and the pass goes on at the next quiet moment, finding what it packed kept.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from archmem.server.actions.inline_ahead import FUNCTIONS_AHEAD, prepare, prepare_functions
from archmem.server.lsp.collector import IDLE_S, Collector
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
# The quiet after a file is opened or edited before its functions are prepared: the idle passes' (`IDLE_S`), and a
# little more, so that the opened file's warm-up and the edited region's (`warmup.py`), which make these packings
# cheaper, are on the memory thread before it.
FUNCTIONS_S = IDLE_S + 0.1


class Ahead:
    """Where the cursor last arrived (event loop thread), and its context packed once the editor is quiet."""

    def __init__(
        self,
        completions: InlineCompletions,
        collector: Collector,
        wait_s: float = AHEAD_S,
        functions_s: float = FUNCTIONS_S,
    ) -> None:
        self._completions, self._collector, self._wait_s = completions, collector, wait_s
        # Where the cursor is: a position and the UTF-8 bytes after it (an edit's inserted text).
        self._cursor: tuple[Located, types.Position, int] | None = None
        self._timer: asyncio.TimerHandle | None = None
        # The documents opened or edited since their functions were last prepared, by URI, and the last place
        # known in each (an edit's end): the functions nearest it are prepared first.
        self._functions_s = functions_s
        self._files: dict[str, Located] = {}
        self._near: dict[str, tuple[types.Position, int]] = {}
        self._files_timer: asyncio.TimerHandle | None = None
        self._files_job: asyncio.Future[tuple[int, bool]] | None = None

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
            self._near[located.uri] = cursor
        elif self._cursor is not None and self._cursor[0].uri == located.uri:
            self._cursor = None
        self._files[located.uri] = located
        self._arm_files(self._functions_s)

    def _arm_files(self, delay: float) -> None:
        if self._files_timer is None:
            self._files_timer = asyncio.get_running_loop().call_later(delay, self._tick_files)

    def _tick_files(self) -> None:
        self._files_timer = None
        if self._files_job is not None or not self._files:
            return  # the running pass arms the next when it ends
        quiet_for = time.monotonic() - self._collector.last_message
        if quiet_for < self._functions_s:
            self._arm_files(self._functions_s - quiet_for + 0.01)
            return
        if not self._completions.used or self._completions.endpoint() is None:
            self._files.clear()  # a client that never asked for inline completion pays nothing for it
            return
        uri, located = self._files.popitem()
        mark = self._collector.last_message

        def quiet() -> bool:
            return self._collector.last_message == mark

        near = self._near.get(uri)
        try:
            job = self._completions.session.call(self._prepare_functions, located, near, quiet)
        except RuntimeError:
            return  # the session is shutting down
        line = 1 if near is None else near[0].line + 1
        log.debug(
            "preparing the completion contexts of the functions of %s nearest line %d", located.path, line
        )
        self._files_job = job
        job.add_done_callback(lambda done: self._functions_done(done, located, line))

    def _prepare_functions(
        self, located: Located, near: tuple[types.Position, int] | None, quiet: Callable[[], bool]
    ) -> tuple[int, bool]:
        """Memory thread: the contexts of the functions nearest `near` (the top when unknown) packed into the
        completions' cache while `quiet`; how many were packed, and whether the pass went through them all."""
        completions = self._completions
        memory, path = located.memory, located.path
        packer = completions.packer(memory)
        positions = completions.session.positions(memory, path)
        doc = memory.document(path)
        if packer is None or positions is None or doc is None or completions.disabled_for(located):
            return 0, True
        at = 0
        if near is not None and near[0].line < doc.lines.line_count:
            at = positions.offset(near[0]) + near[1]
        budget = completions.session.settings.completion_context_budget
        return prepare_functions(
            memory, packer, path, at, budget, completions.contexts, FUNCTIONS_AHEAD, quiet
        )

    def _functions_done(self, job: asyncio.Future[tuple[int, bool]], located: Located, line: int) -> None:
        """Says what the pass did (the tests wait for it); a pass stopped by a message goes on at the next quiet
        moment."""
        self._files_job = None
        if job.cancelled():
            return
        if job.exception() is not None:
            log.warning("preparing the completion contexts of %s failed: %r", located.path, job.exception())
        else:
            packed, through = job.result()
            if not through:
                self._files.setdefault(located.uri, located)
            log.debug(
                "prepared %d completion contexts of the functions of %s nearest line %d%s",
                packed,
                located.path,
                line,
                "" if through else ", stopped by a message",
            )
        if self._files:
            self._arm_files(self._functions_s)

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
