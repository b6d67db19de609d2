"""A newcomer's first run, scripted: a fresh clone in a temporary HOME, the README's first command, then the
Neovim 0.11 configuration from docs/editors/neovim.md as written there; attach, documentSymbol, a fix applied.

The commands and the configuration are read from the documents, never copied here, so a doc that drifts
from what works fails this test. pip's cache is shared with the developer's (the install is still real)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).parent / "nvim" / "newcomer.lua"
NVIM = Path(sys.executable).parent / "nvim"
BROKEN = "import os\n\n\ndef area(r):\n    return 3.14 * r * r\n"


def fenced_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, flags=re.S | re.M)


def first_install_command() -> str:
    return fenced_blocks((REPO / "README.md").read_text(), "sh")[0].strip()


def neovim_011_config() -> str:
    doc = (REPO / "docs" / "editors" / "neovim.md").read_text()
    section = doc.split("## Neovim 0.11+", 1)[1]
    return fenced_blocks(section, "lua")[0]


def test_the_readme_install_then_the_neovim_doc_config_work_in_a_fresh_home(tmp_path: Path) -> None:
    assert NVIM.exists(), f"Neovim 0.11 not found at {NVIM}: run `bash scripts/install-neovim.sh`"
    home = tmp_path / "home"
    home.mkdir()
    clone = tmp_path / "archmem"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=60)
    # A PATH as a fresh machine has it: no development environment with an archmem in it.
    system_path = [
        p for p in os.environ["PATH"].split(os.pathsep) if p and not (Path(p) / "archmem").exists()
    ]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ARCHMEM_", "VIRTUAL_ENV"))},
        "HOME": str(home),
        "PATH": os.pathsep.join(system_path),
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
        **{f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in ("STATE", "CACHE", "DATA", "CONFIG")},
    }
    env.pop("XDG_DATA_HOME")  # the install script's default place is the one its message names
    installed = subprocess.run(
        ["bash", "-c", first_install_command()],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    command = home / ".local" / "bin" / "archmem"
    assert f"command: {command}" in installed.stdout
    assert 'export PATH="$HOME/.local/bin:$PATH"' in installed.stdout  # the fresh PATH lacks it: say so

    # The user follows that advice; Neovim then finds `archmem` by name, as the doc's `cmd` says.
    env["PATH"] = os.pathsep.join([str(command.parent), *system_path])
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'shapes'\n")
    (project / "shapes.py").write_text(BROKEN)
    config = tmp_path / "init.lua"
    config.write_text(neovim_011_config())
    done = subprocess.run(
        [str(NVIM), "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {SCRIPT}"],
        env={**env, "NEWCOMER_CONFIG": str(config), "NEWCOMER_FILE": str(project / "shapes.py")},
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    log = next(home.rglob("lsp.log"), None)
    context = f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}\n" + (
        f"lsp.log:\n{log.read_text(errors='replace')[-3000:]}" if log else ""
    )
    assert done.returncode == 0 and "ALL PASSED" in done.stdout, context
