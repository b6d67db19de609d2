"""archmem's checks: everything that turns a text into diagnostics.

`check_text` runs, on a text that may exist nowhere on disk, tree-sitter's syntax check (every language),
pyflakes (Python) and the user's checker commands, the latter on a shadow copy in a temporary directory so
the user's file is never written or created. Self-debug uses it to verify a candidate edit and `compare` to
judge it against the baseline; the LSP adapter uses it to publish archmem's own diagnostics. No LSP here:
positions are 0-based lines and UTF-8 byte columns.

Limits of the shadow copy: a checker sees the candidate file alone in a temporary directory. It runs with
the workspace root as its working directory (so it finds the project's configuration), and `{root}` and
`{original}` let a command point at the project (mypy `--shadow-file {original} {file}`, ruff or eslint
reading stdin with `--stdin-filename {original}`); a checker that type-checks imports of the user's own
modules resolves them from the files on disk, not from other unsaved buffers.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.languages import BY_NAME
from archmem.server.checks.checker_settings import CheckerSpec, OutputFormat, parse_settings
from archmem.server.checks.compare import Comparison, LineMap, compare, line_map_between, line_map_for_edit
from archmem.server.checks.diagnostics import (
    BytePosition,
    CheckerResult,
    DataValue,
    Diagnostic,
    RelatedInformation,
    Severity,
)
from archmem.server.checks.external import run_checker
from archmem.server.checks.positions import ColumnUnit, byte_col, to_position
from archmem.server.checks.pyflakes_check import run_pyflakes
from archmem.server.checks.syntax import syntax_diagnostics
from tree_sitter import Tree

__all__ = [
    "BytePosition",
    "CheckReport",
    "CheckerResult",
    "CheckerSpec",
    "ColumnUnit",
    "Comparison",
    "DataValue",
    "Diagnostic",
    "LineMap",
    "OutputFormat",
    "RelatedInformation",
    "Severity",
    "byte_col",
    "check_text",
    "compare",
    "line_map_between",
    "line_map_for_edit",
    "parse_settings",
    "run_checker",
    "run_pyflakes",
    "syntax_diagnostics",
    "to_position",
]

SYNTAX_CHECKER = "archmem.syntax"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """All diagnostics found in one text, sorted by position, and how each checker fared.

    `results` has one entry per checker that ran (syntax, pyflakes, each configured command), in that
    order; a failed one carries its error and no diagnostics.
    """

    diagnostics: tuple[Diagnostic, ...]
    results: tuple[CheckerResult, ...]

    @property
    def errors(self) -> tuple[tuple[str, str], ...]:
        """(checker name, what went wrong) for every checker that could not run."""
        return tuple((result.name, result.error or "failed") for result in self.results if not result.ok)


async def check_text(
    path: str,
    text: bytes,
    language: str,
    tree: Tree,
    specs: Sequence[CheckerSpec],
    root: str | None,
) -> CheckReport:
    """Check `text`, the would-be content of the user's file `path`, parsed as `tree` in `language`.

    Runs every spec given (the caller picks the language's checkers). The syntax walk reads `tree` on the
    event loop thread, because the indexer may edit trees there; pyflakes runs in a worker thread.
    """
    results = [CheckerResult(SYNTAX_CHECKER, True, tuple(syntax_diagnostics(tree, text, language=language)))]
    if BY_NAME[language].pyflakes:
        flakes = await asyncio.to_thread(run_pyflakes, text, os.path.basename(path))
        if results[0].diagnostics:
            # tree-sitter already located the syntax errors; CPython's message for the same typo would
            # only repeat it (see pyflakes_check's docstring).
            kept = tuple(d for d in flakes.diagnostics if d.code != "syntax-error")
            flakes = CheckerResult(flakes.name, flakes.ok, kept, flakes.error)
        results.append(flakes)
    if specs:
        results.extend(await _run_on_shadow(path, text, specs, root))
    diagnostics = sorted(
        (diagnostic for result in results for diagnostic in result.diagnostics),
        key=lambda d: (d.start, d.end, d.source, d.code or "", d.message),
    )
    return CheckReport(tuple(diagnostics), tuple(results))


async def _run_on_shadow(
    path: str, text: bytes, specs: Sequence[CheckerSpec], root: str | None
) -> list[CheckerResult]:
    original = os.path.abspath(path)
    with tempfile.TemporaryDirectory(prefix="archmem-check-") as shadow_dir:
        shadow = os.path.join(shadow_dir, os.path.basename(original) or "file")
        with open(shadow, "wb") as handle:
            handle.write(text)
        runs = [run_checker(spec, shadow, root, text, original_path=original) for spec in specs]
        return list(await asyncio.gather(*runs))
