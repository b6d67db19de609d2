"""`archmem serve`: build the language server from its feature modules and run it over stdio or TCP."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from archmem.server.lsp import (
    code_actions,
    commands,
    completion,
    documents,
    inline,
    navigation,
    symbols,
    syntax,
    tcp,
)
from archmem.server.lsp.diagnostics import Diagnostics
from archmem.server.lsp.edits import Change
from archmem.server.lsp.inline_ahead import Ahead
from archmem.server.lsp.lifecycle import Lifecycle
from archmem.server.lsp.logs import Logs, quiet_stderr
from archmem.server.lsp.runs import Runs
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located
from lsprotocol import types

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"


@dataclass(frozen=True)
class ServeOptions:
    """How `archmem serve` talks to its editor."""

    # None: stdio. Otherwise (host, port); the host defaults to loopback so nothing is exposed by accident.
    tcp: tuple[str, int] | None = None
    # Written before the editor's settings are known ("-" for stderr): start-up problems end up here.
    log_file: str | None = None
    # Over TCP: where the token is read from or written to (None: the default place for the port).
    token_file: str | None = None
    # `--root`: the workspace root when the editor names no folder (None: the first document's, if any).
    root: Path | None = None


def parse_tcp(value: str) -> tuple[str, int]:
    """`PORT` or `HOST:PORT` as given to `--tcp`; raises ValueError with the reason."""
    host, _, port_text = value.rpartition(":")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"--tcp expects PORT or HOST:PORT with a port from 1 to 65535, got {value!r}")
    host = (host or DEFAULT_HOST).strip("[]")
    problem = tcp.check_host(host)
    if problem:
        raise ValueError(problem)
    return host, int(port_text)


def build_server() -> tuple[ArchmemServer, Logs]:
    server = ArchmemServer()
    logs = Logs()
    lifecycle = Lifecycle(server, logs)
    diagnostics = Diagnostics(server)

    @server.feature(types.INITIALIZE)
    async def initialize(params: types.InitializeParams) -> None:
        await lifecycle.initialize(params)

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        await lifecycle.initialized()

    @server.feature(types.SHUTDOWN)
    async def shutdown(params: None) -> None:
        await lifecycle.shutdown()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        await lifecycle.did_change_configuration(params)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    async def did_change_workspace_folders(params: types.DidChangeWorkspaceFoldersParams) -> None:
        await lifecycle.did_change_folders(params)

    # Who hears each edit: the cursor's place after it prepares completion's context ahead (`Ahead.edited`) and
    # warms its region (`Warmup.edited`).
    edited: list[Callable[[Located, Sequence[Change]], None]] = []
    warmup = documents.register(server, lifecycle, diagnostics, edited)
    symbols.register(server)
    navigation.register(server)
    syntax.register(server)
    inline_completions = inline.register(server)
    warmup.also.append(inline_completions.warm)
    inline_completions.warm_later = warmup.opened
    completion.register(server, inline_completions)
    runs = Runs(server, lifecycle)
    # No idle pass starts while an action runs: no message arrives then, and a pass would share the CPU with it.
    warmup.busy = runs.running
    # The cursor's arrival, heard from the code actions asked there and the edits, prepares completion's
    # context ahead and warms the region an action asked there packs.
    ahead = Ahead(inline_completions, server.collector)
    edited.extend((ahead.edited, warmup.edited))

    def cursor(located: Located, position: types.Position) -> None:
        ahead.arrived(located, position)
        warmup.arrived(located, position)

    code_actions.register(server, runs, diagnostics, cursor)
    commands.register(server, runs)
    return server, logs


def serve(options: ServeOptions) -> int:
    """Run until the editor says exit (or goes away); the exit code follows LSP (0 after shutdown)."""
    quiet_stderr()
    server, logs = build_server()
    logs.command_line_file = options.log_file
    server.session.given_root = options.root
    problem = logs.configure("info", options.log_file) if options.log_file else None
    if problem:
        print(f"archmem serve: {problem}", file=sys.stderr)
        return 2
    try:
        if options.tcp is None:
            server.start_io()
        else:
            host, port = options.tcp
            path = options.token_file or tcp.default_token_file(port)
            with contextlib.suppress(SystemExit):  # the editor's `exit`
                tcp.serve_tcp(server, host, port, tcp.load_token(Path(path)))
    finally:
        server.session.shutdown()
        server.collector.stop()
    code = 0 if server.shut_down else 1
    logs.detach()
    # With stdin a regular file, pygls' reader thread may still be blocked in read(), and the interpreter
    # would wait for it at exit (as for the watcher's threads); the work is done and the store committed.
    os._exit(code)
