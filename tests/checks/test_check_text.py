"""check_text: syntax + pyflakes + configured checkers on a shadow copy, never on the user's file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import tree_sitter
import tree_sitter_javascript
import tree_sitter_python
from archmem.server.checks import CheckerSpec, OutputFormat, Severity, check_text

PYTHON = tree_sitter.Parser(tree_sitter.Language(tree_sitter_python.language()))
JAVASCRIPT = tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language()))

# A checker that reports the file it was given and what it contains, then overwrites it, as a checker with
# an autofix mode would: the user's file must not be the one it gets.
SPY = """\
import os, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as handle:
    first = handle.readline().strip()
print(f"{path}:1:1: warning: saw {os.path.basename(path)} in {os.path.dirname(path)} starting {first!r}")
with open(path, "w", encoding="utf-8") as handle:
    handle.write("clobbered")
"""


def spy(tmp_path: Path) -> CheckerSpec:
    script = tmp_path / "spy.py"
    script.write_text(SPY, encoding="utf-8")
    return CheckerSpec("spy", (sys.executable, str(script), "{file}"), ("python",), OutputFormat.GCC)


async def test_syntax_and_pyflakes_and_a_checker_together(tmp_path: Path) -> None:
    text = b"import os\n\ndef f(x)\n    return undefined\n"
    report = await check_text(
        str(tmp_path / "mod.py"), text, "python", PYTHON.parse(text), [spy(tmp_path)], None
    )
    assert [result.name for result in report.results] == ["archmem.syntax", "pyflakes", "spy"]
    assert report.errors == ()
    sources = [(d.source, d.code) for d in report.diagnostics]
    # tree-sitter located the missing colon; CPython's "expected ':'" for the same typo is not repeated.
    assert ("archmem.syntax", "missing-token") in sources
    assert ("archmem.pyflakes", "syntax-error") not in sources
    assert ("spy", None) in sources
    assert [d.start for d in report.diagnostics] == sorted(d.start for d in report.diagnostics)


async def test_cpythons_syntax_error_is_kept_when_tree_sitter_accepts_the_text(tmp_path: Path) -> None:
    text = b'print "hello"\n'
    tree = PYTHON.parse(text)
    assert not tree.root_node.has_error
    report = await check_text(str(tmp_path / "old.py"), text, "python", tree, [], None)
    (error,) = report.diagnostics
    assert (error.source, error.code, error.severity) == ("archmem.pyflakes", "syntax-error", Severity.ERROR)
    assert "Missing parentheses" in error.message


async def test_pyflakes_findings_are_reported_for_valid_python(tmp_path: Path) -> None:
    text = b"import os\nprint(undefined_name)\n"
    report = await check_text(str(tmp_path / "m.py"), text, "python", PYTHON.parse(text), [], None)
    assert [(d.code, d.data.get("name")) for d in report.diagnostics] == [
        ("unused-import", "os"),
        ("undefined-name", "undefined_name"),
    ]


async def test_other_languages_get_no_pyflakes(tmp_path: Path) -> None:
    text = b"foo(1, 2;\n"
    report = await check_text(str(tmp_path / "m.js"), text, "javascript", JAVASCRIPT.parse(text), [], None)
    assert [result.name for result in report.results] == ["archmem.syntax"]
    assert [d.code for d in report.diagnostics] == ["missing-token"]


async def test_the_users_file_is_never_created(tmp_path: Path) -> None:
    user_file = tmp_path / "project" / "pkg" / "mod.py"
    text = b"x = 1  # candidate\n"
    report = await check_text(
        str(user_file), text, "python", PYTHON.parse(text), [spy(tmp_path)], str(tmp_path)
    )
    assert not user_file.exists()
    assert not user_file.parent.exists()
    (seen,) = [d for d in report.diagnostics if d.source == "spy"]
    shadow_dir = seen.message.split(" in ", 1)[1].split(" starting ", 1)[0]
    assert seen.message.startswith("saw mod.py in ")  # same name, so tools that care about names agree
    assert seen.message.endswith("starting 'x = 1  # candidate'")  # the candidate text, not the disk's
    assert Path(shadow_dir) != user_file.parent
    assert not Path(shadow_dir).exists()  # the shadow is removed afterwards


async def test_the_users_file_is_never_modified(tmp_path: Path) -> None:
    user_file = tmp_path / "mod.py"
    user_file.write_bytes(b"original = True\n")
    before = os.stat(user_file)
    text = b"candidate = True\n"
    report = await check_text(
        str(user_file), text, "python", PYTHON.parse(text), [spy(tmp_path)], str(tmp_path)
    )
    assert user_file.read_bytes() == b"original = True\n"
    after = os.stat(user_file)
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (
        before.st_mtime_ns,
        before.st_size,
        before.st_ino,
    )
    assert any("starting 'candidate = True'" in d.message for d in report.diagnostics)


async def test_a_failing_checker_is_listed_with_its_error_and_the_rest_still_runs(tmp_path: Path) -> None:
    missing = CheckerSpec(
        "pyright", ("archmem-no-such-pyright", "{file}"), ("python",), OutputFormat.PYRIGHT_JSON
    )
    text = b"import os\n"
    report = await check_text(str(tmp_path / "m.py"), text, "python", PYTHON.parse(text), [missing], None)
    assert report.errors == (
        (
            "pyright",
            "archmem-no-such-pyright not found on PATH: install it or remove it from archmem.checkers.python",
        ),
    )
    assert [d.code for d in report.diagnostics] == ["unused-import"]
