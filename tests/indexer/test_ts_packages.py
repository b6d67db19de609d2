"""Bare TypeScript specifiers resolved in the workspace: a package by its package.json name and `exports`
map (conditions, `*` subpaths, build output read as its sources), `types`/`main` without a map, a package
importing itself, and tsconfig.json `paths` with `baseUrl`, `extends`, comments and trailing commas. Cut
down from effect's layout (`exports` naming `./dist/dts/*.d.ts`, sources in `src/`) and a monorepo app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

EFFECT_PACKAGE = """{
  "name": "effect",
  "exports": {
    "./package.json": "./package.json",
    ".": {"types": "./dist/dts/index.d.ts", "import": "./dist/esm/index.js", "default": "./dist/cjs/index.js"},
    "./*": {"types": "./dist/dts/*.d.ts", "import": "./dist/esm/*.js", "default": "./dist/cjs/*.js"}
  }
}"""
WORKSPACE = {
    "packages/effect/package.json": EFFECT_PACKAGE,
    "packages/effect/src/index.ts": 'export * as Option from "./Option.js"\nexport * as Effect from "./Effect.js"\n',
    "packages/effect/src/Option.ts": "export const some = 1\n\nexport function map() {}\n",
    "packages/effect/src/Effect.ts": 'import * as Option from "effect/Option"\n\nexport const succeed = Option.some\n',
    "packages/legacy/package.json": '{"name": "@scope/legacy", "types": "types/main.d.ts", "main": "lib/main.js"}',
    "packages/legacy/types/main.d.ts": "export declare function legacy(): void\n",
    "packages/legacy/sub/tool.ts": "export const tool = 2\n",
    "apps/web/tsconfig.base.json": (
        "{\n  // shared by the app's configs\n"
        '  "compilerOptions": {"baseUrl": "./src", "paths": {"@app/*": ["lib/*", "vendor/*"],},},\n}\n'
    ),
    "apps/web/tsconfig.json": '{\n  /* the app */ "extends": "./tsconfig.base",\n}\n',
    "apps/web/src/lib/util.ts": "export function helper() {}\n",
    "apps/web/src/config.ts": "export const config = 3\n",
    "apps/web/src/main.ts": (
        'import * as Option from "effect/Option"\nimport { Effect } from "effect"\n'
        'import { legacy } from "@scope/legacy"\nimport { tool } from "@scope/legacy/sub/tool"\n'
        'import { helper } from "@app/util"\nimport { config } from "config"\n'
        'import { missing } from "@app/missing"\n\n'
        "export function run() {\n  Option.map()\n  Effect.succeed\n  legacy()\n  tool\n  helper()\n"
        "  config\n  missing\n}\n"
    ),
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("ts_packages"), WORKSPACE)


def _found(memory: Memory, needle: str, offset: int = 0) -> list[tuple[str, str | None]]:
    """The definitions `needle` leads to, without the import lines on the way."""
    return [d for d in definitions(memory, "apps/web/src/main.ts", needle, offset) if d[1] is not None]


def test_package_subpath_through_the_exports_map_reads_the_sources(memory: Memory) -> None:
    assert _found(memory, "Option.map()", 7) == [("packages/effect/src/Option.ts", "map")]


def test_package_root_through_exports_then_a_namespace_re_export(memory: Memory) -> None:
    assert _found(memory, "Effect.succeed", 7) == [("packages/effect/src/Effect.ts", "succeed")]


def test_a_package_importing_itself_by_name(memory: Memory) -> None:
    found = definitions(memory, "packages/effect/src/Effect.ts", "Option.some", 7)
    assert found == [("packages/effect/src/Option.ts", "some")]


def test_scoped_package_through_types_and_a_subpath_without_exports(memory: Memory) -> None:
    assert _found(memory, "legacy()") == [("packages/legacy/types/main.d.ts", "legacy")]
    assert _found(memory, "tool\n") == [("packages/legacy/sub/tool.ts", "tool")]


def test_tsconfig_paths_and_base_url_through_extends(memory: Memory) -> None:
    assert _found(memory, "helper()") == [("apps/web/src/lib/util.ts", "helper")]
    assert _found(memory, "config\n") == [("apps/web/src/config.ts", "config")]


def test_a_specifier_nothing_provides_resolves_to_nothing(memory: Memory) -> None:
    assert _found(memory, "missing\n") == []


def test_a_config_outside_the_workspace_or_too_large_is_not_read(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A hostile repository's tsconfig `extends` may point out of the root (`../outside/...`), and a
    package.json may be huge: neither is read, so neither decides what an import leads to."""
    base = tmp_path_factory.mktemp("ts_hostile")
    outside = base / "outside"
    outside.mkdir()
    (outside / "tsconfig.base.json").write_text(
        '{"compilerOptions": {"baseUrl": "../ws/src", "paths": {"@x/*": ["lib/*"]}}}'
    )
    padding = " " * (2 << 20)
    files = {
        "tsconfig.json": '{"extends": "../outside/tsconfig.base"}',
        "src/lib/util.ts": "export function helper() {}\n",
        "packages/big/package.json": '{"name": "big", "types": "index.d.ts"' + padding + "}",
        "packages/big/index.d.ts": "export declare function huge(): void\n",
        "src/main.ts": 'import { helper } from "@x/util"\nimport { huge } from "big"\n\nhelper()\nhuge()\n',
    }
    for memory in indexed(base / "ws", files):
        assert [d for d in definitions(memory, "src/main.ts", "helper()") if d[1] is not None] == []
        assert [d for d in definitions(memory, "src/main.ts", "huge()") if d[1] is not None] == []
        # The same layout inside the root resolves: what is refused is where the files are, not the forms.
        (memory.root / "tsconfig.json").write_text(
            '{"compilerOptions": {"baseUrl": "src", "paths": {"@x/*": ["lib/*"]}}}'
        )
        assert [d for d in definitions(memory, "src/main.ts", "helper()") if d[1] is not None] == [
            ("src/lib/util.ts", "helper")
        ]
