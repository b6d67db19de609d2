"""Files outside the workspace root reach a model only when the user opened them and asked about them: a
poisoned workspace whose directory symlink leads out, and `..`/`%2e%2e` URIs, through a real stdio session
with the scripted model server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.lsp.actions_harness import Session, serving
from tests.lsp.harness import uri
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

SECRET = "outside-value-9d2f71"
# The redactor may hide the value itself: this docstring line shows whether the file was packed at all.
MARKER = "read from the deployment's private settings"
OUTSIDE = f'''\
SERVICE_TOKEN = "{SECRET}"


def token():
    """The service token, {MARKER}."""
    return SERVICE_TOKEN
'''
MAIN = """\
from vendor.creds import token


def use():
    return token()
"""


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        server.set_handler(lambda request: fake_openai.text("It returns the token."))
        yield server


def poisoned(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace whose `vendor/` is a symlink to a directory outside holding a secret-looking module."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "creds.py").write_text(OUTSIDE, encoding="utf-8")
    root = tmp_path / "ws"
    root.mkdir()
    (root / "vendor").symlink_to(outside, target_is_directory=True)
    (root / "main.py").write_text(MAIN, encoding="utf-8")
    return root, outside


async def explain(session: Session, document: str, line: int, character: int) -> dict[str, Any]:
    result: dict[str, Any] = await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command="archmem.explain",
            arguments=[{"uri": document, "position": {"line": line, "character": character}, "show": False}],
        )
    )
    return result


def prompts(fake: FakeOpenAI) -> str:
    return "\n".join(request.prompt for request in fake.chat_requests)


async def test_an_import_through_a_directory_symlink_is_not_packed(tmp_path: Path, fake: FakeOpenAI) -> None:
    root, _ = poisoned(tmp_path)
    async with serving("visual-studio-code", root, tmp_path / "cache", fake.base_url) as session:
        document = session.open("main.py")
        # An editor's watcher may report the file through the symlink (VS Code's follows them).
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(uri=session.uri("vendor/creds.py"), type=types.FileChangeType.Changed)
                ]
            )
        )
        for line, character in ((3, 5), (4, 12)):  # on `use`, then on the call of the outside `token`
            result = await explain(session, document, line, character)
            assert result["offline"] is False
        assert len(fake.chat_requests) == 2
        assert "def use" in prompts(fake)
        assert MARKER not in prompts(fake) and SECRET not in prompts(fake)


async def test_outside_files_named_by_uri_are_refused_unless_opened(tmp_path: Path, fake: FakeOpenAI) -> None:
    root, outside = poisoned(tmp_path)
    dotted = f"{uri(root)}/%2e%2e/outside/creds.py"
    through_link = uri(root / "vendor" / "creds.py")
    plain_dots = f"{uri(root)}/../outside/creds.py"
    async with serving("visual-studio-code", root, tmp_path / "cache", fake.base_url) as session:
        for document in (dotted, through_link, plain_dots):
            with pytest.raises(JsonRpcException, match="not in archmem's memory"):
                await explain(session, document, 3, 4)
        assert fake.chat_requests == []
        # The user opens the file and asks about it: that file, explicitly, may be sent.
        document = uri(outside / "creds.py")
        session.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=document, language_id="python", version=1, text=OUTSIDE
                )
            )
        )
        await explain(session, document, 3, 4)
        assert MARKER in prompts(fake)
