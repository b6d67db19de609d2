"""Context-typed lambda parameters: an unannotated parameter of a lambda passed to a call holds the type
the callee's declaration gives that parameter (effect's `core.withFiberRuntime((state) => state.id())`,
whose `withRuntime: (fiber: FiberRuntime<A, E>, status: number) => A` says what `state` is)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.lambda_context import lambda_argument, parameter_type
from archmem.indexer.resolve import uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

FIBER_TS = (
    "export class FiberRuntime<A, E> {\n  id(): number {\n    return 1\n  }\n}\n"
    "export class Status {\n  running = true\n}\n"
    "export const withFiberRuntime = <A, E = never>(\n"
    "  withRuntime: (fiber: FiberRuntime<A, E>, status: Status) => A\n): A => withRuntime(new FiberRuntime(), new Status())\n"
    "export function each<T>(items: T[], f: (item: Status, i: number) => void): void {\n  items.forEach(() => f(new Status(), 0))\n}\n"
    "// An overloaded constant (effect's `dual`): no plain parameter list, nothing said of `self`.\n"
    "export class Subscriber<T> {\n  next(value: T): void {}\n}\n"
    "export class Observable<T> {\n"
    "  constructor(subscribe?: (this: Observable<T>, subscriber: Subscriber<T>) => void) {}\n}\n"
    "export const map: {\n  <A>(f: (a: A) => A): (self: Status) => Status\n} = (f: unknown) => (self: Status) => self\n"
)
USE_TS = (
    'import * as core from "./fiber.js"\n\n'
    "export function take(n: number) {\n  return core.withFiberRuntime((state) => state.id() + n)\n}\n"
    "export const top = core.withFiberRuntime((fiber, status) => fiber.id() + Number(status.running))\n"
    "export const loop = () => core.each([1], item => item.running)\n"
    "export const mapped = core.map((x) => x.running)\n"
    "export const made = new core.Observable<number>((subscriber) => subscriber.next(1))\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(
        Path(tmp_path_factory.mktemp("ts_lambda_context")), {"fiber.ts": FIBER_TS, "use.ts": USE_TS}
    )


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        ("state.id", 6, "FiberRuntime.id"),  # inside a function
        ("fiber.id", 6, "FiberRuntime.id"),  # outside any function, first parameter
        ("status.running", 7, "Status.running"),  # second parameter
        ("item.running", 5, "Status.running"),  # a bare parameter (`item => ...`), second argument
        # rxjs: a class called is its constructor; its `this` pseudo-parameter is no argument.
        ("subscriber.next", 11, "Subscriber.next"),
    ],
)
def test_a_lambda_parameter_holds_the_type_the_callee_declares(
    memory: Memory, needle: str, offset: int, expected: str
) -> None:
    assert definitions(memory, "use.ts", needle, offset) == [("fiber.ts", expected)]


def test_a_callee_with_no_plain_parameter_list_says_nothing(memory: Memory) -> None:
    assert definitions(memory, "use.ts", "x.running", 2) == []


def test_what_the_packer_reads_holds_the_callee_typed_members(memory: Memory) -> None:
    index = memory.file("use.ts")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "take")) if t.symbol is not None}
    assert "FiberRuntime.id" in used


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("core.withFiberRuntime((state) => state.id())", "state", ("core.withFiberRuntime", 0, 0)),
        ("f<A>(x, async (a, state) => 1)", "state", ("f", 1, 1)),
        ("pipe(self, map((a) => a.foo))", "(a)", ("map", 0, 0)),
        ("f((a: T) => a)", "(a", None),  # annotated: its own declaration says
        ("if (x) {}", "x", None),
        ("f(function (a) { return a })", "(a", None),
    ],
)
def test_lambda_argument(text: str, name: str, expected: tuple[str, int, int] | None) -> None:
    start = text.index(name) + name.count("(")
    bare = name.strip("()")
    assert lambda_argument(text, start, start + len(bare), frozenset({"if", "function"})) == expected


def test_parameter_type() -> None:
    declaration = (
        "export const w = <A>(\n  f: (fiber: Fiber.Runtime<A>, s: Status | undefined) => A\n): A => f()"
    )
    assert parameter_type(declaration, 0, 0) == "Fiber.Runtime"
    assert parameter_type(declaration, 0, 1) == "Status"
    assert parameter_type(declaration, 0, 2) is None
    assert parameter_type(declaration, 1, 0) is None
    assert parameter_type("run(f: (c: Console) => void) {", 0, 0) == "Console"
    assert (
        parameter_type("constructor(s?: (this: Observable<T>, sub: Subscriber<T>) => T) {", 0, 0)
        == "Subscriber"
    )
    assert parameter_type("export const m: {\n  <A>(f: (a: A) => A): A\n} = dual(", 0, 0) is None
