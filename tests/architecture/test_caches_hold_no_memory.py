"""No `functools` cache holds a `Memory`: a cached function of one is kept with `per_memory`/`PerFile`
(`indexer/per_memory.py`), held weakly, so a memory let go (a closed workspace, a test's) takes its answers along.
An `lru_cache` with a `Memory` among its arguments kept the memory, and every file version it held, alive."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_CACHES = {"lru_cache", "cache"}


def memory_caches(source: str) -> list[str]:
    """The functions of `source` under a `functools` cache that take a `Memory` argument."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        called = (d.func if isinstance(d, ast.Call) else d for d in node.decorator_list)
        cached = any(getattr(d, "id", getattr(d, "attr", None)) in _CACHES for d in called)
        arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        if cached and any(
            a.annotation is not None and "Memory" in ast.unparse(a.annotation) for a in arguments
        ):
            found.append(node.name)
    return found


def test_no_functools_cache_takes_a_memory() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{name}"
        for folder in ("indexer", "server")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in memory_caches(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "keep these with indexer/per_memory.py instead:\n" + "\n".join(found)


def test_the_check_can_fail() -> None:
    source = (
        "@lru_cache(maxsize=8)\ndef a(memory: Memory, name: str) -> int: ...\n"
        "@functools.cache\ndef b(memory: 'Memory') -> int: ...\n"
        "@per_memory(maxsize=8)\ndef c(memory: Memory) -> int: ...\n"
        "@lru_cache\ndef d(name: str) -> int: ...\n"
    )
    assert memory_caches(source) == ["a", "b"]
