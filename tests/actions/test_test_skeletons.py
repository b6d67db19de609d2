"""Offline generate's test skeletons outside Python: node:test for exported JavaScript and TypeScript
functions, Go's testing package for Go functions and methods. Each is verified like any other edit; the
JavaScript ones are run with the real `node --test` to show they load, run and fail until filled in."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from archmem.server.actions.generate import Generated, generate
from archmem.server.actions.generate_targets import list_generate_targets

from tests.actions.genexplain_projects import memory, write


async def skeleton(root: Path, rel: str, needle: str) -> Generated:
    mem = memory(root)
    text = (root / rel).read_text()
    line = next(i for i, code in enumerate(text.splitlines()) if needle in code)
    column = text.splitlines()[line].index(needle) + len(needle) - 1
    targets = list_generate_targets(mem, rel, line, column, with_model=False)
    target = next(t for t in targets if t.kind == "test")
    result = await generate(mem, rel, target)
    assert isinstance(result, Generated), result
    assert result.edit.verified
    return result


def kinds(root: Path, rel: str, needle: str) -> list[str]:
    text = (root / rel).read_text()
    line = next(i for i, code in enumerate(text.splitlines()) if needle in code)
    column = text.splitlines()[line].index(needle) + len(needle) - 1
    return [t.kind for t in list_generate_targets(memory(root), rel, line, column, with_model=False)]


def node_test(root: Path, rel: str) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    return subprocess.run(
        [node, "--test", rel], cwd=root, capture_output=True, text=True, timeout=60, check=False
    )


ESM = """export function parse(text, { strict } = {}) {
  return text.length;
}

function hidden(x) {
  return x;
}
"""


async def test_an_exported_es_module_function_gets_a_node_test_that_runs_and_fails(tmp_path: Path) -> None:
    write(tmp_path, {"package.json": '{"type": "module"}\n', "src/parse.js": ESM})
    result = await skeleton(tmp_path, "src/parse.js", "function parse")

    assert result.creates_file and result.edit.path == "src/parse.test.js"
    assert result.target.reason == "a node:test test with placeholder arguments"
    code = result.edit.apply(b"").decode()
    assert code == (
        'import { test } from "node:test";\n'
        'import assert from "node:assert/strict";\n'
        'import { parse } from "./parse.js";\n'
        "\n"
        'test("parse", () => {\n'
        "  const result = parse(/* text */ undefined, /* options */ undefined);\n"
        '  assert.deepStrictEqual(result, Symbol("expected"));\n'
        "});\n"
    )
    (tmp_path / "src/parse.test.js").write_text(code)
    run = node_test(tmp_path, "src/parse.test.js")
    # It loads and runs: parse(undefined) throws a TypeError, which is a test failure, not a load error.
    assert run.returncode == 1 and "# fail 1" in run.stdout, run.stdout + run.stderr
    filled = code.replace("/* text */ undefined", '"abc"').replace('Symbol("expected")', "3")
    (tmp_path / "src/parse.test.js").write_text(filled)
    run = node_test(tmp_path, "src/parse.test.js")
    assert run.returncode == 0 and "# pass 1" in run.stdout, run.stdout + run.stderr


async def test_a_function_the_module_does_not_export_gets_no_test_skeleton(tmp_path: Path) -> None:
    write(tmp_path, {"parse.js": ESM, "view.tsx": "export function View() {\n  return <b>hi</b>;\n}\n"})
    assert "test" in kinds(tmp_path, "parse.js", "function parse")
    assert "test" not in kinds(tmp_path, "parse.js", "function hidden")
    assert "test" not in kinds(tmp_path, "view.tsx", "function View")


async def test_a_common_js_module_gets_required_and_an_existing_test_file_is_appended_to(
    tmp_path: Path,
) -> None:
    existing = 'const { test } = require("node:test");\n\ntest("other", () => {});\n'
    write(
        tmp_path,
        {
            "total.js": "async function total(items, ...rest) {\n  return items.length;\n}\n\n"
            "module.exports = { total };\n",
            "total.test.js": existing,
        },
    )
    result = await skeleton(tmp_path, "total.js", "function total")

    assert not result.creates_file
    after = result.edit.apply(existing.encode()).decode()
    assert after == (
        'const assert = require("node:assert/strict");\n'
        'const { total } = require("./total.js");\n'
        'const { test } = require("node:test");\n\n'
        'test("other", () => {});\n'
        "\n"
        'test("total", async () => {\n'
        "  const result = await total(/* items */ undefined);\n"
        '  assert.deepStrictEqual(result, Symbol("expected"));\n'
        "});\n"
    )
    (tmp_path / "total.test.js").write_text(after)
    run = node_test(tmp_path, "total.test.js")
    assert run.returncode == 1 and "# pass 1" in run.stdout and "# fail 1" in run.stdout, run.stdout


async def test_a_typescript_function_imports_its_module_without_an_extension(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "lib/widest.ts": "export function widest(sizes: number[]): number {\n  return Math.max(...sizes);\n}\n"
        },
    )
    result = await skeleton(tmp_path, "lib/widest.ts", "function widest")
    assert result.edit.path == "lib/widest.test.ts"
    code = result.edit.apply(b"").decode()
    assert 'import { widest } from "./widest";\n' in code
    assert "  const result = widest(/* sizes */ undefined);\n" in code


GO = """package store

import "strings"

type Store struct {
	items []string
}

func (s *Store) Find(prefix string, limits ...int) (string, bool, error) {
	for _, item := range s.items {
		if strings.HasPrefix(item, prefix) {
			return item, true, nil
		}
	}
	return "", false, nil
}

func count(a, b []string, _ int) int {
	return len(a) + len(b)
}

func reset(s *Store) {
	s.items = nil
}
"""


async def test_a_go_method_gets_a_test_in_the_same_package(tmp_path: Path) -> None:
    write(tmp_path, {"store/store.go": GO})
    result = await skeleton(tmp_path, "store/store.go", "Find(")

    assert result.creates_file and result.edit.path == "store/store_test.go"
    assert result.target.reason == "a Go test function with zero-value arguments"
    assert result.edit.apply(b"").decode() == (
        "package store\n"
        "\n"
        'import "testing"\n'
        "\n"
        "func TestStore_Find(t *testing.T) {\n"
        "\tvar receiver Store\n"
        "\tvar prefix string\n"
        "\tvar limits []int\n"
        "\tgot1, got2, err := receiver.Find(prefix, limits...)\n"
        '\tt.Errorf("Find() = %v, %v, %v: compare with the expected result", got1, got2, err)\n'
        "}\n"
    )


async def test_a_go_function_test_is_appended_with_the_testing_import(tmp_path: Path) -> None:
    existing = "package store\n\nfunc helper() int {\n\treturn 1\n}\n"
    write(tmp_path, {"store/store.go": GO, "store/store_test.go": existing})
    result = await skeleton(tmp_path, "store/store.go", "func count")
    after = result.edit.apply(existing.encode()).decode()
    assert after == (
        'package store\n\nimport "testing"\n\nfunc helper() int {\n\treturn 1\n}\n'
        "\n"
        "func TestCount(t *testing.T) {\n"
        "\tvar a []string\n"
        "\tvar b []string\n"
        "\tvar arg3 int\n"
        "\tgot := count(a, b, arg3)\n"
        '\tt.Errorf("count() = %v: compare with the expected result", got)\n'
        "}\n"
    )
    (tmp_path / "store/store_test.go").write_text(after)
    again = await skeleton(tmp_path, "store/store.go", "func reset")
    assert (
        "func TestReset(t *testing.T) {\n\tvar s *Store\n\treset(s)\n"
        in again.edit.apply(after.encode()).decode()
    )
    assert "test" not in kinds(tmp_path, "store/store_test.go", "func helper")
