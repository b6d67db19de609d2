"""Bad input gets a proper error or an empty answer, and the server keeps serving; requests can be cancelled."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import Future
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcMethodNotFound

from tests.lsp.conftest import Served
from tests.lsp.harness import PATIENCE_S, close_document, empty, open_document, uri

pytestmark = pytest.mark.asyncio(loop_scope="session")


def write_raw(served: Served, body: bytes) -> None:
    """Bytes on the server's stdin, bypassing the client's serializer."""
    writer: Any = served.client.protocol.writer
    writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


async def answer_to(served: Served, request_id: int | str | None, body: bytes) -> Any:
    """Send a raw message and wait for the response carrying `request_id` (None: JSON-RPC's null id)."""
    future: Future[Any] = Future()
    served.client.protocol._request_futures[request_id] = future  # type: ignore[index]
    write_raw(served, body)
    return await asyncio.wait_for(asyncio.wrap_future(future), PATIENCE_S)


async def still_serving(served: Served) -> None:
    found = await served.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="Circle"))
    assert found and found[0].name == "Circle"


async def test_a_message_that_is_not_json_gets_a_parse_error(served: Served) -> None:
    with pytest.raises(JsonRpcException) as raised:
        await answer_to(served, None, b'{"jsonrpc": "2.0", "id": 7, "method": ')
    assert raised.value.code == types.ErrorCodes.ParseError
    await still_serving(served)


async def test_json_that_is_not_json_rpc_gets_invalid_request(served: Served) -> None:
    with pytest.raises(JsonRpcException) as raised:
        await answer_to(
            served, "no-version", json.dumps({"id": "no-version", "method": "workspace/symbol"}).encode()
        )
    assert raised.value.code == types.ErrorCodes.InvalidRequest
    await still_serving(served)


async def test_parameters_of_the_wrong_shape_get_invalid_params(served: Served) -> None:
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": "bad-params",
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri(served.root / "pkg/util.py")}, "position": "the top"},
        }
    ).encode()
    with pytest.raises(JsonRpcInvalidParams) as raised:
        await answer_to(served, "bad-params", body)
    assert "textDocument/hover" in str(raised.value)
    await still_serving(served)


async def test_an_unknown_method_is_not_found(served: Served) -> None:
    with pytest.raises(JsonRpcMethodNotFound):
        await served.client.protocol.send_request_async("archmem/noSuchThing", {})
    await still_serving(served)


@pytest.mark.parametrize(
    "document_uri",
    ["untitled:Untitled-1", "file:///no/such/dir/missing.py", "https://example.invalid/x.py"],
)
async def test_unknown_uris_get_empty_answers(served: Served, document_uri: str) -> None:
    doc = types.TextDocumentIdentifier(uri=document_uri)
    at = types.Position(line=0, character=0)
    assert empty(
        await served.client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
    )
    assert empty(
        await served.client.text_document_definition_async(
            types.DefinitionParams(text_document=doc, position=at)
        )
    )
    assert (
        await served.client.text_document_hover_async(types.HoverParams(text_document=doc, position=at))
        is None
    )
    assert empty(
        await served.client.text_document_references_async(
            types.ReferenceParams(
                text_document=doc, position=at, context=types.ReferenceContext(include_declaration=True)
            )
        )
    )
    assert empty(
        await served.client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc))
    )
    # Changes to a document that was never opened are ignored, not applied to a file on disk.
    served.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document_uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="x = 1\n")],
        )
    )
    await still_serving(served)


async def test_positions_past_the_end_are_clamped(served: Served) -> None:
    doc = open_document(served.client, served.root / "pkg/util.py")
    try:
        far = types.Position(line=10_000, character=10_000)
        long_line = types.Position(line=3, character=10_000)
        ident = types.TextDocumentIdentifier(uri=doc)
        assert (
            await served.client.text_document_hover_async(
                types.HoverParams(text_document=ident, position=far)
            )
            is None
        )
        assert empty(
            await served.client.text_document_definition_async(
                types.DefinitionParams(text_document=ident, position=far)
            )
        )
        ranges = await served.client.text_document_selection_range_async(
            types.SelectionRangeParams(text_document=ident, positions=[far, long_line])
        )
        assert ranges is not None and len(ranges) == 2
        assert ranges[1].range.start.line == 3
        served.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=far, end=far), text="\nlate = 1\n"
                    )
                ],
            )
        )
        symbols = await served.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=ident)
        )
        assert "late" in {s.name for s in symbols or []}
    finally:
        close_document(served.client, doc)
    await still_serving(served)


async def test_cancel_request_answers_request_cancelled(served: Served) -> None:
    # A large buffer keeps the memory thread busy indexing it, so the request behind it is still queued when
    # its cancellation arrives: the three messages reach the server together. Many small functions make that
    # work Python code, which lets the thread reading messages run meanwhile (a single huge expression would
    # be one long parse holding the interpreter).
    big = served.root / "scratch_big.py"
    big.write_text("", encoding="utf-8")
    big_text = "".join(f"def f{i}(x):\n    return g{i}(x) + {i}\n\n" for i in range(5000))
    big_doc = open_document(served.client, big, big_text)
    target = uri(served.root / "pkg/shapes.py")
    try:
        pending = served.client.protocol.send_request(
            types.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=target)),
            msg_id="cancel-me",
        )
        served.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="cancel-me"))
        with pytest.raises(JsonRpcException) as raised:
            await asyncio.wait_for(asyncio.wrap_future(pending), PATIENCE_S)
        assert raised.value.code == types.LSPErrorCodes.RequestCancelled
    finally:
        close_document(served.client, big_doc)
        big.unlink()
    await still_serving(served)
