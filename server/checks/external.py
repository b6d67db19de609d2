"""Runs the checker commands a user configures per language (`archmem.checkers`, read in
checker_settings.py) and hands their output to checker_output.py.

A checker is an argv list (never a shell line) with placeholders, an output format, and a timeout. It runs
as an asyncio subprocess in its own process group, so a timeout or a cancelled request kills it and every
child it started. Nothing here raises for a missing tool, a crash or unreadable output: the `CheckerResult`
says what went wrong in words that name the setting to change.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
from collections.abc import Mapping

from archmem.indexer.positions import LineIndex
from archmem.server.checks.checker_output import PARSERS, OutputError, Target, to_diagnostic
from archmem.server.checks.checker_settings import CheckerSpec
from archmem.server.checks.diagnostics import CheckerResult

# A checker printing more than this is broken or checking far more than one file; reading on would only
# grow the server's memory.
MAX_OUTPUT_BYTES = 32 * 1024 * 1024
_STOP_GRACE_S = 5.0
_ERROR_EXCERPT_LINES = 6
_ERROR_EXCERPT_CHARS = 600


def _substitute(arg: str, values: Mapping[str, str]) -> str:
    for placeholder, value in values.items():
        arg = arg.replace(placeholder, value)
    return arg


def _resolve_executable(program: str, cwd: str) -> str | None:
    if os.sep in program:
        candidate = program if os.path.isabs(program) else os.path.join(cwd, program)
        return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None
    return shutil.which(program)


def _excerpt(output: bytes) -> str:
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    text = "\n".join(lines[-_ERROR_EXCERPT_LINES:])
    return text if len(text) <= _ERROR_EXCERPT_CHARS else "…" + text[-_ERROR_EXCERPT_CHARS:]


async def _stop(process: asyncio.subprocess.Process) -> None:
    """Kill the checker with every child it started, and reap it.

    The checker leads its own session, so its process group holds its children too (pyright's node, a
    compiler's cc1). The pipes are drained before waiting: asyncio reports a process finished only once its
    pipes are closed, and a pipe whose reading was paused never closes on its own.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    # A grandchild that left the process group may hold the pipes open; do not wait for it forever.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(_STOP_GRACE_S):
            await asyncio.gather(_drain(process.stdout), _drain(process.stderr))
            await process.wait()


async def _drain(stream: asyncio.StreamReader | None) -> None:
    if stream is not None:
        while await stream.read(1 << 16):
            pass


async def _read_capped(stream: asyncio.StreamReader | None) -> bytes:
    if stream is None:
        return b""
    chunks: list[bytes] = []
    total = 0
    while chunk := await stream.read(1 << 16):
        total += len(chunk)
        if total > MAX_OUTPUT_BYTES:
            raise OutputError(f"printed more than {MAX_OUTPUT_BYTES // (1024 * 1024)} MB")
        chunks.append(chunk)
    return b"".join(chunks)


async def _feed(stream: asyncio.StreamWriter | None, data: bytes) -> None:
    if stream is None:
        return
    try:
        stream.write(data)
        await stream.drain()
    except (BrokenPipeError, ConnectionResetError):
        pass  # a checker may stop reading early (or never read); its output still counts
    finally:
        stream.close()


async def _communicate(process: asyncio.subprocess.Process, data: bytes | None) -> tuple[bytes, bytes, int]:
    out = asyncio.ensure_future(_read_capped(process.stdout))
    err = asyncio.ensure_future(_read_capped(process.stderr))
    feed = asyncio.ensure_future(_feed(process.stdin, data if data is not None else b""))
    tasks = (out, err, feed)
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        # gather leaves the other readers running when one fails; they must not outlive the process.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return out.result(), err.result(), await process.wait()


async def run_checker(
    spec: CheckerSpec,
    file_path: str,
    root: str | None,
    text_for_columns: bytes,
    *,
    original_path: str | None = None,
) -> CheckerResult:
    """Run one checker on `file_path` and return its diagnostics about that file. Never raises
    (cancellation aside, which kills the checker first).

    `text_for_columns` is the content of `file_path` (piped to the checker when `spec.stdin`); columns are
    converted against it. `original_path` is the user's path for the same file; findings reported under
    either path are kept, and related information pointing at the file uses it.
    """
    cwd = root if root is not None and os.path.isdir(root) else os.path.dirname(os.path.abspath(file_path))
    values = {"{file}": file_path, "{root}": cwd, "{original}": original_path or file_path}
    argv = [_substitute(arg, values) for arg in spec.command]
    executable = _resolve_executable(argv[0], cwd)
    if executable is None:
        where = "on PATH" if os.sep not in argv[0] else f"(relative to {cwd})"
        return _failure(
            spec, f"{argv[0]} not found {where}: install it or remove it from {spec.setting_path}"
        )
    try:
        process = await asyncio.create_subprocess_exec(
            executable,
            *argv[1:],
            cwd=cwd,
            stdin=asyncio.subprocess.PIPE if spec.stdin else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        return _failure(spec, f"{argv[0]} could not start ({exc.strerror or exc}); check {spec.setting_path}")
    try:
        stdout, stderr, returncode = await asyncio.wait_for(
            _communicate(process, text_for_columns if spec.stdin else None), spec.timeout_s
        )
    except TimeoutError:
        await _stop(process)
        return _failure(
            spec,
            f"{spec.name} did not finish within {spec.timeout_s:g} s and was stopped; "
            f"raise timeoutSeconds in {spec.setting_path} or check a smaller scope",
        )
    except OutputError as exc:
        await _stop(process)
        return _failure(spec, f"{spec.name} {exc} and was stopped")
    except BaseException:
        await _stop(process)
        raise
    if returncode < 0:
        return _failure(spec, f"{spec.name} was killed by signal {-returncode}: {_excerpt(stderr)}")
    target = Target(cwd, file_path, original_path)
    try:
        reports = PARSERS[spec.format](spec, stdout, stderr)
    except OutputError as exc:
        return _failure(spec, f"{spec.name} (exit code {returncode}) {exc}: {_excerpt(stderr or stdout)}")
    if returncode != 0 and not reports:
        return _failure(
            spec,
            f"{spec.name} exited with code {returncode} without a finding archmem could read: "
            f"{_excerpt(stderr or stdout) or 'no output'}",
        )
    lines = LineIndex(text_for_columns)
    diagnostics = tuple(
        to_diagnostic(report, spec, lines, target) for report in reports if target.matches(report.file)
    )
    return CheckerResult(spec.name, True, diagnostics)


def _failure(spec: CheckerSpec, error: str) -> CheckerResult:
    return CheckerResult(spec.name, False, error=error)
