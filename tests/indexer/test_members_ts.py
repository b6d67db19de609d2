"""Typed members in TypeScript (and annotated Python): a typed parameter's interface members
(`options.onLeft`), `this.field.method`, a type alias, a function's declared result, and what stays unknown
(`any`). Go to definition, `uses` (what the packer reads) and certain users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.resolve import uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

OPTIONS_TS = (
    "export interface Options {\n"
    "  onLeft(x: number): void;\n"
    "  depth: number;\n"
    "}\n"
    "export type Settings = Options;\n"
    "export class Logger {\n"
    "  log(m: string): void {}\n"
    "}\n"
    "export function defaults(): Settings {\n"
    "  return { onLeft() {}, depth: 0 };\n"
    "}\n"
)
RUN_TS = (
    "import { Options, Logger, defaults, Settings } from './options';\n\n"
    "export class Runner {\n"
    "  private logger: Logger = new Logger();\n\n"
    "  run(options: Options, s: Settings): void {\n"
    "    options.onLeft(options.depth);\n"
    "    this.logger.log('x');\n"
    "    s.onLeft(1);\n"
    "    const d = defaults();\n"
    "    d.onLeft(2);\n"
    "  }\n"
    "}\n\n"
    "export function loose(o: any): void {\n"
    "  o.onLeft(3);\n"
    "}\n"
)
SHAPES_PY = (
    "class Console:\n"
    "    def print(self, text: str) -> None:\n"
    "        pass\n\n\n"
    "def make() -> Console:\n"
    "    return Console()\n\n\n"
    "def main() -> None:\n"
    "    c = make()\n"
    "    c.print('x')\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"web/options.ts": OPTIONS_TS, "web/run.ts": RUN_TS, "shapes.py": SHAPES_PY}
    yield from indexed(Path(tmp_path_factory.mktemp("members_ts")), files)


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        ("options.onLeft", 8, "Options.onLeft"),
        ("options.depth", 8, "Options.depth"),
        ("this.logger.log", 12, "Logger.log"),
        # A parameter typed with an alias, and a local holding a function's declared result (an alias too).
        ("s.onLeft", 2, "Options.onLeft"),
        ("d.onLeft", 2, "Options.onLeft"),
    ],
)
def test_typescript_members_through_declared_types(
    memory: Memory, needle: str, offset: int, expected: str
) -> None:
    assert definitions(memory, "web/run.ts", needle, offset) == [("web/options.ts", expected)]


def test_a_member_of_any_is_unknown(memory: Memory) -> None:
    assert definitions(memory, "web/run.ts", "o.onLeft", 2) == []


def test_uses_hold_typed_parameter_members_and_this_field_methods(memory: Memory) -> None:
    index = memory.file("web/run.ts")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "Runner.run")) if t.symbol is not None}
    assert {"Options.onLeft", "Options.depth", "Runner.logger", "Logger.log"} <= used


def test_python_local_holds_a_function_s_annotated_result(memory: Memory) -> None:
    assert definitions(memory, "shapes.py", "c.print", 2) == [("shapes.py", "Console.print")]
