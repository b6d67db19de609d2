"""`archmem/status` around an AI action that outlives the start-up index: while the model answers the status
is `busy`; when the run ends it is the server's state at that moment (`ready`, the index having finished
meanwhile), not the state the run began in (`starting`), which it used to stay in for good."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.actions_harness import write
from tests.lsp.harness import PATIENCE_S, SERVER, eventually, open_document, record_statuses, uri
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI, RecordedRequest, Reply

pytestmark = pytest.mark.asyncio(loop_scope="function")

GENERATED = '```python\ndef total(xs: list[int]) -> int:\n    """The sum of xs."""\n    return sum(xs)\n```\n'


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def hold_index_progress(client: LanguageClient) -> asyncio.Event:
    """Hold the server's start-up index at its first step (it asks for a progress token before indexing,
    and waits for the answer) until the returned event is set; action tokens are answered at once."""
    release = asyncio.Event()
    features = client.protocol.fm.features
    answer = features[types.WINDOW_WORK_DONE_PROGRESS_CREATE]

    async def create(params: types.WorkDoneProgressCreateParams) -> Any:
        if not str(params.token).startswith("archmem-action-"):
            await release.wait()
        return answer(params)

    features[types.WINDOW_WORK_DONE_PROGRESS_CREATE] = create
    return release


@pytest.mark.filterwarnings("ignore:Unknown progress token")  # pytest-lsp's client made up no token
async def test_status_after_a_run_is_the_state_of_the_server_then(tmp_path: Path, fake: FakeOpenAI) -> None:
    answer_now = threading.Event()

    def held(_request: RecordedRequest) -> Reply:
        # Runs on the fake server's request thread: the model answers when the test says so.
        answer_now.wait(PATIENCE_S)
        return fake_openai.text(GENERATED)

    fake.set_handler(held)
    root = tmp_path / "ws"
    root.mkdir()
    write(root)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ARCHMEM_"))}
    env.update({"OPENAI_BASE_URL": fake.base_url, "ARCHMEM_MODEL": "fake-model", "OPENAI_API_KEY": "sk-x"})
    client = await ClientServerConfig(server_command=SERVER, server_env=env).start()
    assert isinstance(client, LanguageClient)
    statuses = record_statuses(client)
    release_index = hold_index_progress(client)
    applied: list[types.WorkspaceEdit] = []

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        applied.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=pytest_lsp.client_capabilities("neovim@v0.11.0"),
                root_uri=uri(root),
                workspace_folders=[types.WorkspaceFolder(uri=uri(root), name=root.name)],
                initialization_options={"archmem": {"index": {"cacheDir": str(tmp_path / "cache")}}},
            )
        )
        stub = open_document(client, root / "stub.py")
        command = asyncio.ensure_future(
            client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command="archmem.generate",
                    arguments=[{"uri": stub, "version": 1, "position": {"line": 2, "character": 4}}],
                    work_done_token="user-token",
                )
            )
        )
        await eventually(lambda: fake.chat_requests, "the model request")
        assert statuses[-1]["state"] == "busy" and not any(s["state"] == "ready" for s in statuses)

        # The index runs and finishes while the model is still answering: the client keeps seeing busy.
        release_index.set()
        await eventually(
            lambda: any(
                isinstance(r[-1], types.WorkDoneProgressEnd)
                for t, r in client.progress_reports.items()
                if t != "user-token" and r
            ),
            "the index to finish",
        )
        assert statuses[-1]["state"] == "busy", statuses[-3:]

        answer_now.set()
        result = await asyncio.wait_for(command, PATIENCE_S)
        assert result["applied"] is True and applied, result
        # Sent before the answer to the command: the run's end shows the server as it is now.
        assert statuses[-1]["state"] == "ready", statuses[-3:]
        assert statuses[-1].get("message"), "the index's summary"
    finally:
        answer_now.set()
        release_index.set()
        await client.shutdown_session()
