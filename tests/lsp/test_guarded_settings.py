"""Settings a repository must not set (checkers, model endpoints, log file, cache directory): a workspace's
configuration is refused, once and visibly, and its command never runs nor its endpoint hears anything, while
the same values from the user's own config file, or allowed by the user, work. Log lines stay one line."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from archmem.server.config import (
    ALLOW_ENV,
    CONFIG_ENV,
    GUARDED,
    UserConfig,
    from_sources,
    parse_settings,
    read_user_config,
)
from archmem.server.lsp.logs import OneLineFormatter, one_line
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lsp.actions_harness import write
from tests.lsp.harness import SERVER, eventually, record_statuses, uri
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

PLANTED = "planted-secret-value-7q"
FIXED = "```python\ndef area(r):\n    return r * 2\n```"
REFUSED = ("checkers", "models.endpoints", "log.file", "index.cacheDir")


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        server.set_handler(lambda request: fake_openai.text(FIXED))
        yield server


class Paths:
    """A workspace and the places a hostile configuration points at, all under the test's directory."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path / "ws"
        self.root.mkdir()
        write(self.root)
        self.cache = tmp_path / "cache"
        self.marker = tmp_path / "the-checker-ran"
        self.log = tmp_path / "logs" / "chosen.log"
        self.chosen_cache = tmp_path / "chosen-cache"
        self.config = tmp_path / "config" / "config.toml"

    def dangerous(self, base_url: str) -> dict[str, Any]:
        """Every guarded setting: a checker that leaves a marker, an endpoint taking another key elsewhere."""
        checker = {
            "name": "marker",
            "command": [sys.executable, "-c", f"open({str(self.marker)!r}, 'w').close()"],
            "format": "mypy",
        }
        return {
            "checkers": {"python": [checker]},
            "models": {
                "endpoints": {"chosen": {"baseUrl": base_url, "model": "m", "apiKeyEnv": "PLANTED_SECRET"}},
                "selfDebug": "chosen",
            },
            "log": {"file": str(self.log)},
            "index": {"cacheDir": str(self.chosen_cache)},
        }


@asynccontextmanager
async def serving(
    paths: Paths,
    workspace_settings: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    options: dict[str, Any] | None = None,
) -> AsyncIterator[LanguageClient]:
    """A VS Code-like session (it answers `workspace/configuration` with `workspace_settings`) whose
    initializationOptions are `options` (by default: the cache directory only), with the user config file at
    `paths.config`."""
    server_env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ARCHMEM_"))}
    server_env.update({CONFIG_ENV: str(paths.config), "PLANTED_SECRET": PLANTED, **(env or {})})
    client = await ClientServerConfig(server_command=SERVER, server_env=server_env).start()
    assert isinstance(client, LanguageClient)
    statuses = record_statuses(client)

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        return types.ApplyWorkspaceEditResult(applied=True)

    client.set_configuration({"archmem": workspace_settings or {}})
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
                root_uri=uri(paths.root),
                workspace_folders=[types.WorkspaceFolder(uri=uri(paths.root), name="ws")],
                initialization_options={
                    "archmem": {"index": {"cacheDir": str(paths.cache)}} if options is None else options
                },
            )
        )
        await eventually(lambda: any(s["state"] == "ready" for s in statuses), "the index to be ready")
        yield client
    finally:
        await client.shutdown_session()


async def self_debug(client: LanguageClient, paths: Paths) -> dict[str, Any]:
    document = uri(paths.root / "broken.py")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=document, language_id="python", version=1, text=(paths.root / "broken.py").read_text()
            )
        )
    )
    await eventually(lambda: client.diagnostics.get(document), "diagnostics of broken.py")
    result: dict[str, Any] = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command="archmem.selfDebug", arguments=[{"uri": document, "version": 1, "diagnostics": []}]
        )
    )
    return result


def refusals(messages: list[Any], setting: str) -> list[str]:
    return [m.message for m in messages if f"archmem.{setting}: refused" in m.message]


def toml(value: object) -> str:
    """A TOML inline value (JSON's strings are TOML's basic strings)."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return json.dumps(value)


def write_config(path: Path, settings: dict[str, Any], allow: list[str] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{json.dumps(key)} = {toml(value)}" for key, value in settings.items()]
    if allow is not None:
        lines.insert(0, f"allowEditorSettings = {toml(allow)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- end to end ------------------------------------------------------------------------------------------


async def test_a_workspace_cannot_set_commands_endpoints_or_files(tmp_path: Path, fake: FakeOpenAI) -> None:
    paths = Paths(tmp_path)
    hostile = paths.dangerous(fake.base_url)
    async with serving(paths, hostile) as client:
        await eventually(lambda: refusals(client.messages, "checkers"), "the refusal to be shown")
        # The editor pushes the same workspace values again: refused again, but shown and logged only once.
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"archmem": hostile})
        )
        result = await self_debug(client, paths)
        assert result["applied"] is True, result  # served offline, on the user's settings
        for setting in REFUSED:
            assert len(refusals(client.messages, setting)) == 1, setting
            assert len(refusals(client.log_messages, setting)) == 1, setting
        shown = refusals(client.messages, "checkers")[0]
        assert "runs commands" in shown and ALLOW_ENV in shown and str(paths.config) in shown
        assert not paths.marker.exists(), "the workspace's checker ran"
        assert fake.requests == [], "the workspace's endpoint was called"
        assert not paths.log.exists() and not paths.chosen_cache.exists()
        assert list(paths.cache.iterdir()), "the user's cache directory is still the one used"
        assert all(PLANTED not in m.message for m in client.messages + client.log_messages)


async def test_the_same_settings_from_the_user_config_file_work(tmp_path: Path, fake: FakeOpenAI) -> None:
    paths = Paths(tmp_path)
    write_config(paths.config, paths.dangerous(fake.base_url))
    async with serving(paths, options={}) as client:
        result = await self_debug(client, paths)
        assert result["applied"] is True, result
        assert paths.marker.exists(), "the user's checker verified the edit"
        (request,) = fake.chat_requests
        assert request.headers["authorization"] == f"Bearer {PLANTED}"
        assert paths.log.exists() and list(paths.chosen_cache.iterdir())
        assert not [m for m in client.messages if "refused" in m.message]


async def test_the_user_can_allow_the_editor_to_set_checkers(tmp_path: Path, fake: FakeOpenAI) -> None:
    paths = Paths(tmp_path)
    async with serving(paths, paths.dangerous(fake.base_url), env={ALLOW_ENV: "checkers"}) as client:
        await eventually(lambda: refusals(client.messages, "models.endpoints"), "the endpoints' refusal")
        result = await self_debug(client, paths)
        assert result["applied"] is True, result
        assert paths.marker.exists(), "the allowed checker ran"
        assert not refusals(client.messages, "checkers")
        assert fake.requests == []


async def test_setting_names_and_values_cannot_forge_log_lines(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    forged = "x\n2026-01-01 ERROR archmem: forged\r\x1b[2J"
    log = tmp_path / "trusted.log"
    write_config(paths.config, {"log": {"file": str(log)}})
    async with serving(paths) as client:
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"archmem": {forged: 1, "log": {"level": forged}}})
        )
        await eventually(lambda: "forged" in log.read_text(encoding="utf-8"), "the warning in the log file")
        lines = log.read_text(encoding="utf-8").splitlines()
        assert not [line for line in lines if line.startswith("2026-01-01") or "\x1b" in line]
        assert any("x\\n2026-01-01 ERROR archmem: forged\\r\\x1b[2J" in line for line in lines)
        sent = await eventually(
            lambda: [m.message for m in client.log_messages + client.messages if "forged" in m.message],
            "the warning in the editor",
        )
        assert not [m for m in sent if "\n" in m or "\r" in m or "\x1b" in m]


# -- the rules, unit by unit ----------------------------------------------------------------------------


def user(tmp_path: Path) -> UserConfig:
    return UserConfig(tmp_path / "config.toml")


ENDPOINT = {"baseUrl": "http://127.0.0.1:9/v1", "model": "m"}


def test_equal_or_empty_values_from_the_editor_are_not_refused(tmp_path: Path) -> None:
    trusted = {"checkers": {"python": []}, "log": {"file": "/tmp/x.log"}}
    editor = {"checkers": {"python": []}, "log.file": "/tmp/x.log", "index": {"cacheDir": ""}, "models": {}}
    merged, errors = from_sources(user(tmp_path), trusted, editor)
    assert errors == []
    assert parse_settings(merged, {})[0].log_file == "/tmp/x.log"


def test_the_editor_chooses_among_the_users_endpoints_but_defines_none(tmp_path: Path) -> None:
    initial = {"models": {"endpoints": {"mine": ENDPOINT, "big": {**ENDPOINT, "model": "big"}}}}
    # Neovim's `settings` naming only the endpoint per action keeps the endpoints of init_options.
    merged, errors = from_sources(user(tmp_path), initial, {"models": {"explain": "big"}})
    settings, problems = parse_settings(merged, {})
    assert errors == [] and problems == []
    assert settings.models.endpoint_for("explain").model == "big"  # type: ignore[union-attr]
    hostile = {"models": {"endpoints": {"mine": {**ENDPOINT, "baseUrl": "https://elsewhere.example/v1"}}}}
    merged, errors = from_sources(user(tmp_path), initial, hostile)
    assert [e.path for e in errors] == ["archmem.models.endpoints"]
    endpoint = parse_settings(merged, {})[0].models.endpoints["mine"]
    assert endpoint.base_url == "http://127.0.0.1:9/v1"


def test_a_dotted_key_is_refused_like_a_nested_one(tmp_path: Path) -> None:
    merged, errors = from_sources(
        user(tmp_path), None, {"log.file": "/tmp/elsewhere.log", "index.cacheDir": "/x"}
    )
    assert [e.path for e in errors] == ["archmem.log.file", "archmem.index.cacheDir"]
    settings = parse_settings(merged, {})[0]
    assert settings.log_file is None and settings.cache_dir is None


def test_the_user_file_allows_and_sets(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_config(
        path, {"log": {"file": "/tmp/mine.log"}}, allow=["archmem.checkers", "log.file", "server.path"]
    )
    read = read_user_config({CONFIG_ENV: str(path), ALLOW_ENV: "index.cacheDir"})
    assert read.allowed == {"checkers", "log.file", "index.cacheDir"}
    assert [str(e) for e in read.errors] == [
        f"{path}: allowEditorSettings: server.path not among checkers, models.endpoints, log.file, "
        "index.cacheDir; ignored"
    ]
    merged, errors = from_sources(read, None, {"checkers": {"go": []}, "log": {"file": "/tmp/other.log"}})
    assert errors == list(read.errors)
    assert parse_settings(merged, {})[0].log_file == "/tmp/other.log"
    assert read_user_config({CONFIG_ENV: str(path), ALLOW_ENV: "all"}).allowed == set(REFUSED)


def test_a_broken_or_missing_user_file_is_reported_or_empty(tmp_path: Path) -> None:
    missing = read_user_config({CONFIG_ENV: str(tmp_path / "none.toml")})
    assert missing.settings == {} and missing.errors == () and missing.allowed == frozenset()
    broken = tmp_path / "broken.toml"
    broken.write_text("checkers = {", encoding="utf-8")
    (error,) = read_user_config({CONFIG_ENV: str(broken)}).errors
    assert error.path == str(broken) and "cannot be read" in error.message
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("allowEditorSettings = 3\n", encoding="utf-8")
    (error,) = read_user_config({CONFIG_ENV: str(wrong)}).errors
    assert "must be true or a list of setting names, got the number 3" in error.message


def test_the_user_config_file_is_found_under_xdg_config_home(tmp_path: Path) -> None:
    write_config(tmp_path / "archmem" / "config.toml", {"offline": True})
    assert read_user_config({"XDG_CONFIG_HOME": str(tmp_path)}).settings == {"offline": True}


def test_one_line_escapes_line_breaks_and_terminal_escapes() -> None:
    assert one_line("a\nb\r\x1b[31mc\u2028d\x85e\tf é") == "a\\nb\\r\\x1b[31mc\\u2028d\\x85e\tf é"
    record = logging.makeLogRecord({"msg": "setting %s", "args": ("x\ny",), "levelname": "WARNING"})
    assert OneLineFormatter("%(levelname)s %(message)s").format(record) == "WARNING setting x\\ny"


def test_the_vscode_extension_allows_exactly_the_guarded_settings() -> None:
    """The extension tells the server which guarded settings VS Code may set (vscode-client/src/settings.ts):
    a setting guarded here but missing there would be refused from VS Code's own user settings."""
    source = (Path(__file__).parents[2] / "vscode-client" / "src" / "settings.ts").read_text(encoding="utf-8")
    found = re.search(r"SERVER_GUARDED: readonly string\[\] = \[([^\]]*)\]", source)
    assert found is not None
    assert re.findall(r"'([^']+)'", found.group(1)) == list(GUARDED)
