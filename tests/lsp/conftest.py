"""Fixtures: one server per recorded client, shared by every test that asks for it, over a sample workspace.

Tests that share a server open and close their own documents and undo what they change on disk."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.harness import CLIENTS, SERVER, eventually, initialize, record_statuses, write_workspace


@dataclass
class Served:
    """A running server, the client talking to it, and what the tests need to know about both."""

    client: LanguageClient
    name: str
    root: Path
    encoding: str
    result: types.InitializeResult
    statuses: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workspace(tmp_path_factory.mktemp("workspace"))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), scope="session", params=CLIENTS)
async def lsp(
    lsp_client: LanguageClient,
    request: pytest.FixtureRequest,
    workspace: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[None]:
    name: str = request.param
    statuses = record_statuses(lsp_client)
    cache = tmp_path_factory.mktemp("cache")
    lsp_client.set_configuration({"archmem": {"context": {"budget": "lots"}}})
    result = await initialize(
        lsp_client,
        name,
        workspace,
        {"archmem": {"index": {"cacheDir": str(cache)}, "log": {"level": "loud"}}},
    )
    await eventually(lambda: any(s["state"] == "ready" for s in statuses), "the index to be ready")
    encoding = result.capabilities.position_encoding or "utf-16"
    # pytest-lsp fixtures yield the client itself: what the tests need to know rides along on it.
    lsp_client.served = Served(
        lsp_client, name, workspace, str(getattr(encoding, "value", encoding)), result, statuses
    )  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="session")
def served(lsp: LanguageClient) -> Served:
    found: Served = lsp.served  # type: ignore[attr-defined]
    return found
