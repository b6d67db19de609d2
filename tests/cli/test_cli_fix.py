"""`archmem fix`: exit codes, the printed diff, --apply, and a model configured through the environment."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from archmem.server.cli import main

from tests.actions.helpers import BROKEN, FIXED_LOAD, block
from tests.support.endpoints import KEY
from tests.support.fake_openai import FakeOpenAI, text

FIXED = BROKEN.replace(b"jsn.load", b"json.load")


@pytest.fixture(autouse=True)
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ARCHMEM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def fix(file: Path, *args: str) -> int:
    return main(["fix", str(file), "--root", str(file.parent), "--no-store", *args])


def test_prints_the_verified_diff_and_leaves_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "m.py"
    file.write_bytes(BROKEN)
    assert fix(file) == 0
    out, err = capsys.readouterr()
    assert "-        return jsn.load(handle)\n+        return json.load(handle)\n" in out
    assert "2 diagnostics → 0, no new ones, 1 round" in err
    assert file.read_bytes() == BROKEN
    # The diff is a real patch.
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=out.encode(), check=True)
    assert file.read_bytes() == FIXED


def test_apply_writes_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "m.py"
    file.write_bytes(BROKEN)
    file.chmod(0o640)
    assert fix(file, "--apply") == 0
    assert file.read_bytes() == FIXED
    assert file.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]  # no temporary file left behind
    capsys.readouterr()
    assert fix(file) == 0
    assert "nothing to fix" in capsys.readouterr().err


def test_exit_one_when_problems_remain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "m.py"
    file.write_bytes(b"import os\n\n\ndef f():\n    return frobnicate_the_widget()\n")
    assert fix(file, "--apply") == 1
    assert file.read_bytes() == b"def f():\n    return frobnicate_the_widget()\n"
    assert fix(file) == 1
    err = capsys.readouterr().err
    assert "m.py:2:12: undefined name 'frobnicate_the_widget'" in err


def test_bad_arguments_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", str(tmp_path / "missing.py")]) == 2
    file = tmp_path / "m.py"
    file.write_bytes(BROKEN)
    assert fix(file, "--rounds", "0") == 2
    (tmp_path / "notes.txt").write_text("hello")
    assert fix(tmp_path / "notes.txt") == 2
    assert "not in archmem's memory: unsupported language" in capsys.readouterr().err


def test_a_model_from_the_environment(
    tmp_path: Path,
    fake_openai: FakeOpenAI,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    file = tmp_path / "m.py"
    file.write_bytes(BROKEN)
    fake_openai.enqueue(text(block(FIXED_LOAD)))
    assert fix(file, "--model", "cli-model", "--apply") == 0
    assert file.read_bytes() == FIXED
    assert fake_openai.chat_requests[0].body["model"] == "cli-model"
    out, err = capsys.readouterr()
    assert "provider: model" in err
    assert KEY not in out + err


def test_offline_wins_over_a_configured_model(
    tmp_path: Path, fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("ARCHMEM_MODEL", "fake-model")
    file = tmp_path / "m.py"
    file.write_bytes(BROKEN)
    assert fix(file, "--offline", "--apply") == 0
    assert file.read_bytes() == FIXED
    assert fake_openai.requests == []
