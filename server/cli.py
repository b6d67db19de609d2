"""The `archmem` command line: one entry point, a subcommand per job."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from archmem.indexer.files import FileRules
from archmem.indexer.search import search_symbols
from archmem.indexer.workspace import IndexReport, Memory

EXIT_USAGE = 2


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
    p.add_argument("--limit", type=int, default=30)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_cmd_symbols)

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
    return parser


def _add_memory_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="leave these paths out")
    p.add_argument("--no-store", action="store_true", help="keep the memory in RAM only (nothing written)")
    p.add_argument("--cache-dir", type=Path, help="where the memory is stored (default: user cache dir)")
    p.add_argument("--jobs", type=int, help="parser processes (default: every core)")


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


if __name__ == "__main__":
    raise SystemExit(main())
