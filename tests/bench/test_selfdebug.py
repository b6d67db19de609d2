"""The self-debug benchmark's corpus builder, fault injectors and scripted oracle, on a hand-written module."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from bench import selfdebug
from bench.selfdebug import Fault, Module

SOURCE = '''\
import os, sys
from pathlib import Path, PurePath
from . import sibling

LIMIT = 3


def join_all(parts, base):
    """Join parts under base."""
    base = base or "."
    if not parts:
        return Path(base)
    return Path(os.path.join(base, *parts))


def over_limit(values):
    total = 0
    for value in values:
        total += value
    return total > LIMIT
'''


@pytest.fixture
def module(tmp_path: Path) -> Module:
    (tmp_path / "pkg").mkdir()
    path = tmp_path / "pkg" / "paths.py"
    path.write_text(SOURCE, encoding="utf-8")
    found = selfdebug.modules_of(tmp_path, path)
    # over_limit needs the module's LIMIT: it cannot stand alone, so it is left out.
    assert [m.function for m in found] == ["join_all"]
    return found[0]


def test_a_module_holds_the_function_and_exactly_the_imports_it_needs(module: Module) -> None:
    assert module.origin == "pkg/paths.py"
    assert module.imports == ("import os", "from pathlib import Path")
    assert module.text.startswith("import os\nfrom pathlib import Path\n\n\ndef join_all(parts, base):\n")
    assert module.text[module.code_start :] == module.code
    assert not selfdebug.syntax_errors(module.text)
    assert not selfdebug.run_pyflakes(module.text.encode()).diagnostics


def test_test_directories_and_site_packages_are_not_in_the_corpus(tmp_path: Path) -> None:
    for rel in ("a.py", "test/b.py", "lib2to3/tests/c.py", "site-packages/d/e.py", "email/f.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in selfdebug.stdlib_files(tmp_path)]
    assert found == ["a.py", "email/f.py"]


@pytest.mark.parametrize("kind", selfdebug.OFFLINE_KINDS)
def test_each_injector_makes_the_fault_it_claims(module: Module, kind: str) -> None:
    faults = selfdebug.faults_for(module, (kind,), seed=7)
    assert faults is not None and [f.kind for f in faults] == [kind]
    broken = selfdebug.apply(module.text, faults[0].edits)
    undefined = {
        d.data["name"]
        for d in selfdebug.run_pyflakes(broken.encode()).diagnostics
        if d.code == "undefined-name"
    }
    if kind in (selfdebug.MISSING_COLON, selfdebug.MISSING_BRACKET, selfdebug.MISSING_QUOTE):
        with pytest.raises(SyntaxError):
            ast.parse(broken)
        assert selfdebug.syntax_errors(broken)
        removed = Counter(module.text) - Counter(broken)
        assert list(removed.elements()) in ([":"], [")"], ['"'])
    elif kind == selfdebug.REMOVED_IMPORT:
        assert undefined in ({"os"}, {"Path"})
    else:
        assert len(undefined) == 1 and undefined.pop() not in module.text


def test_a_fault_that_changes_nothing_is_not_taken_for_one(module: Module) -> None:
    colon = module.text.index("parts:") + len("parts")
    assert not selfdebug.makes_its_fault(
        module, Fault(selfdebug.MISSING_COLON, ((colon, colon, ""),), "none")
    )
    start = module.text.index("base or")
    renamed = Fault(selfdebug.MISSPELLED_NAME, ((start, start + 4, "base"),), "base → base")
    assert not selfdebug.makes_its_fault(module, renamed)


def test_a_combination_puts_two_faults_on_different_lines(module: Module) -> None:
    kinds = (selfdebug.REMOVED_IMPORT, selfdebug.MISSING_BRACKET)
    faults = selfdebug.faults_for(module, kinds, seed=7)
    assert faults is not None and [f.kind for f in faults] == list(kinds)
    lines = {module.text.count("\n", 0, f.edits[0][0]) for f in faults}
    assert len(lines) == 2


async def test_the_wrong_attribute_is_seen_by_mypy_alone(module: Module, tmp_path: Path) -> None:
    fault = selfdebug.inject_wrong_attribute(module, selfdebug.random.Random(7))
    assert fault is not None and fault.what.startswith("os.path → .")
    assert selfdebug.makes_its_fault(module, fault)  # pyflakes and the syntax check see nothing
    fit = await selfdebug.mypy_confirms(module, fault, tmp_path, selfdebug.mypy_checkers())
    assert fit is not None and fit.original == () and fit.targets is None


def test_the_plan_follows_the_documented_shares() -> None:
    plans = selfdebug.plan(200, selfdebug.random.Random(7))
    labels = Counter(selfdebug.COMBINATION if len(p) > 1 else p[0] for p in plans)
    assert labels == selfdebug.WEIGHTS
    assert all(len(set(p)) == 2 and set(p) <= set(selfdebug.OFFLINE_KINDS) for p in plans if len(p) > 1)
    assert len(selfdebug.plan(7, selfdebug.random.Random(1))) == 7


@pytest.mark.parametrize("how", ["undefined name", "dropped colon"])
def test_a_corrupted_answer_is_wrong_in_the_way_it_says(module: Module, how: str) -> None:
    spoiled = selfdebug.corrupted(module.code, how, selfdebug.random.Random(3))
    if how == "dropped colon":
        assert spoiled.splitlines()[0] == "def join_all(parts, base)"
        with pytest.raises(SyntaxError):
            ast.parse(spoiled)
    else:
        answer = module.text[: module.code_start] + spoiled
        names = {d.data["name"] for d in selfdebug.run_pyflakes(answer.encode()).diagnostics}
        assert len(names) == 1 and str(names.pop()).endswith("_helper")


def test_a_nested_block_is_corrupted_at_its_own_depth() -> None:
    block = "    def inner(value):\n        return value\n"
    assert selfdebug.corrupted(block, "dropped colon", selfdebug.random.Random(1)) == (
        "    def inner(value)\n        return value\n"
    )
    spoiled = selfdebug.corrupted(block, "undefined name", selfdebug.random.Random(1))
    assert spoiled == "    def inner(value):\n        return value_helper\n"
