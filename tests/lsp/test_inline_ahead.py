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

# The server's debug lines for each cursor heard (`Ahead.arrived`) and what became of it (`Ahead._done`): a case
# where nothing is prepared is waited for as its own line, never by sleeping and counting.
UNUSED = "no completion asked for yet, nothing to prepare"
HEARD = "heard"
PREPARED = "prepared the completion context at"
NOTHING = "nothing to prepare for the completion context at"


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


def lines(session: Session, what: str) -> list[str]:
    """The server's log lines holding `what`, in the order sent, each shortened to where it is about (`long.py:N`)."""
    return [
        m.message.split("long.py:")[1].split()[0].rstrip(":")
        for m in session.client.log_messages
        if what in m.message
    ]


def outcomes(session: Session) -> list[str]:
    """What became of each cursor heard, in order: `prepared N` or `nothing N` (N: its 1-based line)."""
    return [
        f"{'prepared' if PREPARED in m.message else 'nothing'} {m.message.split('long.py:')[1].split()[0].rstrip(':')}"
        for m in session.client.log_messages
        if PREPARED in m.message or NOTHING in m.message
    ]


def line_of(text: str) -> int:
    """The 0-based line where `text` starts in LONG."""
    return LONG.count("\n", 0, LONG.index(text))


async def test_the_cursors_function_is_packed_ahead_once_completion_is_in_use(
    session: Session, fake: FakeOpenAI
) -> None:
    fake.enqueue(fake_openai.text(ANSWER), fake_openai.text("0"))
    document = session.open("long.py")
    # Functions far from the top, which the pass after the open (the 32 functions nearest it, for editors that say
    # nothing of the cursor) leaves to the cursor's own preparation.
    at = types.Position(line=line_of("def filler_300(x):") + 1, character=4)
    # Before the client asked for any suggestion, the cursor's arrival prepares nothing: the server says so
    # when it hears it, and the cursor is never heard (nor prepared, below) as one to prepare for.
    await asyncio.wait_for(code_actions(session, document, at), PATIENCE_S)
    await eventually(
        lambda: lines(session, UNUSED) == [str(at.line + 1)], "the cursor ignored before any suggestion"
    )

    answer = await asyncio.wait_for(ask(session, document, cursor()), PATIENCE_S)
    assert inserted(answer) == [ANSWER]
    # Now the cursor arrives there again: its function's context is packed at the quiet moment after, and that
    # is the first packing ahead (one made before the first suggestion would leave this one finding it kept).
    await asyncio.wait_for(code_actions(session, document, at), PATIENCE_S)
    await eventually(lambda: outcomes(session), "what became of the cursor heard")
    assert outcomes(session) == [f"prepared {at.line + 1}"]
    # Code actions of named kinds (an editor's actions on save) say nothing of the cursor: asked in another
    # function, then the cursor asked again at the same place, only the second is heard, and nothing new is
    # packed for it. The second's outcome orders the check: the first's would have been heard before it.
    elsewhere = types.Position(line=line_of("def filler_350(x):") + 1, character=4)
    await asyncio.wait_for(code_actions(session, document, elsewhere, ["source.fixAll"]), PATIENCE_S)
    await asyncio.wait_for(code_actions(session, document, at), PATIENCE_S)
    await eventually(lambda: len(outcomes(session)) == 2, "what became of the cursor heard again")
    assert outcomes(session) == [f"prepared {at.line + 1}", f"nothing {at.line + 1}"]
    assert lines(session, HEARD) == [str(at.line + 1)] * 2
    # An edit in another function puts the cursor at its end: that function's context is packed too, and the
    # request there answers.
    line = line_of("    return x + 400\n")
    end = types.Position(line=line, character=len("    return x + 400"))
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=types.Range(start=end, end=end), text=" + 1")
            ],
        )
    )
    await eventually(lambda: len(outcomes(session)) == 3, "what became of the edit's cursor")
    assert outcomes(session)[2] == f"prepared {line + 1}"
    typed = types.Position(line=line, character=end.character + 4)
    again = await asyncio.wait_for(ask(session, document, typed), PATIENCE_S)
    assert inserted(again) == ["0"]
