"""LSP latency of `archmem serve` on the Python standard library, against basedpyright and jedi-language-server.

Every server is driven the same way, through a real stdio session with pygls' client: initialize on the
stdlib as the workspace (site-packages/ excluded), open documents, and time each request from send to answer
(the moment its JSON has been read, before pygls' client converts it into lsprotocol objects: that
conversion, 20-25 ms for a 1,740-symbol outline, is the Python client's cost, not the server's).
Every document is opened before the first measured request, and the measurement waits (up to --settle
seconds) until the server has published diagnostics for each: the latencies are those of a server that has
taken in what it was given, not of one still checking a dozen large files it was just sent (on a 2-core
machine that background work, pyflakes or a type checker, decided the tails; `--settle 0` measures it).
Measured: documentSymbol on the 5 largest files, workspace/symbol, definition, references, hover (p50/p99);
the time from `initialize` to the first documentSymbol answer on a cold and on a warm archmem store; RSS.
The last line is a one-line summary. Peers come from the optional `bench` dependencies
(`pip install -e '.[bench]'`); a missing peer is reported, not faked.

Usage: python bench/lsp_latency.py [--rounds 5] [--positions 40] [--peers basedpyright,jedi] [--settle 60] [--root DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import random
import re
import shutil
import signal
import statistics
import sys
import sysconfig
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path

REQUEST_TIMEOUT_S = 30.0  # --timeout; a request slower than this counts as failed
QUERIES = [
    "Path",
    "urlopen",
    "TextIOWrapper",
    "getLogger",
    "ArgumentParser",
    "dumps",
    "Decimal",
    "HTTPConnection",
    "SequenceMatcher",
    "run_until_complete",
    "namedtuple",
    "ZipFile",
    "parse_args",
    "Thread",
    "OrderedDict",
    "urljoin",
    "getaddrinfo",
    "TemporaryDirectory",
    "fnmatch",
    "dataclass",
]
# Files whose call sites are used for definition, hover and references (besides the 5 largest).
CALL_SITE_FILES = [
    "json/__init__.py",
    "logging/__init__.py",
    "argparse.py",
    "asyncio/base_events.py",
    "http/client.py",
    "email/message.py",
    "shutil.py",
    "tarfile.py",
]
_CALL = re.compile(r"(?<![.\w])([A-Za-z_]\w*)\(")
_SKIP = {
    "print", "len", "isinstance", "str", "int", "list", "dict", "set", "tuple", "super", "range", "getattr",
    "setattr", "hasattr", "type", "repr", "bool", "min", "max", "sorted", "enumerate", "zip", "iter", "next",
    "open", "any", "all", "map", "filter", "id", "hash", "format", "callable", "vars", "bytes", "float",
    "object", "abs", "sum", "round", "divmod", "ord", "chr", "def", "class", "if", "elif", "while", "return",
    "not", "and", "or", "in", "for", "with", "assert", "yield", "lambda", "del", "except", "raise",
}  # fmt: skip


@dataclass(frozen=True)
class Server:
    name: str
    command: list[str]
    options: dict[str, Any] | None = None


@dataclass
class Timings:
    """Per-request wall times (ms) and how many answers were non-empty."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    answered: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, ms: float, result: Any) -> None:
        self.samples.setdefault(kind, []).append(ms)
        if result:
            self.answered[kind] = self.answered.get(kind, 0) + 1

    def fail(self, kind: str) -> None:
        self.failed[kind] = self.failed.get(kind, 0) + 1

    def p(self, kind: str, q: float) -> float | None:
        values = sorted(self.samples.get(kind, []))
        if not values:
            return None
        if len(values) == 1:
            return values[0]
        return (
            statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1] if q < 100 else values[-1]
        )


@dataclass
class Run:
    server: Server
    timings: Timings = field(default_factory=Timings)
    boot_ms: float | None = None
    first_answer_ms: float | None = None
    ready_s: float | None = None
    settled_s: float | None = None
    rss_mb: float | None = None
    peak_rss_mb: float | None = None
    error: str | None = None
    protocol: Stopwatch | None = None


def uri(path: Path) -> str:
    found = from_fs_path(str(path))
    assert isinstance(found, str)
    return found


def utf16_column(line: str, index: int) -> int:
    return len(line[:index].encode("utf-16-le")) // 2


def pick_positions(root: Path, files: list[Path], count: int, seed: int) -> list[tuple[Path, int, int]]:
    """Call sites (path, line, UTF-16 column) of names the file did not define itself, chosen at random."""
    found: list[tuple[Path, int, int]] = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
            stripped = line.lstrip()
            if stripped.startswith(("#", "def ", "class ", "@")) or '"' in line or "'" in line:
                continue
            for m in _CALL.finditer(line):
                if m.group(1) not in _SKIP:
                    found.append((path, number, utf16_column(line, m.start(1) + 1)))
    rng = random.Random(seed)
    rng.shuffle(found)
    return found[:count]


def rss_mb(pid: int) -> tuple[float | None, float | None]:
    """(current, peak) resident memory of a process and its children, from /proc."""
    total = peak = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids.extend(int(c) for c in children)
    except OSError:
        pass
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        for row in status.splitlines():
            if row.startswith("VmRSS:"):
                total += int(row.split()[1]) / 1024
            elif row.startswith("VmHWM:"):
                peak += int(row.split()[1]) / 1024
    return (total or None), (peak or None)


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.read(65536):
        pass


class Stopwatch(LanguageServerProtocol):
    """pygls' client protocol noting when the last response arrived, read but not yet converted."""

    answered_at = 0.0

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" in data and "id" in data and "method" not in data:
            self.answered_at = time.perf_counter()
        return super().structure_message(data)


class Session:
    """One server process driven through pygls' client."""

    def __init__(self, server: Server, root: Path) -> None:
        self.server = server
        self.root = root
        self.client = LanguageClient("archmem-bench", "1", protocol_cls=Stopwatch)
        self.ready = asyncio.Event()
        self.opened: set[str] = set()
        self.diagnosed: set[str] = set()
        settings = (server.options or {}).get("archmem", {})

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnosed(params: types.PublishDiagnosticsParams) -> None:
            self.diagnosed.add(params.uri)

        @self.client.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> list[Any]:
            return [settings if item.section == "archmem" else None for item in params.items]

        @self.client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def progress_create(params: types.WorkDoneProgressCreateParams) -> None:
            return None

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            return None

        @self.client.feature(types.WORKSPACE_WORKSPACE_FOLDERS)
        def folders(params: None) -> list[types.WorkspaceFolder]:
            return [types.WorkspaceFolder(uri=uri(root), name=root.name)]

        @self.client.feature("archmem/status")
        def status(params: Any) -> None:
            state = params["state"] if isinstance(params, dict) else params.state
            if state == "ready":
                self.ready.set()

    async def start(self) -> tuple[float, float]:
        """Start and initialize; returns when the process was started and when initialize was answered."""
        spawned = time.perf_counter()
        # A session of its own: basedpyright's launcher runs node as a child, which must be stopped with it.
        await self.client.start_io(*self.server.command, start_new_session=True)
        process = self.client._server
        if process is not None and process.stderr is not None:
            # Drained so a talkative server never blocks on a full pipe.
            self._drain = asyncio.create_task(_drain(process.stderr))
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
            text_document=types.TextDocumentClientCapabilities(
                document_symbol=types.DocumentSymbolClientCapabilities(
                    hierarchical_document_symbol_support=True
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                definition=types.DefinitionClientCapabilities(link_support=False),
            ),
            workspace=types.WorkspaceClientCapabilities(configuration=True, workspace_folders=True),
            window=types.WindowClientCapabilities(work_done_progress=True),
        )
        await self.client.initialize_async(
            types.InitializeParams(
                process_id=os.getpid(),
                root_uri=uri(self.root),
                workspace_folders=[types.WorkspaceFolder(uri=uri(self.root), name=self.root.name)],
                capabilities=capabilities,
                initialization_options=self.server.options,
            )
        )
        answered = time.perf_counter()
        self.client.initialized(types.InitializedParams())
        return spawned, answered

    def open(self, path: Path) -> str:
        document = uri(path)
        if document not in self.opened:
            self.opened.add(document)
            self.client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(
                        uri=document,
                        language_id="python",
                        version=1,
                        text=path.read_text(encoding="utf-8", errors="replace"),
                    )
                )
            )
        return document

    @property
    def pid(self) -> int | None:
        process = self.client._server
        return process.pid if process is not None else None

    async def stop(self) -> None:
        """shutdown + exit, then kill whatever is still running (a peer busy with a timed-out request)."""
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 10)
            self.client.exit(None)
        except Exception:
            pass
        process = self.client._server
        if process is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), 5)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
        self.client._stop_event.set()
        for task in self.client._async_tasks:
            task.cancel()
        await asyncio.gather(*self.client._async_tasks, return_exceptions=True)


async def timed(run: Run, kind: str, call: Callable[[], Awaitable[Any]], *, record: bool = True) -> Any:
    # This client's own garbage collections (its heap holds every answer converted so far) would land inside
    # the timings of whichever server is measured: they wait until the request is answered.
    gc.disable()
    started = time.perf_counter()
    try:
        result = await asyncio.wait_for(call(), REQUEST_TIMEOUT_S)
    except Exception as err:
        gc.enable()
        run.timings.fail(kind)
        print(
            f"  {run.server.name} {kind}: {type(err).__name__} after {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        return None
    gc.enable()
    if record:
        # One request at a time: the last response read is this one's.
        answered = run.protocol.answered_at if run.protocol is not None else time.perf_counter()
        run.timings.add(kind, (max(answered, started) - started) * 1000, result)
    return result


async def measure(server: Server, root: Path, largest: list[Path], sites: list[tuple[Path, int, int]], rounds: int,
                  references: int, wait_ready: bool, settle_s: float) -> Run:  # fmt: skip
    run = Run(server)
    session = Session(server, root)
    assert isinstance(session.client.protocol, Stopwatch)
    run.protocol = session.client.protocol
    try:
        spawned, sent = await session.start()
        run.boot_ms = (sent - spawned) * 1000
        first = session.open(largest[0])
        await session.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=first))
        )
        run.first_answer_ms = (time.perf_counter() - sent) * 1000
        if wait_ready:
            await asyncio.wait_for(session.ready.wait(), 600)
        run.ready_s = time.perf_counter() - sent
        for path in [*largest, *(site[0] for site in sites)]:
            session.open(path)
        waited = time.perf_counter()
        while settle_s and not session.opened <= session.diagnosed:
            if time.perf_counter() - waited > settle_s:
                missing = len(session.opened - session.diagnosed)
                print(
                    f"  {server.name}: no diagnostics for {missing} documents after {settle_s:g} s",
                    flush=True,
                )
                break
            await asyncio.sleep(0.05)
        run.settled_s = time.perf_counter() - waited
        client = session.client
        jobs: dict[str, list[Callable[[], Awaitable[Any]]]] = {kind: [] for kind in KINDS}
        for _ in range(rounds):
            for path in largest:
                ident = types.TextDocumentIdentifier(uri=session.open(path))
                params = types.DocumentSymbolParams(text_document=ident)
                jobs["documentSymbol"].append(lambda p=params: client.text_document_document_symbol_async(p))
        for i, (path, line, column) in enumerate(sites):
            ident = types.TextDocumentIdentifier(uri=session.open(path))
            at = types.Position(line=line, character=column)
            dp = types.DefinitionParams(text_document=ident, position=at)
            jobs["definition"].append(lambda p=dp: client.text_document_definition_async(p))
            hp = types.HoverParams(text_document=ident, position=at)
            jobs["hover"].append(lambda p=hp: client.text_document_hover_async(p))
            if i < references:
                context = types.ReferenceContext(include_declaration=True)
                rp = types.ReferenceParams(text_document=ident, position=at, context=context)
                jobs["references"].append(lambda p=rp: client.text_document_references_async(p))
        for query in QUERIES:
            wp = types.WorkspaceSymbolParams(query=query)
            jobs["workspace/symbol"].append(lambda p=wp: client.workspace_symbol_async(p))
        # Workspace-wide requests last: a peer that indexes the whole workspace for them would otherwise
        # hold up every other measurement.
        for kind in ["documentSymbol", "definition", "hover", "references", "workspace/symbol"]:
            print(f"  {server.name}: {kind}", flush=True)
            # The first request of each kind is not recorded: peers build their caches on first use.
            for n, job in enumerate([jobs[kind][0], *jobs[kind]]):
                await timed(run, kind, job, record=n > 0)
                if run.timings.failed.get(kind, 0) >= 2:
                    print(f"  {server.name}: gave up on {kind} after two failures", flush=True)
                    break
        pid = session.pid
        if pid is not None:
            run.rss_mb, run.peak_rss_mb = rss_mb(pid)
        print(f"  {server.name}: done, stopping", flush=True)
    except Exception as err:
        run.error = f"{type(err).__name__}: {err}"
    finally:
        await session.stop()
    return run


KINDS = ["documentSymbol", "workspace/symbol", "definition", "hover", "references"]


def fmt(value: float | None) -> str:
    return "-" if value is None else (f"{value:.1f}" if value < 100 else f"{value:.0f}")


def report(runs: list[Run], cold: Run, warm: Run) -> None:
    print()
    header = f"{'server':<22}" + "".join(f"{k + ' p50/p99 ms':>30}" for k in KINDS)
    print(header)
    for run in runs:
        cells = []
        for kind in KINDS:
            t = run.timings
            count = len(t.samples.get(kind, []))
            hits = t.answered.get(kind, 0)
            failed = t.failed.get(kind, 0)
            extra = f" ({hits}/{count} hit{', ' + str(failed) + ' failed' if failed else ''})"
            cells.append(f"{fmt(t.p(kind, 50))}/{fmt(t.p(kind, 99))}{extra}".rjust(30))
        print(f"{run.server.name:<22}" + "".join(cells))
    print()
    for run in runs:
        print(
            f"{run.server.name:<22} process start to initialize answered {fmt(run.boot_ms)} ms; first "
            f"documentSymbol (largest file) {fmt(run.first_answer_ms)} ms after that; "
            f"ready after {fmt(run.ready_s)} s; documents checked {fmt(run.settled_s)} s after; rss {fmt(run.rss_mb)} MB (peak {fmt(run.peak_rss_mb)} MB)"
            + (f"; ERROR {run.error}" if run.error else "")
        )
    print(
        f"archmem cold store: first answer {fmt(cold.first_answer_ms)} ms, indexed in {fmt(cold.ready_s)} s"
    )
    print(f"archmem warm store: first answer {fmt(warm.first_answer_ms)} ms, ready in {fmt(warm.ready_s)} s")
    ours = runs[0]
    for peer in runs[1:]:
        for q in (50, 99):
            ratios = []
            for kind in KINDS:
                mine, theirs = ours.timings.p(kind, q), peer.timings.p(kind, q)
                if mine and theirs:
                    ratios.append(f"{kind} {theirs / mine:.1f}x")
                elif mine and peer.timings.failed.get(kind):
                    ratios.append(f"{kind} timed out (> {REQUEST_TIMEOUT_S:.0f} s)")
            print(
                f"{peer.server.name} p{q} / archmem p{q}: " + (", ".join(ratios) or "no comparable answers")
            )


def summary(runs: list[Run], cold: Run, warm: Run, files: int) -> str:
    ours = runs[0].timings
    parts = [
        f"lsp latency stdlib ({files} files): p99 documentSymbol {fmt(ours.p('documentSymbol', 99))} ms",
        f"definition {fmt(ours.p('definition', 99))} ms",
        f"hover {fmt(ours.p('hover', 99))} ms",
        f"workspace/symbol {fmt(ours.p('workspace/symbol', 99))} ms",
        f"references {fmt(ours.p('references', 99))} ms",
        f"first answer cold {fmt(cold.first_answer_ms)} ms / warm {fmt(warm.first_answer_ms)} ms",
        f"rss {fmt(runs[0].rss_mb)} MB",
    ]
    for peer in runs[1:]:
        ratios = [
            peer.timings.p(k, 50) / mine
            for k in KINDS
            if (mine := ours.p(k, 50)) and peer.timings.p(k, 50) is not None
        ]
        if ratios:
            parts.append(f"{peer.server.name} {statistics.median(ratios):.1f}x slower (median of p50 ratios)")
    return "; ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument(
        "--rounds", type=int, default=5, help="documentSymbol rounds over the 5 largest files"
    )
    parser.add_argument("--positions", type=int, default=40, help="call sites for definition and hover")
    parser.add_argument("--references", type=int, default=10, help="of those, how many also get references")
    parser.add_argument(
        "--peers", default="basedpyright,jedi", help="comma-separated: basedpyright, jedi, none"
    )
    parser.add_argument(
        "--settle", type=float, default=60.0, help="seconds to wait for diagnostics of the opened documents"
    )
    args = parser.parse_args()
    # Answers that arrive after their timeout make pygls log errors; the timeouts are reported already.
    logging.getLogger("pygls").setLevel(logging.CRITICAL)
    root: Path = args.root.resolve()
    files = [p for p in root.rglob("*.py") if "site-packages" not in p.parts]
    largest = sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:5]
    sites = pick_positions(root, largest + [root / f for f in CALL_SITE_FILES if (root / f).exists()],
                           args.positions, seed=4)  # fmt: skip
    print(f"workspace {root}: {len(files)} Python files outside site-packages/; largest: "
          + ", ".join(f"{p.relative_to(root)} ({p.stat().st_size // 1024} KB)" for p in largest))  # fmt: skip

    cache = Path(tempfile.mkdtemp(prefix="archmem-bench-"))
    archmem = Server(
        "archmem",
        [sys.executable, "-m", "archmem.server.cli", "serve"],
        {"archmem": {"exclude": ["site-packages/"], "index": {"cacheDir": str(cache)}}},
    )
    servers = [archmem]
    bin_dir = Path(sys.executable).parent
    for peer in [p.strip() for p in args.peers.split(",") if p.strip() and p.strip() != "none"]:
        if peer == "basedpyright":
            exe = bin_dir / "basedpyright-langserver"
            servers.append(Server("basedpyright 1.40.2", [str(exe), "--stdio"]))
        elif peer == "jedi":
            exe = bin_dir / "jedi-language-server"
            servers.append(Server("jedi-language-server", [str(exe)]))
        else:
            parser.error(f"unknown peer {peer!r}")
        if not exe.exists():
            print(f"{peer}: not installed ({exe}); install the bench extras: pip install -e '.[bench]'")
            servers.pop()

    async def everything() -> tuple[list[Run], Run, Run]:
        def run(server: Server, wait_ready: bool) -> Coroutine[Any, Any, Run]:
            return measure(
                server,
                root,
                largest,
                sites,
                args.rounds,
                args.references,
                wait_ready=wait_ready,
                settle_s=args.settle,
            )

        try:
            # archmem twice on one cache: the first run builds the store, the second starts from it.
            cold = await run(archmem, True)
            warm = await run(archmem, True)
            runs = [warm]
            for peer in servers[1:]:
                print(f"measuring {peer.name} ...", flush=True)
                runs.append(await run(peer, False))
            return runs, cold, warm
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    print("measuring archmem (cold store, then warm) ...", flush=True)
    runs, cold, warm = asyncio.run(everything())
    report(runs, cold, warm)
    print(summary(runs, cold, warm, len(files)))
    return 0 if all(r.error is None for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
