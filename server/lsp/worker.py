"""The worker process: long pure-Python work that needs no memory (pyflakes), off the server's interpreter
lock. Both ends of its pipe live here: `WorkerProcess` on the server's side, `main` in the worker.

The worker is `python -m archmem.server.lsp.worker` with pipes of its own for stdin and stdout (the server's
stdout is the editor's LSP pipe) and no stderr (an editor shows a server's stderr as errors). It reads
length-prefixed pickled tasks from stdin and answers each on stdout, one at a time, and leaves when stdin
closes, that is when the server is gone, however it went. A plain process rather than multiprocessing: no
semaphores for a resource tracker to complain about on stderr when the server exits without cleaning up.

A checker's `Diagnostic` keeps its `data` in a read-only mapping proxy, which pickle refuses: the worker
sends each diagnostic's fields with `data` as a dict, and the server builds the `Diagnostic` again.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any

from archmem.server.checks.diagnostics import (
    BytePosition,
    CheckerResult,
    DataValue,
    Diagnostic,
    RelatedInformation,
    Severity,
)
from archmem.server.checks.pyflakes_check import run_pyflakes

PlainDiagnostic = tuple[
    BytePosition,
    BytePosition,
    Severity,
    str,
    str,
    str | None,
    dict[str, DataValue],
    tuple[RelatedInformation, ...],
]
PlainResult = tuple[str, bool, str | None, tuple[PlainDiagnostic, ...]]
_HEADER = 8


class WorkerUnavailable(Exception):
    """The worker process could not be started, or died: the caller does the work itself."""


def pyflakes(text: bytes, path: str) -> PlainResult:
    """`run_pyflakes` in plain values (worker side)."""
    result = run_pyflakes(text, path)
    found = tuple(
        (d.start, d.end, d.severity, d.message, d.source, d.code, dict(d.data), d.related)
        for d in result.diagnostics
    )
    return result.name, result.ok, result.error, found


def result_of(plain: PlainResult) -> CheckerResult:
    """The checker's result again (server side)."""
    name, ok, error, found = plain
    return CheckerResult(name, ok, tuple(Diagnostic(*fields) for fields in found), error)


TASKS: dict[str, Callable[..., Any]] = {"pyflakes": pyflakes}


class WorkerProcess:
    """The server's end: one worker, started at first use, given one task at a time (event loop only)."""

    def __init__(self) -> None:
        self._process: asyncio.subprocess.Process | None = None
        self._lock: asyncio.Lock | None = None
        self._exchanges: set[asyncio.Task[Any]] = set()

    async def pyflakes(self, text: bytes, path: str) -> CheckerResult:
        plain: PlainResult = await self._run("pyflakes", text, path)
        return result_of(plain)

    async def _run(self, task: str, *args: object) -> Any:
        # A caller cancelled mid-exchange must not leave half an answer in the pipe for the next one: the
        # exchange runs as a task of its own and finishes whatever happens to the caller.
        exchange = asyncio.get_running_loop().create_task(self._exchange(task, args))
        self._exchanges.add(exchange)
        exchange.add_done_callback(self._exchanges.discard)
        return await asyncio.shield(exchange)

    async def _exchange(self, task: str, args: tuple[object, ...]) -> Any:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            process = await self._started()
            assert process.stdin is not None and process.stdout is not None
            payload = pickle.dumps((task, args), protocol=pickle.HIGHEST_PROTOCOL)
            try:
                process.stdin.write(len(payload).to_bytes(_HEADER, "big") + payload)
                await process.stdin.drain()
                size = int.from_bytes(await process.stdout.readexactly(_HEADER), "big")
                status, value = pickle.loads(await process.stdout.readexactly(size))
            except (OSError, asyncio.IncompleteReadError, pickle.UnpicklingError) as err:
                self.close()
                raise WorkerUnavailable(f"the worker process stopped ({type(err).__name__})") from err
        if status != "ok":
            raise RuntimeError(f"{task} failed in the worker process: {value}")
        return value

    async def _started(self) -> asyncio.subprocess.Process:
        if self._process is None or self._process.returncode is not None:
            try:
                self._process = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    __name__,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.DEVNULL,
                )
            except OSError as err:
                raise WorkerUnavailable(f"cannot start the worker process ({err})") from err
        return self._process

    def close(self) -> None:
        """Stop the worker (any thread; it would also leave by itself once the server is gone)."""
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)

    async def aclose(self) -> None:
        """Stop the worker and wait until it is gone (event loop still running)."""
        process = self._process
        self.close()
        if process is not None:
            await process.wait()


def main() -> None:
    """The worker's loop: a task in, its answer out, until the server closes the pipe."""
    tasks, answers = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = tasks.read(_HEADER)
        if len(header) < _HEADER:
            return
        name, args = pickle.loads(tasks.read(int.from_bytes(header, "big")))
        try:
            reply: tuple[str, object] = ("ok", TASKS[name](*args))
        except Exception as err:
            reply = ("error", f"{type(err).__name__}: {err}")
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(len(data).to_bytes(_HEADER, "big") + data)
        answers.flush()


if __name__ == "__main__":
    main()
