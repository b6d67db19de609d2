"""docs/ARCHITECTURE.md's code map stays true: every path it names exists, and every module of indexer/ and
server/ is named in it (a new module needs its row, or a place in one)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
# A backticked path of the repository: a directory (`indexer/context/`) or a file with an extension.
_PATH = re.compile(r"`((?:indexer|server|editors|vscode-client|bench|tests)/[\w./-]*)`")


def code_map() -> str:
    """The sections of the document from the code map up to the invariants (code map and entry points)."""
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("## Code map") : text.index("## Invariants")]


def named_paths() -> set[str]:
    return set(_PATH.findall(code_map()))


def test_every_named_path_exists() -> None:
    missing = sorted(p for p in named_paths() if not (ROOT / p).exists())
    assert missing == []


def test_every_module_is_named() -> None:
    named = named_paths()
    modules = sorted(
        str(path.relative_to(ROOT))
        for top in ("indexer", "server")
        for path in (ROOT / top).rglob("*.py")
        # A package's __init__.py is named by its directory's row; the top packages' are empty.
        if path.name != "__init__.py" or path.parent.name == "languages"
    )
    unnamed = [m for m in modules if m not in named]
    assert unnamed == []


def test_the_map_names_paths_as_the_test_reads_them() -> None:
    # The test reads only backticked repository paths: the map must hold some of each top directory.
    tops = {p.split("/")[0] for p in named_paths()}
    assert {"indexer", "server", "editors", "vscode-client", "bench", "tests"} <= tops
