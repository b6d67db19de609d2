"""The docs cannot drift: every fenced block marked runnable in README.md and docs/ is run or validated.

Mark a block by putting `<!-- runnable -->` on the line before its fence. `sh` blocks run line by line
with bash in the repository's root, with this environment's `archmem` first on PATH, a temporary HOME and
no model in the environment, and must exit 0. `json` blocks are archmem settings (`{"archmem": {...}}`,
`{"archmem.x": ...}` as VS Code writes them, or the section itself) and must parse with no error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from archmem.server.config import parse_settings, section_of

REPO = Path(__file__).resolve().parents[2]
MARKER = "<!-- runnable -->"
_BLOCK = re.compile(r"^" + re.escape(MARKER) + r"\n```(?P<lang>\w+)\n(?P<body>.*?)^```", re.S | re.M)


def runnable_blocks() -> list[tuple[str, str, str]]:
    """(page:line, language, body) of every marked block."""
    out = []
    for page in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        text = page.read_text()
        for match in _BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 2
            out.append((f"{page.relative_to(REPO)}:{line}", match["lang"], match["body"]))
    return out


BLOCKS = runnable_blocks()


def test_the_docs_mark_blocks_runnable() -> None:
    # Without this a typo in the marker would silently turn every doc-test off.
    assert len([b for b in BLOCKS if b[1] == "sh"]) >= 2


def test_an_unmarked_block_is_not_picked_up() -> None:
    text = "```sh\nfalse\n```\n" + MARKER + "\n```sh\ntrue\n```\n"
    assert [m["body"] for m in _BLOCK.finditer(text)] == ["true\n"]


@pytest.mark.parametrize(("where", "language", "body"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_runnable_block(where: str, language: str, body: str, tmp_path: Path) -> None:
    if language == "json":
        raw = json.loads(body)
        if isinstance(raw, dict) and all(str(k).startswith("archmem.") for k in raw):
            raw = {str(k).removeprefix("archmem."): v for k, v in raw.items()}
        _settings, errors = parse_settings(section_of(raw), {})
        assert errors == [], f"{where}: {[str(e) for e in errors]}"
        return
    assert language == "sh", f"{where}: runnable blocks are sh or json, not {language}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ARCHMEM_"))},
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    for command in (line for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")):
        done = subprocess.run(
            ["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (
            f"{where}: `{command}` exited {done.returncode}\n{done.stdout}{done.stderr}"
        )
