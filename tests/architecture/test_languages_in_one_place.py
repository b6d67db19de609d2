"""Language knowledge lives in indexer/languages/: the indexer and the server ask a LanguageSpec, never branch
on a language's name (`language == "go"`, `spec.name in ("c", "cpp")`) nor name one to pick its spec or its
data (`BY_NAME["python"]`, `parse("go", text)`, a table keyed `"rust": ...`), nor import a language's own
module (`python_imports`, `go_modules`): they reach it through the spec. Nor do they read a language off a file
name: a language's extension quoted in code (`.endswith(".py")`, `"__init__.py"`, `f"{stem}_test.go"`) is the
spec's to know (`importable_names`, `is_package_module`, `test_file`)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from archmem.indexer.languages import BY_NAME, LANGUAGES

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


def checked_modules() -> Iterator[tuple[Path, str]]:
    """Each module held to the rule (outside indexer/languages/) and its source."""
    for checked in CHECKED:
        for path in sorted((ROOT / checked).rglob("*.py")):
            if not path.is_relative_to(ROOT / "indexer" / "languages"):
                yield path, path.read_text(encoding="utf-8")


def branches(text: str) -> list[int]:
    """1-based lines of `text` that branch on a language's name."""
    return [i for i, line in enumerate(text.splitlines(), 1) if _BRANCH.search(line)]


def test_no_branch_on_a_language_name_outside_the_language_modules() -> None:
    found = [f"{path.relative_to(ROOT)}:{n}" for path, source in checked_modules() for n in branches(source)]
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


_EXTENSIONS = sorted({e[1:] for spec in LANGUAGES for e in spec.extensions}, key=len, reverse=True)
# A string that is an extension or a file name ending in one (`.ts`, `__init__.py`, `_test.go`, `lib/x.h`).
_FILE_NAME = re.compile(rf"^[\w./{{}}+-]*\.(?:{'|'.join(map(re.escape, _EXTENSIONS))})$")


def file_names(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string in `source`'s code, an f-string's parts and bytes too (not docstrings, not
    comments), that names a file of a language by its extension."""
    tree = ast.parse(source)
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        value = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
        if isinstance(value, str) and _FILE_NAME.match(value):
            found.append((node.lineno, value))
    return sorted(found)


def test_no_file_extension_of_a_language_outside_the_language_modules() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n} {text!r}"
        for path, source in checked_modules()
        for n, text in file_names(source)
    ]
    assert found == []


def test_the_extension_check_sees_each_form_and_lets_look_alikes_pass() -> None:
    source = (
        'if other.endswith(".py"):\n'
        "    pass\n"
        'if name == "__init__.py" or p.suffix in (".mjs", ".cjs"):\n'
        '    test = f"{stem}_test.go"\n'
        "MARKERS = ('setup.py', b\"lib.rs\")\n"
    )
    assert file_names(source) == [
        (1, ".py"),
        (3, ".cjs"),
        (3, ".mjs"),
        (3, "__init__.py"),
        (4, "_test.go"),
        (5, "lib.rs"),
        (5, "setup.py"),
    ]
    # A docstring or a comment naming files, a file of no language's, a word ending so, an extension's words.
    look_alikes = (
        'def f():\n    """Reads `a.py` and `b.ts`."""\n'
        '    return ("Cargo.toml", "package.json", "go", "src.", ".git")  # x.py\n'
    )
    assert file_names(look_alikes) == []


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
    found = [
        f"{path.relative_to(ROOT)}: {m}"
        for path, source in checked_modules()
        for m in language_modules_imported(source, package_of(path))
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
