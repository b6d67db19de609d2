"""The server's life with its own process per test: exit codes, TCP, cancelling the index, settings that
re-index, workspace folders coming and going, logging."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest_asyncio
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, make_test_lsp_client
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.lsp.harness import (
    PATIENCE_S,
    SERVER,
    eventually,
    initialize,
    open_document,
    record_statuses,
    uri,
    write_workspace,
)

CLIENT = "visual-studio-code"


class Running:
    """A client with its own server process, started and stopped by the test."""

    def __init__(self, client: LanguageClient, root: Path, statuses: list[dict[str, Any]]) -> None:
        self.client = client
        self.root = root
        self.statuses = statuses

    async def ready(self, count: int = 1) -> None:
        await eventually(
            lambda: sum(1 for s in self.statuses if s["state"] == "ready") >= count, f"ready status #{count}"
        )

    async def symbols(self, query: str) -> set[str]:
        found = await self.client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))
        return {s.name for s in found or []}

    async def stop(self) -> int:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        process = self.client._server
        assert process is not None
        code = await asyncio.wait_for(process.wait(), PATIENCE_S)
        await self.client.stop()
        return code


@pytest_asyncio.fixture
async def start(tmp_path: Path) -> AsyncIterator[Any]:
    """`await start(options, client_name)`: a server over a fresh workspace, initialized."""
    started: list[LanguageClient] = []

    async def run(options: dict[str, Any] | None = None, client_name: str = CLIENT) -> Running:
        root = write_workspace(tmp_path / f"ws{len(started)}")
        client = make_test_lsp_client()
        statuses = record_statuses(client)
        await client.start_io(*SERVER)
        started.append(client)
        layered = {"index": {"cacheDir": str(tmp_path / "cache")}, **(options or {})}
        await initialize(client, client_name, root, {"archmem": layered})
        return Running(client, root, statuses)

    yield run
    for client in started:
        process = client._server
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
        await client.stop()


async def test_exit_after_shutdown_is_clean(start: Any) -> None:
    running = await start()
    await running.ready()
    assert await running.stop() == 0


async def test_exit_without_shutdown_reports_failure(start: Any) -> None:
    running = await start()
    await running.ready()
    running.client.exit(None)
    process = running.client._server
    assert await asyncio.wait_for(process.wait(), PATIENCE_S) == 1


async def test_closing_stdin_ends_the_server(start: Any) -> None:
    running = await start()
    await running.ready()
    process = running.client._server
    process.stdin.close()
    assert await asyncio.wait_for(process.wait(), PATIENCE_S) == 1


async def test_the_user_can_cancel_indexing(tmp_path: Path) -> None:
    # One large file parses long enough for the cancellation to arrive while it is being indexed.
    big = tmp_path / "ws0" / "aaa_big.py"
    big.parent.mkdir(parents=True)
    big.write_text("x = [" + ", ".join(str(i) for i in range(60_000)) + "]\n", encoding="utf-8")
    # The default client features, but this test's own progress handlers.
    client = LanguageClient(converter_factory=default_converter)
    mine = (types.WINDOW_WORK_DONE_PROGRESS_CREATE, types.PROGRESS)
    register_lsp_features(client, {m: f for m, f in DEFAULT_CLIENT_FEATURES.items() if m not in mine})
    statuses = record_statuses(client)
    reports: dict[Any, list[Any]] = {}

    @client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
    def create(params: types.WorkDoneProgressCreateParams) -> None:
        reports[params.token] = []

    @client.feature(types.PROGRESS)
    def progress(params: types.ProgressParams) -> None:
        kind = params.value["kind"] if isinstance(params.value, dict) else params.value.kind
        reports[params.token].append(kind)
        if kind == "begin":
            client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=params.token))

    await client.start_io(*SERVER)
    try:
        root = write_workspace(tmp_path / "ws0")
        await initialize(client, CLIENT, root, {"archmem": {"index": {"cacheDir": str(tmp_path / "c")}}})
        ready = await eventually(
            lambda: [s for s in statuses if s["state"] == "ready"], "ready after cancelling"
        )
        assert "cancelled" in ready[0]["message"]
        [kinds] = reports.values()
        assert kinds[0] == "begin" and kinds[-1] == "end"
        # What was not indexed is read on demand.
        found = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(
                text_document=types.TextDocumentIdentifier(uri=uri(root / "pkg/shapes.py"))
            )
        )
        assert [s.name for s in found or []] == ["Shape", "Circle"]
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


async def test_changing_excludes_reindexes_without_restart(start: Any) -> None:
    running = await start()
    await running.ready()
    assert "Circle" in await running.symbols("Circle")
    running.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"archmem": {"exclude": ["pkg/"]}})
    )
    await running.ready(2)
    assert "Circle" not in await running.symbols("Circle")
    assert "target" in await running.symbols("target")  # wide.py, outside pkg/, is still there
    assert await running.stop() == 0


async def test_pushed_settings_are_validated(start: Any) -> None:
    running = await start()
    await running.ready()
    running.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"archmem": {"selfDebug": {"rounds": 0}, "nonsense": 1}})
    )
    shown = await eventually(lambda: running.client.messages, "a message about the settings")
    text = shown[-1].message
    assert shown[-1].type == types.MessageType.Warning
    assert "archmem.selfDebug.rounds: must be a whole number from 1 to 10" in text
    assert "archmem.nonsense: unknown setting" in text
    assert "Circle" in await running.symbols("Circle")  # still serving, on defaults
    assert await running.stop() == 0


async def test_a_configured_model_shows_in_the_status(start: Any) -> None:
    models = {"endpoints": {"local": {"baseUrl": "http://127.0.0.1:9/v1", "model": "tiny"}}}
    running = await start({"models": models})
    await running.ready()
    assert running.statuses[-1]["model"] == "local: tiny"
    running.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"archmem": {"offline": True}})
    )
    await eventually(lambda: running.statuses[-1]["model"] == "offline", "the status to say offline")
    assert await running.stop() == 0


async def test_workspace_folders_come_and_go(start: Any, tmp_path: Path) -> None:
    running = await start()
    await running.ready()
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "more.py").write_text("def from_the_second_folder():\n    pass\n", encoding="utf-8")
    folder = types.WorkspaceFolder(uri=uri(extra), name="extra")
    running.client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=[folder], removed=[])
        )
    )
    await running.ready(2)
    assert "from_the_second_folder" in await running.symbols("from_the_second")
    assert "Circle" in await running.symbols("Circle")
    running.client.workspace_did_change_workspace_folders(
        types.DidChangeWorkspaceFoldersParams(
            event=types.WorkspaceFoldersChangeEvent(added=[], removed=[folder])
        )
    )
    assert "from_the_second_folder" not in await running.symbols("from_the_second")
    assert await running.stop() == 0


async def test_logs_go_to_the_client_and_the_log_file_at_the_configured_level(
    start: Any, tmp_path: Path
) -> None:
    log_file = tmp_path / "logs" / "archmem.log"
    running = await start({"log": {"level": "warning", "file": str(log_file)}})
    await running.ready()
    assert not [m for m in running.client.log_messages if m.type == types.MessageType.Info]
    running.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"archmem": {"log": {"level": "info", "file": str(log_file)}, "x": 1}}
        )
    )
    await eventually(lambda: running.client.messages, "the settings warning")
    warnings = [m.message for m in running.client.log_messages if m.type == types.MessageType.Warning]
    assert any("archmem.x: unknown setting" in m for m in warnings)
    assert "archmem.x: unknown setting" in log_file.read_text(encoding="utf-8")
    assert "Sending data" not in log_file.read_text(encoding="utf-8")  # pygls' chatter stays out
    assert await running.stop() == 0


async def test_without_workspace_folders_files_are_still_served(tmp_path: Path) -> None:
    client = make_test_lsp_client()
    statuses = record_statuses(client)
    await client.start_io(*SERVER)
    try:
        await client.initialize_session(
            types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=None)
        )
        await eventually(lambda: [s for s in statuses if s["state"] == "ready"], "ready")
        path = tmp_path / "loose.py"
        path.write_text("def loose():\n    pass\n", encoding="utf-8")
        # A file outside every folder is served once the editor opens it (never read from disk unasked).
        open_document(client, path)
        found = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri(path)))
        )
        assert [s.name for s in found or []] == ["loose"]
        # Without hierarchical support in the capabilities, symbols come flat, with their container.
        assert isinstance(found[0], types.SymbolInformation)
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_tcp_transport(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws")
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "archmem.server.cli",
        "serve",
        "--tcp",
        str(port),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "ARCHMEM_TOKEN": "the-editor's-token"},
    )
    client = make_test_lsp_client()
    try:
        deadline = asyncio.get_running_loop().time() + PATIENCE_S
        while True:
            try:
                await client.start_tcp("127.0.0.1", port)
                break
            except OSError:
                assert asyncio.get_running_loop().time() < deadline, "the server never listened"
                await asyncio.sleep(0.05)
        options = {"token": "the-editor's-token", "archmem": {"index": {"cacheDir": str(tmp_path / "c")}}}
        await initialize(client, CLIENT, root, options)
        found = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(
                text_document=types.TextDocumentIdentifier(uri=uri(root / "pkg/util.py"))
            )
        )
        assert [s.name for s in found or []] == ["double", "use_double"]
        await client.shutdown_async(None)
        client.exit(None)
        assert await asyncio.wait_for(process.wait(), PATIENCE_S) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await client.stop()
    stdout, stderr = await process.communicate()
    assert stdout == b"" and stderr == f"archmem serve: listening on 127.0.0.1:{port}\n".encode()


async def test_an_unwritable_cache_dir_is_reported_and_the_memory_kept_in_ram(
    start: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    running = await start(
        {"index": {"cacheDir": str(blocker / "cache")}, "log": {"file": str(blocker / "x.log")}}
    )
    await running.ready()
    shown = " ".join(m.message for m in running.client.messages)
    assert "cannot keep the index in" in shown and "indexing into memory only" in shown
    assert "archmem.log.file: cannot write the log to" in shown
    assert "Circle" in await running.symbols("Circle")
    assert await running.stop() == 0


def _frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _frames(data: bytes) -> list[dict[str, Any]]:
    out = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        length = next(int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.startswith(b"Content-Length"))
        out.append(json.loads(rest[:length]))
        data = rest[length:]
    return out


def test_stdin_from_a_regular_file_is_served(tmp_path: Path) -> None:
    """Editors give a pipe (read on the event loop); a file on stdin goes through pygls' own reader."""
    script = tmp_path / "session.lsp"
    script.write_bytes(
        _frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        + _frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        + _frame({"jsonrpc": "2.0", "method": "exit"})
    )
    with script.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "archmem.server.cli", "serve"],
            stdin=stdin,
            capture_output=True,
            cwd=tmp_path,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    answers = {m["id"]: m for m in _frames(done.stdout) if "id" in m}
    assert "capabilities" in answers[1]["result"]
    assert answers[2] == {"jsonrpc": "2.0", "id": 2, "result": None}


def test_a_message_cut_off_by_the_editor_going_away_ends_the_server(tmp_path: Path) -> None:
    whole = _frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    server = subprocess.Popen(
        [sys.executable, "-m", "archmem.server.cli", "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert server.stdin is not None
    server.stdin.write(whole[: len(whole) - 10])
    server.stdin.close()
    assert server.wait(timeout=60) == 1  # no shutdown was asked: LSP's exit code for that
    assert server.stdout is not None and server.stderr is not None
    # The short body is answered as what it is, a message that is not JSON, and nothing else is sent.
    answers = _frames(server.stdout.read())
    assert [(m["id"], m["error"]["code"]) for m in answers] == [(None, types.ErrorCodes.ParseError.value)]
    assert server.stderr.read() == b""
