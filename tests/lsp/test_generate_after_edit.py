"""Generate after the editor typed in the file (an incremental didChange, as every editor sends): the action listed
on the edited text runs on it. The listing names the version by its index's identity, which after an edit is a
token rather than the text's hash; generate compared the text's hash with it and refused every such run as
"changed since this action was listed"."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving, write
from tests.lsp.harness import PATIENCE_S
from tests.lsp.test_warmup import _insert
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI


@pytest.mark.asyncio(loop_scope="function")
async def test_generate_listed_after_an_incremental_edit_asks_the_model(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    write(root)
    with FakeOpenAI() as fake:
        fake.set_handler(lambda _request: fake_openai.text("no code"))
        settings = {"selfDebug": {"rounds": 1}}
        async with serving("neovim@v0.11.0", root, tmp_path / "cache", fake.base_url, settings) as session:
            document = session.open("stub.py")
            _insert(session, document, 2, types.Position(0, 0), "# totals\n")
            found = await session.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=document),
                    range=types.Range(start=types.Position(3, 4), end=types.Position(3, 4)),
                    context=types.CodeActionContext(diagnostics=[]),
                )
            )
            (action,) = [a for a in found or [] if "Generate the body" in a.title]
            await asyncio.wait_for(session.client.code_action_resolve_async(action), PATIENCE_S)
            assert not [m.message for m in session.messages if "changed since" in m.message]
            assert len(fake.chat_requests) == 1
