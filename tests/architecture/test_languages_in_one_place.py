"""Language knowledge lives in indexer/languages/: the indexer and the stub and scaffold engines ask a
LanguageSpec, never branch on a language's name (`language == "go"`, `spec.name in ("c", "cpp")`)."""

from __future__ import annotations

import re
from pathlib import Path

from archmem.indexer.languages import BY_NAME

ROOT = Path(__file__).resolve().parents[2]
# The modules held to it; server/actions' other engines and server/checks follow in a later pass.
CHECKED = ("indexer", "server/actions/scaffolds.py", "server/actions/stubs.py")
_NAMES = "|".join(sorted(BY_NAME))
_BRANCH = re.compile(
    rf"""language (?:==|!=|in \()|\.name (?:==|!=) "(?:{_NAMES})"|\.name in \("(?:{_NAMES})\""""
)


def branches(text: str) -> list[int]:
    """1-based lines of `text` that branch on a language's name."""
    return [i for i, line in enumerate(text.splitlines(), 1) if _BRANCH.search(line)]


def test_no_branch_on_a_language_name_outside_the_language_modules() -> None:
    found: list[str] = []
    for checked in CHECKED:
        root = ROOT / checked
        for path in sorted(root.rglob("*.py") if root.is_dir() else [root]):
            if path.is_relative_to(ROOT / "indexer" / "languages"):
                continue
            found += [f"{path.relative_to(ROOT)}:{n}" for n in branches(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_pattern_sees_each_form_of_branch() -> None:
    text = 'if index.language == "go":\nif spec.name in ("c", "cpp"):\nif self.spec.name == "rust":\nok = 1\n'
    assert branches(text) == [1, 2, 3]
