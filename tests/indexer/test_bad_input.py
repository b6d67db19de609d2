"""Bad input never crashes the memory: it is indexed, decoded with replacement, or skipped with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.files import FileRules
from archmem.indexer.workspace import Memory

from tests.support.memory import index_text, write_tree

DEPTH = 5000


def _memory(root: Path, **rules: object) -> Memory:
    return Memory(root, persist=False, rules=FileRules(**rules))  # type: ignore[arg-type]


# -- 5,000 levels of nesting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("brackets.py", "x = " + "[" * DEPTH + "]" * DEPTH + "\ndef after():\n    return x\n"),
        ("calls.py", "y = " + "f(" * DEPTH + ")" * DEPTH + "\ndef after():\n    return y\n"),
        ("blocks.js", "function outer() " + "{" * DEPTH + "}" * DEPTH + "\nfunction after() {}\n"),
        ("arrays.js", "const x = " + "[" * DEPTH + "]" * DEPTH + ";\nfunction after() {}\n"),
        ("blocks.c", "int outer(void) " + "{" * DEPTH + "}" * DEPTH + "\nint after(void) { return 0; }\n"),
        ("parens.c", "int v = " + "(" * DEPTH + "1" + ")" * DEPTH + ";\nint after(void) { return v; }\n"),
    ],
)
def test_deep_brackets_are_indexed(path: str, text: str) -> None:
    index = index_text(path, text)
    assert "after" in index.by_qualname


def test_five_thousand_nested_python_functions_do_not_crash() -> None:
    # One space of indentation per level keeps the file at 12 MB. The grammar gives up on the outer levels
    # (an error node) and parses the innermost few hundred; the memory keeps what was parsed.
    text = "".join(" " * i + f"def f{i}():\n" for i in range(DEPTH)) + " " * DEPTH + "pass\n"
    index = index_text("deep.py", text)
    innermost = max(index.symbols[1:], key=lambda s: s.qualname.count("."))
    assert innermost.name == f"f{DEPTH - 1}"
    assert innermost.qualname.count(".") > 100
    assert index.by_id[innermost.parent or ""].name == f"f{DEPTH - 2}"


def test_five_thousand_nested_containers_keep_their_hierarchy(tmp_path: Path) -> None:
    # Containers (classes, namespaces) are chunks nested in chunks: thousands of levels must not recurse,
    # and must not end up skipped either.
    write_tree(
        tmp_path,
        {
            "deep.cpp": "namespace n { " * DEPTH + "void leaf() {} " + "}" * DEPTH + "\n",
            "deep.js": "function f() " + "{" * DEPTH + "}" * DEPTH + "\n",
            "ok.py": "def fine():\n    pass\n",
        },
    )
    memory = _memory(tmp_path)
    report = memory.index_all(jobs=1)
    assert report.parsed == 3
    assert not report.skipped
    cpp = memory.file("deep.cpp")
    assert cpp is not None
    leaf = cpp.by_qualname[".".join(["n"] * DEPTH + ["leaf"])][0]
    assert len(cpp.enclosing(leaf)) == DEPTH + 1
