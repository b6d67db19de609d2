"""Language knowledge lives in indexer/languages/: the indexer and the server ask a LanguageSpec, never branch
on a language's name (`language == "go"`, `spec.name in ("c", "cpp")`) nor name one to pick its spec or its
data (`BY_NAME["python"]`, `parse("go", text)`, a table keyed `"rust": ...`), nor import a language's own
module (`python_imports`, `go_modules`): they reach it through the spec."""

from __future__ import annotations

import re
from pathlib import Path

from archmem.indexer.languages import BY_NAME

from tests.architecture.test_layering import imports_of, package_of

ROOT = Path(__file__).resolve().parents[2]
# The modules held to it: the indexer and the whole server (engines, checks, models, doctor, the LSP adapter).
CHECKED = ("indexer", "server")
_NAMES = "|".join(sorted(BY_NAME))
_BRANCH = re.compile(
    rf"""language (?:==|!=|in \()|\.name (?:==|!=) "(?:{_NAMES})"|\.name in \("(?:{_NAMES})\""""
    # A name quoted as an index, an argument, a comparand or a table's key.
    rf"""|(?:\[|\(|==|!=)\s*["'](?:{_NAMES})["']|^\s*["'](?:{_NAMES})["']\s*:"""
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
    named = (
        'spec = BY_NAME["python"]\ntree = parse("go", text)\nTAGS = {\n    "rust": ("rs",),\n}\n'
        "if kind != 'java':\n"
    )
    assert branches(named) == [1, 2, 4, 6]
    # Words that only look like names: a table keyed by extension, a docstring quoting names, a parameter.
    assert (
        branches('{"jsx": "tsx"}\n"""the indexer\'s name: "python", "c", ..."""\nparse(language, text)\n')
        == []
    )


# What of indexer/languages/ other rooms may import: the registry and the spec's own modules, never a language's.
SHARED = frozenset({"", "spec", "generate_rules", "grammars"})
_LANGUAGES_PACKAGE = "archmem.indexer.languages"
_ROOMS = frozenset(p.stem for p in (ROOT / "indexer" / "languages").glob("*.py"))


def language_modules_imported(source: str, package: str) -> list[str]:
    """The modules of indexer/languages/ that `source` (a module of `package`) imports beyond `SHARED`."""
    found: list[str] = []
    for _, module in imports_of(source, package):
        if module != _LANGUAGES_PACKAGE and not module.startswith(_LANGUAGES_PACKAGE + "."):
            continue
        room = module[len(_LANGUAGES_PACKAGE) + 1 :].split(".")[0]
        # `from archmem.indexer.languages import BY_NAME` reads as the package and `...languages.BY_NAME`.
        if room in _ROOMS and room not in SHARED:
            found.append(module)
    return found


def test_no_room_outside_imports_a_language_module() -> None:
    found: list[str] = []
    for checked in CHECKED:
        for path in sorted((ROOT / checked).rglob("*.py")):
            if path.is_relative_to(ROOT / "indexer" / "languages"):
                continue
            source = path.read_text(encoding="utf-8")
            found += [
                f"{path.relative_to(ROOT)}: {m}" for m in language_modules_imported(source, package_of(path))
            ]
    assert found == []


def test_the_import_check_sees_a_language_module_and_lets_the_spec_pass() -> None:
    source = (
        "from archmem.indexer.languages import BY_NAME, LanguageSpec\n"
        "from archmem.indexer.languages.spec import text_of\n"
        "from ..languages.python_imports import import_edit\n"
        "import archmem.indexer.languages.go_modules\n"
    )
    assert language_modules_imported(source, "archmem.indexer.context") == [
        "archmem.indexer.languages.python_imports",
        "archmem.indexer.languages.python_imports.import_edit",
        "archmem.indexer.languages.go_modules",
    ]
