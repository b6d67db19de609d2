"""`--budget` on `archmem explain`, `generate` and `fix`: the command line packs the same amount of workspace
context as the editor's `archmem.context.budget` (default 2,048 tokens). Before, the command line always
allowed up to 8,000 tokens, so the same question cost four times more context there than in the editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.server.cli import main

from tests.lsp.test_context_budget import LIB, MAIN
from tests.support.endpoints import KEY
from tests.support.fake_openai import FakeOpenAI, text


@pytest.fixture
def model_env(monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAI, tmp_path: Path) -> FakeOpenAI:
    monkeypatch.setenv("ARCHMEM_MODEL", "fake-model")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib.py").write_text(LIB)
    (tmp_path / "main.py").write_text(MAIN)
    return fake_openai


def packed_code(fake: FakeOpenAI, *budget: str) -> int:
    """Ask for an explanation of `run` and measure the prompt: characters of it, most of them packed code."""
    fake.enqueue(text("It runs the pipeline."))
    assert main(["explain", "main.py:4:5", "--no-store", "--jobs", "1", *budget]) == 0
    prompt = fake.chat_requests[-1].prompt
    assert "def helper_0(" in prompt
    return len(prompt)


def test_explain_packs_as_much_context_as_the_budget_allows(model_env: FakeOpenAI) -> None:
    small = packed_code(model_env, "--budget", "512")
    default = packed_code(model_env)
    large = packed_code(model_env, "--budget", "6000")
    # 120 helpers of ~35 tokens in full: 6,000 tokens hold them all (about 5,200 tokens), the default 2,048
    # under half of that, 512 a quarter of the default. Under the old fixed 8,000 the default was as large.
    assert small * 2 < default, (small, default)
    assert default * 2 < large, (default, large)


def test_a_budget_below_the_minimum_is_a_usage_error(
    model_env: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["explain", "main.py:4"], ["generate", "main.py:4"], ["fix", "main.py"]):
        with pytest.raises(SystemExit) as exit_info:
            main([*command, "--budget", "100", "--no-store"])
        assert exit_info.value.code == 2
        assert "100 is too small: give at least 256 tokens" in capsys.readouterr().err
    assert model_env.chat_requests == []
