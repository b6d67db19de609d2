"""One packer per memory, shared by the actions' requests (packing on worker threads) and the server's idle passes
(on the memory thread; `Session.packer`): two generate requests in flight together, with the region pass where the
cursor arrived started before them, send the model the packed contexts the same requests send one at a time, over
stdio."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import Session, serving
from tests.lsp.harness import PATIENCE_S, eventually
from tests.lsp.test_warmup import _logged, _many_functions
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

STUBS = '''
def total_a(c: C3, d: C4) -> int:
    """The sum of both runs."""
    raise NotImplementedError


def total_b(c: C5) -> int:
    """Twice the run of c."""
    raise NotImplementedError
'''


def _files() -> dict[str, str]:
    files = _many_functions(60)
    return {**files, "main.py": files["main.py"] + STUBS}


async def _generate_action(session: Session, document: str, line: int) -> types.CodeAction:
    found = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=types.Position(line, 4), end=types.Position(line, 4)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    (action,) = [a for a in found or [] if isinstance(a, types.CodeAction) and "Generate the body" in a.title]
    return action


async def _prompts(tmp_path: Path, name: str, together: bool) -> list[str]:
    root = tmp_path / name
    root.mkdir()
    files = _files()
    for rel, text in files.items():
        (root / rel).write_text(text)
    lines = files["main.py"].split("\n")
    stubs = [n for n, text in enumerate(lines) if text.strip() == "raise NotImplementedError"]
    with FakeOpenAI() as fake:
        fake.set_handler(lambda _request: fake_openai.text("no code"))
        settings = {"log": {"level": "debug"}, "selfDebug": {"rounds": 1}}
        async with serving(
            "neovim@v0.11.0", root, tmp_path / f"{name}-cache", fake.base_url, settings
        ) as session:
            document = session.open("main.py")
            if together:
                actions = [await _generate_action(session, document, line) for line in stubs]
                # The cursor arrived at the second stub: its region pass starts, then both requests come.
                where = f"warming the region of main.py at line {stubs[-1] + 1}"
                await eventually(lambda: _logged(session, where), "the region pass to start")
                resolved = [session.client.code_action_resolve_async(a) for a in actions]
                await asyncio.wait_for(asyncio.gather(*resolved), PATIENCE_S)
            else:
                for line in stubs:
                    action = await _generate_action(session, document, line)
                    await asyncio.wait_for(session.client.code_action_resolve_async(action), PATIENCE_S)
            # The packed context, the packer's part of the prompt: the facts above it come from a search bounded in
            # time (`facts.gather`), which a loaded machine may cut at another place.
            return sorted(request.prompt.partition("## Code")[2] for request in fake.chat_requests)


@pytest.mark.asyncio(loop_scope="function")
async def test_two_requests_and_an_idle_pass_in_flight_send_the_prompts_sent_one_at_a_time(
    tmp_path: Path,
) -> None:
    together = await _prompts(tmp_path, "together", True)
    alone = await _prompts(tmp_path, "alone", False)
    assert len(together) == 2 and all("raise NotImplementedError" in p for p in together)
    assert "total_a" in together[0] + together[1]
    assert together == alone
