"""Offline generate: scaffolds built from the memory, verified like any other edit."""

from __future__ import annotations

from pathlib import Path

from archmem.server.actions.generate import Generated, GenerateFailure, generate
from archmem.server.actions.generate_targets import list_generate_targets

from tests.actions.genexplain_projects import memory, write

BASE = '''
import abc
from collections.abc import Iterator
from typing import Protocol


class Store(abc.ABC):
    """Where records live."""

    @abc.abstractmethod
    def get(self, key: str) -> bytes:
        """The record under `key`."""

    @abc.abstractmethod
    def keys(self) -> Iterator[str]: ...

    def has(self, key: str) -> bool:
        return key in set(self.keys())


class Closable(Protocol):
    def close(self, *, force: bool = False) -> None: ...

    def closed(self) -> bool:
        return False
'''

IMPL = '''
"""Stores."""

from pkg.base import Closable, Store


class MemoryStore(Store, Closable):
    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes:
        return self.data[key]


def load(path: str, *, strict: bool = False, retries=3) -> dict[str, int]:
    if strict and not path:
        raise ValueError("no path")
    return {}


async def fetch(url, /, timeout):
    return url
'''


def at(root: Path, rel: str, needle: str) -> tuple[int, int]:
    lines = (root / rel).read_text().split("\n")
    line = next(i for i, text in enumerate(lines) if needle in text)
    return line, lines[line].index(needle)


def project(root: Path) -> None:
    write(root, {"pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/impl.py": IMPL})


async def scaffold(root: Path, rel: str, needle: str, kind: str) -> Generated:
    mem = memory(root)
    targets = list_generate_targets(mem, rel, *at(root, rel, needle), with_model=False)
    target = next(t for t in targets if t.kind == kind)
    result = await generate(mem, rel, target)
    assert isinstance(result, Generated), result
    return result


async def test_missing_abstract_and_protocol_members_are_declared_with_their_imports(tmp_path: Path) -> None:
    project(tmp_path)
    result = await scaffold(tmp_path, "pkg/impl.py", "class MemoryStore", "members")

    assert result.target.title == "Declare what `MemoryStore` owes its bases: `keys`, `close`"
    after = result.edit.apply((tmp_path / "pkg/impl.py").read_bytes()).decode()
    assert "from pkg.base import Closable, Store\nfrom collections.abc import Iterator\n" in after
    assert (
        "        return self.data[key]\n"
        "\n"
        "    def keys(self) -> Iterator[str]:\n"
        "        raise NotImplementedError\n"
        "\n"
        "    def close(self, *, force: bool = False) -> None:\n"
        "        raise NotImplementedError\n"
    ) in after
    assert "abstractmethod" not in after and "def closed" not in after and "def has" not in after
    assert result.edit.summary == (
        "offline scaffold, verified: parses, no new pyflakes problems, nothing else changed"
    )


async def test_a_class_owing_nothing_gets_no_members_target(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "pkg/full.py").write_text(
        "from pkg.base import Store\n\n\nclass Full(Store):\n    def get(self, key):\n        return b''\n\n"
        "    def keys(self):\n        return iter(())\n"
    )
    mem = memory(tmp_path)
    targets = list_generate_targets(mem, "pkg/full.py", 3, 6, with_model=False)
    assert "members" not in [t.kind for t in targets]


async def test_typescript_interface_members_are_declared(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            # The scaffold's `throw new Error(...)` passes the name guard of verify as a standard name
            # of TypeScript: nothing in the workspace uses `Error`.
            "shape.ts": "export interface Shape {\n  area(): number;\n  label?: string;\n  name: string;\n}\n",
            "sq.ts": (
                "import { Shape } from './shape';\n\nexport class Sq implements Shape {\n"
                "  constructor(private side: number) {}\n}\n"
            ),
        },
    )
    result = await scaffold(tmp_path, "sq.ts", "export class Sq", "members")
    after = result.edit.apply((tmp_path / "sq.ts").read_bytes()).decode()
    assert after == (
        "import { Shape } from './shape';\n\nexport class Sq implements Shape {\n"
        "  constructor(private side: number) {}\n"
        "\n"
        "  area(): number {\n"
        '    throw new Error("not implemented");\n'
        "  }\n"
        "\n"
        "  name: string;\n"
        "}\n"
    )


async def test_a_docstring_skeleton_from_the_signature(tmp_path: Path) -> None:
    project(tmp_path)
    result = await scaffold(tmp_path, "pkg/impl.py", "def load", "docstring")
    after = result.edit.apply((tmp_path / "pkg/impl.py").read_bytes()).decode()
    assert (
        "def load(path: str, *, strict: bool = False, retries=3) -> dict[str, int]:\n"
        '    """Load.\n'
        "\n"
        "    Args:\n"
        "        path: ...\n"
        "        strict: ...\n"
        "        retries: ...\n"
        "\n"
        "    Returns:\n"
        "        ...\n"
        "\n"
        "    Raises:\n"
        "        ValueError: ...\n"
        '    """\n'
        "    if strict and not path:\n"
    ) in after


async def test_a_method_docstring_leaves_out_self_and_a_jsdoc_goes_above_the_export(tmp_path: Path) -> None:
    project(tmp_path)
    write(
        tmp_path,
        {"lib.ts": "export function scale(value: number, by = 2): number {\n  return value * by;\n}\n"},
    )
    result = await scaffold(tmp_path, "pkg/impl.py", "def get", "docstring")
    after = result.edit.apply((tmp_path / "pkg/impl.py").read_bytes()).decode()
    assert (
        '        """Get.\n\n        Args:\n            key: ...\n\n        Returns:\n            ...\n        """\n'
        in after
    )
    result = await scaffold(tmp_path, "lib.ts", "scale", "docstring")
    after = result.edit.apply((tmp_path / "lib.ts").read_bytes()).decode()
    assert after.startswith(
        "/**\n * Scale.\n *\n * @param value ...\n * @param by ...\n * @returns ...\n */\nexport function"
    )


async def test_a_test_skeleton_creates_a_test_file(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "tests").mkdir()
    result = await scaffold(tmp_path, "pkg/impl.py", "def load", "test")

    assert result.creates_file
    assert result.edit.path == "tests/test_impl.py"
    assert result.edit.apply(b"").decode() == (
        "from pkg.impl import load\n\n\ndef test_load() -> None:\n    result = load(path=...)\n    assert result == ...\n"
    )
    assert result.diff.startswith("--- /dev/null\n+++ b/tests/test_impl.py\n")


async def test_a_test_skeleton_for_a_method_and_an_async_function_appends_to_the_file(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "tests").mkdir()
    existing = "import pytest\n\n\ndef test_load() -> None:\n    assert pytest\n"
    (tmp_path / "tests/test_impl.py").write_text(existing)

    result = await scaffold(tmp_path, "pkg/impl.py", "def get", "test")
    after = result.edit.apply(existing.encode()).decode()
    assert not result.creates_file
    assert after == (
        "import pytest\nfrom pkg.impl import MemoryStore\n\n\ndef test_load() -> None:\n    assert pytest\n\n\n"
        "def test_memory_store_get() -> None:\n    instance = MemoryStore()\n"
        "    result = instance.get(key=...)\n    assert result == ...\n"
    )

    result = await scaffold(tmp_path, "pkg/impl.py", "async def fetch", "test")
    after = result.edit.apply(existing.encode()).decode()
    assert "import pytest\nimport asyncio\nfrom pkg.impl import fetch\n" in after
    assert "def test_fetch() -> None:\n    result = asyncio.run(fetch(..., timeout=...))\n" in after


async def test_a_test_skeleton_joins_the_import_the_test_file_has_from_its_module(tmp_path: Path) -> None:
    # Scaffolds add imports as every action does (edits.add_import): `from m import x` joins an
    # existing one-line `from m import ...`, and a standard-library import goes among its kind.
    project(tmp_path)
    (tmp_path / "tests").mkdir()
    existing = "import os\n\nfrom pkg.impl import MemoryStore\n\n\ndef test_store() -> None:\n    assert MemoryStore\n"
    (tmp_path / "tests/test_impl.py").write_text(existing)
    result = await scaffold(tmp_path, "pkg/impl.py", "async def fetch", "test")
    after = result.edit.apply(existing.encode()).decode()
    assert after.startswith("import asyncio\nimport os\n\nfrom pkg.impl import MemoryStore, fetch\n\n\n")
    assert "def test_fetch() -> None:\n    result = asyncio.run(fetch(..., timeout=...))\n" in after


async def test_a_scaffold_that_would_add_a_problem_is_not_offered(tmp_path: Path) -> None:
    # The protocol's annotation names a type its own file never defines: copying it would add an
    # undefined name to the subclass's file, so verification refuses the scaffold.
    write(
        tmp_path,
        {
            "proto.py": "from typing import Protocol\n\n\nclass Painter(Protocol):\n"
            "    def paint(self, canvas: Canvas) -> None: ...\n",
            "impl.py": "from proto import Painter\n\n\nclass Brush(Painter):\n    pass\n",
        },
    )
    mem = memory(tmp_path)
    target = next(t for t in list_generate_targets(mem, "impl.py", 3, 6) if t.kind == "members")
    result = await generate(mem, "impl.py", target)
    assert isinstance(result, GenerateFailure)
    assert "does not pass verification" in result.message
    assert any("undefined name 'Canvas'" in p for p in result.problems)
