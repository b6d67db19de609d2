"""TypeScript explicit type arguments type a lambda's parameters: effect's `dual<DataLast, DataFirst>(2, (effect,
scope) => scope.close(..))`, where `dual` declares `body: DataFirst` (in an overloaded type literal, after a
JSDoc) and the call binds `DataFirst` to `<A>(effect: Effect<A>, scope: Scope.Scope.Closeable) => ...`;
and a dotted type path through a namespace import and a namespace in it (`Scope.Scope.Closeable`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.languages.ts_generics import type_argument_parameter
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

FUNCTION_TS = (
    "export const dual: {\n"
    "  /**\n   * The uncurried function (`body`) and its arity.\n   */\n"
    "  <DataLast extends (...args: Array<any>) => any, DataFirst extends (...args: Array<any>) => any>(\n"
    "    arity: number,\n    body: DataFirst\n  ): DataLast & DataFirst\n"
    "} = (arity: number, body: any) => body\n"
)
SCOPE_TS = (
    "export interface CloseableScope {\n  close(exit: number): number\n}\n"
    "export declare namespace Scope {\n  export type Closeable = CloseableScope\n}\n"
)
USE_TS = (
    'import { dual } from "./function.js"\n'
    'import type * as Scope from "./scope.js"\n\n'
    "export const scopeUse = dual<\n"
    "  (scope: Scope.Scope.Closeable) => <A>(effect: Array<A>) => number,\n"
    "  <A>(\n    effect: Array<A>,\n    scope: Scope.Scope.Closeable\n  ) => number\n"
    ">(2, (effect, scope) => scope.close(effect.length))\n"
    "export const typed = (s: Scope.Scope.Closeable) => s.close(1)\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"function.ts": FUNCTION_TS, "scope.ts": SCOPE_TS, "use.ts": USE_TS}
    yield from indexed(Path(tmp_path_factory.mktemp("ts_type_arguments")), files)


def test_a_lambda_parameter_holds_what_the_call_s_type_argument_declares(memory: Memory) -> None:
    assert definitions(memory, "use.ts", "scope.close(effect", 6) == [("scope.ts", "CloseableScope.close")]


def test_a_type_path_walks_a_namespace_import_and_a_namespace_in_it(memory: Memory) -> None:
    assert definitions(memory, "use.ts", "s.close(1)", 2) == [("scope.ts", "CloseableScope.close")]


def test_the_bound_parameter_s_type_as_read_from_the_texts() -> None:
    start = USE_TS.index("scope) =>")
    assert type_argument_parameter(USE_TS, start, FUNCTION_TS, 1, 1) == "Scope.Scope.Closeable"
    # The first argument is no type parameter's; a call with no type arguments binds none.
    assert type_argument_parameter(USE_TS, start, FUNCTION_TS, 0, 1) is None
    plain = "export const f = dual(2, (effect, scope) => scope)\n"
    assert type_argument_parameter(plain, plain.index("scope)"), FUNCTION_TS, 1, 1) is None
