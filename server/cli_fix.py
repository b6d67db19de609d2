"""`archmem fix`: self-debug a file from the command line and print the verified diff (or write it)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from archmem.indexer.workspace import Memory
from archmem.server.actions import (
    Failure,
    FixProgress,
    ModelProvider,
    OfflineProvider,
    SelfDebugResult,
    SelfDebugSettings,
    provider_for,
    self_debug,
    unified_diff,
)
from archmem.server.actions.prompt_log import PromptLog
from archmem.server.checks import Diagnostic
from archmem.server.cli_usage import UsageError, open_memory, show_prompt, why_out
from archmem.server.models import parse_model_settings
from archmem.server.roots import root_for_file


def cmd_fix(args: argparse.Namespace) -> int:
    file = Path(args.file)
    if not file.is_file():
        raise UsageError(f"{file} is not a file: give the path of a source file")
    if not 1 <= args.rounds <= 10:
        raise UsageError(f"--rounds must be from 1 to 10, not {args.rounds}")
    root = root_for_file(args.root, file)
    env = dict(os.environ)
    if args.model:
        env["ARCHMEM_MODEL"] = args.model
    model_settings, problems = parse_model_settings({}, env)
    for problem in problems:
        print(f"archmem fix: ignored {problem}", file=sys.stderr)
    memory = open_memory(args, root)
    try:
        memory.index_all(jobs=args.jobs)
        if memory.file(file.resolve()) is None:
            raise UsageError(why_out(memory, file))
        log = PromptLog()
        provider = provider_for(
            model_settings, env, offline=args.offline, prompt_log=log, context_cap=args.budget
        )
        result = asyncio.run(_fix(memory, file.resolve(), provider, SelfDebugSettings(rounds=args.rounds)))
        status = _report_fix(memory, file, result, apply=args.apply)
        why = (
            "the offline rules need no model" if isinstance(provider, OfflineProvider) else "none was needed"
        )
        show_prompt(args, log, why)
        return status
    finally:
        memory.close()


async def _fix(
    memory: Memory, file: Path, provider: OfflineProvider | ModelProvider, settings: SelfDebugSettings
) -> SelfDebugResult:
    def progress(report: FixProgress) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{report.message:<60}")
            sys.stderr.flush()

    try:
        return await self_debug(
            memory, str(file), None, provider=provider, settings=settings, on_progress=progress
        )
    finally:
        if sys.stderr.isatty():
            sys.stderr.write("\r" + " " * 60 + "\r")
        if isinstance(provider, ModelProvider):
            await provider.aclose()


def _report_fix(memory: Memory, file: Path, result: SelfDebugResult, *, apply: bool) -> int:
    """Print the outcome of `archmem fix`; write the file under --apply. The exit status."""
    if isinstance(result, Failure):
        if result.kind == "nothing_to_fix":
            print(f"archmem fix: {result.reason}", file=sys.stderr)
            return 0
        print(f"archmem fix: {result.reason}", file=sys.stderr)
        if result.detail:
            print(result.detail, file=sys.stderr)
        for diagnostic in result.remaining:
            print(f"{file}:{_where(diagnostic)}", file=sys.stderr)
        return 1
    before = memory.text(file.resolve()) or b""
    after = result.apply(before)
    sys.stdout.write(unified_diff(result.path, before, after))
    sys.stdout.flush()
    print(f"archmem fix: {result.summary}", file=sys.stderr)
    print(result.detail, file=sys.stderr)
    if apply:
        on_disk = file.read_bytes()
        if on_disk != before:
            print(
                f"archmem fix: {file} changed while archmem was fixing it (or is not valid UTF-8): nothing written",
                file=sys.stderr,
            )
            return 1
        write_atomically(file, after)
        print(f"archmem fix: wrote {file}", file=sys.stderr)
    return 1 if result.remaining else 0


def _where(diagnostic: Diagnostic) -> str:
    code = f" [{diagnostic.code}]" if diagnostic.code else ""
    return f"{diagnostic.start.line + 1}:{diagnostic.start.col + 1}: {diagnostic.message} ({diagnostic.source}{code})"


def write_atomically(file: Path, data: bytes) -> None:
    """Replace `file` by `data` so that a crash leaves either the old or the new content, never half."""
    mode = file.stat().st_mode
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".archmem", dir=file.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, stat.S_IMODE(mode))
        os.replace(temporary, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
