"""didChanges sent back to back reach the handler as one, in order, and nothing else is ever merged.

The server's own reader (`ArchmemServer.serve_stream`) reads bytes that arrived at once, as a storm's do; the
handler registered here counts what pygls dispatches to it.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from typing import Any

import pytest
from archmem.server.lsp import coalesce
from archmem.server.lsp.server import ArchmemServer
from lsprotocol import types
from pygls.io_ import StdoutWriter

from tests.lsp.wire import frame, initialize, notification, request


def change(uri: str, version: int, text: str, line: int = 0) -> dict[str, Any]:
    at = {"line": line, "character": 0}
    edit = {"range": {"start": at, "end": at}, "text": text}
    params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [edit]}
    return {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}


@pytest.fixture
def server() -> Iterator[ArchmemServer]:
    made = ArchmemServer()
    made.protocol.set_writer(StdoutWriter(io.BytesIO()))
    yield made
    made.session.shutdown()


def dispatched(server: ArchmemServer, *messages: bytes) -> list[types.DidChangeTextDocumentParams]:
    """What the didChange handler received when `messages` arrived at once after initialize."""
    seen: list[types.DidChangeTextDocumentParams] = []

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(params: types.DidChangeTextDocumentParams) -> None:
        seen.append(params)

    async def serve() -> None:
        stream = asyncio.StreamReader()
        stream.feed_data(initialize("init") + b"".join(messages))
        stream.feed_eof()
        await server.serve_stream(stream)
        await asyncio.sleep(0)  # the handlers' tasks run

    asyncio.run(serve())
    return seen


def texts(params: types.DidChangeTextDocumentParams) -> list[str]:
    return [c.text for c in params.content_changes]


def test_changes_sent_at_once_reach_the_handler_as_one_in_order(server: ArchmemServer) -> None:
    seen = dispatched(server, *(frame(change("file:///a.py", v, f"{v};")) for v in range(2, 302)))
    assert len(seen) == 1
    assert texts(seen[0]) == [f"{v};" for v in range(2, 302)]
    assert seen[0].text_document.version == 301


def test_another_message_or_document_ends_a_run_and_keeps_its_place(server: ArchmemServer) -> None:
    seen = dispatched(
        server,
        frame(change("file:///a.py", 2, "a2")),
        frame(change("file:///a.py", 3, "a3")),
        frame(change("file:///b.py", 2, "b2")),
        request("q", "workspace/symbol", {"query": "x"}),
        frame(change("file:///b.py", 3, "b3")),
        notification("$/setTrace", {"value": "off"}),
        frame(change("file:///b.py", 4, "b4")),
    )
    assert [(p.text_document.uri, texts(p)) for p in seen] == [
        ("file:///a.py", ["a2", "a3"]),
        ("file:///b.py", ["b2"]),
        ("file:///b.py", ["b3"]),
        ("file:///b.py", ["b4"]),
    ]


def test_a_bad_change_in_a_run_costs_only_itself(server: ArchmemServer) -> None:
    bad = change("file:///a.py", 3, "bad")
    bad["params"]["contentChanges"][0]["range"]["start"]["line"] = "one"
    seen = dispatched(
        server, frame(change("file:///a.py", 2, "a2")), frame(bad), frame(change("file:///a.py", 4, "a4"))
    )
    assert [texts(p) for p in seen] == [["a2"], ["a4"]]


@pytest.mark.parametrize(
    "shape",
    [
        {"id": 7},  # a request, not a notification: it must be answered
        {"extra": 1},
        {"params": {"textDocument": {"uri": "file:///a.py", "version": True}, "contentChanges": []}},
        {"params": {"textDocument": {"uri": 5, "version": 2}, "contentChanges": []}},
        {"params": {"textDocument": {"uri": "file:///a.py", "version": 2}, "contentChanges": {}}},
        {"jsonrpc": "1.0"},
        {"method": "textDocument/didOpen"},
    ],
)
def test_only_the_plain_shape_of_a_did_change_is_merged(shape: dict[str, Any]) -> None:
    assert coalesce.change_target(change("file:///a.py", 2, "x")) == "file:///a.py"
    assert coalesce.change_target({**change("file:///a.py", 2, "x"), **shape}) is None
