"""Prompt size and first-token overhead of explain and generate, on the standard library's longest files.

1. Prompt size at equal definition recall. For functions and methods of the longest stdlib modules, the
   definitions each one uses come from the memory's resolver (`uses()`); a definition is *recalled* when the
   line holding its name is in the prompt. The whole-file prompt (what a plugin without a memory sends)
   recalls every in-file definition and none elsewhere. archmem's packed context is searched for the
   smallest budget that recalls every in-file definition it recalls at all; its tokens are compared with
   the whole file's, and its cross-file recall is reported alongside.
   Explain packs in edit mode around the function; generate packs in generate mode with the function's body
   replaced by `...` in an open buffer (the body is what the model is to write), scored on the definitions
   the real body uses.
2. Overhead to the first streamed token: `explain()` against the scripted OpenAI-compatible server on
   127.0.0.1 that streams its first token at once, from the call to the first text delta (facts, packing,
   prompt, the SDK's request); the server's own time to its first token, measured by a bare HTTP client,
   is subtracted.

    python bench/prompt_size.py [--files 10] [--targets 12] [--overhead-runs 40] [--stdlib PATH]

One summary line last. The numbers go into docs/PERFORMANCE.md, "Generate and explain".
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python bench/prompt_size.py`): make `bench` and `tests.support` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer.context import Packer, tokenizer
from archmem.indexer.files import FileRules
from archmem.indexer.resolve import uses
from archmem.indexer.symbols import CALLABLE_KINDS, SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.explain import explain
from archmem.server.models import Endpoint, ModelClient

from tests.support.fake_openai import FakeOpenAI, stream

EXCLUDES = ("site-packages/", "test/", "tests/", "idlelib/", "lib2to3/", "__phello__/")
MAX_BUDGET = 32768
DEFAULT_BUDGET = 6000  # what an 8k-window endpoint leaves for context (prompting.context_budget)
_KEY_ENV = {"BENCH_KEY": "sk-bench-not-a-real-key"}


@dataclass(frozen=True)
class Row:
    path: str
    qualname: str
    mode: str
    in_file: int
    cross_file: int
    whole_tokens: int
    archmem_tokens: int  # at the smallest budget with archmem's best in-file recall
    archmem_in_recall: float
    archmem_cross_recall: float
    default_tokens: int  # at DEFAULT_BUDGET
    default_in_recall: float


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--targets", type=int, default=12, help="functions per file")
    parser.add_argument("--overhead-runs", type=int, default=40)
    parser.add_argument("--stdlib", default=sysconfig.get_paths()["stdlib"])
    args = parser.parse_args()

    started = time.perf_counter()
    memory = Memory(args.stdlib, rules=FileRules(excludes=EXCLUDES), persist=False)
    report = memory.index_all()
    print(f"indexed {report.files} files of {args.stdlib} in {time.perf_counter() - started:.1f} s")
    files: list[str] = []
    rows: list[Row] = []
    for path in longest_files(memory):
        targets = pick_targets(memory, path, args.targets)
        if not targets:
            continue  # a data module (pydoc_data/topics.py): nothing to explain or generate
        if len(files) == args.files:
            break
        files.append(path)
        for symbol in targets:
            rows.append(measure(memory, symbol, "edit"))
            rows.append(measure(memory, symbol, "generate"))
        print(f"  {path}: {len(targets)} targets")
    print_rows(rows)
    overhead = asyncio.run(first_token_overhead(memory, files, args.overhead_runs))
    summary(rows, overhead)
    return 0


def longest_files(memory: Memory) -> list[str]:
    sizes = [(memory.abspath(p).stat().st_size, p) for p in memory.files() if p.endswith(".py")]
    return [p for _size, p in sorted(sizes, reverse=True)]


def pick_targets(memory: Memory, path: str, count: int) -> list[SymbolNode]:
    """Functions of at least 4 lines that use a definition, evenly spread over the file."""
    index = memory.file(path)
    assert index is not None
    found = [
        s
        for s in index.symbols
        if s.kind in CALLABLE_KINDS
        and s.end[0] - s.start[0] >= 3
        and any(d.path == path for d in used(memory, s))
    ]
    step = max(1, len(found) // count)
    return found[::step][:count]


def used(memory: Memory, symbol: SymbolNode) -> list[SymbolNode]:
    out: list[SymbolNode] = []
    for target in uses(memory, symbol):
        s = target.symbol
        if s is None or s.kind is SymbolKind.MODULE:
            continue
        if s.path == symbol.path and symbol.start_byte <= s.start_byte < symbol.end_byte:
            continue
        out.append(s)
    return out


def recall(packed_lines: dict[str, frozenset[int]], needed: list[tuple[str, int]]) -> float:
    """The share of (path, 1-based line of the name) pairs whose line is in the prompt."""
    if not needed:
        return 1.0
    return sum(1 for path, line in needed if line in packed_lines.get(path, frozenset())) / len(needed)


def name_lines(memory: Memory, symbols: list[SymbolNode]) -> list[tuple[str, int]]:
    """Where each symbol's name is now (an open buffer may have moved it)."""
    out: list[tuple[str, int]] = []
    for s in symbols:
        index = memory.file(s.path)
        now = index.by_id.get(s.id) if index is not None else None
        out.append((s.path, (now or s).name_start[0] + 1))
    return out


def measure(memory: Memory, symbol: SymbolNode, mode: str) -> Row:
    path = symbol.path
    text = memory.text(path) or b""
    needed = used(memory, symbol)
    in_file = [s for s in needed if s.path == path]
    cross = [s for s in needed if s.path != path]
    whole_tokens = tokenizer().count(text.decode("utf-8", "replace"))
    if mode == "generate":
        stubbed = stub_body(text, symbol)
        memory.open_document(path, stubbed)
        line = stubbed.count(b"\n", 0, symbol.body_start_byte)
        col = symbol.body_start_byte - (stubbed.rfind(b"\n", 0, symbol.body_start_byte) + 1)
    else:
        line, col = symbol.name_start
    packer = Packer(memory)
    in_lines, cross_lines = name_lines(memory, in_file), name_lines(memory, cross)
    try:

        def pack(budget: int) -> tuple[int, float, float]:
            packed = packer.pack(path, line, col, budget, "generate" if mode == "generate" else "edit")
            lines = {p: packed.included_lines(p) for p in {s.path for s in needed} | {path}}
            return packed.tokens, recall(lines, in_lines), recall(lines, cross_lines)

        best_tokens, best_in, best_cross = pack(MAX_BUDGET)
        low, high = 256, MAX_BUDGET
        while high - low > 64:
            middle = (low + high) // 2
            tokens, in_recall, cross_recall = pack(middle)
            if in_recall >= best_in:
                high = middle
                best_tokens, best_cross = tokens, cross_recall
            else:
                low = middle
        default_tokens, default_in, _ = pack(DEFAULT_BUDGET)
    finally:
        if mode == "generate":
            memory.close_document(path)
    return Row(
        path,
        symbol.qualname,
        "explain" if mode == "edit" else "generate",
        len(in_file),
        len(cross),
        whole_tokens,
        best_tokens,
        best_in,
        best_cross,
        default_tokens,
        default_in,
    )


def stub_body(text: bytes, symbol: SymbolNode) -> bytes:
    """The text with the function's body replaced by `...` (its docstring, if any, kept out too)."""
    return text[: symbol.body_start_byte] + b"..." + text[symbol.body_end_byte :]


def print_rows(rows: list[Row]) -> None:
    print(
        f"\n{'mode':<9}{'file':<18}{'targets':>8}{'whole file':>12}{'archmem':>9}{'in-file':>9}{'x-file':>8}"
    )
    for mode in ("explain", "generate"):
        by_file: dict[str, list[Row]] = {}
        for row in rows:
            if row.mode == mode:
                by_file.setdefault(row.path, []).append(row)
        for path, group in by_file.items():
            print(
                f"{mode:<9}{path[-17:]:<18}{len(group):>8}"
                f"{statistics.median(r.whole_tokens for r in group):>12.0f}"
                f"{statistics.median(r.archmem_tokens for r in group):>9.0f}"
                f"{100 * statistics.mean(r.archmem_in_recall for r in group):>8.0f}%"
                f"{_cross(group):>8}"
            )


def _cross(group: list[Row]) -> str:
    with_cross = [r for r in group if r.cross_file]
    if not with_cross:
        return "-"
    return f"{100 * statistics.mean(r.archmem_cross_recall for r in with_cross):.0f}%"


async def first_token_overhead(memory: Memory, files: list[str], runs: int) -> dict[str, float]:
    """Median ms from `explain()` to its first streamed token, minus the fake server's own first-token
    time (a bare HTTP request to it), over `runs` targets of the given files."""
    targets = [s for path in files for s in pick_targets(memory, path, max(1, runs // len(files) + 1))][:runs]
    # One packer for the memory, as the server keeps: its per-file caches are warm after the first use.
    packer = Packer(memory)
    with FakeOpenAI() as fake:
        fake.set_handler(lambda _request: stream(["The", " answer."]))
        endpoint = Endpoint(name="bench", model="fake-model", base_url=fake.base_url, api_key_env="BENCH_KEY")
        server_ms = [bare_first_token_ms(fake.port) for _ in range(20)]
        async with ModelClient(endpoint, _KEY_ENV) as client:
            # The first request opens the connection and warms the SDK; measured requests reuse both.
            for path in dict.fromkeys(s.path for s in targets):
                warm = next(s for s in targets if s.path == path)
                await explain(memory, path, *warm.name_start, client=client, packer=packer)
            totals: list[float] = []
            for symbol in targets:
                first: list[float] = []

                def on_text(_text: str, first: list[float] = first) -> None:
                    if not first:
                        first.append(time.perf_counter())

                started = time.perf_counter()
                await explain(
                    memory, symbol.path, *symbol.name_start, client=client, packer=packer, on_text=on_text
                )
                totals.append((first[0] - started) * 1000)
    server = statistics.median(server_ms)
    total = statistics.median(totals)
    return {
        "total_ms": total,
        "server_ms": server,
        "overhead_ms": total - server,
        "p90_ms": sorted(totals)[int(0.9 * (len(totals) - 1))] - server,
        "runs": len(totals),
    }


def bare_first_token_ms(port: int) -> float:
    """The fake server's own time to its first streamed token, for a minimal request on a new connection."""
    body = json.dumps(
        {"model": "fake-model", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    )
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read(1)
    elapsed = (time.perf_counter() - started) * 1000
    response.read()
    connection.close()
    return elapsed


def summary(rows: list[Row], overhead: dict[str, float]) -> None:
    for mode in ("explain", "generate"):
        group = [r for r in rows if r.mode == mode]
        whole = statistics.median(r.whole_tokens for r in group)
        packed = statistics.median(r.archmem_tokens for r in group)
        saved = 1 - sum(r.archmem_tokens for r in group) / sum(r.whole_tokens for r in group)
        full = sum(1 for r in group if r.archmem_in_recall >= 1.0) / len(group)
        default_recall = statistics.mean(r.default_in_recall for r in group)
        print(
            f"{mode}: {len(group)} targets; whole file median {whole:.0f} tokens, archmem median {packed:.0f} "
            f"tokens at its best in-file recall ({100 * full:.0f}% of targets at 100%); {100 * saved:.0f}% of "
            f"tokens saved; at the default {DEFAULT_BUDGET}-token budget in-file recall "
            f"{100 * default_recall:.0f}%"
        )
    print(
        f"first token: explain median {overhead['total_ms']:.1f} ms, fake server alone "
        f"{overhead['server_ms']:.1f} ms, archmem overhead median {overhead['overhead_ms']:.1f} ms, "
        f"p90 {overhead['p90_ms']:.1f} ms over {overhead['runs']:.0f} targets (target: 50 ms)"
    )
    explain_rows = [r for r in rows if r.mode == "explain"]
    ratio = statistics.median(r.whole_tokens / max(1, r.archmem_tokens) for r in explain_rows)
    in_recall = statistics.mean(r.archmem_in_recall for r in explain_rows)
    cross = [r for r in explain_rows if r.cross_file]
    cross_recall = statistics.mean(r.archmem_cross_recall for r in cross) if cross else 1.0
    print(
        f"prompt size: {ratio:.1f}x smaller than the whole file (median) at {100 * in_recall:.0f}% in-file "
        f"definition recall, cross-file recall {100 * cross_recall:.0f}% (whole file: 0%); first-token overhead "
        f"{overhead['overhead_ms']:.1f} ms median (target 50 ms)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
