"""Completion's contexts prepared for an editor that says nothing of the cursor before the request (Neovim, Helix):
a real stdio session where the client opens and edits a file and asks for suggestions, with no code action between,
and the server packs the contexts of the functions nearest the last edit at the quiet moment after
(`server/lsp/inline_ahead.py`, `Ahead._tick_files`). What is prepared is used; an edit makes the other functions'
contexts stale, and no request is answered from one; an excluded file is never prepared; a message stops a pass
after the function being packed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import Session, serving
from tests.lsp.harness import PATIENCE_S, eventually
from tests.lsp.test_inline_completion import ask, configure, fake, inserted
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

pytestmark = pytest.mark.asyncio(loop_scope="function")
__all__ = ["fake"]  # the scripted model's fixture, shared with the inline completion tests

# The server's debug lines: a pass starting and ending (`Ahead._tick_files`, `Ahead._functions_done`), and whether
# a request's context was kept or packed for it (`InlineCompletions._prepare`).
STARTED = "preparing the completion contexts of the functions of"
ENDED = "completion contexts of the functions of"
KEPT = "was kept"
PACKED = "is packed at the request"

# The rate's body is far from the functions below (the prompt's prefix does not reach it): it comes into their
# prompts only through the packed context.
FILLER = "".join(f"def filler_{i}(x):\n    return x + {i}\n\n\n" for i in range(300))
WORK = (
    "def scale_rate(n):\n    return n * 3\n\n\n"
    + FILLER
    + "def first(n):\n    total = scale_rate(n)\n    return total\n\n\n"
    + "def second(n):\n    total = scale_rate(n)\n    return total\n"
)


def line_of(text: str, source: str = WORK) -> int:
    return source.count("\n", 0, source.index(text))


def end_of(text: str) -> types.Position:
    """The end of the line `text` starts (`text` is the whole line)."""
    return types.Position(line=line_of(text), character=len(text))


FIRST_END = end_of("    return total\n\n\ndef second")
SECOND_END = types.Position(line=WORK.count("\n") - 1, character=len("    return total"))
# Another place in `second`: a request there is not answered from the suggestion kept at its end.
SECOND_MID = types.Position(line=WORK.count("\n") - 2, character=len("    total = scale_rate(n)"))
RATE = types.Position(line=1, character=len("    return n * "))


@pytest.fixture
async def session(tmp_path: Path, fake: FakeOpenAI) -> AsyncIterator[Session]:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "work.py").write_text(WORK)
    (root / "vault.py").write_text("def secret_rate(n):\n    return n * 11\n\n\ndef use(n):\n    return 0\n")
    settings = {"log": {"level": "debug"}, "exclude": ["vault.py"]}
    async with serving("neovim@v0.11.0", root, tmp_path / "cache", fake.base_url, settings) as running:
        configure(running, {"fim": "suffix", "deadlineMs": 1500})
        yield running


def messages(session: Session, what: str) -> list[str]:
    """The server's log lines holding `what`, without the logger's name before them."""
    return [m.message.split(": ", 1)[-1] for m in session.client.log_messages if what in m.message]


def ended(session: Session, path: str = "work.py", near: types.Position | None = None) -> list[str]:
    """What the passes in `path` did (those nearest `near`'s line, if given), in order."""
    where = f" {path} nearest line {'' if near is None else near.line + 1}"
    return [m for m in messages(session, ENDED) if STARTED not in m and where in m]


def change(
    session: Session, document: str, version: int, at: types.Position, text: str, end: int = 0
) -> None:
    """A partial didChange replacing `end` characters at `at` with `text` (the cursor ends after it)."""
    stop = types.Position(line=at.line, character=at.character + end)
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(range=types.Range(start=at, end=stop), text=text)
            ],
        )
    )


def prompt(fake: FakeOpenAI) -> str:
    return str(fake.completion_requests[-1].body["prompt"])


async def test_the_functions_near_the_edit_are_prepared_used_and_never_stale(
    session: Session, fake: FakeOpenAI
) -> None:
    fake.enqueue(*(fake_openai.text("0") for _ in range(4)))
    document = session.open("work.py")
    # The first suggestion in the session: packed at the request, and from now on the client uses completion.
    assert inserted(await asyncio.wait_for(ask(session, document, FIRST_END), PATIENCE_S)) == ["0"]
    assert len(messages(session, PACKED)) == 1
    # An edit in `first` (no code action: the editor tells nothing of the cursor before a request), then quiet:
    # the functions nearest it are prepared, `second` among them.
    change(session, document, 2, FIRST_END, " + 0")
    await eventually(lambda: ended(session, near=FIRST_END), "the pass after the edit")
    (done,) = ended(session, near=FIRST_END)
    assert done.startswith("prepared ") and not done.startswith("prepared 0 "), done
    # The first request in `second` finds its context kept, and the context holds the rate's body from far above.
    assert inserted(await asyncio.wait_for(ask(session, document, SECOND_END), PATIENCE_S)) == ["0"]
    assert messages(session, KEPT) == [f"the completion context at work.py:{SECOND_END.line + 1} was kept"]
    assert "return n * 3" in prompt(fake)
    # The rate's body edited, the request in `second` sent at once: the context prepared before the edit is stale
    # (the text outside `second` changed), and the prompt says the body as it is now.
    change(session, document, 3, RATE, "4", end=1)
    assert inserted(await asyncio.wait_for(ask(session, document, SECOND_MID), PATIENCE_S)) == ["0"]
    assert "return n * 4" in prompt(fake) and "return n * 3" not in prompt(fake)
    # Another edit in `first`, then quiet: the pass packs the functions nearest it again, on the text as it is now,
    # and the first request in `second` finds its context kept, current.
    change(
        session, document, 4, types.Position(line=FIRST_END.line, character=FIRST_END.character + 4), " + 1"
    )
    await eventually(lambda: len(ended(session, near=FIRST_END)) == 2, "the pass after the third edit")
    kept_before = len(messages(session, KEPT))
    assert inserted(await asyncio.wait_for(ask(session, document, SECOND_END), PATIENCE_S)) == ["0"]
    assert len(messages(session, KEPT)) == kept_before + 1
    assert "return n * 4" in prompt(fake) and "return n * 3" not in prompt(fake)


async def test_an_excluded_file_is_never_prepared(session: Session, fake: FakeOpenAI) -> None:
    fake.enqueue(fake_openai.text("0"))
    document = session.open("work.py")
    assert inserted(await asyncio.wait_for(ask(session, document, FIRST_END), PATIENCE_S)) == ["0"]
    vault = session.open("vault.py")
    change(session, vault, 2, types.Position(line=5, character=len("    return 0")), " + 1")
    await eventually(lambda: ended(session, "vault.py"), "the pass in the excluded file")
    assert ended(session, "vault.py")[0].startswith("prepared 0 ")
    # No suggestion is asked for in it either, so nothing of it reaches the model.
    assert (
        inserted(await asyncio.wait_for(ask(session, vault, types.Position(line=5, character=4)), PATIENCE_S))
        == []
    )
    assert all("secret_rate" not in str(r.body) for r in fake.completion_requests)


async def pass_running(session: Session, fake: FakeOpenAI) -> str:
    """A suggestion asked in `work.py` (completion in use), then an edit in `first`: returns the document once the
    pass nearest the edit has started."""
    fake.enqueue(fake_openai.text("0"))
    document = session.open("work.py")
    assert inserted(await asyncio.wait_for(ask(session, document, FIRST_END), PATIENCE_S)) == ["0"]
    change(session, document, 2, FIRST_END, " + 0")
    started = f"{STARTED} work.py nearest line {FIRST_END.line + 1}"
    await eventually(lambda: messages(session, started), "the pass starting")
    return document


async def test_a_message_stops_the_pass_after_the_function_being_packed(
    session: Session, fake: FakeOpenAI
) -> None:
    # As soon as the pass starts, the client sends a message (a hover anywhere): the pass stops after the function
    # it is packing, the rest left for the next quiet moment, where it goes through them.
    document = await pass_running(session, fake)
    hover = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=document), position=types.Position(line=0, character=5)
    )
    await asyncio.wait_for(session.client.text_document_hover_async(hover), PATIENCE_S)
    await eventually(lambda: ended(session, near=FIRST_END), "the pass ending")
    first = ended(session, near=FIRST_END)[0]
    assert first.endswith("stopped by a message"), first
    await eventually(lambda: len(ended(session, near=FIRST_END)) == 2, "the pass going on")
    assert not ended(session, near=FIRST_END)[1].endswith("stopped by a message")


async def test_the_pass_stops_when_the_client_shuts_down(session: Session, fake: FakeOpenAI) -> None:
    await pass_running(session, fake)
    # The client goes away while the pass runs: its shutdown stops the pass after the function being packed (the
    # shutdown's own work on the memory thread waits for that one only), and nothing more is prepared.
    await asyncio.wait_for(session.client.shutdown_async(None), PATIENCE_S)
    (done,) = ended(session, near=FIRST_END)
    assert done.endswith("stopped by a message"), done
    # And the server exits when told, the pass's rest never run. (pytest-lsp keeps the process as `_server`; with
    # the session over, the harness has nothing left to shut down.)
    session.client.exit(None)
    server = session.client._server
    assert server is not None
    assert await asyncio.wait_for(server.wait(), PATIENCE_S) == 0
    session.client.capabilities = None
