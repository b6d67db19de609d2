"""Completion in real headless Neovim (0.11 with `vim.lsp.completion` enabled, 0.7 with the LSP omnifunc):
after `self.` typed into a buffer, the built-in client's completion request lists the members the memory
knows. (The menu itself is not opened: a headless script cannot stay in insert mode while it waits.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.editors.test_neovim import DEBIAN_NVIM, VENV_NVIM, nvim_version, run_nvim
from tests.lsp.harness import write_workspace

SCRIPT = Path(__file__).parent / "nvim" / "archmem_completion.lua"
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
