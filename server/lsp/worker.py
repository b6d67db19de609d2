"""What the session's worker process runs (pyflakes), and the plain values its answers travel in.

A checker's `Diagnostic` keeps its `data` in a read-only mapping proxy, which pickle refuses; the worker
sends each diagnostic's fields with `data` as a dict, and the server builds the `Diagnostic` again.

The worker starts with the server's stdout and stderr, and stdout is the editor's LSP pipe: were the worker
to keep it, the editor would not see the pipe close when the server exits, and would wait. `detach` gives
them up and makes the worker leave when the server is gone, however it went.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

from archmem.server.checks.diagnostics import (
    CheckerResult,
    DataValue,
    Diagnostic,
    Position,
    RelatedInformation,
    Severity,
)
from archmem.server.checks.pyflakes_check import run_pyflakes

PlainDiagnostic = tuple[
    Position, Position, Severity, str, str, str | None, dict[str, DataValue], tuple[RelatedInformation, ...]
]
PlainResult = tuple[str, bool, str | None, tuple[PlainDiagnostic, ...]]


def detach() -> None:
    """Worker initializer: let go of the server's output streams and follow the server out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_leave_after, args=(parent,), daemon=True).start()


def _leave_after(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(0)


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
