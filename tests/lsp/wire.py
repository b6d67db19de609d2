"""A raw LSP client for tests of the wire itself: bytes on a real `archmem serve`'s pipes or socket."""

from __future__ import annotations

import json
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

PATIENCE_S = 20.0  # an upper bound for a loaded CI machine; passing tests never wait this long
SERVE = [sys.executable, "-m", "archmem.server.cli", "serve"]


def frame(message: dict[str, Any] | list[Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(request_id: int | str, method: str, params: Any = None) -> bytes:
    message: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params is not None:
        message["params"] = params
    return frame(message)


def notification(method: str, params: Any = None) -> bytes:
    return frame({"jsonrpc": "2.0", "method": method, "params": params})


def initialize(request_id: int | str = "init", root: Path | None = None, options: Any = None) -> bytes:
    params: dict[str, Any] = {
        "processId": None,
        "capabilities": {},
        "rootUri": root.as_uri() if root else None,
    }
    if options is not None:
        params["initializationOptions"] = options
    return request(request_id, "initialize", params)


def read_message(stream: IO[bytes]) -> dict[str, Any] | None:
    """The next message on `stream`; None at its end."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        if not line.strip():
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    assert length is not None, "the server sent a header block without Content-Length"
    body = stream.read(length)
    return None if len(body) < length else json.loads(body)


class Wire:
    """Messages from the server collected by a thread; bytes to it sent as they are."""

    def __init__(self, incoming: IO[bytes], send: Callable[[bytes], None]) -> None:
        self._send = send
        self.received: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, args=(incoming,), daemon=True).start()

    def _read(self, incoming: IO[bytes]) -> None:
        try:
            while (message := read_message(incoming)) is not None:
                self.received.put(message)
        except (OSError, ValueError):
            pass
        self.received.put(None)

    def send(self, data: bytes) -> None:
        self._send(data)

    def answer(self, request_id: int | str | None, timeout: float = PATIENCE_S) -> dict[str, Any]:
        """The response to `request_id` (None: a response whose id is null), in whatever order it came."""
        for message in self.seen:
            if _answers(message, request_id):
                self.seen.remove(message)
                return message
        while True:
            message = self.received.get(timeout=timeout)
            assert message is not None, "the server closed the connection"
            if _answers(message, request_id):
                return message
            self.seen.append(message)

    def closed(self, timeout: float = PATIENCE_S) -> bool:
        """Whether the server ends the connection (anything it sends first is kept in `seen`)."""
        while True:
            message = self.received.get(timeout=timeout)
            if message is None:
                return True
            self.seen.append(message)

    def notices(self, method: str) -> list[dict[str, Any]]:
        return [m for m in self.seen if m.get("method") == method]


def _answers(message: dict[str, Any], request_id: int | str | None) -> bool:
    return "method" not in message and message.get("id") == request_id


class Served:
    """`archmem serve` over stdio, started in `root` (its workspace is given by `initialize`)."""

    def __init__(self, cwd: Path, *extra: str) -> None:
        self.root = cwd
        self.process = subprocess.Popen(
            [*SERVE, *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        stdin = self.process.stdin

        def send(data: bytes) -> None:
            stdin.write(data)
            stdin.flush()

        self.wire = Wire(self.process.stdout, send)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(PATIENCE_S)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def connect(port: int) -> tuple[socket.socket, Wire]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE_S)
    return sock, Wire(sock.makefile("rb"), sock.sendall)
