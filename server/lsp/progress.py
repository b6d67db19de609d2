"""Work-done progress for one AI action, cancellable by the user.

The token is the client's when its request carried one (`workDoneToken`), else one the server creates with
`window/workDoneProgress/create` (when the client supports progress at all). Either way the user's cancel
(`window/workDoneProgress/cancel`) cancels the asyncio task running the action, which closes the model's
HTTP request and kills any checker process; `$/cancelRequest` cancels the same task through pygls.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from concurrent.futures import Future
from typing import Any

from archmem.server.lsp.server import ArchmemServer
from lsprotocol import types

log = logging.getLogger(__name__)

Token = int | str


class ActionProgress:
    """Begin / report / end for one run; a no-op when the client shows no progress."""

    def __init__(self, server: ArchmemServer) -> None:
        self._server = server
        self._token: Token | None = None
        self._last: tuple[str, int | None] | None = None

    async def begin(self, title: str, given: Token | None, task: asyncio.Task[Any] | None) -> None:
        """Start showing progress; `task` is cancelled when the user cancels it."""
        progress = self._server.work_done_progress
        token: Token
        if given is not None:
            token = given
        else:
            window = self._server.client_capabilities.window
            if window is None or not window.work_done_progress:
                return
            token = f"archmem-action-{uuid.uuid4()}"
            try:
                await progress.create_async(token)
            except Exception as err:
                log.info("the client refused a progress token (%s): running without progress", err)
                return
        self._token = token
        progress.begin(token, types.WorkDoneProgressBegin(title=title, cancellable=True, percentage=0))
        registered: Future[Any] | None = progress.tokens.get(token)
        if registered is not None and task is not None:
            registered.add_done_callback(lambda f: task.cancel() if f.cancelled() else None)

    def report(self, message: str, percentage: int | None = None) -> None:
        if self._token is None or self._last == (message, percentage):
            return
        self._last = (message, percentage)
        self._server.work_done_progress.report(
            self._token, types.WorkDoneProgressReport(message=message, percentage=percentage)
        )

    def end(self, message: str) -> None:
        if self._token is None:
            return
        self._server.work_done_progress.end(self._token, types.WorkDoneProgressEnd(message=message))
        self._server.work_done_progress.tokens.pop(self._token, None)
        self._token = None
