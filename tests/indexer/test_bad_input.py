"""Bad input never crashes the memory: it is indexed, decoded with replacement, or skipped with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.document import Document
from archmem.indexer.files import FileRules, too_large
from archmem.indexer.languages import BY_NAME
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


# -- empty, binary, undecodable and huge files ----------------------------------------------------------


@pytest.mark.parametrize("path", ["e.py", "e.js", "e.ts", "e.tsx", "e.go", "e.rs", "E.java", "e.c", "e.cpp"])
def test_empty_file_is_an_empty_module(path: str) -> None:
    for text in ("", "\n\n", "   "):
        index = index_text(path, text)
        assert index.symbols[0].kind.name == "MODULE"
        assert index.symbols[1:] == ()
        assert index.imports == ()


def test_binary_file_is_skipped_with_its_reason(tmp_path: Path) -> None:
    write_tree(tmp_path, {"image.py": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ok.py": "X = 1\n"})
    memory = _memory(tmp_path)
    report = memory.index_all(jobs=1)
    assert report.skipped == {"binary (NUL bytes)": ["image.py"]}
    assert memory.files() == ["ok.py"]


def test_invalid_utf8_is_decoded_with_replacement_and_noted(tmp_path: Path) -> None:
    raw = b"NAME = 'caf\xe9'\n\n\ndef f\xff():\n    pass\n\n\ndef after():\n    return NAME\n"
    write_tree(tmp_path, {"latin1.py": raw})
    memory = _memory(tmp_path)
    report = memory.index_all(jobs=1)
    assert report.notes == {"latin1.py": ["invalid UTF-8 at byte 11: undecodable bytes replaced with U+FFFD"]}
    index = memory.file("latin1.py")
    assert index is not None
    assert list(index.notes) == report.notes["latin1.py"]
    assert index.by_qualname["after"][0].refs == ("NAME",)
    assert "\ufffd" in (memory.text("latin1.py") or b"").decode("utf-8")
    # The mangled name is an error node; the rest of the file is indexed as usual.
    assert "after" in index.by_qualname and "NAME" in index.by_qualname


def test_document_accepts_undecodable_edits() -> None:
    doc = Document("a.py", BY_NAME["python"], b'X = "?"\n\n\ndef f():\n    return X\n')
    doc.replace(5, 6, b"\xff\xfe")
    assert doc.text.decode("utf-8") == 'X = "\ufffd\ufffd"\n\n\ndef f():\n    return X\n'
    assert [s.name for s in doc.index.symbols[1:]] == ["X", "f"]
    assert doc.index.snapshot_key() == Document("a.py", BY_NAME["python"], doc.text).index.snapshot_key()


FIFTY_MB = 50 * 1024 * 1024


def _fifty_megabytes(path: Path) -> None:
    """A generated module: 1,000 functions, each with a 52 KB table (how real 50 MB sources look)."""
    table = "x" * (FIFTY_MB // 1000)
    with path.open("w", encoding="utf-8") as out:
        for i in range(1000):
            out.write(f'def table_{i}():\n    return TABLE_{i}\n\n\nTABLE_{i} = "{table}"\n\n\n')


def test_fifty_megabyte_file_is_skipped_over_the_limit_and_indexed_under_a_raised_one(tmp_path: Path) -> None:
    _fifty_megabytes(tmp_path / "huge.py")
    write_tree(tmp_path, {"small.py": "def small():\n    pass\n"})
    assert (tmp_path / "huge.py").stat().st_size > FIFTY_MB

    memory = _memory(tmp_path)
    report = memory.index_all(jobs=1)
    assert report.skipped == {too_large(10_000_000): ["huge.py"]}
    assert memory.files() == ["small.py"]

    memory = _memory(tmp_path, max_file_size=60 * 1024 * 1024)
    report = memory.index_all(jobs=1)
    assert report.skipped == {}
    huge = memory.file("huge.py")
    assert huge is not None
    assert len(huge.symbols) == 1 + 2000
    assert huge.by_qualname["table_999"][0].refs == ("TABLE_999",)
