"""Local scopes as an editor changes them: a function's own bindings follow each version of its text, and
names with characters beyond plain identifiers (`$`, non-ASCII) are found where they are bound."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.resolve import FunctionScope, definitions_at
from archmem.indexer.workspace import Memory

from tests.support.memory import indexed

FILES = {
    "calc.py": "total = 0\n\n\ndef add(items):\n    total = sum(items)\n    return total\n",
    "ui.js": "const el = 1;\nfunction show($el, el$) {\n  const a$b = $el;\n  return el + el$ + a$b;\n}\n",
    "names.py": "café = 1\n\n\ndef f(café):\n    return café\n",
    "opts.ts": (
        "const LIMIT = 10;\nconst FIRST = 0;\n"
        "function take(o: any, { max = LIMIT }: any) {\n"
        "  const { min = FIRST, ...rest } = o;\n  const [lo = FIRST] = rest;\n  return min + max + lo;\n}\n"
    ),
}


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[Memory]:
    yield from indexed(tmp_path, FILES)


def _scope(memory: Memory, path: str, needle: str) -> tuple[FunctionScope, int]:
    index, text = memory.file(path), memory.text(path)
    assert index is not None and text is not None
    at = text.index(needle.encode())
    scope = FunctionScope.at_byte(memory, index, text, at)
    assert scope is not None
    return scope, at


def _definition_lines(memory: Memory, path: str, needle: str, offset: int) -> list[str]:
    text = memory.text(path) or b""
    lines = text.decode().split("\n")
    out = []
    for target in definitions_at(memory, path, text.index(needle.encode()) + offset):
        out.append(lines[text.count(b"\n", 0, target.span[0]) if target.span else target.line])
    return out


def test_an_edit_that_removes_a_local_binding_changes_what_the_name_means(memory: Memory) -> None:
    before = FILES["calc.py"]
    memory.open_document("calc.py", before, 1)
    scope, at = _scope(memory, "calc.py", "return total")
    local = before.encode().index(b"total = sum")
    assert scope.binding("total") == (local, local + len("total"))
    index = memory.file("calc.py")
    assert index is not None
    assert scope.shadows("total", index.symbol_at(at), at + len("return "))
    assert _definition_lines(memory, "calc.py", "return total", 7) == ["    total = sum(items)"]
    # The user renames the local: `total` in the function now means the module's.
    after = before.replace("    total = sum(items)", "    count = sum(items)")
    memory.open_document("calc.py", after, 2)
    scope, at = _scope(memory, "calc.py", "return total")
    index = memory.file("calc.py")
    assert index is not None
    assert scope.binding("total") is None
    assert scope.binding("count") == (after.encode().index(b"count"), after.encode().index(b"count") + 5)
    assert not scope.shadows("total", index.symbol_at(at), at + len("return "))
    assert _definition_lines(memory, "calc.py", "return total", 7) == ["total = 0"]


def test_names_with_dollar_signs_are_whole_names(memory: Memory) -> None:
    scope, _ = _scope(memory, "ui.js", "return el")
    text = FILES["ui.js"].encode()
    assert scope.binding("$el") == (text.index(b"$el"), text.index(b"$el") + 3)
    assert scope.binding("el$") == (text.index(b"el$"), text.index(b"el$") + 3)
    assert scope.binding("a$b") == (text.index(b"a$b"), text.index(b"a$b") + 3)
    # `el` appears only inside `$el` and `el$` in the function's bindings: not bound by it.
    assert scope.binding("el") is None
    assert _definition_lines(memory, "ui.js", "return el", 7) == ["const el = 1;"]


def test_a_non_ascii_name_is_found_by_its_whole_text(memory: Memory) -> None:
    scope, _ = _scope(memory, "names.py", "return café")
    text = FILES["names.py"].encode()
    start = text.index("f(café".encode()) + 2
    assert scope.binding("café") == (start, start + len("café".encode()))


def test_a_default_inside_a_pattern_is_a_use_and_the_name_before_it_the_binding(memory: Memory) -> None:
    scope, at = _scope(memory, "opts.ts", "return min")
    for name in ("max", "min", "lo", "rest"):
        assert scope.binding(name) is not None, name
    index = memory.file("opts.ts")
    assert index is not None
    for name in ("LIMIT", "FIRST"):
        assert scope.binding(name) is None, name
        assert not scope.shadows(name, index.symbol_at(at), at)
    # Each default leads to the module's constant.
    assert _definition_lines(memory, "opts.ts", "max = LIMIT", 6) == ["const LIMIT = 10;"]
    assert _definition_lines(memory, "opts.ts", "min = FIRST", 6) == ["const FIRST = 0;"]
    assert _definition_lines(memory, "opts.ts", "lo = FIRST", 5) == ["const FIRST = 0;"]
