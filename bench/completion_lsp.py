"""Completion's first request through the real server (stdio, the real SDK, the scripted model on loopback):
sent right after the edit, or after the client's pause, in which the server prepares the context ahead.

In a copy of the standard library's `_pydecimal.py` (its own workspace), lines are hidden as
`bench/completion.py` hides them (the line's code deleted, as one partial didChange, the cursor left at its
indentation); each hidden line's first inline completion request is sent either at once after the edit
("at once": the request packs the context itself, as every first request did before
`server/lsp/inline_ahead.py`) or `--pause` seconds after it ("after a pause": the server heard the edit's end
and packed the function's context in the quiet moment), alternately. Wall-clock milliseconds from the request
sent to its answer, the scripted model's loopback round trip and the post-processing included in both, so
only their difference is archmem's preparation; a loaded machine inflates both.

    python bench/completion_lsp.py [--lines 40] [--pause 0.4] [--seed 0]

Prints one line per way and a summary line last.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lsprotocol import types

from bench.completion import hidden_lines, hide, pct
from tests.lsp.actions_harness import Session, serving
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

FILE = "_pydecimal.py"


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lines", type=int, default=40, help="hidden lines, half of them each way")
    p.add_argument("--pause", type=float, default=0.4, help="the client's pause before the request, seconds")
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


def _change(
    session: Session, document: str, version: int, change: types.TextDocumentContentChangeEvent
) -> None:
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[change],
        )
    )


async def _ask(session: Session, document: str, position: types.Position) -> object:
    params = types.InlineCompletionParams(
        text_document=types.TextDocumentIdentifier(uri=document),
        position=position,
        context=types.InlineCompletionContext(trigger_kind=types.InlineCompletionTriggerKind.Automatic),
    )
    return await session.client.text_document_inline_completion_async(params)


async def measure(args: argparse.Namespace) -> dict[str, list[float]]:
    source = Path(sysconfig.get_paths()["stdlib"]) / FILE
    text = source.read_text()
    lines = hidden_lines(text, args.lines, random.Random(f"{args.seed}:{FILE}"), True)
    out: dict[str, list[float]] = {"at once": [], "after a pause": []}
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI() as fake:
        root = Path(tmp) / "ws"
        root.mkdir()
        shutil.copy(source, root / FILE)
        fake.set_handler(lambda _request: fake_openai.text("0"))
        async with serving("neovim@v0.11.0", root, Path(tmp) / "cache", fake.base_url) as session:
            session.client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(
                    settings={"archmem": {"completion": {"fim": "suffix", "deadlineMs": 10_000}}}
                )
            )
            document = session.open(FILE)
            await _ask(session, document, types.Position(line=0, character=0))  # the client uses completion
            await asyncio.sleep(3)  # the idle pass after didOpen
            for i, line in enumerate(lines):
                way = "at once" if i % 2 == 0 else "after a pause"
                # The last hidden line back (a whole-document sync, which says nothing of the cursor), settled.
                _change(session, document, 2 * i + 2, types.TextDocumentContentChangeWholeDocument(text=text))
                await asyncio.sleep(1.5)
                shown, _byte, _code = hide(text, line)
                cursor = types.Position(line=line, character=len(shown.split("\n")[line]))
                end = types.Position(line=line, character=len(text.split("\n")[line]))
                hidden = types.TextDocumentContentChangePartial(
                    range=types.Range(start=cursor, end=end), text=""
                )
                _change(session, document, 2 * i + 3, hidden)
                if way == "after a pause":
                    await asyncio.sleep(args.pause)
                started = time.perf_counter()
                await _ask(session, document, cursor)
                out[way].append((time.perf_counter() - started) * 1000)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    out = asyncio.run(measure(args))
    for way, ms in out.items():
        print(
            f"{way}: p50 {statistics.median(ms):.1f} ms, p95 {pct(ms, 0.95):.1f} ms over {len(ms)} requests"
        )
    once, paused = out["at once"], out["after a pause"]
    print(
        f"SUMMARY completion over LSP ({FILE}): first request p50 {statistics.median(once):.1f} ms at once, "
        f"{statistics.median(paused):.1f} ms after a {args.pause:.1f} s pause (the model's loopback included)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
