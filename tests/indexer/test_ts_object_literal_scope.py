"""An object literal's members are no scope in JavaScript and TypeScript: inside effect's `ScopeImplProto = { pipe()
{...}, close() { ... pipe(...) } }` the bare `pipe` is the module's imported function, not the literal's own `pipe`
method (`LanguageSpec.value_members_scoped`, `resolver._resolve_plain`). Go-to-definition and a generate pack follow
the import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

FUNCTION_TS = (
    "/** Pipes a value through functions, left to right. */\n"
    "export const pipe = <A>(a: A, ...fns: Array<(a: A) => A>): A => fns.reduce((acc, f) => f(acc), a)\n"
)
# fiberRuntime.ts's shape: the literal defines a `pipe` method and its `close` calls the imported `pipe`.
SCOPE_TS = (
    'import { pipe } from "./Function"\n\n'
    "interface Scope {\n  readonly finalizers: Array<(n: number) => number>\n}\n\n"
    "const ScopeProto = {\n"
    "  pipe() {\n    return this\n  },\n"
    "  close(this: Scope, exit: number) {\n"
    "    return pipe(exit, ...this.finalizers)\n"
    "  },\n"
    "  addFinalizer(this: Scope, fin: (n: number) => number) {\n"
    "    \n"
    "  }\n"
    "}\n\n"
    "export const make = (): Scope => Object.create(ScopeProto)\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"Function.ts": FUNCTION_TS, "scope.ts": SCOPE_TS}
    yield from indexed(Path(tmp_path_factory.mktemp("ts_literal_scope")), files)


def test_a_bare_name_in_a_literal_s_method_is_not_the_literal_s_member(memory: Memory) -> None:
    assert definitions(memory, "scope.ts", "pipe(exit") == [("Function.ts", "pipe")]


def test_a_literal_s_method_is_still_reached_through_the_literal(memory: Memory) -> None:
    assert definitions(memory, "scope.ts", "ScopeProto)") == [("scope.ts", "ScopeProto")]


def test_a_body_beside_a_method_calling_the_imported_name_is_shown_it(memory: Memory) -> None:
    cursor = SCOPE_TS.splitlines().index("    ")
    ctx = Packer(memory).pack("scope.ts", cursor, 4, budget=400, mode="generate")
    assert ctx.tokens <= 400
    assert 2 in ctx.included_lines("Function.ts")
