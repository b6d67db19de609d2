"""What the session's worker process runs (pyflakes), and the plain values its answers travel in.

A checker's `Diagnostic` keeps its `data` in a read-only mapping proxy, which pickle refuses; the worker
sends each diagnostic's fields with `data` as a dict, and the server builds the `Diagnostic` again.
"""

from __future__ import annotations

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
