"""Bad input never crashes the memory: it is indexed, decoded with replacement, or skipped with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.files import FileRules
from archmem.indexer.workspace import Memory

from tests.support.memory import index_text, touch_later, write_tree

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


# -- files that change under the indexer ----------------------------------------------------------------


def test_file_deleted_between_discovery_and_parsing_is_skipped_and_forgotten(tmp_path: Path) -> None:
    names = ["a.py", "b.py", "c.py", "d.py"]
    write_tree(tmp_path, {name: f"def old_{name[0]}():\n    pass\n" for name in names})
    store = tmp_path.parent / f"{tmp_path.name}.sqlite"
    memory = Memory(tmp_path, store_path=store)
    memory.index_all(jobs=1)
    memory.close()
    for name in names:
        touch_later(tmp_path / name, f"def new_{name[0]}():\n    pass\n")

    def delete_the_next_file(done: int, total: int, path: str) -> None:
        if path == "a.py":
            (tmp_path / "b.py").unlink()

    memory = Memory(tmp_path, store_path=store)
    report = memory.index_all(jobs=1, progress=delete_the_next_file)
    assert report.skipped == {"unreadable (No such file or directory)": ["b.py"]}
    assert report.parsed == 3
    assert memory.files() == ["a.py", "c.py", "d.py"]
    assert memory.files_defining("old_b") == []
    assert memory.file("b.py") is None
    memory.close()


def test_file_that_turned_binary_is_forgotten_on_refresh(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m.py": "def f():\n    pass\n"})
    memory = _memory(tmp_path)
    memory.index_all(jobs=1)
    (tmp_path / "m.py").write_bytes(b"\x00\x01\x02 not text any more")
    assert memory.refresh_paths(["m.py"]) == ["m.py"]
    assert memory.files() == []
    assert memory.files_defining("f") == []
