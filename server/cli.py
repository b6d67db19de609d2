"""The `archmem` command line: one entry point, a subcommand per job."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, get_args

from archmem.indexer.files import DEFAULT_MAX_FILE_SIZE, FileRules
from archmem.indexer.report import IndexReport
from archmem.indexer.search import search_symbols
from archmem.indexer.symbols import SymbolKind
from archmem.indexer.workspace import Memory
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
from archmem.server.actions.prompt_log import PromptLog
from archmem.server.actions.prompting import PromptTooLarge
from archmem.server.cli_context import cmd_context
from archmem.server.cli_fix import cmd_fix, write_atomically
from archmem.server.cli_usage import (
    EXIT_USAGE,
    ROOT_RULE,
    SIZE_HELP,
    UsageError,
    add_context_budget,
    add_memory_options,
    add_show_prompt,
    location,
    open_memory,
    parse_size,
    positive,
    show_prompt,
    why_out,
)
from archmem.server.doctor import version
from archmem.server.models import ModelClient, parse_model_settings
from archmem.server.roots import RootError, WorkspaceRoot, find_root, root_for_file

if TYPE_CHECKING:
    pass

# What a shell reports for a tool killed by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if extra:
        # A flag the subcommand does not know: show that subcommand's usage, not the top level's (exits 2).
        args.parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        result: int = args.run(args)
        return result
    except (UsageError, RootError) as err:
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
    parser.add_argument("--version", action="version", version=f"archmem {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    _add_memory_commands(sub)
    _add_action_commands(sub)
    _add_editor_commands(sub)
    for name, subparser in sub.choices.items():
        subparser.set_defaults(parser=subparser, command=name)
    return parser


def _add_memory_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """index, outline, symbols: what the memory holds."""
    p = sub.add_parser("index", help="build or refresh the memory of a workspace and summarize it")
    p.add_argument("root", nargs="?", help=f"workspace root (default: {ROOT_RULE})")
    p.add_argument("--root", dest="root_option", metavar="ROOT", help="the same as ROOT")
    add_memory_options(p)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=_cmd_index)

    p = sub.add_parser("outline", help="print a file's hierarchy: kinds, lines and signatures")
    p.add_argument("file")
    p.add_argument("--root", help=f"workspace root (default: {ROOT_RULE})")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--max-file-size", type=parse_size, default=DEFAULT_MAX_FILE_SIZE, metavar="BYTES", help=SIZE_HELP
    )
    p.set_defaults(run=_cmd_outline)

    p = sub.add_parser("symbols", help="fuzzy-search the workspace's symbols, best first")
    p.add_argument("query")
    add_memory_options(p)
    p.add_argument("--root", help=f"workspace root (default: {ROOT_RULE})")
    p.add_argument("--limit", type=positive, default=30, help="at most this many results (default: 30)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_cmd_symbols)


def _add_action_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """explain, generate, context, fix: the actions, and the context a model would get."""
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
    p.add_argument("--root", help=f"workspace root (default: {ROOT_RULE})")
    p.add_argument("--budget", type=int, default=2048, help="token budget (default 2048)")
    p.add_argument("--mode", choices=("edit", "generate"), default="edit")
    p.add_argument("--json", action="store_true", help="one JSON object per position per line")
    add_memory_options(p)
    p.set_defaults(run=cmd_context)

    p = sub.add_parser(
        "fix",
        help="fix a file's diagnostics (self-debug) and print the verified diff",
        description="Fix the problems archmem's checks find in FILE, verify the fix on a copy, and print it "
        "as a unified diff. Uses the model in ARCHMEM_MODEL (with OPENAI_BASE_URL and OPENAI_API_KEY) when "
        "set, else the offline rules. Exit status: 0 fixed or nothing to fix, 1 problems remain.",
    )
    p.add_argument("file")
    p.add_argument("--apply", action="store_true", help="write the verified fix into FILE")
    p.add_argument("--root", help=f"workspace root (default: {ROOT_RULE})")
    p.add_argument("--offline", action="store_true", help="use the offline rules even if a model is set")
    p.add_argument("--model", help="the model to use (overrides ARCHMEM_MODEL)")
    p.add_argument("--rounds", type=int, default=3, help="attempts per problem, 1-10 (default: 3)")
    add_context_budget(p)
    add_show_prompt(p)
    add_memory_options(p)
    p.set_defaults(run=cmd_fix)


def _add_editor_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """serve, doctor: the language server, and what it sees on this machine."""
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
    p.add_argument(
        "--root",
        help="workspace root when the editor names no folder (default: the nearest directory upward from the "
        "first file opened holding .git, pyproject.toml, package.json, go.mod, ...; else none)",
    )
    p.set_defaults(run=_cmd_serve)

    p = sub.add_parser(
        "doctor", help="what archmem sees on this machine: version, grammars, store, models, checkers"
    )
    p.add_argument("--root", help=f"workspace root (default: {ROOT_RULE})")
    p.add_argument("--cache-dir", type=Path, help="where the memory is stored (default: user cache dir)")
    p.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for each model (default 3)")
    p.set_defaults(run=_cmd_doctor)


def _cmd_doctor(args: argparse.Namespace) -> int:
    from archmem.server.doctor import diagnose

    root = find_root(args.root)
    return diagnose(root.path, args.cache_dir, os.environ, timeout=args.timeout, out=sys.stdout)


def _cmd_serve(args: argparse.Namespace) -> int:
    # Imported here: the other commands need no LSP machinery.
    from archmem.server.lsp.app import ServeOptions, parse_tcp, serve

    try:
        tcp = parse_tcp(args.tcp) if args.tcp else None
    except ValueError as err:
        raise UsageError(str(err)) from err
    root = find_root(args.root).path if args.root else None
    return serve(ServeOptions(tcp=tcp, log_file=args.log_file, token_file=args.token_file, root=root))


def _cmd_index(args: argparse.Namespace) -> int:
    given = args.root or args.root_option
    if given is not None and not Path(given).is_dir():
        raise UsageError(f"{given} is not a directory: give the root of a workspace")
    root = find_root(given)
    memory = open_memory(args, root)
    progress = _Progress(sys.stderr) if sys.stderr.isatty() and not args.json else None
    report = memory.index_all(jobs=args.jobs, progress=progress.update if progress else None)
    if progress:
        progress.finish()
    if args.json:
        print(json.dumps({**_report_json(memory, report), "root_because": root.why}, indent=2))
    else:
        _print_report(memory, report, sys.stdout, root)
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


def _print_report(memory: Memory, report: IndexReport, out: TextIO, root: WorkspaceRoot) -> None:
    out.write(f"archmem memory of {memory.root} ({root.why})\n")
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


def _cmd_outline(args: argparse.Namespace) -> int:
    file = Path(args.file)
    if not file.is_file():
        raise UsageError(f"{file} is not a file: give the path of a source file")
    root = root_for_file(args.root, file)
    print(f"archmem outline: {root.describe()}", file=sys.stderr)
    memory = Memory(root.path, rules=FileRules(max_file_size=args.max_file_size), persist=False)
    index = memory.file(file.resolve())
    if index is None:
        raise UsageError(why_out(memory, file))
    if args.json:
        rows = [
            {
                "id": s.id,
                "kind": _kind_label(s.kind),
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
        print(f"{'  ' * d}{_kind_label(s.kind):<11} {lines:<10} {s.signature}{doc}")
    return 0


def _kind_label(kind: SymbolKind) -> str:
    """A kind as the user reads it. LSP has no kind for type aliases (`type X = ...`, typedef, `using`), so
    the memory files them under TypeParameter; printing that name would call an alias a generic parameter."""
    return "type_alias" if kind is SymbolKind.TYPE_PARAMETER else kind.name.lower()


def _cmd_symbols(args: argparse.Namespace) -> int:
    memory = open_memory(args, find_root(args.root))
    memory.index_all(jobs=args.jobs)
    found = search_symbols(memory, args.query, args.limit)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": s.name,
                        "qualname": s.qualname,
                        "kind": _kind_label(s.kind),
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
            print(f"{s.path}:{s.start[0] + 1}: {_kind_label(s.kind):<11} {s.qualname}")
        if not found:
            print(f"no symbol matches {args.query!r}", file=sys.stderr)
    memory.close()
    return 0 if found else 1


# -- explain and generate -----------------------------------------------------------------------------

EXIT_FAILED = 1


def _add_action_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", help=f"workspace root (default: {ROOT_RULE})")
    p.add_argument("--offline", action="store_true", help="use no model: archmem's memory alone")
    p.add_argument("--model", help="the model to ask (overrides ARCHMEM_MODEL)")
    add_context_budget(p)
    add_show_prompt(p)
    add_memory_options(p)


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
    where = location(args)
    client, why_offline = _client(args, "explain")
    log = PromptLog()

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
                prompt_log=log,
                prompt_hint="run `archmem explain` again with --show-prompt",
                context_cap=args.budget,
            )
        finally:
            if client is not None:
                await client.aclose()
        sys.stdout.write(result.markdown)
        show_prompt(args, log, why_offline or "the model gave no answer")
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
    where = location(args)
    client, why_offline = _client(args, "generate")
    log = PromptLog()
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
                    prompt_log=log,
                    context_cap=args.budget,
                )
            finally:
                if client is not None:
                    await client.aclose()
            show_prompt(args, log, why_offline or "an offline scaffold needs no model")
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
            write_atomically(file, result.edit.apply(file.read_bytes()))
        except ValueError as err:
            raise UsageError(f"{err}; nothing written") from err
    print(f"archmem generate: wrote {file}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
