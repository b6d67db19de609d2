"""Fuzzing the wire: whatever bytes or parameters come first, the server answers the next well-formed request.

Bounded for CI (a fixed number of examples, one server for them all); hypothesis shrinks a failure to the
smallest input that makes the server fall silent or die.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.lsp.wire import Served, initialize, notification, request

METHODS = [
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "workspace/symbol",
    "workspace/didChangeConfiguration",
    "$/cancelRequest",
    "no/suchMethod",
]
FUZZ = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_ids = itertools.count()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
# Shapes close to the protocol's, so the fuzz reaches the handlers and not only the parameter checks.
positions = st.fixed_dictionaries({"line": json_values, "character": json_values})
documents = st.fixed_dictionaries(
    {"uri": st.sampled_from(["UTIL", "file:///nowhere.py", "untitled:1"]) | json_values}
)
params = json_values | st.fixed_dictionaries(
    {"textDocument": documents}, optional={"position": positions, "query": json_values, "text": json_values}
)
# Garbage between messages: anything but the start of a real header, which would claim the probe as its body.
garbage = st.binary(max_size=300).filter(lambda data: b"content-length" not in data.lower())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "util.py").write_text("def double(x):\n    return x * 2\n")
    server = Served(root)
    server.wire.send(initialize("init", root))
    assert "result" in server.wire.answer("init")
    server.wire.send(notification("initialized", {}))
    yield server
    server.close()


def answers_next_request(served: Served) -> None:
    probe = f"probe-{next(_ids)}"
    served.wire.send(request(probe, "workspace/symbol", {"query": "double"}))
    assert "result" in served.wire.answer(probe)
    assert served.process.poll() is None
    served.wire.seen.clear()


@FUZZ
@given(data=garbage)
def test_garbage_between_messages(served: Served, data: bytes) -> None:
    served.wire.send(data)
    answers_next_request(served)


@FUZZ
@given(body=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_framed_body(served: Served, body: bytes) -> None:
    served.wire.send(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    answers_next_request(served)


@FUZZ
@given(method=st.sampled_from(METHODS), value=params, is_request=st.booleans())
def test_any_parameters(served: Served, method: str, value: Any, is_request: bool) -> None:
    util = (served.root / "util.py").as_uri()
    text = json.dumps(value).replace('"UTIL"', json.dumps(util))
    message = {"jsonrpc": "2.0", "method": method, "params": json.loads(text)}
    if is_request:
        message["id"] = f"fuzz-{next(_ids)}"
    body = json.dumps(message).encode()
    served.wire.send(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    if is_request:
        answer = served.wire.answer(message["id"])
        assert "result" in answer or "Traceback" not in answer["error"]["message"]
    answers_next_request(served)
