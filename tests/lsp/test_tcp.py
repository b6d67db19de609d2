"""`archmem serve --tcp`: loopback only, a token before anything else, one client at a time, LSP framing only."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lsp import wire
from tests.lsp.wire import connect, initialize, request

TOKEN = "s3cret-token-for-the-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The server, once it says it listens (a probe connection would itself be the one client)."""
    process = subprocess.Popen(args, cwd=cwd, env=env, stderr=subprocess.PIPE)
    assert process.stderr is not None
    for line in process.stderr:
        if b"listening on" in line:
            return process
    raise AssertionError(f"the server never listened (rc {process.wait(wire.PATIENCE_S)})")


@pytest.fixture
def listening(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "ARCHMEM_TOKEN": TOKEN}
    args = [*wire.SERVE, "--tcp", f"127.0.0.1:{port}"]
    process = start(args, tmp_path, env)
    yield port
    process.kill()
    process.wait(wire.PATIENCE_S)


def with_token(token: str, log_file: Path | None = None) -> bytes:
    options: dict[str, object] = {"token": token}
    if log_file is not None:
        options["archmem"] = {"log": {"file": str(log_file)}}
    return initialize("init", options=options)


def test_the_right_token_gets_a_session_and_a_second_client_is_turned_away(listening: int) -> None:
    first, session = connect(listening)
    session.send(with_token(TOKEN))
    assert "result" in session.answer("init")
    second, other = connect(listening)
    other.send(with_token(TOKEN))
    assert other.closed() and other.seen == []
    session.send(request("still", "workspace/symbol", {"query": "x"}))
    assert "result" in session.answer("still")
    first.close()
    second.close()


@pytest.mark.parametrize("token", ["", "wrong", TOKEN + "x"])
def test_a_wrong_token_closes_the_connection_before_anything_runs(
    listening: int, tmp_path: Path, token: str
) -> None:
    log_file = tmp_path / "planted.log"
    sock, conn = connect(listening)
    conn.send(with_token(token, log_file))
    assert conn.closed() and conn.seen == []
    assert not log_file.exists()
    sock.close()
    # The listener is free again for the editor.
    sock, conn = connect(listening)
    conn.send(with_token(TOKEN))
    assert "result" in conn.answer("init")
    sock.close()


def test_an_http_request_is_closed_unprocessed(listening: int, tmp_path: Path) -> None:
    log_file = tmp_path / "planted.log"
    body = with_token(TOKEN, log_file).split(b"\r\n\r\n", 1)[1]
    sock, conn = connect(listening)
    conn.send(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    assert conn.closed() and conn.seen == []
    assert not log_file.exists()
    sock.close()


def test_a_host_other_than_loopback_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [*wire.SERVE, "--tcp", f"0.0.0.0:{free_port()}"], capture_output=True, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 2 and b"loopback only" in done.stderr


def test_without_a_token_one_is_made_private_and_required(tmp_path: Path) -> None:
    port = free_port()
    token_file = tmp_path / "tokens" / "serve.token"
    env = {k: v for k, v in os.environ.items() if k != "ARCHMEM_TOKEN"}
    args = [*wire.SERVE, "--tcp", str(port), "--token-file", str(token_file)]
    process = start(args, tmp_path, env)
    try:
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        token = token_file.read_text().strip()
        assert len(token) >= 24
        sock, conn = connect(port)
        conn.send(with_token(token))
        assert "result" in conn.answer("init")
        sock.close()
    finally:
        process.kill()
        process.wait(wire.PATIENCE_S)
