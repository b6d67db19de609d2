"""Completion bench: archmem's own latency around the model, the prompt's context recall, offline names.

On the largest files of this machine's standard library (and of rxjs 7.8.1, TypeScript, fetched from npm
by bench/reference_noise.py) with the memory warm (indexed, and each file opened and warmed by the
server's idle pass after didOpen before its first hidden line: `indexer/warm.py`, and the file's lines
counted for completion, `inline.warm_counts`, and its ranked names resolved from a method of each class,
`inline_warm.py`; `--cold-open` skips that pass), one line at a time is hidden (the cursor left at its indentation, as when the line is about to be
typed):

- latency of archmem's part: the request's preparation (the FIM prompt with the packed context: request
  arrival to the model request leaving) and the answer's post-processing (cut, de-duplicate, syntax check:
  model answer to the reply), p50/p95; the scripted model's round trip (the real openai SDK against
  tests/support/fake_openai.py on loopback) is shown apart.
- context recall: of the definitions the hidden line uses, the fraction whose header line the prompt holds,
  against a prefix+suffix window of the same token count (llm-ls/LSP-AI style), also by distance. Python:
  the file's module-level definitions (and the enclosing class's methods, for `self.x`) per `ast`, less the
  names the enclosing function binds itself. TypeScript: what the TypeScript language service
  (`ts_locations.js`) gives as the definitions of the line's identifiers, in the package and outside the
  line's own function. Every miss is listed.
- offline name completion: at hidden identifiers (two characters typed), p95 and whether the name is in
  the top 5 of `textDocument/completion`'s engine; on the stdlib also jedi-language-server and basedpyright
  at a share of the same identifiers (`completion_peers.py`).
- the garbage collector runs as the server runs it (indexer/heap.py, server/lsp/collector.py, as in
  packing_speed.py): what indexing leaves is frozen by `index_all`, the oldest generation's automatic pass waits ten times
  longer, and a full pass runs at the idle moment before each hidden line (outside the timed requests);
  otherwise a full pass over the indexed stdlib (20-40 ms) lands in whichever request allocates past the
  threshold, which the server defers to its idle moments.
- `--endpoint URL --model NAME`: a real model completes each hidden line with and without the memory's
  context; exact match and edit similarity. Without it, the scripted model checks only the plumbing.

    python bench/completion.py [--files 6] [--positions 30] [--budget 1500] [--seed 0] [--no-ts]
        [--no-peers] [--peer-positions 8] [--names-only] [--cold-open] [--endpoint URL --model NAME]

Prints the tables and one summary line last.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import difflib
import gc
import hashlib
import random
import statistics
import sys
import sysconfig
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer.context.pack import Packer
from archmem.indexer.context.tokens import tokenizer
from archmem.indexer.files import FileRules
from archmem.indexer.heap import tidy
from archmem.indexer.warm import warm
from archmem.indexer.workspace import Memory
from archmem.server.actions import inline, inline_ahead
from archmem.server.actions.complete import complete
from archmem.server.actions.inline_warm import warm_group_answers, warmed
from archmem.server.lsp.collector import BACKSTOP, PENDING
from archmem.server.models.client import ModelClient
from archmem.server.models.endpoints import Endpoint

from bench import completion_peers as peers
from bench.completion_ts import OTHER_FILE, TsLine, function_lines, identifiers_at, ts_recall
from tests.support import fake_openai

FAR_TOKENS = 8000


@dataclass
class Run:
    before_ms: list[float] = field(default_factory=list)  # the first request at a hidden line
    # Its CPU time (this process): on a loaded machine the wall clock also counts the other processes' turns.
    before_cpu_ms: list[float] = field(default_factory=list)
    typing_ms: list[float] = field(default_factory=list)  # keystrokes after it, typing the hidden code
    after_ms: list[float] = field(default_factory=list)
    after_cpu_ms: list[float] = field(default_factory=list)
    # `--cursor-first`: the context prepared when the cursor arrived (`inline_ahead.prepare`), CPU ms apart.
    ahead_cpu_ms: list[float] = field(default_factory=list)
    # `--idle-functions N`: per quiet moment (after the open, after each line finished), the CPU ms of the pass
    # preparing the N functions nearest the last edit (`inline_ahead.prepare_functions`) and how many it packed;
    # whether each first request found its function prepared; the contexts kept (count, characters) at its end.
    pass_cpu_ms: list[float] = field(default_factory=list)
    pass_packed: list[int] = field(default_factory=list)
    found_prepared: list[bool] = field(default_factory=list)
    held: list[tuple[int, int]] = field(default_factory=list)
    model_ms: list[float] = field(default_factory=list)
    names_ms: list[float] = field(default_factory=list)
    names_cpu_ms: list[float] = field(default_factory=list)  # the same calls' CPU time (this process)
    names_hit: list[bool] = field(default_factory=list)
    names_top: list[list[str]] = field(default_factory=list)  # archmem's first 5 at each hidden identifier
    names_rank: list[int | None] = field(default_factory=list)  # where the hidden name came, if offered
    names_edit_ms: list[float] = field(default_factory=list)  # the full-text edit applied, then completion
    name_spots: list[peers.Spot] = field(default_factory=list)
    peers: dict[str, peers.PeerRun | None] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)  # definitions used that the prompt left out
    asked_peers: list[bool] = field(default_factory=list)  # which name spots the peers were asked about too
    # (definition found by archmem's prompt, by the window, tokens between definition and cursor, or
    # OTHER_FILE)
    recall: list[tuple[bool, bool, int]] = field(default_factory=list)
    # TypeScript: the identifiers of the hidden lines (file, UTF-16 offset) the TypeScript language service
    # is asked about, and per hidden line what their definitions are checked against (see `ts_recall`).
    ts_queries: list[tuple[str, int]] = field(default_factory=list)
    ts_lines: list[TsLine] = field(default_factory=list)
    # SHA-1 of every prompt built (first requests and keystrokes): a speed change must leave it the same.
    prompts: hashlib._Hash = field(default_factory=hashlib.sha1)
    # Per idle pass (after didOpen, and after a request whose edit started the file's kept answers anew): the
    # names resolved and lines counted, and its CPU ms.
    warmed: list[tuple[int, float]] = field(default_factory=list)
    exact: dict[str, list[bool]] = field(default_factory=lambda: {"memory": [], "window": []})
    similar: dict[str, list[float]] = field(default_factory=lambda: {"memory": [], "window": []})


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=6, help="largest files per corpus")
    p.add_argument("--positions", type=int, default=30, help="hidden lines per file")
    p.add_argument("--budget", type=int, default=1500, help="context tokens (completion.contextBudget)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-ts", action="store_true", help="skip rxjs (needs npm the first time)")
    p.add_argument("--no-peers", action="store_true", help="skip jedi-language-server and basedpyright")
    p.add_argument(
        "--peer-positions", type=int, default=8, help="hidden identifiers per file asked of the peers"
    )
    p.add_argument(
        "--names-only", action="store_true", help="offline names alone (no prompts, recall or model)"
    )
    p.add_argument(
        "--cold-open",
        action="store_true",
        help="skip the server's idle pass after didOpen (warm.py, warm_counts) before a file's first hidden line",
    )
    p.add_argument(
        "--cursor-first",
        nargs="?",
        const="same",
        choices=("same", "above"),
        help="the server hears the cursor arrive before the first request at the line and prepares the "
        "function's context at that quiet moment (server/actions/inline_ahead.py; its CPU shown apart): "
        "'same' (the default) at the blanked line, from the request's own text; 'above' at the end of the "
        "line above before the new line exists (the request's text is that edit later: its prompts differ)",
    )
    p.add_argument(
        "--idle-functions",
        type=int,
        default=0,
        metavar="N",
        help="no cursor hint (Neovim, Helix): at the quiet moment after the file is opened and after each hidden "
        "line is finished (the text then differs from any before it, as new code does: every context prepared "
        "before is dropped), the server packs the contexts of the N functions nearest the last edit "
        "(server/actions/inline_ahead.prepare_functions; its CPU shown apart); a first request whose function "
        "was not among them packs itself, and both are reported",
    )
    p.add_argument("--endpoint", help="a real OpenAI-compatible endpoint (base URL) to measure quality")
    p.add_argument("--model", help="the model at --endpoint")
    return p.parse_args(argv)


def largest(memory: Memory, suffixes: tuple[str, ...], count: int) -> list[str]:
    files = [
        p for p in memory.files() if p.endswith(suffixes) and "test" not in p and not p.endswith(".d.ts")
    ]
    return sorted(files, key=lambda p: -len(memory.text(p) or b""))[:count]


def hidden_lines(text: str, count: int, rng: random.Random, python: bool) -> list[int]:
    """0-based lines of simple one-line statements inside function bodies (Python by `ast`; otherwise
    lines ending in `;` that are indented)."""
    lines = text.splitlines()
    found: list[int] = []
    if python:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for stmt in node.body[1:]:
                    if (
                        isinstance(stmt, ast.Assign | ast.Return | ast.Expr)
                        and stmt.lineno == stmt.end_lineno
                    ):
                        found.append(stmt.lineno - 1)
    else:
        found = [i for i, line in enumerate(lines) if line.startswith("    ") and line.rstrip().endswith(";")]
    return sorted(rng.sample(found, min(count, len(found))))


def hide(text: str, line: int) -> tuple[str, int, str]:
    """The text with the line's code removed (its indentation kept), the cursor's byte, the hidden code."""
    lines = text.split("\n")
    code = lines[line]
    indent = code[: len(code) - len(code.lstrip())]
    lines[line] = indent
    shown = "\n".join(lines)
    before = "\n".join(lines[:line]) + ("\n" if line else "") + indent
    return shown, len(before.encode("utf-8")), code.strip()


def unwritten(text: str, line: int) -> tuple[str, int]:
    """The text before the line was started (the line gone), and the byte at the end of the line above."""
    lines = text.split("\n")
    above = "\n".join(lines[:line])
    return "\n".join(lines[:line] + lines[line + 1 :]), len(above.encode("utf-8"))


def definitions_used(tree: ast.Module, source: str, line: int, code: str) -> dict[str, int]:
    """Module-level definitions (and the enclosing class's methods for `self.x`) the hidden code uses:
    name -> 0-based line of its header."""
    try:
        used = ast.parse(code.removeprefix("return ").strip() or "0")
    except SyntaxError:
        return {}
    # A name the enclosing function binds (a parameter, an assignment anywhere in it) is its local there,
    # not the module's definition of that name (`doc = getdoc(object)` inside pydoc's methods).
    names = {n.id for n in ast.walk(used) if isinstance(n, ast.Name)} - local_names(tree, line)
    members = {
        n.attr
        for n in ast.walk(used)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"
    }
    out: dict[str, int] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and stmt.name in names:
            out[stmt.name] = stmt.lineno - 1
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and target.id in names:
                    out[target.id] = stmt.lineno - 1
        if isinstance(stmt, ast.ClassDef) and stmt.lineno - 1 <= line < (stmt.end_lineno or 0):
            for member in stmt.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef) and member.name in members:
                    out["self." + member.name] = member.lineno - 1
    return {name: at for name, at in out.items() if at != line}


def local_names(tree: ast.Module, line: int) -> set[str]:
    """The names the innermost function around 0-based `line` binds itself (parameters, assignment and loop
    targets, imports, nested definitions), less those it declares `global`/`nonlocal`."""
    around = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.lineno - 1 <= line < (node.end_lineno or 0)
    ]
    if not around:
        return set()
    function = max(around, key=lambda node: node.lineno)
    arguments = function.args
    bound = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    bound |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    declared: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).partition(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node is not function:
            bound.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            declared |= set(node.names)
    return bound - declared


def window(text: str, byte: int, tokens: int) -> str:
    """The prefix+suffix window of `tokens` tokens around the cursor: three quarters before, one after."""
    count = tokenizer().count
    before = text.encode()[:byte].decode("utf-8", "replace").split("\n")
    after = text.encode()[byte:].decode("utf-8", "replace").split("\n")
    kept_before: list[str] = []
    used = 0
    for piece in reversed(before):
        used += count(piece + "\n")
        if used > tokens * 3 // 4:
            break
        kept_before.insert(0, piece)
    kept_after: list[str] = []
    for piece in after:
        used += count(piece + "\n")
        if used > tokens:
            break
        kept_after.append(piece)
    return "\n".join(kept_before) + "\n".join(kept_after)


def measure_file(memory: Memory, packer: Packer, path: str, args: argparse.Namespace, run: Run) -> None:
    contexts = inline.ContextCache(kept=max(32, args.idle_functions + 32))
    raw = memory.text(path) or b""
    original = memory.file(path)
    text = raw.decode("utf-8", "replace")
    python = path.endswith(".py")
    tree = ast.parse(text) if python else None
    source_lines = text.split("\n")
    count = tokenizer().count
    rng = random.Random(f"{args.seed}:{path}")
    if not args.cold_open:
        # The editor opens the file before anything is typed in it, and the server warms it at the first
        # quiet moment after didOpen (server/lsp/warmup.py): the answers that pass fills follow the edits.
        memory.open_document(path, raw, 1)
        idle_pass(memory, packer, path, run)
    near = 0  # the last edit's place: after the open, none known (the top)
    for version, line in enumerate(hidden_lines(text, args.positions, rng, python), start=2):
        if gc.get_count()[2] >= PENDING:
            tidy()  # the server's idle pass (collector.py): the user paused before the new line
        if not args.cold_open and not warmed(memory, path):
            # The last request's edit started the file's kept answers anew: the server warms the file again at
            # this quiet moment (`InlineCompletions.warm_later`).
            idle_pass(memory, packer, path, run)
        shown, byte, code = hide(text, line)
        if args.idle_functions:
            # The pause before the line is written: the pass sees the file without the hidden code (preparing
            # from the file as it was opened would read the answer into the context). As new code would, the last
            # hidden line typed to its end leaves every context prepared before it stale: dropped.
            memory.open_document(path, shown, version * 10 + 9)
            if version > 2:
                contexts = inline.ContextCache(kept=args.idle_functions + 32)
            cpu = time.process_time()
            packed, _ = inline_ahead.prepare_functions(
                memory, packer, path, near, args.budget, contexts, args.idle_functions
            )
            run.pass_cpu_ms.append((time.process_time() - cpu) * 1000)
            run.pass_packed.append(packed)
            run.held.append(contexts.held())
            if gc.get_count()[2] >= PENDING:
                tidy()  # the collector's idle pass, which the server runs in the quiet after the pass too
        near = byte
        if args.cursor_first == "above":
            # The cursor arrives at the end of the line above before the new line exists, the user pauses (the
            # server prepares the context from that text), then starts the line: an edit inside the function.
            without, at = unwritten(text, line)
            memory.open_document(path, without, version * 10)
            cpu = time.process_time()
            inline_ahead.prepare(memory, packer, path, at, args.budget, contexts)
            run.ahead_cpu_ms.append((time.process_time() - cpu) * 1000)
        memory.open_document(path, shown, version)
        if args.cursor_first == "same":
            # The cursor arrives at the line about to be typed (the editor asks for the code actions there) and
            # the user pauses: the server prepares the function's context from this very text, off the request.
            cpu = time.process_time()
            inline_ahead.prepare(memory, packer, path, byte, args.budget, contexts)
            run.ahead_cpu_ms.append((time.process_time() - cpu) * 1000)
        if args.idle_functions:
            run.found_prepared.append(
                inline.is_kept(memory, path, shown.encode(), byte, args.budget, contexts)
            )
        started, cpu = time.perf_counter(), time.process_time()
        prompt = inline.prompt_at(memory, packer, path, shown.encode(), byte, args.budget, contexts)
        run.before_ms.append((time.perf_counter() - started) * 1000)
        run.before_cpu_ms.append((time.process_time() - cpu) * 1000)
        digest(run, prompt)
        started, cpu = time.perf_counter(), time.process_time()
        inline.finish(prompt, code, memory, path, shown.encode(), byte)
        run.after_ms.append((time.perf_counter() - started) * 1000)
        run.after_cpu_ms.append((time.process_time() - cpu) * 1000)
        for typed in range(1, min(4, len(code))):
            # The user types the line's first characters (differently from any suggestion shown).
            now = shown.encode()[:byte] + code[:typed].encode() + shown.encode()[byte:]
            memory.open_document(path, now, version * 10 + typed)
            started = time.perf_counter()
            typed_prompt = inline.prompt_at(memory, packer, path, now, byte + typed, args.budget, contexts)
            run.typing_ms.append((time.perf_counter() - started) * 1000)
            digest(run, typed_prompt)
        whole = prompt.before + prompt.suffix
        baseline = window(shown, byte, prompt.prompt_tokens)
        if tree is not None:
            for at in definitions_used(tree, text, line, code).values():
                header = source_lines[at].strip()
                between = "\n".join(source_lines[min(at, line) : max(at, line)])
                run.recall.append((header in whole, header in baseline, count(between)))
                if header not in whole:
                    run.misses.append(f"{path}:{line + 1} `{code}` needs {header} (line {at + 1})")
        else:
            first = len(run.ts_queries)
            run.ts_queries += [(path, offset) for offset in identifiers_at(text, line)]
            span = function_lines(memory, path, original, line)
            run.ts_lines.append(TsLine(path, line, span, whole, baseline, range(first, len(run.ts_queries))))
    memory.close_document(path)


def idle_pass(memory: Memory, packer: Packer, path: str, run: Run) -> None:
    """The server's idle pass in the open file (`server/lsp/warmup.py`: `warm`, then completion's part)."""
    doc = memory.document(path)
    assert doc is not None
    cpu = time.process_time()
    names = warm(memory, path) + inline.warm_counts(packer, doc.text) + warm_group_answers(memory, path)
    run.warmed.append((names, (time.process_time() - cpu) * 1000))


def digest(run: Run, prompt: inline.FimPrompt) -> None:
    """Adds every field of `prompt` to the run's SHA-1: a change for speed must leave the prompts the same."""
    fields = (prompt.context, prompt.prefix, prompt.suffix, prompt.shape, prompt.indent, prompt.after)
    numbers = (prompt.context_tokens, prompt.prompt_tokens)
    run.prompts.update(repr((fields, numbers)).encode())


def measure_names(memory: Memory, path: str, args: argparse.Namespace, run: Run) -> None:
    """Hide the rest of an identifier used in a function body after its first two characters."""
    raw = memory.text(path) or b""
    rng = random.Random(f"names:{args.seed}:{path}")
    index = memory.file(path)
    if index is None:
        return
    spots: list[tuple[int, str]] = []
    for symbol in index.symbols[1:]:
        if not symbol.has_body:
            continue
        body = raw[symbol.body_start_byte : symbol.body_end_byte]
        for ref in symbol.refs:
            name = ref.rpartition(".")[2]
            at = (
                body.find(b"." + name.encode() + b"(")
                if "." in ref
                else body.find(b" " + name.encode() + b"(")
            )
            if len(name) >= 4 and at >= 0:
                spots.append((symbol.body_start_byte + at + 1, name))
    for version, (start, name) in enumerate(rng.sample(spots, min(args.positions, len(spots))), start=2):
        end = start + len(name.encode())
        shown = raw[: start + 2] + raw[end:]
        started = time.perf_counter()
        memory.open_document(path, shown, version)
        edited, cpu = time.perf_counter(), time.process_time()
        found = complete(memory, path, shown, start + 2)
        run.names_ms.append((time.perf_counter() - edited) * 1000)
        run.names_cpu_ms.append((time.process_time() - cpu) * 1000)
        run.names_edit_ms.append((time.perf_counter() - started) * 1000)
        offered = [c.label for c in found.candidates]
        run.names_rank.append(offered.index(name) if name in offered else None)
        run.names_top.append(offered[:5])
        run.names_hit.append(name in offered[:5])
        run.name_spots.append(peers.spot(path, shown, start + 2, name[:2], name))
    memory.close_document(path)


def model_leg(samples: int) -> list[float]:
    """The scripted model's round trip through the real SDK: what the latency above leaves out."""

    async def go() -> list[float]:
        with fake_openai.FakeOpenAI() as fake:
            fake.set_handler(lambda _request: fake_openai.text("value = compute(x)"))
            endpoint = Endpoint(name="scripted", model="fake-model", base_url=fake.base_url)
            out: list[float] = []
            async with ModelClient(endpoint, {}) as client:
                for _ in range(samples):
                    started = time.perf_counter()
                    await client.fill_in_middle("x = ", suffix="\n", max_tokens=32, stop=["\n"])
                    out.append((time.perf_counter() - started) * 1000)
            return out[1:]  # the first includes the SDK's import

    return asyncio.run(go())


def quality(memory: Memory, packer: Packer, paths: list[str], args: argparse.Namespace, run: Run) -> None:
    endpoint = Endpoint(name="bench", model=args.model, base_url=args.endpoint, deadline_s=60.0)

    async def go() -> None:
        async with ModelClient(endpoint, dict(__import__("os").environ)) as client:
            for path in paths:
                text = (memory.text(path) or b"").decode("utf-8", "replace")
                rng = random.Random(f"{args.seed}:{path}")
                for line in hidden_lines(text, args.positions, rng, path.endswith(".py")):
                    shown, byte, code = hide(text, line)
                    memory.open_document(path, shown, 1)
                    for label, budget in (("memory", args.budget), ("window", 0)):
                        prompt = inline.prompt_at(memory, packer, path, shown.encode(), byte, budget)
                        answer = await inline.ask(client, prompt, "auto", 128, ())
                        done = inline.finish(prompt, answer, memory, path, shown.encode(), byte)[0] or ""
                        run.exact[label].append(done.strip() == code)
                        run.similar[label].append(difflib.SequenceMatcher(None, done.strip(), code).ratio())
                memory.close_document(path)

    asyncio.run(go())


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def fraction(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else float("nan")


def report(name: str, run: Run) -> list[str]:
    out = [f"## {name}"]
    if run.before_ms:
        out += [
            f"archmem before the model, first request in a function: p50 {pct(run.before_ms, 0.5):.1f} ms, "
            f"p95 {pct(run.before_ms, 0.95):.1f} ms over {len(run.before_ms)} requests (CPU time p50 "
            f"{pct(run.before_cpu_ms, 0.5):.1f} ms, p95 {pct(run.before_cpu_ms, 0.95):.1f} ms)",
            f"archmem before the model, keystrokes after it: p50 {pct(run.typing_ms, 0.5):.1f} ms, "
            f"p95 {pct(run.typing_ms, 0.95):.1f} ms over {len(run.typing_ms)} requests",
            f"archmem after the model (post-processing): p50 {pct(run.after_ms, 0.5):.1f} ms, p95 "
            f"{pct(run.after_ms, 0.95):.1f} ms (CPU time p50 {pct(run.after_cpu_ms, 0.5):.1f} ms, p95 "
            f"{pct(run.after_cpu_ms, 0.95):.1f} ms)",
            f"prompts' SHA-1 (every field of every prompt built): {run.prompts.hexdigest()}",
        ]
    if run.ahead_cpu_ms:
        out.append(
            f"context prepared as the cursor arrived (--cursor-first; off the request, untimed above): CPU p50 "
            f"{pct(run.ahead_cpu_ms, 0.5):.1f} ms, p95 {pct(run.ahead_cpu_ms, 0.95):.1f} ms over "
            f"{len(run.ahead_cpu_ms)} arrivals"
        )
    if run.pass_cpu_ms:
        hit = [c for c, found in zip(run.before_cpu_ms, run.found_prepared, strict=True) if found]
        miss = [c for c, found in zip(run.before_cpu_ms, run.found_prepared, strict=True) if not found]
        out += [
            f"first requests whose function was prepared in the pause before (--idle-functions): {len(hit)} of "
            f"{len(run.found_prepared)}, CPU p50 {pct(hit, 0.5):.1f} ms, p95 {pct(hit, 0.95):.1f} ms; not prepared: "
            f"{len(miss)}, CPU p50 {pct(miss, 0.5):.1f} ms, p95 {pct(miss, 0.95):.1f} ms",
            f"the passes preparing them (off the request, untimed above): {len(run.pass_cpu_ms)} pauses, "
            f"{sum(run.pass_packed)} contexts packed, CPU per pause p50 {pct(run.pass_cpu_ms, 0.5):.0f} ms, p95 "
            f"{pct(run.pass_cpu_ms, 0.95):.0f} ms, total {sum(run.pass_cpu_ms) / 1000:.1f} s; kept after a pass: "
            f"at most {max(n for n, _ in run.held)} contexts, "
            f"{max(chars for _, chars in run.held) / 1000:.0f} k characters",
        ]
    if run.warmed:
        out.append(
            f"idle pass after didOpen (indexer/warm.py, inline.warm_counts, inline_warm.py; untimed above): "
            f"{sum(n for n, _ in run.warmed)} names and lines "
            f"in {sum(ms for _, ms in run.warmed):.0f} ms CPU over {len(run.warmed)} passes"
        )
    firsts = [rank == 0 for rank in run.names_rank]
    out.append(
        f"offline names: archmem p95 {pct(run.names_ms, 0.95):.2f} ms (with the edit applied "
        f"{pct(run.names_edit_ms, 0.95):.1f} ms), top-1 hit {fraction(firsts):.2f}, top-5 hit "
        f"{fraction(run.names_hit):.2f} over {len(run.names_hit)} hidden identifiers"
    )
    if run.asked_peers:
        same = [i for i, asked in enumerate(run.asked_peers) if asked]
        out.append(
            f"  archmem on the peers' {len(same)}: p95 {pct([run.names_ms[i] for i in same], 0.95):.2f} ms "
            f"({pct([run.names_edit_ms[i] for i in same], 0.95):.1f} ms with the edit), top-5 hit "
            f"{fraction([run.names_hit[i] for i in same]):.2f}"
        )
    for peer, found in run.peers.items():
        if found is None:
            out.append(f"  {peer}: not installed (pip install -e '.[bench]')")
        else:
            out.append(
                f"  {peer}: p95 {pct(found.ms, 0.95):.1f} ms (change + completion over stdio), top-5 hit "
                f"{fraction(found.hits):.2f} over {len(found.hits)}"
                + (f", {found.failed} failed" if found.failed else "")
            )
    if run.recall:
        far = [r for r in run.recall if r[2] > FAR_TOKENS]
        out.append(
            f"context recall: archmem {fraction([r[0] for r in run.recall]):.2f}, window "
            f"{fraction([r[1] for r in run.recall]):.2f} over {len(run.recall)} definitions used"
        )
        out.append(
            f"  > {FAR_TOKENS} tokens away: archmem {fraction([r[0] for r in far]):.2f}, window "
            f"{fraction([r[1] for r in far]):.2f} over {len(far)}"
        )
        other = [r for r in run.recall if r[2] == OTHER_FILE]
        if other:
            out.append(
                f"  in other files: archmem {fraction([r[0] for r in other]):.2f}, window "
                f"{fraction([r[1] for r in other]):.2f} over {len(other)}"
            )
    out += [f"  missed: {miss}" for miss in run.misses]
    for label in ("memory", "window"):
        if run.exact[label]:
            out.append(
                f"real model, {label} context: exact {fraction(run.exact[label]):.2f}, edit similarity "
                f"{statistics.mean(run.similar[label]):.2f} over {len(run.exact[label])}"
            )
    return out


def corpus(
    root: Path, suffixes: tuple[str, ...], args: argparse.Namespace
) -> tuple[Memory, Packer, list[str]]:
    memory = Memory(root, rules=FileRules(excludes=("site-packages/", "test/", "tests/")), persist=False)
    memory.index_all()  # which settles what it built out of the full passes (indexer/heap.py), as in the server
    # As the server does while it runs (collector.py).
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, BACKSTOP)
    return memory, inline.completion_packer(memory), largest(memory, suffixes, args.files)


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    lines: list[str] = []
    runs: dict[str, Run] = {}
    sets: list[tuple[str, Path, tuple[str, ...]]] = [
        ("stdlib", Path(sysconfig.get_paths()["stdlib"]), (".py",))
    ]
    if not args.no_ts:
        from bench.reference_noise import rxjs_sources

        sets.append(("rxjs", rxjs_sources(), (".ts",)))
    for name, root, suffixes in sets:
        memory, packer, paths = corpus(root, suffixes, args)
        run = runs[name] = Run()
        for path in paths:
            if not args.names_only:
                measure_file(memory, packer, path, args, run)
            measure_names(memory, path, args, run)
        ts_recall(memory, root, run)
        if name == "stdlib" and not args.no_peers:
            # The peers take up to seconds a request on these files: a share of the same spots, per file.
            sample = [
                s
                for path in paths
                for s in [x for x in run.name_spots if x.path == path][: args.peer_positions]
            ]
            run.peers = {peer: peers.ask_peer(peer, root, sample) for peer in peers.PEERS}
            run.asked_peers = [s in sample for s in run.name_spots]
        if args.endpoint and args.model and name == "stdlib":
            quality(memory, packer, paths, args, run)
        lines += report(f"{name}: {', '.join(paths)}", run)
    if args.names_only:
        print("\n".join(lines))
        print(
            "SUMMARY completion names: top-1 / top-5 "
            + ", ".join(
                f"{name} {fraction([r == 0 for r in run.names_rank]):.2f} / {fraction(run.names_hit):.2f}"
                f" over {len(run.names_hit)}"
                for name, run in runs.items()
            )
        )
        return 0
    model = model_leg(21)
    lines.append(
        f"scripted model round trip (apart): p50 {pct(model, 0.5):.1f} ms, p95 {pct(model, 0.95):.1f} ms"
    )
    if not args.endpoint:
        lines.append("quality: no --endpoint; the scripted model checks only the plumbing")
    print("\n".join(lines))
    every = [r for run in runs.values() for r in run.recall]
    far = [r for r in every if r[2] > FAR_TOKENS]
    first = [b + a for run in runs.values() for b, a in zip(run.before_ms, run.after_ms, strict=True)]
    # The same in CPU time: on a shared machine the wall clock counts the other processes' turns too.
    first_cpu = [
        b + a for run in runs.values() for b, a in zip(run.before_cpu_ms, run.after_cpu_ms, strict=True)
    ]
    after = [a for run in runs.values() for a in run.after_ms]
    ahead = [a for run in runs.values() for a in run.ahead_cpu_ms]
    passes = [a for run in runs.values() for a in run.pass_cpu_ms]
    prepared = [f for run in runs.values() for f in run.found_prepared]
    typing = [t + pct(after, 0.5) for run in runs.values() for t in run.typing_ms]
    recall = ", ".join(
        f"{name} {fraction([r[0] for r in run.recall]):.2f} vs window {fraction([r[1] for r in run.recall]):.2f}"
        for name, run in runs.items()
    )
    stdlib = runs["stdlib"]
    same = [i for i, asked in enumerate(stdlib.asked_peers) if asked]
    names = f"names top-5 stdlib archmem {fraction(stdlib.names_hit):.2f}" + (
        f" ({fraction([stdlib.names_hit[i] for i in same]):.2f} on the peers' {len(same)}"
        + "".join(f", {p} {fraction(f.hits):.2f}" for p, f in stdlib.peers.items() if f is not None)
        + ")"
        if same
        else ""
    )
    print(
        f"SUMMARY completion: archmem p95 {pct(typing, 0.95):.1f} ms typing, {pct(first, 0.95):.1f} ms first "
        f"in a function (CPU {pct(first_cpu, 0.95):.1f}; target 15; {'cold' if args.cold_open else 'warm'} open"
        + (
            f"; context prepared as the cursor arrived ({args.cursor_first}), CPU p95 {pct(ahead, 0.95):.1f} apart"
            if ahead
            else ""
        )
        + (
            f"; no hint, the {args.idle_functions} functions nearest the last edit prepared in each pause: "
            f"{sum(prepared)} of {len(prepared)} first requests found theirs, the passes' CPU p95 "
            f"{pct(passes, 0.95):.0f} a pause apart"
            if passes
            else ""
        )
        + "), "
        f"recall {recall} "
        f"(>8k tokens: {fraction([r[0] for r in far]):.2f} vs {fraction([r[1] for r in far]):.2f}), {names}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
