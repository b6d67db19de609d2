"""What the command line accepts and refuses, checked in one place so every command answers alike: workspace
roots, FILE:LINE[:COL] positions (checked against the file in the memory), sizes and counts; a bad one is a
UsageError (exit status 2) in the same words from every command."""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from archmem.indexer.files import DEFAULT_MAX_FILE_SIZE, FileRules, Rules
from archmem.indexer.positions import Encoding, LineIndex
from archmem.indexer.workspace import Memory
from archmem.server.actions.prompt_log import PromptLog
from archmem.server.config import MAX_FILE_SIZE_LIMIT, ServerSettings
from archmem.server.roots import WorkspaceRoot, root_for_file

EXIT_USAGE = 2


class UsageError(Exception):
    """A command line that cannot be carried out; the message says what to do instead."""


def add_memory_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="leave these paths out")
    p.add_argument("--no-store", action="store_true", help="keep the memory in RAM only (nothing written)")
    p.add_argument("--cache-dir", type=Path, help="where the memory is stored (default: user cache dir)")
    p.add_argument("--jobs", type=positive, help="parser processes (default: every core)")
    p.add_argument(
        "--max-file-size", type=parse_size, default=DEFAULT_MAX_FILE_SIZE, metavar="BYTES", help=SIZE_HELP
    )


ROOT_RULE = "the nearest directory upward holding .git, pyproject.toml, package.json, go.mod, ...; else here"


SIZE_HELP = (
    f"index files up to this many bytes (default {DEFAULT_MAX_FILE_SIZE}; the editor's index.maxFileSize)"
)


def parse_size(text: str) -> int:
    """A byte count: a whole number, optionally with a k/M suffix (`--max-file-size 20M`)."""
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    digits = text[:-1] if scale > 1 else text
    if not digits.isdigit() or not 1 <= int(digits) * scale <= MAX_FILE_SIZE_LIMIT:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size from 1 to {MAX_FILE_SIZE_LIMIT} bytes (e.g. 20000000 or 20M)"
        )
    return int(digits) * scale


def positive(text: str) -> int:
    """A count given on the command line: a whole number of at least 1 (argparse exits 2 otherwise)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number: give 1 or more")
    return value


def open_memory(args: argparse.Namespace, root: WorkspaceRoot) -> Memory:
    if args.command != "index":
        # Every command says which workspace it read, so one file never silently gets two names.
        print(f"archmem {args.command}: {root.describe()}", file=sys.stderr)
    rules = FileRules(
        excludes=tuple(getattr(args, "exclude", ()) or ()),
        max_file_size=getattr(args, "max_file_size", DEFAULT_MAX_FILE_SIZE),
    )
    return Memory(
        root.path, rules=rules, persist=not getattr(args, "no_store", False), cache_dir=args.cache_dir
    )


LOCATION = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?(?:-(?P<end_line>\d+)(?::(?P<end_col>\d+))?)?$"
)


@dataclass(frozen=True)
class Location:
    """A command-line location converted to the engine's units: 0-based lines, UTF-8 byte columns."""

    memory: Memory
    path: str
    start: tuple[int, int]
    end: tuple[int, int] | None


def location(args: argparse.Namespace) -> Location:
    file, match = parse_location(args.location)
    memory = open_memory(args, root_for_file(args.root, file))
    memory.index_all(jobs=args.jobs)
    try:
        return resolve_location(memory, file, match)
    except UsageError:
        memory.close()
        raise


def parse_location(text: str) -> tuple[Path, re.Match[str]]:
    """A FILE:LINE[:COL][-LINE[:COL]] argument: the file (which must exist) and the numbers' match."""
    match = LOCATION.match(text)
    if match is None:
        raise UsageError(f"{text!r} is not FILE:LINE[:COL][-LINE[:COL]] (1-based, e.g. src/app.py:42:9)")
    file = Path(match["file"])
    if not file.is_file():
        raise UsageError(f"{file} is not a file: give the path of a source file")
    return file, match


def resolve_location(memory: Memory, file: Path, match: re.Match[str]) -> Location:
    """A parsed location checked against the file in the memory; every command says the same when not."""
    rel = memory.relpath(file.resolve())
    if memory.file(rel) is None:
        raise UsageError(why_out(memory, file))
    lines = LineIndex(memory.text(rel) or b"")
    start = _point(lines, int(match["line"]), match["col"], at_end=False)
    end = None
    if match["end_line"] is not None:
        end = _point(lines, int(match["end_line"]), match["end_col"], at_end=True)
    return Location(memory, rel, start, end)


def why_out(memory: Memory, file: Path) -> str:
    """Why `file` is not in the memory, in words that say how to let it in where that is possible."""
    rel = memory.relpath(file.resolve())
    _found, reason = Rules(memory.root, memory.rules).check_file(rel, memory.abspath(rel))
    if reason == "unsupported language":
        reason = "unsupported language (archmem reads Python, JavaScript, TypeScript, Go, Rust, Java, C, C++)"
    return f"{file} is not in archmem's memory: {reason or 'it could not be parsed'}"


def _point(lines: LineIndex, line: int, col: str | None, *, at_end: bool) -> tuple[int, int]:
    """A 1-based line and character column as a 0-based line and byte column; with no column, the line's
    first character (its end, for the end of a range)."""
    # A final line break ends the last line rather than starting another.
    count = lines.line_count - (1 if lines.text.endswith(b"\n") else 0)
    if line < 1 or line > max(count, 1):
        raise UsageError(f"line {line} is outside the file (it has {max(count, 1)} lines)")
    line0 = line - 1
    text = lines.line_text(line0)
    if col is None:
        return line0, len(text) if at_end else len(text) - len(text.lstrip())
    offset = lines.offset(line0, max(0, int(col) - 1), Encoding.UTF32)
    return line0, offset - lines.line_start(line0)


CONTEXT_BUDGET = ServerSettings().context_budget
MIN_CONTEXT_BUDGET = 256


def context_budget(text: str) -> int:
    """`--budget`: tokens of workspace context in a model's prompt, bounded like `archmem.context.budget`."""
    try:
        tokens = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of tokens") from None
    if tokens < MIN_CONTEXT_BUDGET:
        raise argparse.ArgumentTypeError(f"{tokens} is too small: give at least {MIN_CONTEXT_BUDGET} tokens")
    return tokens


def add_context_budget(p: argparse.ArgumentParser) -> None:
    """The editor's `archmem.context.budget`, with the same default, for the commands that ask a model."""
    p.add_argument(
        "--budget",
        type=context_budget,
        default=CONTEXT_BUDGET,
        metavar="TOKENS",
        help=f"at most this many tokens of workspace context in the prompt (default {CONTEXT_BUDGET}, "
        "as the editor's archmem.context.budget)",
    )


def add_show_prompt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--show-prompt",
        action="store_true",
        help="print the last prompt sent to the model on stderr, exactly: system message, facts, context",
    )


def show_prompt(args: argparse.Namespace, log: PromptLog, why_none: str) -> None:
    """Under --show-prompt, the last prompt sent, verbatim with its ledger; or why none was sent."""
    if not args.show_prompt:
        return
    if log.last is None:
        print(f"archmem {args.command}: no prompt was sent to a model ({why_none})", file=sys.stderr)
    else:
        sys.stderr.write(log.render_markdown())
