"""The wire: framing errors are recovered from, JSON-RPC errors are the right ones, end of input ends the server.

Raw bytes on a real `archmem serve`'s pipes: a client library would never send what these tests send.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lsp import wire
from tests.lsp.wire import Served, initialize, notification, request

PARSE_ERROR, INVALID_REQUEST, INVALID_PARAMS, NOT_INITIALIZED = -32700, -32600, -32602, -32002


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    (tmp_path / "util.py").write_text("def double(x):\n    return x * 2\n")
    server = Served(tmp_path)
    yield server
    server.close()


def ready(served: Served, root: Path) -> None:
    served.wire.send(initialize("init", root))
    assert "result" in served.wire.answer("init")
    served.wire.send(notification("initialized", {}))


def still_serving(served: Served, request_id: str) -> None:
    served.wire.send(request(request_id, "workspace/symbol", {"query": "double"}))
    assert "result" in served.wire.answer(request_id)


def code(answer: dict[str, object]) -> object:
    error = answer.get("error")
    assert isinstance(error, dict), answer
    assert "Traceback" not in str(error.get("message"))
    return error["code"]


def test_end_of_input_ends_the_server(tmp_path: Path) -> None:
    done = subprocess.run(wire.SERVE, stdin=subprocess.DEVNULL, capture_output=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 1  # no shutdown came first, as LSP says


@pytest.mark.parametrize(
    "garbage",
    [
        b"Content-Length: abc\r\n\r\n",
        b"Content-Type: application/json\r\n\r\n",
        b'{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}',
        b"Content-Length: 3\r\nbroken header line\r\n\r\n",
        b"x" * 100_000 + b"\r\n\r\n",
    ],
    ids=["bad-length", "no-length", "body-without-header", "bad-header-line", "long-line"],
)
def test_a_framing_error_is_reported_and_the_next_message_answered(
    served: Served, tmp_path: Path, garbage: bytes
) -> None:
    served.wire.send(garbage)
    ready(served, tmp_path)
    still_serving(served, "after")
    assert code(served.wire.answer(None)) == PARSE_ERROR


def test_a_message_over_the_size_cap_is_refused_unread(served: Served, tmp_path: Path) -> None:
    ready(served, tmp_path)
    size = 64 * 1024 * 1024 + 1
    served.wire.send(b"Content-Length: %d\r\n\r\n" % size + b" " * size)
    assert code(served.wire.answer(None)) == INVALID_REQUEST
    still_serving(served, "after")


@pytest.mark.parametrize("size", [100, 3 * 1024 * 1024], ids=["small", "read-in-chunks"])
def test_a_body_cut_off_by_the_end_of_input_is_answered_then_the_server_ends(
    served: Served, tmp_path: Path, size: int
) -> None:
    ready(served, tmp_path)
    served.wire.send(
        b"Content-Length: %d\r\n\r\n" % size + b'{"jsonrpc": "2.0", "params": "' + b"x" * (size // 2)
    )
    assert served.process.stdin is not None
    served.process.stdin.close()
    assert code(served.wire.answer(None)) == PARSE_ERROR
    assert served.wire.closed()


@pytest.mark.parametrize(
    ("body", "request_id", "expected"),
    [
        (b'{"jsonrpc": "2.0", "id": 7, "method": ', None, PARSE_ERROR),
        (b'{"jsonrpc": "2.0", "id": 7, "method": "\xff"}', None, PARSE_ERROR),
        (json.dumps([{"jsonrpc": "2.0", "id": 8, "method": "shutdown"}]).encode(), None, INVALID_REQUEST),
        (b'{"jsonrpc": "2.0", "id": {"a": 1}, "method": "workspace/symbol"}', None, INVALID_REQUEST),
        (b'{"jsonrpc": "2.0", "id": 2.5, "method": "workspace/symbol"}', None, INVALID_REQUEST),
        (b'{"jsonrpc": "1.0", "id": 9, "method": "workspace/symbol"}', 9, INVALID_REQUEST),
        (b'{"jsonrpc": "2.0", "id": 10, "method": 4}', 10, INVALID_REQUEST),
    ],
    ids=["truncated-json", "bad-utf8", "batch", "object-id", "float-id", "old-version", "numeric-method"],
)
def test_json_rpc_errors(
    served: Served, tmp_path: Path, body: bytes, request_id: int | None, expected: int
) -> None:
    ready(served, tmp_path)
    served.wire.send(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert code(served.wire.answer(request_id)) == expected
    still_serving(served, "after")


def test_the_lifecycle_is_enforced(served: Served, tmp_path: Path) -> None:
    served.wire.send(request("early", "workspace/symbol", {"query": "x"}))
    assert code(served.wire.answer("early")) == NOT_INITIALIZED
    ready(served, tmp_path)
    served.wire.send(initialize("again", tmp_path))
    assert code(served.wire.answer("again")) == INVALID_REQUEST
    served.wire.send(request("bye", "shutdown"))
    assert served.wire.answer("bye").get("result") is None
    served.wire.send(request("late", "workspace/symbol", {"query": "x"}))
    assert code(served.wire.answer("late")) == INVALID_REQUEST
    served.wire.send(notification("exit"))
    assert served.process.wait(wire.PATIENCE_S) == 0


@pytest.mark.parametrize(
    "params",
    [
        {"textDocument": {"uri": "UTIL"}, "position": {"line": "0", "character": 4}},
        {"textDocument": {"uri": "UTIL"}, "position": {"line": 0, "character": 4.5}},
        {"textDocument": {"uri": "UTIL"}, "position": {"line": True, "character": 4}},
        {"textDocument": {"uri": 5}, "position": {"line": 0, "character": 4}},
    ],
    ids=["string-line", "float-character", "bool-line", "numeric-uri"],
)
def test_positions_and_uris_of_the_wrong_type_get_invalid_params(
    served: Served, tmp_path: Path, params: dict[str, dict[str, object]]
) -> None:
    ready(served, tmp_path)
    if params["textDocument"]["uri"] == "UTIL":
        params["textDocument"]["uri"] = (tmp_path / "util.py").as_uri()
    served.wire.send(request("hover", "textDocument/hover", params))
    assert code(served.wire.answer("hover")) == INVALID_PARAMS


def test_a_malformed_notification_is_logged_not_shown(served: Served, tmp_path: Path) -> None:
    ready(served, tmp_path)
    served.wire.send(notification("textDocument/didOpen", {"textDocument": {"uri": 5}}))
    served.wire.send(notification("textDocument/didChange", "nonsense"))
    still_serving(served, "after")
    assert served.wire.notices("window/showMessage") == []
    logged = [m["params"]["message"] for m in served.wire.notices("window/logMessage")]
    assert any("didOpen" in text for text in logged)


def test_a_notification_sent_with_an_id_gets_an_answer(served: Served, tmp_path: Path) -> None:
    # Found by tests/lsp/test_fuzz.py: pygls ran didClose's handler and never answered the id, so the
    # client waited forever.
    ready(served, tmp_path)
    uri = (tmp_path / "util.py").as_uri()
    served.wire.send(request("close", "textDocument/didClose", {"textDocument": {"uri": uri}}))
    answer = served.wire.answer("close")
    assert code(answer) == INVALID_REQUEST
    assert "notification" in str(answer["error"])
    still_serving(served, "after")
