"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 that model tests start and drive (stdlib only)."""

from __future__ import annotations

import contextlib
import json
import select
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

ReplyKind = Literal["text", "stream", "status", "hang", "cut_stream", "garbage"]


@dataclass(frozen=True)
class Reply:
    """One scripted answer to one chat-completions request; build it with the functions below."""

    kind: ReplyKind
    chunks: tuple[str, ...] = ()
    delay_s: float = 0.0
    finish_reason: str | None = "stop"
    usage: Mapping[str, int] | None = None
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    content_type: str = "application/json"
    seconds: float = 0.0


def text(content: str, *, finish_reason: str = "stop", usage: Mapping[str, int] | None = None) -> Reply:
    """The whole answer at once: one SSE chunk when the client streams, one JSON completion otherwise."""
    return Reply("text", chunks=(content,), finish_reason=finish_reason, usage=usage)


def stream(
    chunks: Iterable[str],
    *,
    delay_s: float = 0.0,
    finish_reason: str | None = "stop",
    usage: Mapping[str, int] | None = None,
) -> Reply:
    """An SSE stream of content deltas, `delay_s` apart, then a finish chunk (unless None) and [DONE]."""
    return Reply("stream", chunks=tuple(chunks), delay_s=delay_s, finish_reason=finish_reason, usage=usage)


def status(
    code: int,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    message: str | None = None,
) -> Reply:
    """An HTTP error: `body` verbatim, or an OpenAI-style error object carrying `message`."""
    if body is None:
        error = {"message": message or f"fake status {code}", "type": "fake_error", "code": None}
        body = json.dumps({"error": error}).encode()
    return Reply("status", status=code, headers=tuple((headers or {}).items()), body=body)


def hang(seconds: float) -> Reply:
    """Send nothing at all for `seconds` (or until the client gives up), then close the connection."""
    return Reply("hang", seconds=seconds)


def cut_stream(chunks: Iterable[str]) -> Reply:
    """Start a chunked SSE stream, send these content deltas, then close the socket without finishing."""
    return Reply("cut_stream", chunks=tuple(chunks))


def garbage(body: bytes, *, content_type: str = "text/event-stream") -> Reply:
    """A 200 response whose body is these bytes, whatever they are."""
    return Reply("garbage", body=body, content_type=content_type)


@dataclass
class RecordedRequest:
    """What the fake server received: method, path (with query), headers (lower-case names), JSON body."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    disconnected: threading.Event = field(default_factory=threading.Event)

    @property
    def prompt(self) -> str:
        """All message contents of a chat request, joined: what a handler scripts its answer from."""
        body = self.body if isinstance(self.body, dict) else {}
        if "prompt" in body:  # a completions (fill-in-the-middle) request: its prompt and suffix
            return "\n".join(str(body.get(key) or "") for key in ("prompt", "suffix"))
        messages = body.get("messages", [])
        return "\n".join(str(m.get("content", "")) for m in messages if isinstance(m, dict))


Handler = Callable[[RecordedRequest], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, fake: FakeOpenAI) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.fake = fake


class FakeOpenAI:
    """The server: enqueue replies (consumed in order), or set a handler for when the queue is empty."""

    def __init__(self) -> None:
        self.models: list[str] = ["fake-model"]
        self._lock = threading.Lock()
        self._queue: deque[Reply] = deque()
        self._handler: Handler | None = None
        self._requests: list[RecordedRequest] = []
        self._connections: set[socket.socket] = set()
        self.closing = threading.Event()
        self._server = _Server(self)
        # A short poll interval makes stop() quick; the default (0.5 s) would add that much to every test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-openai", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()
        self._server.shutdown()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            # Wakes handler threads blocked reading an idle keep-alive connection.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    def set_handler(self, handler: Handler | None) -> None:
        with self._lock:
            self._handler = handler

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def completion_requests(self) -> list[RecordedRequest]:
        """The fill-in-the-middle requests (the completions endpoint, not chat)."""
        return [r for r in self.requests if r.path.split("?")[0].endswith("/v1/completions")]

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.split("?")[0].endswith("/chat/completions")]

    @property
    def pending(self) -> int:
        """Scripted replies not consumed yet."""
        with self._lock:
            return len(self._queue)

    def wait_for_disconnect(self, request: RecordedRequest, timeout: float = 5.0) -> bool:
        """True once the client closed the connection while `request` was being answered."""
        return request.disconnected.wait(timeout)

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_reply(self, request: RecordedRequest) -> Reply | None:
        """The next scripted reply for a chat request, else the handler's, else None."""
        self._record(request)
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            handler = self._handler
        return handler(request) if handler is not None else None

    def _track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)


class _ClientGone(Exception):
    """The client closed the connection while we were answering."""


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def setup(self) -> None:
        super().setup()
        # Small SSE writes must leave at once; Nagle's algorithm would hold them ~40 ms for an ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.fake._track(self.connection, add=True)

    def finish(self) -> None:
        self.server.fake._track(self.connection, add=False)
        with contextlib.suppress(OSError):
            super().finish()

    def do_GET(self) -> None:
        request = RecordedRequest("GET", self.path, self._headers(), None)
        self.server.fake._record(request)
        if self.path.split("?")[0].endswith("/models"):
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": "fake"}
                for m in self.server.fake.models
            ]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = None
        request = RecordedRequest("POST", self.path, self._headers(), body)
        # /chat/completions, and /completions (fill-in-the-middle with `prompt` and `suffix`).
        if not self.path.split("?")[0].endswith("/completions"):
            self.server.fake._record(request)
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        reply = self.server.fake._next_reply(request)
        if reply is None:
            error = {"message": "fake_openai: no reply scripted for this request", "type": "unscripted"}
            self._send_json(400, {"error": error})
            return
        try:
            self._answer(request, reply)
        except (_ClientGone, BrokenPipeError, ConnectionResetError):
            request.disconnected.set()
            self.close_connection = True

    def _headers(self) -> dict[str, str]:
        return {name.lower(): value for name, value in self.headers.items()}

    def _answer(self, request: RecordedRequest, reply: Reply) -> None:
        body = request.body if isinstance(request.body, dict) else {}
        model = str(body.get("model", "fake-model"))
        if reply.kind == "status":
            self._send(reply.status, reply.body, "application/json", reply.headers)
        elif reply.kind == "garbage":
            self._send(200, reply.body, reply.content_type, ())
        elif reply.kind == "hang":
            self._wait(reply.seconds)
            self.close_connection = True
        elif reply.kind == "text" and not body.get("stream") and "prompt" in body:
            self._send_json(200, _text_completion(model, reply))
        elif reply.kind == "text" and not body.get("stream"):
            self._send_json(200, _completion(model, reply))
        else:
            self._stream(model, reply)

    def _stream(self, model: str, reply: Reply) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for index, piece in enumerate(reply.chunks):
            if index and reply.delay_s:
                self._wait(reply.delay_s)
            delta = {"role": "assistant", "content": piece} if index == 0 else {"content": piece}
            self._event(_chunk(model, delta, None, None))
        if reply.kind == "cut_stream":
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if reply.finish_reason is not None:
            self._event(_chunk(model, {}, reply.finish_reason, reply.usage))
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _event(self, payload: Mapping[str, Any]) -> None:
        self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _wait(self, seconds: float) -> None:
        """Sleep `seconds`, but notice at once when the client closes the connection (raises _ClientGone)."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0 and not self.server.fake.closing.is_set():
            readable, _, _ = select.select([self.connection], [], [], min(remaining, 0.1))
            if readable:
                try:
                    if self.connection.recv(1, socket.MSG_PEEK) == b"":
                        raise _ClientGone
                except (ConnectionResetError, BrokenPipeError) as exc:
                    raise _ClientGone from exc
                # Bytes from a client that is awaiting an answer are not expected; do not spin on them.
                time.sleep(min(remaining, 0.01))

    def _send_json(self, code: int, payload: Mapping[str, Any]) -> None:
        self._send(code, json.dumps(payload).encode(), "application/json", ())

    def _send(self, code: int, body: bytes, content_type: str, headers: Sequence[tuple[str, str]]) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


def _chunk(
    model: str, delta: Mapping[str, Any], finish_reason: str | None, usage: Mapping[str, int] | None
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": dict(delta), "finish_reason": finish_reason}],
    }
    if usage is not None:
        payload["usage"] = dict(usage)
    return payload


def _completion(model: str, reply: Reply) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "".join(reply.chunks)},
                "finish_reason": reply.finish_reason,
            }
        ],
    }
    if reply.usage is not None:
        payload["usage"] = dict(reply.usage)
    return payload


def _text_completion(model: str, reply: Reply) -> dict[str, Any]:
    """A completions-endpoint answer (what fill-in-the-middle requests get)."""
    choice = {
        "index": 0,
        "text": "".join(reply.chunks),
        "finish_reason": reply.finish_reason,
        "logprobs": None,
    }
    return {"id": "cmpl-fake", "object": "text_completion", "created": 0, "model": model, "choices": [choice]}
