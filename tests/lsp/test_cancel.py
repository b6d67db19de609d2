"""`$/cancelRequest` for an AI action while the scripted model streams slowly, through a real stdio session:
the request is answered with RequestCancelled (-32800, as LSP 3.17 asks of a cancelled request that
returns), the model's HTTP connection is closed, no edit is produced, and the server answers the next
request with an edit as if nothing had happened."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcRequestCancelled

from tests.lsp.actions_harness import HELIX, Session, serving, write
from tests.lsp.harness import PATIENCE_S, eventually
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

pytestmark = pytest.mark.asyncio(loop_scope="function")

GENERATED = '''\
```python
def total(xs: list[int]) -> int:
    """The sum of xs."""
    result = 0
    for x in xs:
        result += x
    return result
```
'''
FIXED = "```python\ndef area(r):\n    return r * 2\n```\n"
# A model that would need 20 s to answer: the test is over long before unless the cancel fails.
SLOW = fake_openai.stream(["```python\n"] + ["    # thinking\n"] * 400, delay_s=0.05)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


async def chosen(session: Session, rel: str, line: int, title: str) -> types.CodeAction:
    """The action whose title contains `title`, listed at `line` of `rel` (opened here)."""
    document = session.open(rel)
    diagnostics: list[types.Diagnostic] = []
    if rel == "broken.py":
        diagnostics = await eventually(
            lambda: session.client.diagnostics.get(document), f"diagnostics of {document}"
        )
    found = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=types.Position(line, 0), end=types.Position(line, 0)),
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    (action,) = [a for a in found or [] if isinstance(a, types.CodeAction) and title in a.title]
    return action


def send(session: Session, action: types.CodeAction, msg_id: str) -> asyncio.Future[Any]:
    """Start what the editor sends for the chosen action, under a request id the test picks."""
    protocol = session.client.protocol
    if session.lazy:
        return asyncio.wrap_future(protocol.send_request(types.CODE_ACTION_RESOLVE, action, msg_id=msg_id))
    assert action.command is not None
    params = types.ExecuteCommandParams(command=action.command.command, arguments=action.command.arguments)
    return asyncio.wrap_future(protocol.send_request(types.WORKSPACE_EXECUTE_COMMAND, params, msg_id=msg_id))


def new_text(session: Session, answer: Any) -> str:
    """The text the editor would insert for an answered action (resolved edit or applied edit)."""
    if session.lazy:
        assert isinstance(answer, types.CodeAction) and answer.edit is not None, answer
        edit = answer.edit
    else:
        assert answer["applied"] is True, answer
        edit = session.applied[-1]
    assert edit.document_changes
    return "".join(
        e.new_text
        for change in edit.document_changes
        if isinstance(change, types.TextDocumentEdit)
        for e in change.edits
    )


@pytest.mark.parametrize(
    ("name", "rel", "line", "title", "reply", "expected"),
    [
        ("neovim@v0.7.0", "stub.py", 2, "Generate the body", GENERATED, "result += x"),
        ("neovim@v0.11.0", "stub.py", 2, "Generate the body", GENERATED, "result += x"),
        ("visual-studio-code", "stub.py", 2, "Generate the body", GENERATED, "result += x"),
        (HELIX, "stub.py", 2, "Generate the body", GENERATED, "result += x"),
        ("neovim@v0.11.0", "broken.py", 0, "Fix 1 problem", FIXED, ":"),
        (HELIX, "broken.py", 0, "Fix 1 problem", FIXED, ":"),
    ],
    ids=[
        "nvim-0.7-generate",
        "nvim-0.11-generate",
        "vscode-generate",
        "helix-generate",
        "nvim-0.11-fix",
        "helix-fix",
    ],
)
async def test_cancel_request_closes_the_model_request_and_the_server_serves_on(
    name: str, rel: str, line: int, title: str, reply: str, expected: str, tmp_path: Path, fake: FakeOpenAI
) -> None:
    fake.enqueue(SLOW, fake_openai.text(reply))
    root = tmp_path / "ws"
    root.mkdir()
    write(root)
    before = (root / rel).read_bytes()
    async with serving(name, root, tmp_path / "cache", fake.base_url) as session:
        action = await chosen(session, rel, line, title)
        pending = send(session, action, "slow-1")
        (slow,) = await eventually(lambda: fake.chat_requests, "the model request")
        session.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="slow-1"))

        with pytest.raises(JsonRpcException) as cancelled:
            await asyncio.wait_for(pending, timeout=PATIENCE_S)
        assert isinstance(cancelled.value, JsonRpcRequestCancelled), cancelled.value
        assert cancelled.value.code == types.LSPErrorCodes.RequestCancelled.value == -32800
        assert fake.wait_for_disconnect(slow), "the model's HTTP request was closed"
        assert session.applied == []
        assert (root / rel).read_bytes() == before
        await eventually(lambda: session.statuses[-1]["state"] == "ready", "the server to be ready again")

        # The same action again: the server answers it, with the model's (now quick) reply.
        answer = await asyncio.wait_for(send(session, action, "quick-2"), timeout=PATIENCE_S)
        assert expected in new_text(session, answer)
        assert len(fake.chat_requests) == 2 and fake.pending == 0
        assert not fake.chat_requests[1].disconnected.is_set()
