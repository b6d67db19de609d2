"""TypeScript and JavaScript across files: namespace imports (`import * as Effect from "./Effect"` then
`Effect.map`), re-exports (`export * from`, `export { x } from`, `export * as ns from`, an imported name
exported again), index files and the extensions a specifier may leave out or write as `.js`. Cut down from
effect's layout: a public module re-exporting its internal one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

WORKSPACE = {
    "src/internal/core.ts": (
        "export const map = <A, B>(f: (a: A) => B) => f\n\nexport function flatMap() {}\n\n"
        "export interface Effect<A> {\n  readonly value: A\n}\n"
    ),
    "src/internal/either.ts": "export const left = 1\n\nexport const right = 2\n",
    "src/internal/option.tsx": "export function some() {}\n",
    "src/Effect.ts": (
        'export * from "./internal/core.js"\n'
        'export { left as fail, right } from "./internal/either"\n'
        'import { some } from "./internal/option.js"\n\nexport { some }\n\n'
        "export const succeed = 3\n"
    ),
    "src/index.ts": 'export * as Effect from "./Effect.js"\nexport type { Effect as T } from "./internal/core"\n',
    "src/program.ts": (
        'import * as Effect from "./Effect"\nimport { Effect as E } from "."\n\n'
        "export const program = () => {\n  Effect.map((n: number) => n)\n  Effect.flatMap()\n"
        "  Effect.fail\n  Effect.right\n  Effect.some()\n  Effect.succeed\n  E.map\n  Effect.missing\n}\n"
    ),
    "lib/util/index.js": "module.exports.helper = function helper() {}\nexport function tool() {}\n",
    "lib/main.mjs": 'import { tool } from "./util"\n\ntool()\n',
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("ts"), WORKSPACE)


def test_namespace_import_through_export_star(memory: Memory) -> None:
    assert definitions(memory, "src/program.ts", "Effect.map", 7) == [("src/internal/core.ts", "map")]
    assert definitions(memory, "src/program.ts", "Effect.flatMap", 7) == [("src/internal/core.ts", "flatMap")]


def test_named_re_exports_with_and_without_alias(memory: Memory) -> None:
    assert definitions(memory, "src/program.ts", "Effect.fail", 7) == [("src/internal/either.ts", "left")]
    assert definitions(memory, "src/program.ts", "Effect.right", 7) == [("src/internal/either.ts", "right")]


def test_an_imported_name_exported_again_and_a_tsx_file_named_js(memory: Memory) -> None:
    assert definitions(memory, "src/program.ts", "Effect.some", 7) == [("src/internal/option.tsx", "some")]


def test_the_module_own_definitions_and_a_missing_name(memory: Memory) -> None:
    assert definitions(memory, "src/program.ts", "Effect.succeed", 7) == [("src/Effect.ts", "succeed")]
    assert definitions(memory, "src/program.ts", "Effect.missing", 7) == []


def test_export_star_as_namespace_through_the_directory_index(memory: Memory) -> None:
    assert definitions(memory, "src/program.ts", "E.map", 2) == [("src/internal/core.ts", "map")]


def test_an_index_file_of_a_directory(memory: Memory) -> None:
    assert definitions(memory, "lib/main.mjs", "tool()", 0) == [("lib/util/index.js", "tool")]


def test_the_alias_line_stays_with_the_member(memory: Memory) -> None:
    index = memory.file("src/program.ts")
    assert index is not None
    program = index.by_qualname["program"][0]
    targets = Resolver(memory).resolve(index, program, "Effect.map")
    assert {(t.path, t.symbol.qualname if t.symbol else None, t.import_line) for t in targets} == {
        ("src/internal/core.ts", "map", None),
        ("src/program.ts", None, 0),
    }
