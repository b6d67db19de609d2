"""Inline completion end to end: a real stdio session, the real openai SDK, the scripted model server.

The prompt carries what only the memory knows (a definition thousands of lines back, a class in another
file); typing through a suggestion reuses it; a newer request or `$/cancelRequest` closes the model's
HTTP request; a model that is down, slow, rate-limiting or talking nonsense gives an empty answer quickly,
with no message popping up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled

from tests.lsp.actions_harness import API_KEY, Session, serving
from tests.lsp.harness import PATIENCE_S, eventually, uri
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

pytestmark = pytest.mark.asyncio(loop_scope="function")

FAR = '''\
def far_away_helper_for_spirals(turns: int) -> float:
    """How far a spiral of this many turns reaches."""
    return turns * 1.618

'''
FILLER = "".join(f"def filler_{i}(x):\n    return x + {i}\n\n\n" for i in range(700))
CURSOR_LINE = "    return "
LONG = (
    "from pkg.spirals import Spiral\n\n\n"
    + FAR
    + FILLER
    + "def spiral(n: int) -> float:\n    s = Spiral(n)\n    s.unwind_carefully(far_away_helper_for_spirals(n))\n"
    + CURSOR_LINE
    + "\n"
)
SPIRALS = '''\
class Spiral:
    """A spiral."""

    def __init__(self, turns: int) -> None:
        self.turns = turns

    def unwind_carefully(self, reach: float) -> float:
        """Unwind, never past `reach`."""
        return min(self.turns, reach)
'''
ANSWER = "far_away_helper_for_spirals(n + 1)"


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def workspace(tmp_path: Path) -> Path:
    """The workspace of these tests: `long.py` and the package its class comes from."""
    root = tmp_path / "ws"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg/__init__.py").write_text("")
    (root / "pkg/spirals.py").write_text(SPIRALS)
    (root / "long.py").write_text(LONG)
    return root


@pytest.fixture
async def session(tmp_path: Path, fake: FakeOpenAI) -> AsyncIterator[Session]:
    root = workspace(tmp_path)
    async with serving("neovim@v0.11.0", root, tmp_path / "cache", fake.base_url) as running:
        configure(running, {"fim": "suffix", "deadlineMs": 1500})
        yield running


def configure(session: Session, completion: dict[str, Any]) -> None:
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"archmem": {"completion": completion}})
    )


def cursor() -> types.Position:
    line = LONG.count("\n", 0, LONG.index(CURSOR_LINE + "\n"))
    return types.Position(line=line, character=len(CURSOR_LINE))


def ask(
    session: Session, document: str, position: types.Position, msg_id: str | None = None
) -> asyncio.Future[Any]:
    params = types.InlineCompletionParams(
        text_document=types.TextDocumentIdentifier(uri=document),
        position=position,
        context=types.InlineCompletionContext(trigger_kind=types.InlineCompletionTriggerKind.Automatic),
    )
    # Sent at once (a future, not a coroutine): the tests send requests and await them later.
    if msg_id is None:
        return asyncio.ensure_future(session.client.text_document_inline_completion_async(params))
    return asyncio.ensure_future(
        session.client.protocol.send_request_async(
            types.TEXT_DOCUMENT_INLINE_COMPLETION, params, msg_id=msg_id
        )
    )


def type_text(session: Session, document: str, text: str, version: int) -> None:
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def inserted(answer: Any) -> list[str]:
    return [item.insert_text for item in answer.items]


async def test_the_prompt_holds_what_only_the_memory_knows_and_typing_through_reuses_it(
    session: Session, fake: FakeOpenAI
) -> None:
    fake.enqueue(fake_openai.text(ANSWER + "\n    return 0\n"))
    document = session.open("long.py")
    answer = await asyncio.wait_for(ask(session, document, cursor()), PATIENCE_S)
    assert inserted(answer) == [ANSWER]  # one line: the rest of the model's answer is cut
    (request,) = fake.completion_requests
    prompt, suffix = request.body["prompt"], request.body["suffix"]
    # The definition is ~5,000 lines back, far outside the prefix; the method is in another file.
    assert "def far_away_helper_for_spirals" not in LONG[LONG.index("def filler_600") :]
    assert "def far_away_helper_for_spirals(turns: int) -> float:" in prompt
    assert "def unwind_carefully(self, reach: float) -> float:" in prompt
    assert prompt.endswith(CURSOR_LINE) and suffix.startswith("\n")
    # The cursor's own function is in the prefix once, not repeated by the packed context.
    assert prompt.count("def spiral(n: int) -> float:") == 1
    assert request.body["stop"] == ["\n"] and request.body["max_tokens"] == 128
    assert "sk-archmem-planted-secret" not in str(request.body)

    # Typing the suggestion's first characters shows the rest with no new model request.
    typed = LONG.replace(CURSOR_LINE + "\n", CURSOR_LINE + "far_" + "\n")
    type_text(session, document, typed, 2)
    position = types.Position(line=cursor().line, character=cursor().character + 4)
    again = await asyncio.wait_for(ask(session, document, position), PATIENCE_S)
    assert inserted(again) == [ANSWER[4:]]
    assert len(fake.completion_requests) == 1

    # Accepting runs the command the server counts, locally.
    (item,) = again.items
    assert item.command is not None and item.command.command == "archmem.completionAccepted"
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=item.command.command, arguments=item.command.arguments)
    )
    stats = await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="archmem.completionStats", arguments=[])
    )
    assert stats["python"] == {"shown": 2, "accepted": 1, "acceptedChars": len(ANSWER) - 4}


async def test_a_newer_request_supersedes_and_cancel_closes_the_model_call(
    session: Session, fake: FakeOpenAI
) -> None:
    fake.enqueue(fake_openai.hang(30), fake_openai.text(ANSWER), fake_openai.hang(30))
    configure(session, {"fim": "suffix", "deadlineMs": 20_000})
    document = session.open("long.py")
    older = ask(session, document, cursor())
    (first,) = await eventually(lambda: fake.completion_requests, "the first model request")
    newer = await asyncio.wait_for(ask(session, document, cursor()), PATIENCE_S)
    assert inserted(newer) == [ANSWER]
    assert inserted(await asyncio.wait_for(older, PATIENCE_S)) == []
    assert fake.wait_for_disconnect(first), "the superseded model request was closed"

    moved = types.Position(line=cursor().line - 1, character=4)
    pending = ask(session, document, moved, msg_id="inline-cancel")
    third = await eventually(lambda: fake.completion_requests[2:], "the third model request")
    session.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="inline-cancel"))
    with pytest.raises(JsonRpcRequestCancelled):
        await asyncio.wait_for(pending, PATIENCE_S)
    assert fake.wait_for_disconnect(third[0]), "the cancelled request's model call was closed"


# The waits a well-behaved client would sit out (a retry-after, a hang) are far beyond the harness's
# patience: a server that waited them out would fail the test by not answering, with no clock read here.
@pytest.mark.parametrize(
    ("reply", "failing"),
    [
        (fake_openai.status(429, headers={"retry-after": "3600"}), "rate_limited"),
        (fake_openai.hang(3600), "deadline"),
        (fake_openai.garbage(b"<html>not json</html>", content_type="application/json"), "model:"),
        (fake_openai.text("   \n"), None),
        (fake_openai.text("far_away_helper_for_spirals(n + ((("), None),
    ],
    ids=["rate-limited", "slow", "garbage", "empty", "syntax-error"],
)
async def test_a_failing_model_gives_an_empty_answer_without_waiting_it_out_and_no_popup(
    session: Session, fake: FakeOpenAI, reply: fake_openai.Reply, failing: str | None
) -> None:
    statuses = record_completion_statuses(session)
    fake.enqueue(reply)
    # Only the hang needs the deadline; it is long enough for the request to leave on a loaded machine.
    configure(session, {"fim": "suffix", "deadlineMs": 3000 if reply.kind == "hang" else 20_000})
    document = session.open("long.py")
    answer = await asyncio.wait_for(ask(session, document, cursor()), PATIENCE_S)
    assert inserted(answer) == []
    (request,) = fake.completion_requests  # no retry for a completion
    if reply.kind == "hang":
        # The server closed the model's request itself: the hang was never waited out.
        assert fake.wait_for_disconnect(request), "the slow model's request was closed"
    assert session.messages == []
    if failing is None:
        # The model answered (something not worth showing): completion is not failing.
        assert statuses == []
    else:
        (told,) = await eventually(lambda: statuses, "the failing status")
        assert told["state"] == "failing" and failing in told["message"]
        assert API_KEY not in told["message"]
    # The server serves on: the next suggestion comes, and the status says completion works again.
    fake.enqueue(fake_openai.text(ANSWER))
    assert inserted(await asyncio.wait_for(ask(session, document, cursor()), PATIENCE_S)) == [ANSWER]
    if failing is not None:
        assert statuses[1:] == [{"state": "ok"}]


async def test_a_model_that_stays_down_is_told_once_not_per_keystroke(
    session: Session, fake: FakeOpenAI
) -> None:
    statuses = record_completion_statuses(session)
    document = session.open("long.py")
    fake.stop()  # the model is down
    for _ in range(3):
        assert inserted(await asyncio.wait_for(ask(session, document, cursor()), PATIENCE_S)) == []
    (told,) = statuses
    assert told["state"] == "failing" and "unreachable" in told["message"]


def record_completion_statuses(session: Session) -> list[dict[str, Any]]:
    """Collect `archmem/completionStatus` notifications (the state a status bar shows)."""
    statuses: list[dict[str, Any]] = []

    @session.client.feature("archmem/completionStatus")
    def on_status(params: Any) -> None:
        # pygls hands unknown notifications' params over as namedtuples.
        statuses.append(params if isinstance(params, dict) else params._asdict())

    return statuses


async def test_bad_positions_unopened_documents_and_a_model_down_answer_empty(
    session: Session, fake: FakeOpenAI, tmp_path: Path
) -> None:
    unopened = uri(session.root / "pkg/spirals.py")
    assert inserted(await asyncio.wait_for(ask(session, unopened, cursor()), PATIENCE_S)) == []
    document = session.open("long.py")
    far = types.Position(line=100_000, character=3)
    assert inserted(await asyncio.wait_for(ask(session, document, far), PATIENCE_S)) == []
    # Inside a docstring: the user is writing prose, no model is asked.
    docstring = LONG.count("\n", 0, LONG.index('"""How far'))
    prose = types.Position(line=docstring, character=10)
    assert inserted(await asyncio.wait_for(ask(session, document, prose), PATIENCE_S)) == []
    assert fake.completion_requests == []
    fake.stop()  # the model is down
    assert inserted(await asyncio.wait_for(ask(session, document, cursor()), PATIENCE_S)) == []
    assert session.messages == []


async def test_chat_fallback_and_the_completion_item_for_clients_without_inline(
    session: Session, fake: FakeOpenAI
) -> None:
    configure(session, {"fim": "chat"})
    fake.enqueue(fake_openai.text("```python\n" + ANSWER + "\n```\n"))
    document = session.open("long.py")
    found = await asyncio.wait_for(
        session.client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=document), position=cursor()
            )
        ),
        PATIENCE_S,
    )
    assert isinstance(found, types.CompletionList)
    first = found.items[0]
    assert first.label.startswith("archmem: ") and first.text_edit.new_text == ANSWER
    # The offline names come after it, from the memory.
    assert "far_away_helper_for_spirals" in [item.label for item in found.items[1:]]
    (chat,) = fake.chat_requests
    assert "<CURSOR>" in chat.prompt and "def unwind_carefully" in chat.prompt


async def test_a_blank_line_after_a_header_gets_a_block_reindented_under_it(
    session: Session, fake: FakeOpenAI
) -> None:
    text = "def spiral_sum(n: int) -> int:\n    \n"
    # A chat model indents from column 0 after its first line.
    fake.enqueue(fake_openai.text("total = 0\nfor i in range(n):\n    total += i\nreturn total\n"))
    configure(session, {"fim": "chat"})
    document = uri(session.root / "block.py")
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=document, language_id="python", version=1, text=text)
        )
    )
    answer = await asyncio.wait_for(ask(session, document, types.Position(line=1, character=4)), PATIENCE_S)
    assert inserted(answer) == ["total = 0\n    for i in range(n):\n        total += i\n    return total"]
    (chat,) = fake.chat_requests
    assert "the missing block" in chat.prompt


async def test_the_completion_list_does_not_wait_out_a_slow_model(session: Session, fake: FakeOpenAI) -> None:
    # The model would hang for an hour: the list comes at the completion deadline, with the memory's names
    # and without a suggestion, and the model's request is closed.
    fake.enqueue(fake_openai.hang(3600))
    configure(session, {"fim": "suffix", "deadlineMs": 3000})
    document = session.open("long.py")
    params = types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=document), position=cursor()
    )
    found = await asyncio.wait_for(session.client.text_document_completion_async(params), PATIENCE_S)
    assert isinstance(found, types.CompletionList)
    labels = [item.label for item in found.items]
    assert "far_away_helper_for_spirals" in labels
    assert not any(label.startswith("archmem: ") for label in labels)
    (request,) = fake.completion_requests
    assert fake.wait_for_disconnect(request), "the slow model's request was closed"
