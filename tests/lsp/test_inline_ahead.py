"""Completion's context prepared as the cursor arrives (`server/lsp/inline_ahead.py`): a real stdio session
where the editor asks for the code actions at the cursor, as VS Code does when the cursor moves, or edits, and
the server packs that function's context at the quiet moment after, once the client uses inline completion."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import Session, serving
from tests.lsp.harness import PATIENCE_S, eventually
from tests.lsp.test_inline_completion import ANSWER, LONG, ask, configure, cursor, fake, inserted, workspace
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

pytestmark = pytest.mark.asyncio(loop_scope="function")
__all__ = ["fake"]  # the scripted model's fixture, shared with the inline completion tests

PREPARED = "prepared the completion context in long.py"


@pytest.fixture
async def session(tmp_path: Path, fake: FakeOpenAI) -> AsyncIterator[Session]:
    settings = {"log": {"level": "debug"}}
    cache = tmp_path / "cache"
    async with serving("neovim@v0.11.0", workspace(tmp_path), cache, fake.base_url, settings) as running:
        configure(running, {"fim": "suffix", "deadlineMs": 1500})
        yield running


def code_actions(
    session: Session, document: str, position: types.Position, only: list[str] | None = None
) -> asyncio.Future[object]:
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=document),
        range=types.Range(start=position, end=position),
        context=types.CodeActionContext(diagnostics=[], only=only),
    )
    return asyncio.ensure_future(session.client.text_document_code_action_async(params))


def prepared(session: Session) -> int:
    return sum(PREPARED in m.message for m in session.client.log_messages)


async def test_the_cursors_function_is_packed_ahead_once_completion_is_in_use(
    session: Session, fake: FakeOpenAI
) -> None:
    fake.enqueue(fake_openai.text(ANSWER), fake_openai.text("0"))
    document = session.open("long.py")
    # Before the client asked for any suggestion, the cursor's arrival prepares nothing.
    filler = LONG.count("\n", 0, LONG.index("def filler_9(x):")) + 1
    await asyncio.wait_for(
        code_actions(session, document, types.Position(line=filler, character=4)), PATIENCE_S
    )
    await asyncio.sleep(0.6)
    assert prepared(session) == 0

    answer = await asyncio.wait_for(ask(session, document, cursor()), PATIENCE_S)
    assert inserted(answer) == [ANSWER]
    # Now the cursor arrives in another function: its context is packed at the quiet moment after.
    at = types.Position(line=filler, character=4)
    await asyncio.wait_for(code_actions(session, document, at), PATIENCE_S)
    await eventually(lambda: prepared(session) == 1, "the context prepared ahead")
    # Asked again at the same place, nothing new is packed; nor for code actions of named kinds (an editor's
    # actions on save), which say nothing of the cursor.
    await asyncio.wait_for(code_actions(session, document, at), PATIENCE_S)
    elsewhere = types.Position(line=LONG.count("\n", 0, LONG.index("def filler_50(x):")) + 1, character=4)
    await asyncio.wait_for(code_actions(session, document, elsewhere, ["source.fixAll"]), PATIENCE_S)
    await asyncio.sleep(0.6)
    assert prepared(session) == 1
    # An edit in another function puts the cursor at its end: that function's context is packed too, and the
    # request there answers.
    line = LONG.count("\n", 0, LONG.index("    return x + 30\n"))
    end = types.Position(line=line, character=len("    return x + 30"))
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=types.Range(start=end, end=end), text=" + 1")
            ],
        )
    )
    await eventually(lambda: prepared(session) == 2, "the edited function's context prepared ahead")
    typed = types.Position(line=line, character=end.character + 4)
    again = await asyncio.wait_for(ask(session, document, typed), PATIENCE_S)
    assert inserted(again) == ["0"]
