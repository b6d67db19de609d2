"""The `archmem` command line: one entry point, a subcommand per job."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, get_args

from archmem.indexer.files import FileRules
from archmem.indexer.positions import Encoding, LineIndex
from archmem.indexer.search import search_symbols
from archmem.indexer.workspace import IndexReport, Memory
from archmem.server.actions import (
    Failure,
    ModelProvider,
    OfflineProvider,
    Progress,
    SelfDebugResult,
    SelfDebugSettings,
    provider_for,
    self_debug,
    unified_diff,
)
from archmem.server.actions.explain import explain
from archmem.server.actions.generate import (
    DEFAULT_ROUNDS,
    Generated,
    TargetKind,
    describe_targets,
    generate,
    list_generate_targets,
)
from archmem.server.actions.locate import LocationError
from archmem.server.actions.prompting import PromptTooLarge
from archmem.server.checks import Diagnostic
from archmem.server.models import ModelClient, parse_model_settings

EXIT_USAGE = 2
# What a shell reports for a tool killed by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141


class UsageError(Exception):
    """A command line that cannot be carried out; the message says what to do instead."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        result: int = args.run(args)
        return result
    except UsageError as err:
        print(f"archmem {args.command}: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader left early (`archmem symbols x | head`): stop quietly, as other command-line tools do,
        # and keep the interpreter's final flush from failing on the closed pipe too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archmem",
        description="An AI pair programmer's architectural memory of your code, for any LSP editor.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="build or refresh the memory of a workspace and summarize it")
    p.add_argument("root", nargs="?", default=".", help="workspace root (default: current directory)")
    _add_memory_options(p)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=_cmd_index)

    p = sub.add_parser("outline", help="print a file's hierarchy: kinds, lines and signatures")
    p.add_argument("file")
    p.add_argument("--root", help="workspace root (default: the file's git root or directory)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_cmd_outline)

    p = sub.add_parser("symbols", help="fuzzy-search the workspace's symbols, best first")
    p.add_argument("query")
    _add_memory_options(p)
    p.add_argument("--root", default=".", help="workspace root (default: current directory)")
    p.add_argument("--limit", type=_positive, default=30, help="at most this many results (default: 30)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_cmd_symbols)

    p = sub.add_parser("explain", help="explain the symbol or lines at a position (markdown on stdout)")
    p.add_argument("location", metavar="FILE:LINE[:COL][-LINE[:COL]]", help="1-based, as compilers print")
    _add_action_options(p)
    p.set_defaults(run=_cmd_explain)

    p = sub.add_parser(
        "generate", help="write a stub's body, a TODO, a selection or a scaffold; print the diff"
    )
    p.add_argument("location", metavar="FILE:LINE[:COL][-LINE[:COL]]", help="1-based, as compilers print")
    p.add_argument("--instruction", help="what the new code should do, in your words")
    p.add_argument("--kind", choices=get_args(TargetKind), help="which target (default: the first listed)")
    p.add_argument("--list", action="store_true", help="list what can be generated here, and stop")
    p.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, help="model rounds to verify (default 3)")
    p.add_argument("--apply", action="store_true", help="write the verified edit to the file")
    _add_action_options(p)
    p.set_defaults(run=_cmd_generate)

    p = sub.add_parser(
        "context", help="show the context a model would get at positions, within a token budget"
    )
    p.add_argument("positions", nargs="+", metavar="FILE:LINE[:COL]", help="1-based, as compilers print them")
    p.add_argument("--root", help="workspace root (default: the first file's git root or directory)")
    p.add_argument("--budget", type=int, default=2048, help="token budget (default 2048)")
    p.add_argument("--mode", choices=("edit", "generate"), default="edit")
    p.add_argument("--json", action="store_true", help="one JSON object per position per line")
    _add_memory_options(p)
    p.set_defaults(run=_cmd_context)

    p = sub.add_parser(
        "fix",
        help="fix a file's diagnostics (self-debug) and print the verified diff",
        description="Fix the problems archmem's checks find in FILE, verify the fix on a copy, and print it "
        "as a unified diff. Uses the model in ARCHMEM_MODEL (with OPENAI_BASE_URL and OPENAI_API_KEY) when "
        "set, else the offline rules. Exit status: 0 fixed or nothing to fix, 1 problems remain.",
    )
    p.add_argument("file")
    p.add_argument("--apply", action="store_true", help="write the verified fix into FILE")
    p.add_argument("--root", help="workspace root (default: the file's git root or directory)")
    p.add_argument("--offline", action="store_true", help="use the offline rules even if a model is set")
    p.add_argument("--model", help="the model to use (overrides ARCHMEM_MODEL)")
    p.add_argument("--rounds", type=int, default=3, help="attempts per problem, 1-10 (default: 3)")
    _add_memory_options(p)
    p.set_defaults(run=_cmd_fix)

    p = sub.add_parser("serve", help="run the language server for an editor (stdio unless --tcp)")
    p.add_argument(
        "--stdio", action="store_true", help="talk over stdin/stdout (the default; accepted for editors)"
    )
    p.add_argument(
        "--tcp",
        metavar="[HOST:]PORT",
        help="listen on a loopback TCP port instead (127.0.0.1 by default; token required)",
    )
    p.add_argument("--log-file", metavar="PATH", help="also log to PATH from start-up on ('-' for stderr)")
    p.add_argument(
        "--token-file",
        metavar="PATH",
        help="with --tcp: the token clients must send (created 0600 if missing; ARCHMEM_TOKEN wins)",
    )
    p.set_defaults(run=_cmd_serve)
    return parser


def _cmd_serve(args: argparse.Namespace) -> int:
    # Imported here: the other commands need no LSP machinery.
    from archmem.server.lsp.app import ServeOptions, parse_tcp, serve

    try:
        tcp = parse_tcp(args.tcp) if args.tcp else None
    except ValueError as err:
        raise UsageError(str(err)) from err
    return serve(ServeOptions(tcp=tcp, log_file=args.log_file, token_file=args.token_file))


def _add_memory_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="leave these paths out")
    p.add_argument("--no-store", action="store_true", help="keep the memory in RAM only (nothing written)")
    p.add_argument("--cache-dir", type=Path, help="where the memory is stored (default: user cache dir)")
    p.add_argument("--jobs", type=_positive, help="parser processes (default: every core)")


def _positive(text: str) -> int:
    """A count given on the command line: a whole number of at least 1 (argparse exits 2 otherwise)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number: give 1 or more")
    return value


def _memory(args: argparse.Namespace, root: Path) -> Memory:
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory: give the root of a workspace")
    rules = FileRules(excludes=tuple(getattr(args, "exclude", ()) or ()))
    return Memory(root, rules=rules, persist=not getattr(args, "no_store", False), cache_dir=args.cache_dir)


def _cmd_index(args: argparse.Namespace) -> int:
    memory = _memory(args, Path(args.root))
    progress = _Progress(sys.stderr) if sys.stderr.isatty() and not args.json else None
    report = memory.index_all(jobs=args.jobs, progress=progress.update if progress else None)
    if progress:
        progress.finish()
    if args.json:
        print(json.dumps(_report_json(memory, report), indent=2))
    else:
        _print_report(memory, report, sys.stdout)
    memory.close()
    return 0


def _report_json(memory: Memory, report: IndexReport) -> dict[str, object]:
    return {
        "root": str(memory.root),
        "files": report.files,
        "parsed": report.parsed,
        "reused": report.reused,
        "removed": report.removed,
        "files_by_language": report.files_by_language,
        "symbols_by_language": report.symbols_by_language,
        "references_by_language": report.references_by_language,
        "skipped": report.skipped,
        "notes": report.notes,
        "seconds": round(report.seconds, 3),
        "store": str(memory.store.path) if memory.store.path else None,
        "store_bytes": report.store_bytes,
    }


def _print_report(memory: Memory, report: IndexReport, out: TextIO) -> None:
    out.write(f"archmem memory of {memory.root}\n")
    out.write(
        f"  {report.files} files: {report.parsed} parsed, {report.reused} unchanged"
        + (f", {report.removed} removed" if report.removed else "")
        + f" in {report.seconds:.2f} s\n"
    )
    if report.store_rebuilt_because:
        out.write(f"  store rebuilt: {report.store_rebuilt_because}\n")
    out.write(f"  {'language':<12}{'files':>8}{'symbols':>10}{'names used':>12}\n")
    for lang in sorted(report.files_by_language):
        out.write(
            f"  {lang:<12}{report.files_by_language[lang]:>8}"
            f"{report.symbols_by_language.get(lang, 0):>10}{report.references_by_language.get(lang, 0):>12}\n"
        )
    if report.skipped:
        out.write("  skipped:\n")
        for reason, paths in sorted(report.skipped.items()):
            shown = ", ".join(paths[:3]) + (f", ... ({len(paths) - 3} more)" if len(paths) > 3 else "")
            out.write(f"    {len(paths):>5}  {reason}: {shown}\n")
    for path, notes in sorted(report.notes.items()):
        for note in notes:
            out.write(f"  note: {path}: {note}\n")
    if memory.store.path:
        out.write(f"  store: {memory.store.path} ({report.store_bytes / 1e6:.1f} MB)\n")


class _Progress:
    """A one-line progress bar on a terminal."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.last = 0.0
        self.lock = threading.Lock()

    def update(self, done: int, total: int, path: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        with self.lock:
            self.out.write(
                f"\r  indexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {path[-40:]:<40}"
            )
            self.out.flush()

    def finish(self) -> None:
        self.out.write("\r" + " " * 100 + "\r")
        self.out.flush()


def _find_root(file: Path) -> Path:
    for parent in [file.parent, *file.parent.parents]:
        if (parent / ".git").exists():
            return parent
    return file.parent


def _cmd_outline(args: argparse.Namespace) -> int:
    file = Path(args.file)
    if not file.is_file():
        raise UsageError(f"{file} is not a file: give the path of a source file")
    root = Path(args.root) if args.root else _find_root(file.resolve())
    memory = Memory(root, persist=False)
    index = memory.file(file.resolve())
    if index is None:
        raise UsageError(
            f"{file} is in no supported language (Python, JavaScript, TypeScript, Go, Rust, Java, C, C++) "
            "or is excluded"
        )
    if args.json:
        rows = [
            {
                "id": s.id,
                "kind": s.kind.name.lower(),
                "name": s.name,
                "qualname": s.qualname,
                "line": s.start[0] + 1,
                "end_line": s.end[0] + 1,
                "signature": s.signature,
                "doc": s.doc,
                "parent": s.parent,
            }
            for s in index.symbols[1:]
        ]
        print(json.dumps({"path": index.path, "language": index.language, "symbols": rows}, indent=2))
        return 0
    print(f"{index.path} ({index.language}){': ' + index.module_doc if index.module_doc else ''}")
    depth = {index.module_id: 0}
    for s in index.symbols[1:]:
        d = depth[s.parent or index.module_id] + 1
        depth[s.id] = d
        lines = f"{s.start[0] + 1}-{s.end[0] + 1}" if s.end[0] > s.start[0] else f"{s.start[0] + 1}"
        doc = f"  # {s.doc}" if s.doc else ""
        print(f"{'  ' * d}{s.kind.name.lower():<11} {lines:<10} {s.signature}{doc}")
    return 0


def _cmd_symbols(args: argparse.Namespace) -> int:
    memory = _memory(args, Path(args.root))
    memory.index_all(jobs=args.jobs)
    found = search_symbols(memory, args.query, args.limit)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": s.name,
                        "qualname": s.qualname,
                        "kind": s.kind.name.lower(),
                        "path": s.path,
                        "line": s.start[0] + 1,
                    }
                    for s in found
                ],
                indent=2,
            )
        )
    else:
        for s in found:
            print(f"{s.path}:{s.start[0] + 1}: {s.kind.name.lower():<11} {s.qualname}")
        if not found:
            print(f"no symbol matches {args.query!r}", file=sys.stderr)
    memory.close()
    return 0 if found else 1


# -- explain and generate -----------------------------------------------------------------------------

_LOCATION = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?(?:-(?P<end_line>\d+)(?::(?P<end_col>\d+))?)?$"
)
EXIT_FAILED = 1


def _add_action_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", help="workspace root (default: the file's git root or directory)")
    p.add_argument("--offline", action="store_true", help="use no model: archmem's memory alone")
    p.add_argument("--model", help="the model to ask (overrides ARCHMEM_MODEL)")
    _add_memory_options(p)


@dataclass(frozen=True)
class _Location:
    """A command-line location converted to the engine's units: 0-based lines, UTF-8 byte columns."""

    memory: Memory
    path: str
    start: tuple[int, int]
    end: tuple[int, int] | None


def _location(args: argparse.Namespace) -> _Location:
    match = _LOCATION.match(args.location)
    if match is None:
        raise UsageError(f"{args.location!r} is not FILE:LINE[:COL][-LINE[:COL]] (e.g. src/app.py:42:9)")
    file = Path(match["file"])
    if not file.is_file():
        raise UsageError(f"{file} is not a file: give the path of a source file")
    memory = _memory(args, Path(args.root) if args.root else _action_root(file.resolve()))
    memory.index_all(jobs=args.jobs)
    rel = memory.relpath(file.resolve())
    if Path(rel).is_absolute():
        raise UsageError(f"{file} is outside the workspace {memory.root}; pass --root")
    lines = LineIndex(memory.text(rel) or b"")
    start = _point(lines, int(match["line"]), match["col"], at_end=False)
    end = None
    if match["end_line"] is not None:
        end = _point(lines, int(match["end_line"]), match["end_col"], at_end=True)
    return _Location(memory, rel, start, end)


def _action_root(file: Path) -> Path:
    """The file's git root; else the current directory when it holds the file; else the file's folder."""
    found = _find_root(file)
    if (found / ".git").exists():
        return found
    here = Path.cwd().resolve()
    return here if file.is_relative_to(here) else file.parent


def _point(lines: LineIndex, line: int, col: str | None, *, at_end: bool) -> tuple[int, int]:
    """A 1-based line and character column as a 0-based line and byte column; with no column, the line's
    first character (its end, for the end of a range)."""
    # A final line break ends the last line rather than starting another.
    count = lines.line_count - (1 if lines.text.endswith(b"\n") else 0)
    if line < 1 or line > max(count, 1):
        raise UsageError(f"line {line} is outside the file (it has {count} lines)")
    line0 = line - 1
    text = lines.line_text(line0)
    if col is None:
        return line0, len(text) if at_end else len(text) - len(text.lstrip())
    offset = lines.offset(line0, max(0, int(col) - 1), Encoding.UTF32)
    return line0, offset - lines.line_start(line0)


def _client(args: argparse.Namespace, action: str) -> tuple[ModelClient | None, str]:
    """The model for `action` from the environment (--model overrides ARCHMEM_MODEL), or why there is none."""
    if args.offline:
        return None, "--offline"
    env = dict(os.environ)
    if args.model:
        env["ARCHMEM_MODEL"] = args.model
    settings, errors = parse_model_settings({}, env)
    for error in errors:
        print(f"archmem {args.command}: ignoring {error}", file=sys.stderr)
    endpoint = settings.endpoint_for("explain" if action == "explain" else "generate")
    if endpoint is None:
        return (
            None,
            "no model is configured: set ARCHMEM_MODEL (and OPENAI_BASE_URL, OPENAI_API_KEY) or pass --model",
        )
    return ModelClient(endpoint, os.environ), ""


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(f"  {message}", file=sys.stderr)


def _cmd_explain(args: argparse.Namespace) -> int:
    where = _location(args)
    client, why_offline = _client(args, "explain")

    async def run() -> int:
        try:
            result = await explain(
                where.memory,
                where.path,
                *where.start,
                end=where.end,
                client=client,
                on_progress=_progress,
                offline_reason=why_offline or "no model is configured",
            )
        finally:
            if client is not None:
                await client.aclose()
        sys.stdout.write(result.markdown)
        if result.error is not None:
            print(f"archmem explain: the model gave no answer: {result.error}", file=sys.stderr)
            return EXIT_FAILED
        return 0

    try:
        return asyncio.run(run())
    except (LocationError, PromptTooLarge) as err:
        raise UsageError(str(err)) from err
    finally:
        where.memory.close()


def _cmd_generate(args: argparse.Namespace) -> int:
    where = _location(args)
    client, why_offline = _client(args, "generate")
    try:
        selection = (where.start, where.end) if where.end is not None else None
        if args.rounds < 1:
            raise UsageError("--rounds must be at least 1")
        targets = list_generate_targets(where.memory, where.path, *where.start, selection)
        if args.list:
            print(describe_targets(targets) if targets else "nothing to generate here")
            return 0 if targets else EXIT_FAILED
        chosen = [t for t in targets if args.kind is None or t.kind == args.kind]
        if not chosen or (client is None and chosen[0].needs_model):
            listed = ", ".join(t.kind for t in targets) or "none"
            if chosen:
                scaffolds = ", ".join(t.kind for t in targets if not t.needs_model) or "none here"
                why = f"{chosen[0].title} needs a model ({why_offline}); offline scaffolds: {scaffolds} (--kind)"
            else:
                wanted = (
                    f"{args.kind} target" if args.kind else "stub body, TODO comment, selection or scaffold"
                )
                why = f"no {wanted} at {args.location} (available: {listed})"
            print(f"archmem generate: {why}", file=sys.stderr)
            return EXIT_FAILED
        target = chosen[0]

        async def run() -> int:
            try:
                result = await generate(
                    where.memory,
                    where.path,
                    target,
                    instruction=args.instruction,
                    client=client,
                    rounds=args.rounds,
                    on_progress=_progress,
                )
            finally:
                if client is not None:
                    await client.aclose()
            if not isinstance(result, Generated):
                print(f"archmem generate: {result.message}", file=sys.stderr)
                for problem in result.problems:
                    print(f"  {problem}", file=sys.stderr)
                return EXIT_FAILED
            sys.stdout.write(result.diff)
            print(f"archmem generate: {result.edit.title} ({result.edit.summary})", file=sys.stderr)
            if args.apply:
                _write(where.memory.abspath(result.edit.path), result)
            return 0

        return asyncio.run(run())
    except (LocationError, PromptTooLarge) as err:
        raise UsageError(str(err)) from err
    finally:
        where.memory.close()


def _write(file: Path, result: Generated) -> None:
    """Write a verified edit, refusing a file that changed since it was read."""
    if result.creates_file:
        file.parent.mkdir(parents=True, exist_ok=True)
        try:
            with file.open("xb") as out:  # exclusive: never overwrite a file that appeared meanwhile
                out.write(result.edit.apply(b""))
        except FileExistsError as err:
            raise UsageError(f"{file} appeared while generating; nothing written") from err
    else:
        try:
            _write_atomically(file, result.edit.apply(file.read_bytes()))
        except ValueError as err:
            raise UsageError(f"{err}; nothing written") from err
    print(f"archmem generate: wrote {file}", file=sys.stderr)


def parse_position(text: str) -> tuple[Path, int, int]:
    """FILE:LINE[:COL] (1-based) as (path, line, column); a usage error says what is wrong."""
    parts = text.rsplit(":", 2)
    numbers: list[int] = []
    while len(parts) > 1 and parts[-1].isdigit() and len(numbers) < 2:
        numbers.insert(0, int(parts.pop()))
    if not numbers:
        raise UsageError(f"{text!r} has no line number: write FILE:LINE or FILE:LINE:COL (1-based)")
    line = numbers[0]
    col = numbers[1] if len(numbers) > 1 else 1
    if line < 1 or col < 1:
        raise UsageError(f"{text!r}: lines and columns start at 1")
    return Path(":".join(parts)), line, col


def _cmd_context(args: argparse.Namespace) -> int:
    from archmem.indexer.context import Packer

    if args.budget < 64:
        raise UsageError(f"--budget {args.budget} is too small: give at least 64 tokens")
    positions = [parse_position(p) for p in args.positions]
    for path, _line, _col in positions:
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
    root = Path(args.root) if args.root else _find_root(positions[0][0].resolve())
    memory = _memory(args, root)
    memory.index_all(jobs=args.jobs)
    packer = Packer(memory)
    status = 0
    for path, line, col in positions:
        rel = memory.relpath(path.resolve())
        text = memory.text(rel) or b""
        lines = text.split(b"\n")
        if line > len(lines):
            print(f"archmem context: {path}:{line}: the file has {len(lines)} lines", file=sys.stderr)
            status = 1
            continue
        # Columns count characters as compilers print them; the memory counts UTF-8 bytes.
        byte_col = len(lines[line - 1].decode("utf-8", "replace")[: col - 1].encode("utf-8"))
        try:
            ctx = packer.pack(rel, line - 1, byte_col, args.budget, args.mode)
        except (FileNotFoundError, PermissionError) as err:
            print(f"archmem context: {err}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            print(
                json.dumps(
                    {
                        "path": ctx.path,
                        "line": line,
                        "column": col,
                        "mode": ctx.mode,
                        "budget": ctx.budget,
                        "tokens": ctx.tokens,
                        "tokenizer": ctx.tokenizer,
                        "text": ctx.text,
                        "sections": [
                            {
                                "kind": s.kind,
                                "path": s.path,
                                "start_line": s.start_line,
                                "end_line": s.end_line,
                                "symbol": s.symbol_id,
                                "detail": s.detail,
                                "reason": s.reason,
                            }
                            for s in ctx.sections
                        ],
                        "left_out": list(ctx.left_out),
                        "redactions": ctx.redactions,
                        "elapsed_ms": round(ctx.elapsed_ms, 2),
                    }
                )
            )
        else:
            print(f"=== context for {path}:{line}:{col} ({ctx.mode}, {ctx.tokens}/{ctx.budget} tokens)")
            print(ctx.text)
            print("--- ledger")
            print(ctx.ledger())
    memory.close()
    return status


def _cmd_fix(args: argparse.Namespace) -> int:
    file = Path(args.file)
    if not file.is_file():
        raise UsageError(f"{file} is not a file: give the path of a source file")
    if not 1 <= args.rounds <= 10:
        raise UsageError(f"--rounds must be from 1 to 10, not {args.rounds}")
    root = Path(args.root) if args.root else _find_root(file.resolve())
    if not file.resolve().is_relative_to(root.resolve()):
        raise UsageError(f"{file} is not inside the workspace root {root}")
    env = dict(os.environ)
    if args.model:
        env["ARCHMEM_MODEL"] = args.model
    model_settings, problems = parse_model_settings({}, env)
    for problem in problems:
        print(f"archmem fix: ignored {problem}", file=sys.stderr)
    memory = _memory(args, root)
    try:
        memory.index_all(jobs=args.jobs)
        if memory.file(file.resolve()) is None:
            raise UsageError(
                f"{file} is in no supported language (Python, JavaScript, TypeScript, Go, Rust, Java, C, C++) "
                "or is excluded"
            )
        provider = provider_for(model_settings, env, offline=args.offline)
        result = asyncio.run(_fix(memory, file.resolve(), provider, SelfDebugSettings(rounds=args.rounds)))
        return _report_fix(memory, file, result, apply=args.apply)
    finally:
        memory.close()


async def _fix(
    memory: Memory, file: Path, provider: OfflineProvider | ModelProvider, settings: SelfDebugSettings
) -> SelfDebugResult:
    def progress(report: Progress) -> None:
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
        _write_atomically(file, after)
        print(f"archmem fix: wrote {file}", file=sys.stderr)
    return 1 if result.remaining else 0


def _where(diagnostic: Diagnostic) -> str:
    code = f" [{diagnostic.code}]" if diagnostic.code else ""
    return f"{diagnostic.start.line + 1}:{diagnostic.start.col + 1}: {diagnostic.message} ({diagnostic.source}{code})"


def _write_atomically(file: Path, data: bytes) -> None:
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


if __name__ == "__main__":
    raise SystemExit(main())
