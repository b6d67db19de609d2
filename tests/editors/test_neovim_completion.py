"""Completion in real headless Neovim (0.11 with `vim.lsp.completion` enabled, 0.7 with the LSP omnifunc):
after `self.` typed into a buffer, the built-in client's completion request lists the members the memory
knows. (The menu itself is not opened: a headless script cannot stay in insert mode while it waits.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.editors.test_neovim import DEBIAN_NVIM, HELPER, VENV_NVIM, nvim_version, run_nvim
from tests.lsp.harness import write_workspace
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

SCRIPT = Path(__file__).parent / "nvim" / "archmem_completion.lua"
INLINE_SCRIPT = Path(__file__).parent / "nvim" / "archmem_inline.lua"
STEPS = ["attach", "completion advertised", "typed", "members listed"]


@pytest.mark.parametrize(
    ("binary", "wanted"), [(VENV_NVIM, "0.11."), (DEBIAN_NVIM, "0.7.")], ids=["nvim-0.11", "nvim-0.7"]
)
def test_member_completion_through_the_built_in_client(binary: Path, wanted: str, tmp_path: Path) -> None:
    version = nvim_version(binary)
    assert version is not None and version.startswith(wanted), (
        f"Neovim {wanted}x not found at {binary} (found {version!r}): run `bash scripts/install-neovim.sh`"
    )
    root = write_workspace(tmp_path / "workspace")
    done = run_nvim(binary, SCRIPT, root, tmp_path, {}, timeout=90)
    lines = [line.strip() for line in done.stdout.splitlines()]
    context = f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert not [line for line in lines if line.startswith("FAIL")], context
    assert [line.removeprefix("PASS ") for line in lines if line.startswith("PASS")] == STEPS, context
    assert "ALL PASSED" in lines and done.returncode == 0, context


INLINE_STEPS = [
    "attach",
    "suggestion shown",
    "virtual text",
    "accepted",
    "inserted",
    "virtual text cleared",
    "acceptance counted",
]


@pytest.mark.parametrize(
    ("binary", "wanted"), [(VENV_NVIM, "0.11."), (DEBIAN_NVIM, "0.7.")], ids=["nvim-0.11", "nvim-0.7"]
)
def test_the_helper_shows_and_accepts_an_inline_suggestion(binary: Path, wanted: str, tmp_path: Path) -> None:
    version = nvim_version(binary)
    assert version is not None and version.startswith(wanted), (
        f"Neovim {wanted}x not found at {binary} (found {version!r}): run `bash scripts/install-neovim.sh`"
    )
    root = write_workspace(tmp_path / "workspace")
    with FakeOpenAI() as fake:
        fake.set_handler(lambda _request: fake_openai.text("double(0.5)"))
        env = {
            "ARCHMEM_HELPER": str(HELPER),
            "OPENAI_BASE_URL": fake.base_url,
            "ARCHMEM_MODEL": "fake-model",
            "OPENAI_API_KEY": "sk-archmem-neovim-inline-1234",
        }
        done = run_nvim(binary, INLINE_SCRIPT, root, tmp_path, env, timeout=150)
        prompts = [r.prompt for r in fake.chat_requests]
    lines = [line.strip() for line in done.stdout.splitlines()]
    context = f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert not [line for line in lines if line.startswith("FAIL")], context
    assert [line.removeprefix("PASS ") for line in lines if line.startswith("PASS")] == INLINE_STEPS, context
    assert "ALL PASSED" in lines and done.returncode == 0, context
    # The model was asked at the cursor, with the file's definition of `double` in the prompt.
    assert len(prompts) == 1 and "half = <CURSOR>" in prompts[0] and "def double" in prompts[0]
