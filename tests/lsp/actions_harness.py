"""A server per test for the AI actions: its own workspace, environment (model or none) and client
capabilities, over stdio through pytest-lsp, plus what the tests record from it."""

from __future__ import annotations

import copy
import os
import textwrap
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.harness import SERVER, eventually, record_statuses, uri

HELIX = "helix-like (no codeAction resolve)"
ACTION_CLIENTS = ["neovim@v0.7.0", "neovim@v0.11.0", "visual-studio-code", HELIX]
API_KEY = "sk-archmem-planted-secret-4242"

FILES = {
    "broken.py": """\
        def area(r)
            return r * 2
        """,
    "stub.py": '''\
        def total(xs: list[int]) -> int:
            """The sum of xs."""
            raise NotImplementedError
        ''',
    "util.py": '''\
        def double(x: int) -> int:
            """Twice x."""
            return x * 2
        ''',
}


def capabilities(name: str) -> types.ClientCapabilities:
    if name != HELIX:
        return pytest_lsp.client_capabilities(name)
    caps = copy.deepcopy(pytest_lsp.client_capabilities("neovim@v0.11.0"))
    assert caps.text_document is not None and caps.text_document.code_action is not None
    caps.text_document.code_action.resolve_support = None
    return caps


@dataclass
class Session:
    client: LanguageClient
    name: str
    root: Path
    encoding: str
    statuses: list[dict[str, Any]]
    applied: list[types.WorkspaceEdit] = field(default_factory=list)

    @property
    def messages(self) -> list[types.ShowMessageParams]:
        return self.client.messages

    @property
    def shown(self) -> list[types.ShowDocumentParams]:
        return self.client.shown_documents

    @property
    def lazy(self) -> bool:
        return self.name != HELIX

    def uri(self, rel: str) -> str:
        return uri(self.root / rel)

    def open(self, rel: str, version: int = 1) -> str:
        document = self.uri(rel)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=document, language_id="python", version=version, text=(self.root / rel).read_text()
                )
            )
        )
        return document


def write(root: Path) -> Path:
    for rel, text in FILES.items():
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _hook_code_actions(client: LanguageClient) -> None:
    """lsprotocol's client converter reads a CodeAction carrying a Command as a Command: tell them apart
    by the type of `command` (a string only in a Command)."""
    converter = client.protocol._converter

    def structure(obj: Any, _: Any) -> types.Command | types.CodeAction:
        if isinstance(obj, dict) and isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)
        return converter.structure(obj, types.CodeAction)

    converter.register_structure_hook(types.Command | types.CodeAction, structure)  # type: ignore[arg-type]


@asynccontextmanager
async def serving(
    name: str, root: Path, cache: Path, model_url: str | None = None, settings: dict[str, Any] | None = None
) -> AsyncIterator[Session]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ARCHMEM_"))}
    env["OPENAI_API_KEY"] = API_KEY
    if model_url is not None:
        env.update({"OPENAI_BASE_URL": model_url, "ARCHMEM_MODEL": "fake-model"})
    config = ClientServerConfig(server_command=SERVER, server_env=env)
    client = await config.start()
    assert isinstance(client, LanguageClient)
    _hook_code_actions(client)
    statuses = record_statuses(client)
    session = Session(client, name, root, "utf-16", statuses)

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        session.applied.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    try:
        result = await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities(name),
                root_uri=uri(root),
                workspace_folders=[types.WorkspaceFolder(uri=uri(root), name=root.name)],
                initialization_options={"archmem": {"index": {"cacheDir": str(cache)}, **(settings or {})}},
            )
        )
        encoding = result.capabilities.position_encoding or "utf-16"
        session.encoding = str(getattr(encoding, "value", encoding))
        await eventually(lambda: any(s["state"] == "ready" for s in statuses), "the index to be ready")
        yield session
    finally:
        await client.shutdown_session()
