"""Several unannotated lambdas of one function binding one name: each holds the type its callee declares,
and the name's members are resolved where they all agree (effect's layer.ts, `provideSomeRuntime`: an outer
`core.withFiberRuntime((fiber) => ...)` and, inside it, a second one binding `fiber` again)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.resolve import uses
from archmem.indexer.workspace import Memory

from tests.support.memory import indexed, sym

FIBER_TS = (
    "export class FiberRuntime<A, E> {\n  id(): number {\n    return 1\n  }\n"
    "  getFiberRefs(): number {\n    return 2\n  }\n}\n"
    "export class Scope {\n  close(): void {}\n}\n"
    "export const withFiberRuntime = <A, E = never>(\n"
    "  withRuntime: (fiber: FiberRuntime<A, E>, status: number) => A\n): A => withRuntime(new FiberRuntime(), 0)\n"
    "export const withScope = <A>(f: (fiber: Scope) => A): A => f(new Scope())\n"
)
USE_TS = (
    'import * as core from "./fiber.js"\n\n'
    "export function provide(n: number) {\n"
    "  return core.withFiberRuntime((fiber) => {\n"
    "    const refs = fiber.getFiberRefs()\n"
    "    return core.withFiberRuntime((fiber) => fiber.id() + refs + n)\n"
    "  })\n}\n"
    "export function mixed(n: number) {\n"
    "  return core.withFiberRuntime((fiber) => {\n"
    "    const refs = fiber.getFiberRefs()\n"
    "    return core.withScope((fiber) => fiber.close())\n"
    "  })\n}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(
        Path(tmp_path_factory.mktemp("ts_lambdas_agreeing")), {"fiber.ts": FIBER_TS, "use.ts": USE_TS}
    )


def _used(memory: Memory, name: str) -> set[str]:
    index = memory.file("use.ts")
    assert index is not None
    return {t.symbol.qualname for t in uses(memory, sym(index, name)) if t.symbol is not None}


def test_two_lambdas_given_one_type_by_their_callees_agree(memory: Memory) -> None:
    assert {"FiberRuntime.id", "FiberRuntime.getFiberRefs"} <= _used(memory, "provide")


def test_lambdas_given_different_types_say_nothing(memory: Memory) -> None:
    used = _used(memory, "mixed")
    assert not used & {"FiberRuntime.getFiberRefs", "Scope.close"}
