"""The offline provider through the real self-debug loop: each fault type repaired and verified."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.server.actions import Failure, OfflineProvider, ProposedEdit, self_debug
from archmem.server.actions.offline import edit_distance, nearest_names

from tests.actions.helpers import applied, workspace


async def fix(
    tmp_path: Path, source: bytes, files: dict[str, bytes] | None = None, path: str = "m.py"
) -> bytes:
    memory = workspace(tmp_path, {path: source, **(files or {})})
    result = await self_debug(memory, path, None, provider=OfflineProvider())
    assert isinstance(result, ProposedEdit), result
    assert result.verified and not result.remaining, result.detail
    return applied(memory, path, result)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            b"def load(path):\n    return json.load(open(path))\n",
            b"import json\n\n\ndef load(path):\n    return json.load(open(path))\n",
            id="stdlib module",
        ),
        pytest.param(
            b'"""Files."""\n\nimport os\n\n\ndef home():\n    return Path.home() / os.sep\n',
            b'"""Files."""\n\nimport os\nfrom pathlib import Path\n\n\ndef home():\n    return Path.home() / os.sep\n',
            id="curated name",
        ),
        pytest.param(
            b"import sys\n\n\ndef lines():\n    return list(islice(sys.stdin, 3))\n",
            b"import sys\nfrom itertools import islice\n\n\ndef lines():\n    return list(islice(sys.stdin, 3))\n",
            id="curated name from a C module",
        ),
        pytest.param(
            b"import sys\n\n\ndef when():\n    return time(), sys.argv\n",
            b"import sys\nfrom time import time\n\n\ndef when():\n    return time(), sys.argv\n",
            id="a module's namesake called",
        ),
        pytest.param(
            b"def here():\n    return _os.getcwd()\n",
            b"import os as _os\n\n\ndef here():\n    return _os.getcwd()\n",
            id="module under a private alias",
        ),
        pytest.param(
            b"def header(data):\n    return _unpack('<I', data[:4])\n",
            b"from struct import unpack as _unpack\n\n\ndef header(data):\n    return _unpack('<I', data[:4])\n",
            id="name under a private alias",
        ),
        pytest.param(
            b"def f(values):\n    result = 0\n    for value in values:\n        result += value\n    return reslt\n",
            b"def f(values):\n    result = 0\n    for value in values:\n        result += value\n    return result\n",
            id="misspelled local",
        ),
        pytest.param(
            b"import os, sys\n\nprint(sys.argv)\n",
            b"import sys\n\nprint(sys.argv)\n",
            id="unused import among several",
        ),
        pytest.param(
            b"from os import (\n    path,\n    sep,\n)\n\nprint(sep)\n",
            b"from os import (\n    sep,\n)\n\nprint(sep)\n",
            id="unused import in parentheses",
        ),
        pytest.param(
            b"import re\nimport os\n\n\ndef f():\n    return re.sub('a', 'b', 'c')\n",
            b"import re\n\n\ndef f():\n    return re.sub('a', 'b', 'c')\n",
            id="unused import line",
        ),
        pytest.param(
            b"def f(x)\n    return x\n",
            b"def f(x):\n    return x\n",
            id="missing colon",
        ),
        pytest.param(
            b"def f(pos, heap):\n    while pos > 0\n        parent = heap[pos]\n        if parent:\n            pos = parent\n    return pos\n",
            b"def f(pos, heap):\n    while pos > 0:\n        parent = heap[pos]\n        if parent:\n            pos = parent\n    return pos\n",
            id="missing colon that tree-sitter places two lines down (it offered 'if parent::')",
        ),
        pytest.param(
            b"def f(items):\n    return len(items\n\n\ndef g():\n    return 1\n",
            b"def f(items):\n    return len(items)\n\n\ndef g():\n    return 1\n",
            id="missing paren",
        ),
        pytest.param(
            b"def f(x):\n    if (x > 1 and x < 5:\n        return x\n    return 0\n",
            b"def f(x):\n    if (x > 1 and x < 5):\n        return x\n    return 0\n",
            id="missing paren before the colon",
        ),
        pytest.param(
            b"def f():\n    return [1, 2, 3\n",
            b"def f():\n    return [1, 2, 3]\n",
            id="missing bracket",
        ),
        pytest.param(
            b"def capwords(s, sep=None):\n    return (sep or ' ).join(s.split(sep))\n",
            b"def capwords(s, sep=None):\n    return (sep or ' ').join(s.split(sep))\n",
            id="missing quote inside the line, the first place after which the file compiles",
        ),
        pytest.param(
            b"def f():\n    print('hello)\n    return 1\n",
            b"def f():\n    print('hello')\n    return 1\n",
            id="missing quote",
        ),
    ],
)
async def test_each_fault_type_is_repaired(tmp_path: Path, source: bytes, expected: bytes) -> None:
    assert await fix(tmp_path, source) == expected


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "util.ts",
            b"export function mean(items: number[]): number {\n  if (items.length === 0) {\n    return 0;\n\n"
            b"  return items.length;\n}\n",
            b"export function mean(items: number[]): number {\n  if (items.length === 0) {\n    return 0;\n  }\n\n"
            b"  return items.length;\n}\n",
            id="typescript",
        ),
        pytest.param(
            "main.go",
            b"package main\n\nfunc abs(x int) int {\n\tif x < 0 {\n\t\treturn -x\n\treturn x\n}\n",
            b"package main\n\nfunc abs(x int) int {\n\tif x < 0 {\n\t\treturn -x\n\t}\n\treturn x\n}\n",
            id="go, tabs",
        ),
        pytest.param(
            "lib.rs",
            b"fn abs(x: i32) -> i32 {\n    if x < 0 {\n        return -x;\n    x\n}\n",
            b"fn abs(x: i32) -> i32 {\n    if x < 0 {\n        return -x;\n    }\n    x\n}\n",
            id="rust",
        ),
        pytest.param(
            "lib.rs",
            b"fn abs(x: i32) -> i32 {\n    if x < 0 {\n        return -x;\n    }\n    x\n",
            b"fn abs(x: i32) -> i32 {\n    if x < 0 {\n        return -x;\n    }\n    x\n}\n",
            id="rust, the function left open at the end of the file",
        ),
        pytest.param(
            "abs.c",
            b"int abs_(int x) {\n    if (x < 0) {\n        return -x;\n    return x;\n}\n\nint one(void) {\n    return 1;\n}\n",
            b"int abs_(int x) {\n    if (x < 0) {\n        return -x;\n    }\n    return x;\n}\n\n"
            b"int one(void) {\n    return 1;\n}\n",
            id="c",
        ),
    ],
)
async def test_a_block_left_open_is_closed_where_the_indentation_says(
    tmp_path: Path, path: str, source: bytes, expected: bytes
) -> None:
    """The parser reports the `}` missing at the end of the function: closing there would parse but move
    the rest of the function into the `if`. The indentation says where the block ends."""
    assert await fix(tmp_path, source, path=path) == expected


async def test_a_cpp_header_is_checked_as_cpp_however_long_its_licence(tmp_path: Path) -> None:
    """The memory reads a `.h` file's first 8 KiB to tell C++ from C; verification must read as much, or a
    header whose licence fills the first 256 bytes is re-checked as C and every C++ line looks broken."""
    licence = b"".join(
        b"// Copyright line %d of a licence that fills the start of the file.\n" % i for i in range(8)
    )
    source = licence + b"namespace app {\nclass Box {\n public:\n  int size() { return 1 }\n};\n}\n"
    fixed = await fix(tmp_path, source, path="box.h")
    assert fixed == source.replace(b"return 1 }", b"return 1; }")


async def test_a_name_the_workspace_defines_is_imported(tmp_path: Path) -> None:
    helpers = {"pkg/__init__.py": b"", "pkg/util.py": b"def slugify(text):\n    return text.lower()\n"}
    fixed = await fix(tmp_path, b"def title(t):\n    return slugify(t)\n", helpers, path="pkg/main.py")
    assert fixed == b"from pkg.util import slugify\n\n\ndef title(t):\n    return slugify(t)\n"


async def test_a_stub_is_never_imported_from_and_a_src_layout_module_by_its_short_name(
    tmp_path: Path,
) -> None:
    """The spec says which files a fix may import from (`importable_names` less `declaration_suffixes`): the
    nearer `.pyi` stub declares the name but nothing runs from it; src/shop/util.py is imported as `shop.util`."""
    helpers = {
        "pkg/__init__.py": b"",
        "pkg/fast.pyi": b"def slugify(text: str) -> str: ...\n",
        "src/shop/__init__.py": b"",
        "src/shop/util.py": b"def slugify(text):\n    return text.lower()\n",
    }
    fixed = await fix(tmp_path, b"def title(t):\n    return slugify(t)\n", helpers, path="app.py")
    assert fixed == b"from shop.util import slugify\n\n\ndef title(t):\n    return slugify(t)\n"


async def test_an_import_the_workspace_already_uses_is_preferred(tmp_path: Path) -> None:
    others = {"a.py": b"from collections import abc as Abc\n\nprint(Abc)\n"}
    fixed = await fix(tmp_path, b"def f():\n    return Abc.Mapping\n", others)
    assert fixed.startswith(b"from collections import abc as Abc\n")


async def test_the_example_project_is_repaired(tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / "examples" / "buggy"
    files = {str(p.relative_to(example)): p.read_bytes() for p in example.rglob("*") if p.is_file()}
    memory = workspace(tmp_path, files)
    result = await self_debug(memory, "shop/report.py", None, provider=OfflineProvider())
    fixed = applied(memory, "shop/report.py", result)
    assert b"import csv\nimport sys\n\nfrom shop.inventory import Item, total_value\n" in fixed
    assert b"def report(items, out=sys.stdout):" in fixed and b"{value:>10.2f}" in fixed
    assert b"import os" not in fixed


async def test_an_unfixable_name_is_reported_not_fixed(tmp_path: Path) -> None:
    source = b"def f():\n    return frobnicate_the_widget()\n"
    memory = workspace(tmp_path, {"m.py": source})
    result = await self_debug(memory, "m.py", None, provider=OfflineProvider())
    assert isinstance(result, Failure)
    assert result.kind == "not_fixed"
    assert [d.data.get("name") for d in result.remaining] == ["frobnicate_the_widget"]
    assert "no offline rule fixes: undefined name 'frobnicate_the_widget'" in result.detail


async def test_a_partial_fix_lists_what_remains(tmp_path: Path) -> None:
    source = b"import os\n\n\ndef f():\n    return frobnicate_the_widget()\n"
    memory = workspace(tmp_path, {"m.py": source})
    result = await self_debug(memory, "m.py", None, provider=OfflineProvider())
    assert isinstance(result, ProposedEdit) and result.verified
    assert result.summary == "2 diagnostics → 1, no new ones, 1 round"
    assert [d.data.get("name") for d in result.remaining] == ["frobnicate_the_widget"]
    assert applied(memory, "m.py", result) == b"def f():\n    return frobnicate_the_widget()\n"


async def test_a_packages_init_keeps_its_imports(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"pkg/__init__.py": b"from os import sep\n", "pkg/x.py": b""})
    result = await self_debug(memory, "pkg/__init__.py", None, provider=OfflineProvider())
    assert isinstance(result, Failure) and result.kind == "not_fixed"


async def test_nothing_to_fix(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"m.py": b"x = 1\n"})
    result = await self_debug(memory, "m.py", None, provider=OfflineProvider())
    assert isinstance(result, Failure) and result.kind == "nothing_to_fix"


def test_nearest_names_stay_within_the_distance() -> None:
    names = ["result", "results", "value", "values", "x"]
    assert nearest_names("reslt", names) == ["result", "results"]
    assert nearest_names("vaule", names) == ["value", "values"]
    assert nearest_names("y", names) == []  # one or two letters: a different name, not a typo
    assert nearest_names("completely", names) == []
    assert edit_distance("abcd", "abdc") == 1
