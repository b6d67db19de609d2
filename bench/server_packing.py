"""The server's packings as the editor meets them: generate requests through the real server (stdio, the real SDK,
the scripted model on loopback), and what a request waits behind the server's idle pass where the cursor arrived.

The workspace is a corpus (`packing_speed.workspace`: the longest file of each), served by `archmem serve` as an
editor drives it. For each of `--targets` functions of the longest file (a seeded sample of the document's outline):

- **generate**: the function's body selected and "Generate code for lines" listed there and resolved at once, as a
  user picks it (`--edit`: the body first replaced by a stub, Python's `raise NotImplementedError`, others' TODO
  comment, by one partial didChange, and the stub's action resolved; before session 24 the server refused every run
  listed after an incremental edit). The scripted model answers a line of no code and one round is allowed, so the
  request is the server's own work: the baseline checks, the facts, the packing, the prompt, the answer's check.
  Measured: the server process's CPU over the resolve (`/proc/PID/task/*/schedstat`, every thread) and its wall
  time, for the resolves that reached the model (the others are counted as refused). The server is then left quiet
  for `--settle` seconds: its idle passes run there, outside the measurement, as between a user's requests.
- **wait** (`--wait`): at a quiet moment, a code action at the function (the cursor arrives: the server's region
  pass starts after `REGION_S`, 0.2 s), then a hover there 0.22-0.32 s later (seeded), so that it lands inside the
  pass, and its wall time; then the same hover at a quiet moment. Confounded in sqlite3.c (a hover there costs
  70-270 ms itself, and other idle work runs at quiet moments): read with care.

    python bench/server_packing.py [--lang c] [--targets 15] [--seed 0] [--settle 1.5] [--wait] [--edit]

Run from a checkout, with that checkout's Python (its `archmem serve` is the one measured). Prints the samples'
p50 / p95 and a summary line last. CPU timings on a loaded machine are noisy: quote the load.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lsprotocol import types

from bench.completion import pct
from bench.completion_lsp import _change
from bench.packing_speed import workspace
from tests.lsp import actions_harness, harness
from tests.lsp.actions_harness import Session, serving
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

# The cold index of a corpus on a loaded machine takes longer than a test's patience.
actions_harness.eventually = functools.partial(harness.eventually, timeout=600.0)  # type: ignore[assignment]

FUNCTION_KINDS = (types.SymbolKind.Function, types.SymbolKind.Method, types.SymbolKind.Constructor)


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lang", default="c")
    p.add_argument("--targets", type=int, default=15)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--settle", type=float, default=1.5, help="the quiet after each target, seconds")
    p.add_argument("--wait", action="store_true", help="also measure a hover sent during the region pass")
    p.add_argument(
        "--edit",
        action="store_true",
        help="the body replaced by a stub first, not selected (before session 24 the server refused every such run)",
    )
    return p.parse_args(argv)


def cpu_ns(pid: int) -> int:
    """The CPU time of every thread of process `pid` so far, in nanoseconds."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended meanwhile
    return total


def _functions(symbols: Sequence[types.DocumentSymbol]) -> list[types.DocumentSymbol]:
    out: list[types.DocumentSymbol] = []
    for s in symbols:
        if s.kind in FUNCTION_KINDS and s.range.end.line - s.selection_range.start.line >= 3:
            out.append(s)
        out.extend(_functions(s.children or []))
    return out


def _body(lines: list[str], s: types.DocumentSymbol) -> tuple[int, int] | None:
    """The lines strictly inside the function's braces (or after a Python header), first and end (exclusive)."""
    start, end = s.selection_range.start.line, s.range.end.line
    for n in range(start, min(end, start + 8)):
        if lines[n].rstrip().endswith(("{", ":")):
            first = n + 1
            last = end + 1 if lines[end].strip() not in ("}", "};") else end
            return (first, last) if last - first >= 1 else None
    return None


async def _actions(
    session: Session, document: str, at: types.Position, end: types.Position | None = None
) -> list[types.CodeAction]:
    found = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=at, end=end or at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


async def _hover(session: Session, document: str, at: types.Position) -> float:
    started = time.perf_counter()
    await session.client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=document), position=at)
    )
    return (time.perf_counter() - started) * 1000


async def measure(args: argparse.Namespace) -> dict[str, list[float]]:
    root, rel, text, _rules = workspace(args.lang)
    lines = text.split("\n")
    out: dict[str, list[float]] = {"cpu": [], "wall": [], "during": [], "quiet": [], "refused": []}
    # A stub body a generate target is listed for: Python's must still parse.
    comment = "raise NotImplementedError" if rel.endswith(".py") else "// TODO: write this"
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI() as fake:
        fake.set_handler(lambda _request: fake_openai.text("no code here"))
        settings = {"selfDebug": {"rounds": 1}}
        async with serving("neovim@v0.11.0", root, Path(tmp) / "cache", fake.base_url, settings) as session:
            pid = session.client._server.pid  # type: ignore[union-attr]
            document = session.open(rel)
            outline = await session.client.text_document_document_symbol_async(
                types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=document))
            )
            functions = [
                s for s in _functions([s for s in outline or [] if isinstance(s, types.DocumentSymbol)])
            ]
            bodies = [(s, b) for s in functions if (b := _body(lines, s)) is not None]
            sample = random.Random(f"{args.seed}:{rel}").sample(bodies, min(args.targets, len(bodies)))
            delays = random.Random(f"{args.seed}:delays")
            await asyncio.sleep(3 + args.settle)  # the opened file's idle warm-up
            version = 1
            for s, (first, end) in sorted(sample, key=lambda t: t[0].range.start.line):
                indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())] or "    "
                if args.edit:
                    version += 1
                    _change(
                        session,
                        document,
                        version,
                        types.TextDocumentContentChangePartial(
                            range=types.Range(start=types.Position(first, 0), end=types.Position(end, 0)),
                            text=f"{indent}{comment}\n",
                        ),
                    )
                    at = types.Position(first, len(indent) + 3)
                    listed = await _actions(session, document, at)
                    actions = [a for a in listed if "TODO" in a.title or "body" in a.title]
                else:
                    body = types.Range(start=types.Position(first, 0), end=types.Position(end, 0))
                    listed = await _actions(session, document, body.start, body.end)
                    actions = [a for a in listed if "Generate code for lines" in a.title]
                if not actions:
                    print(f"  no action at {rel}:{first + 1}: {[a.title for a in listed]}", file=sys.stderr)
                else:
                    asked = len(fake.chat_requests)
                    before, started = cpu_ns(pid), time.perf_counter()
                    await session.client.code_action_resolve_async(actions[0])
                    wall, cpu = (time.perf_counter() - started) * 1000, (cpu_ns(pid) - before) / 1e6
                    if len(fake.chat_requests) == asked:
                        out["refused"].append(cpu)
                        shown = session.messages[-1].message[:160] if session.messages else ""
                        print(f"  {s.name}: no model request ({shown})", file=sys.stderr, flush=True)
                    else:
                        out["wall"].append(wall)
                        out["cpu"].append(cpu)
                        print(f"  {s.name}: {cpu:.1f} ms CPU", file=sys.stderr, flush=True)
                if args.edit:
                    version += 1
                    _change(
                        session, document, version, types.TextDocumentContentChangeWholeDocument(text=text)
                    )
                await asyncio.sleep(args.settle)
                if args.wait:
                    name = s.selection_range.start
                    await _actions(session, document, name)  # the cursor arrives: the region pass follows
                    await asyncio.sleep(0.2 + delays.uniform(0.02, 0.12))
                    out["during"].append(await _hover(session, document, name))
                    await asyncio.sleep(args.settle)
                    out["quiet"].append(await _hover(session, document, name))
                    await asyncio.sleep(args.settle)
    return out


def _line(ms: list[float]) -> str:
    return f"p50 {statistics.median(ms):.1f} / p95 {pct(ms, 0.95):.1f} ms" if ms else "none"


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    out = asyncio.run(measure(args))
    print(f"generate resolve, server CPU: {_line(out['cpu'])} over {len(out['cpu'])}")
    print(
        f"generate resolve, wall: {_line(out['wall'])}; refused without a model request: {len(out['refused'])}"
    )
    if args.wait:
        print(
            f"hover during the region pass: {_line(out['during'])}; at a quiet moment: {_line(out['quiet'])}"
        )
    load = Path("/proc/loadavg").read_text().split()[0]
    print(
        f"SUMMARY server packing ({args.lang}): generate resolve CPU {_line(out['cpu'])}; "
        f"hover in the region pass {_line(out['during'])}, quiet {_line(out['quiet'])}; load {load}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
