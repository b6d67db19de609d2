"""Rooms stay small: no module of indexer/ is over 600 lines and no function in it over 80, unless the
module's opening docstring says why (it says "over 600 lines" for the file, and names the function in
backticks for a function)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# server/ is audited by its own split (issue 14); it joins here once its rooms are under the limits.
DIRECTORIES = ("indexer", "server")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def oversized(source: str, where: str) -> list[str]:
    """What in one module's `source` is over the limits without its docstring saying why."""
    tree = ast.parse(source)
    doc = ast.get_docstring(tree) or ""
    out: list[str] = []
    lines = source.count("\n")
    if lines > MAX_MODULE_LINES and "over 600 lines" not in doc.lower():
        out.append(f"{where}: {lines} lines")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES and f"`{node.name}`" not in doc:
                out.append(f"{where}:{node.lineno} {node.name}: {length} lines")
    return out


def test_no_room_is_oversized_without_saying_why() -> None:
    found = [
        problem
        for directory in DIRECTORIES
        for path in sorted((ROOT / directory).rglob("*.py"))
        for problem in oversized(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == []


def test_the_check_sees_long_functions_and_modules_and_their_reasons() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    long_function = f"def walk():\n{body}"
    assert oversized(long_function, "m.py") == [f"m.py:1 walk: {MAX_FUNCTION_LINES + 1} lines"]
    explained = f'"""A module.\n\n`walk` is one pass, knowingly."""\n\n{long_function}'
    assert oversized(explained, "m.py") == []
    long_module = "".join(f"x{i} = {i}\n" for i in range(MAX_MODULE_LINES + 1))
    assert oversized(long_module, "m.py") == [f"m.py: {MAX_MODULE_LINES + 1} lines"]
    assert oversized(f'"""Over 600 lines, knowingly: data."""\n{long_module}', "m.py") == []
