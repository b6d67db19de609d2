"""What a newcomer meets first on the command line: the version, doctor, one workspace root, one usage-error
path, qualified symbol search, type aliases in outlines and the size limit's message."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from archmem.indexer.store import default_store_path
from archmem.server.cli import main
from archmem.server.doctor import version

from tests.support.fake_openai import FakeOpenAI, text
from tests.support.memory import write_tree

SOURCE = "class Console:\n    def print(self, x):\n        return x\n\n\ndef helper():\n    return Console().print(1)\n"


@pytest.fixture(autouse=True)
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ARCHMEM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "proj", {"pyproject.toml": "[project]\nname = 'p'\n", "pkg/mod.py": SOURCE})


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_names_the_installed_release(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("archmem 0.")


def test_doctor_reports_a_model_that_answers_and_one_that_does_not(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARCHMEM_MODEL", "fake-model")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-doctor-secret")
    with FakeOpenAI() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        code, out, _ = run(["doctor", "--root", str(project), "--cache-dir", str(tmp_path / "c")], capsys)
        assert [r.path for r in server.requests] == ["/v1/models"]
    assert code == 0
    assert "grammars: python, javascript, typescript" in out
    assert "tokenizer: " in out
    assert f"store: {default_store_path(project, tmp_path / 'c')} (not built yet" in out
    assert f"model default: fake-model at {server.base_url}: answers" in out.replace("127.0.0.1", "127.0.0.1")
    assert "checkers on PATH:" in out
    assert "sk-doctor-secret" not in out

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{closed}/v1")
    code, out, _ = run(["doctor", "--root", str(project), "--timeout", "2"], capsys)
    assert code == 1
    assert "does not answer: connection refused" in out


def test_every_command_finds_the_same_root_and_index_warms_the_store_context_reads(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.chdir(project / "pkg")
    code, out, _ = run(["index", "--cache-dir", str(cache), "--jobs", "1"], capsys)
    assert code == 0
    assert out.splitlines()[0] == f"archmem memory of {project} (holds pyproject.toml)"
    assert [p.name for p in cache.iterdir() if p.suffix == ".sqlite"] == [
        default_store_path(project, cache).name
    ]
    for argv in (["context", "mod.py:2"], ["explain", "mod.py:2", "--offline"], ["outline", "mod.py"]):
        code, _out, err = run([*argv, "--cache-dir", str(cache)] if argv[0] != "outline" else argv, capsys)
        assert code == 0, err
        assert err.splitlines()[0] == f"archmem {argv[0]}: workspace {project} (holds pyproject.toml)"
    assert len([p for p in cache.iterdir() if p.suffix == ".sqlite"]) == 1


def test_a_file_outside_any_workspace_is_refused_unless_root_names_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = write_tree(tmp_path / "elsewhere", {"notes.py": "X = 1\n"}) / "notes.py"
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = run(["context", f"{outside}:1", "--cache-dir", str(tmp_path / "c")], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"archmem context: {outside} is outside the workspace {here} (no project marker found upward: the "
        "current directory); pass --root DIR to name a workspace that holds it\n"
    )
    assert not (tmp_path / "c").exists()
    code, out, _ = run(["context", f"{outside}:1", "--root", str(outside.parent), "--no-store"], capsys)
    assert code == 0 and "X = 1" in out


@pytest.mark.parametrize(
    "argv", [["context"], ["explain", "--offline"], ["generate", "--offline"]], ids=lambda a: a[0]
)
def test_a_bad_position_is_the_same_usage_error_from_every_command(
    argv: list[str], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([argv[0], f"{project}/pkg/mod.py:99", "--no-store", *argv[1:]], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"archmem {argv[0]}: line 99 is outside the file (it has 7 lines)"


def test_a_bad_flag_after_a_subcommand_prints_that_subcommands_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["context", "x.py:1", "--bogus"])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.startswith("usage: archmem context ")
    assert err.splitlines()[-1] == "archmem context: error: unrecognized arguments: --bogus"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Console.print", "pkg/mod.py:2: method      Console.print"),
        ("mod.helper", "pkg/mod.py:6: function    helper"),
        ("pkg/mod.py:helper", "pkg/mod.py:6: function    helper"),
        ("pkg.mod.Console", "pkg/mod.py:1: class       Console"),
    ],
)
def test_qualified_symbol_queries(
    query: str, expected: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["symbols", query, "--root", str(project), "--no-store", "--jobs", "1"], capsys)
    assert (code, out.splitlines()) == (0, [expected])


def test_a_qualifier_that_names_nothing_finds_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["symbols", "Nope.print", "--root", str(project), "--no-store", "--jobs", "1"], capsys)
    assert (code, out) == (1, "")


def test_a_typescript_type_alias_is_outlined_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree(tmp_path / "ts", {"package.json": "{}", "a.ts": "export type Id = string | number;\n"})
    code, out, _ = run(["outline", str(root / "a.ts")], capsys)
    assert code == 0
    kind, line, *signature = out.splitlines()[1].split()
    assert (kind, line) == ("type_alias", "1")
    assert "Id" in signature


def test_a_file_over_the_size_limit_says_so_and_the_flag_lets_it_in(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = project / "pkg" / "big.py"
    big.write_text("X = 1\n" * 200)
    code, out, err = run(["outline", str(big), "--max-file-size", "1k"], capsys)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"archmem outline: {big} is not in archmem's memory: larger than index.maxFileSize (0.001 MB); raise it "
        "with --max-file-size BYTES or the editor setting archmem.index.maxFileSize"
    )
    code, out, _ = run(["outline", str(big), "--max-file-size", "2000"], capsys)
    assert code == 0 and "X = 1" in out


def test_fix_prints_a_diff_that_applies_from_the_workspace_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree(
        tmp_path / "app", {"setup.py": "", "src/calc.py": "import os\n\n\ndef f(x):\n    return x\n"}
    )
    monkeypatch.chdir(root / "src")
    code, out, _ = run(["fix", "calc.py", "--offline", "--no-store"], capsys)
    assert code == 0
    assert out.startswith("--- a/src/calc.py\n+++ b/src/calc.py\n"), out
    applied = subprocess.run(
        ["patch", "-p1", "--dry-run"], input=out, text=True, cwd=root, capture_output=True
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr


def test_show_prompt_prints_the_exact_prompt_sent_and_the_footer_names_the_flag(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARCHMEM_MODEL", "fake-model")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-shown-nowhere")
    with FakeOpenAI() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        server.enqueue(text("`helper` makes a Console and prints with it."))
        code, out, err = run(["explain", f"{project}/pkg/mod.py:6", "--no-store", "--show-prompt"], capsys)
        sent = server.chat_requests[0].body["messages"]
    assert code == 0
    assert "`archmem.showLastPrompt`" not in out
    assert "run `archmem explain` again with --show-prompt" in out
    # Every message exactly as sent: the system message, then the facts and the packed code.
    assert [m["role"] for m in sent] == ["system", "user"]
    for message in sent:
        assert message["content"] in err
    assert "## Its place in the architecture" in sent[1]["content"]
    assert "sk-shown-nowhere" not in err


@pytest.mark.parametrize(
    "argv",
    [["explain", "pkg/mod.py:6", "--offline"], ["fix", "pkg/mod.py", "--offline"]],
    ids=lambda a: a[0],
)
def test_show_prompt_without_a_model_says_nothing_was_sent(
    argv: list[str], project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    code, _out, err = run([*argv, "--no-store", "--show-prompt"], capsys)
    assert code == 0
    assert err.splitlines()[-1].startswith(f"archmem {argv[0]}: no prompt was sent to a model (")


def test_serve_logs_its_version_as_it_starts(project: Path, tmp_path: Path) -> None:
    def frame(message: dict[str, object]) -> bytes:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)

    def read(stream: IO[bytes]) -> dict[str, Any]:
        headers = dict(line.split(b":", 1) for line in iter(stream.readline, b"\r\n"))
        length = int(headers[b"Content-Length"])
        answer: dict[str, Any] = json.loads(stream.read(length))
        return answer

    initialize = {"processId": None, "rootUri": project.as_uri(), "capabilities": {}}
    logged: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-m", "archmem.server", "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    ) as server:
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(frame({"id": 1, "method": "initialize", "params": initialize}))
        server.stdin.flush()
        while (message := read(server.stdout)).get("id") != 1:
            if message.get("method") == "window/logMessage":
                logged.append(message["params"]["message"])
        server.stdin.write(frame({"id": 2, "method": "shutdown"}) + frame({"method": "exit"}))
        server.stdin.close()
        server.wait(timeout=60)
    wanted = f"archmem {version()} initialized: 1 workspace folder(s), positions in utf-16"
    assert any(line.endswith(wanted) for line in logged), logged
