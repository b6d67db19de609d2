"""The AI actions through a real stdio session: listing is model-free, resolve and commands give versioned
edits (offline rules, and the scripted OpenAI-compatible server), progress and status, cancellation closes
the model's HTTP request, a document edited meanwhile gets no stale edit, explain and showLastPrompt."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import ACTION_CLIENTS, API_KEY, HELIX, Session, serving, write
from tests.lsp.harness import eventually
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI, RecordedRequest

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


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def workspace(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "ws"
    root.mkdir()
    return write(root), tmp_path / "cache"


async def actions_at(
    session: Session, document: str, line: int, diagnostics: list[types.Diagnostic]
) -> list[Any]:
    found = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=types.Position(line, 0), end=types.Position(line, 0)),
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    return list(found or [])


async def published(session: Session, document: str) -> list[types.Diagnostic]:
    diagnostics: list[types.Diagnostic] = await eventually(
        lambda: session.client.diagnostics.get(document), f"diagnostics of {document}"
    )
    return diagnostics


async def run(session: Session, action: types.CodeAction) -> types.WorkspaceEdit | None:
    """What the editor does with a chosen action: resolve it, or execute its command."""
    if session.lazy:
        assert action.data is not None and action.command is None
        resolved = await session.client.code_action_resolve_async(action)
        return resolved.edit
    assert action.command is not None and action.data is None
    before = len(session.applied)
    result = await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=action.command.command, arguments=action.command.arguments)
    )
    assert isinstance(result, dict) and set(result) == {"applied", "summary"}
    return session.applied[before] if len(session.applied) > before else None


def text_edits(edit: types.WorkspaceEdit, version: int | None) -> list[Any]:
    assert edit.document_changes, "a versioned TextDocumentEdit"
    (change,) = edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.version == version
    return list(change.edits)


@pytest.mark.parametrize("name", ACTION_CLIENTS)
async def test_self_debug_offline_gives_a_versioned_verified_edit(name: str, tmp_path: Path) -> None:
    root, cache = workspace(tmp_path)
    async with serving(name, root, cache) as session:
        document = session.open("broken.py")
        diagnostics = await published(session, document)
        actions = await actions_at(session, document, 0, diagnostics)
        fixes = [
            a for a in actions if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.QuickFix
        ]
        assert len(fixes) == 1, [a.title for a in actions]
        fix = fixes[0]
        assert fix.title.startswith("archmem: Fix 1 problem") and "verified" in fix.title
        assert fix.is_preferred
        edit = await run(session, fix)
        assert edit is not None
        (change,) = text_edits(edit, 1)
        assert change.new_text == ":" and change.range.start == types.Position(0, 11)
        if name == "visual-studio-code":
            assert isinstance(change, types.AnnotatedTextEdit)
            assert edit.change_annotations is not None
            (annotation,) = edit.change_annotations.values()
            assert annotation.needs_confirmation and "1 diagnostic → 0" in annotation.label
        states = [s["state"] for s in session.statuses]
        assert "busy" in states and states[-1] == "ready"
        progress = [r for r in session.client.progress_reports.values() if "self-debug" in str(r[0])]
        assert progress, "work-done progress for the run"
        begin, *_, end = progress[0]
        assert isinstance(begin, types.WorkDoneProgressBegin) and begin.cancellable
        assert isinstance(end, types.WorkDoneProgressEnd)


@pytest.mark.parametrize("name", ["neovim@v0.11.0", "visual-studio-code", HELIX])
async def test_listing_calls_no_model(name: str, tmp_path: Path, fake: FakeOpenAI) -> None:
    called: list[RecordedRequest] = []

    def refuse(request: RecordedRequest) -> fake_openai.Reply:
        called.append(request)
        return fake_openai.status(500, message="listing must not call the model")

    fake.set_handler(refuse)
    root, cache = workspace(tmp_path)
    async with serving(name, root, cache, fake.base_url) as session:
        broken = session.open("broken.py")
        stub = session.open("stub.py")
        diagnostics = await published(session, broken)
        fixes = await actions_at(session, broken, 0, diagnostics)
        generates = await actions_at(session, stub, 2, [])
        titles = [a.title for a in fixes + generates]
        assert any("Fix 1 problem" in t for t in titles), titles
        assert any("Generate the body of `total`" in t for t in titles), titles
        assert any(t.startswith("archmem: Explain") for t in titles), titles
        assert called == []
        for action in fixes + generates:
            if action.kind == "refactor.archmem.explain":
                assert action.command.command == "archmem.explain"


@pytest.mark.parametrize("name", ACTION_CLIENTS)
async def test_generate_with_the_scripted_model(name: str, tmp_path: Path, fake: FakeOpenAI) -> None:
    fake.enqueue(fake_openai.stream([GENERATED[:40], GENERATED[40:]]))
    root, cache = workspace(tmp_path)
    async with serving(name, root, cache, fake.base_url) as session:
        stub = session.open("stub.py", version=7)
        actions = await actions_at(session, stub, 2, [])
        (body,) = [a for a in actions if "Generate the body" in a.title]
        assert body.kind == types.CodeActionKind.RefactorRewrite
        edit = await run(session, body)
        assert edit is not None
        edits = text_edits(edit, 7)
        assert "result += x" in "".join(e.new_text for e in edits)
        assert "NotImplementedError" not in "".join(e.new_text for e in edits)
        (request,) = fake.chat_requests
        assert request.headers["authorization"] == f"Bearer {API_KEY}"
        assert API_KEY not in request.prompt
        last = await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="archmem.showLastPrompt", arguments=[{"show": False}])
        )
        assert "total" in last["text"] and API_KEY not in last["text"]
        assert all(API_KEY not in m.message for m in session.messages)


@pytest.mark.parametrize("name", ["neovim@v0.7.0", "neovim@v0.11.0", "visual-studio-code"])
async def test_explain_returns_markdown_and_shows_it(name: str, tmp_path: Path) -> None:
    root, cache = workspace(tmp_path)
    async with serving(name, root, cache) as session:
        document = session.open("util.py")
        actions = await actions_at(session, document, 2, [])
        (explain,) = [a for a in actions if a.kind == "refactor.archmem.explain"]
        assert explain.title == "archmem: Explain `double`"
        result = await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=explain.command.command, arguments=explain.command.arguments)
        )
        assert result["offline"] is True and "double" in result["markdown"]
        if name == "neovim@v0.7.0":
            # No window/showDocument in Neovim 0.7: the user is told where the file is.
            assert session.shown == []
            assert any("written to" in m.message for m in session.messages)
        else:
            (shown,) = session.shown
            assert shown.uri.endswith(".md") and shown.uri.startswith("file://")
            path = Path(shown.uri.removeprefix("file://"))
            assert path.read_text(encoding="utf-8") == result["markdown"]
            assert cache in path.parents


@pytest.mark.filterwarnings("ignore:Unknown progress token")  # pytest-lsp's client made up no token
@pytest.mark.parametrize("name", ["neovim@v0.11.0", "visual-studio-code"])
async def test_cancelling_progress_closes_the_model_request(
    name: str, tmp_path: Path, fake: FakeOpenAI
) -> None:
    fake.enqueue(fake_openai.stream(["```python\n"] + ["    # thinking\n"] * 200, delay_s=0.05))
    root, cache = workspace(tmp_path)
    async with serving(name, root, cache, fake.base_url) as session:
        stub = session.open("stub.py")
        request = asyncio.ensure_future(
            session.client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command="archmem.generate",
                    arguments=[{"uri": stub, "version": 1, "position": {"line": 2, "character": 4}}],
                    work_done_token="user-token",
                )
            )
        )
        await eventually(lambda: fake.chat_requests, "the model request")
        await eventually(lambda: session.client.progress_reports.get("user-token"), "progress on the token")
        session.client.window_work_done_progress_cancel(
            types.WorkDoneProgressCancelParams(token="user-token")
        )
        assert fake.wait_for_disconnect(fake.chat_requests[0]), "the HTTP request was closed"
        with pytest.raises(Exception, match="cancel"):
            await request
        assert session.applied == []


@pytest.mark.parametrize("name", ["neovim@v0.11.0", HELIX])
async def test_a_document_edited_meanwhile_gets_no_stale_edit(
    name: str, tmp_path: Path, fake: FakeOpenAI
) -> None:
    fake.set_handler(lambda request: fake_openai.stream([GENERATED], delay_s=0.0))
    root, cache = workspace(tmp_path)
    async with serving(name, root, cache, fake.base_url) as session:
        stub = session.open("stub.py")
        actions = await actions_at(session, stub, 2, [])
        (body,) = [a for a in actions if "Generate the body" in a.title]
        session.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=stub, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
                        text="# edited\n",
                    )
                ],
            )
        )
        edit = await run(session, body)
        assert edit is None
        assert any("changed" in m.message for m in session.messages), [m.message for m in session.messages]
        assert fake.chat_requests == [], "a stale request never reaches the model"


async def test_model_errors_are_shown_without_the_key(tmp_path: Path, fake: FakeOpenAI) -> None:
    fake.set_handler(lambda request: fake_openai.status(401, message="bad key"))
    root, cache = workspace(tmp_path)
    async with serving("visual-studio-code", root, cache, fake.base_url) as session:
        stub = session.open("stub.py")
        result = await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(
                command="archmem.generate",
                arguments=[{"uri": stub, "version": 1, "position": {"line": 2, "character": 4}}],
            )
        )
        assert result["applied"] is False
        assert session.applied == []
        assert any(m.type == types.MessageType.Error or "generate" in m.message for m in session.messages)
        assert all(API_KEY not in m.message for m in session.messages)


async def test_self_debug_with_the_model_is_in_the_last_prompt(tmp_path: Path, fake: FakeOpenAI) -> None:
    """What self-debug sent to the model is what archmem.showLastPrompt shows (and never the key)."""
    fake.set_handler(lambda request: fake_openai.text("```python\ndef area(r):\n    return r * 2\n```"))
    root, cache = workspace(tmp_path)
    async with serving("visual-studio-code", root, cache, fake.base_url) as session:
        document = session.open("broken.py")
        diagnostics = await published(session, document)
        result = await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(
                command="archmem.selfDebug",
                arguments=[{"uri": document, "version": 1, "diagnostics": []}],
            )
        )
        assert diagnostics and result["applied"] is True, result
        assert fake.chat_requests, "the model was asked"
        last = await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="archmem.showLastPrompt", arguments=[{"show": False}])
        )
        assert "self-debug" in last["text"]
        assert "def area(r)" in last["text"]
        assert API_KEY not in last["text"]


async def test_pyflakes_findings_are_published_and_fixed_offline(tmp_path: Path) -> None:
    """Undefined names and unused imports reach the editor under archmem's source, with a verified fix."""
    root, cache = workspace(tmp_path)
    (root / "names.py").write_text("import os\n\n\ndef where(name):\n    return Path(name)\n")
    async with serving("neovim@v0.11.0", root, cache) as session:
        document = session.open("names.py")
        diagnostics = await published(session, document)
        codes = {(d.source, d.code) for d in diagnostics}
        assert ("archmem.pyflakes", "undefined-name") in codes, codes
        assert ("archmem.pyflakes", "unused-import") in codes, codes
        actions = await actions_at(session, document, 4, diagnostics)
        titles = [a.title for a in actions if a.kind == types.CodeActionKind.QuickFix]
        assert "archmem: Fix 1 problem in function 'where' (self-debug, verified)" in titles, titles
        (fix_all,) = [a for a in actions if a.title.startswith("archmem: Fix all 2 problems")]
        edit = await run(session, fix_all)
        assert edit is not None
        new_text = "".join(e.new_text for e in text_edits(edit, 1))
        assert "from pathlib import Path" in new_text, new_text
