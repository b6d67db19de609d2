"""TypeScript members reached through the types effect's code declares: parameters of arrow-function
definitions (`export const map = <A>(self: Option<A>) => self.value`), generic interfaces and their
`extends`, inline object types (`options: { readonly onLeft: ... }`, no symbol: the member's own line),
aliases of object types, and fields declared by constructor parameters (`constructor(readonly x: T)`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.resolve import definitions_at, uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

OPTION_TS = (
    "export interface Pipeable {\n  pipe(): unknown\n}\n"
    "export interface Option<A> extends Pipeable {\n  readonly value: A\n  map<B>(f: (a: A) => B): Option<B>\n}\n"
    "export type Handlers<E> = Pipeable & {\n  readonly onError: (e: E) => void\n}\n"
    "export interface Left<L> {\n  readonly left: L\n}\nexport interface Right<R> {\n  readonly right: R\n}\n"
    "export type Either<R, L> = Left<L> | Right<R>\n"
)
# effect's `dual`: a constant whose value is a call given a lambda, no function around the lambda.
EITHER_TS = (
    'import type { Either } from "./option"\n\n'
    "export const map: {\n  <R, L>(self: Either<R, L>): number\n} = dual(\n  2,\n"
    "  <R1, L>(self: Either<R1, L>, options: { readonly onX: number }): number =>\n"
    "    isRight(self) ? self.right : self.left + options.onX\n)\n"
)
USE_TS = (
    'import type { Option, Handlers } from "./option"\n\n'
    "export const map = <A, B>(self: Option<A>, f: (a: A) => B): Option<B> => self.map(f)\n\n"
    "export const piped = <A>(self: Option<A>) => self.pipe()\n\n"
    "export const match = <E, B>(options: {\n"
    "  readonly onLeft: (e: E) => B\n"
    "  readonly onRight?: (a: number) => B\n"
    "}): B => options.onLeft(options.onRight)\n\n"
    "export const handle = <E>(h: Handlers<E>) => {\n  h.onError\n  h.pipe()\n}\n\n"
    "export class Box<A> {\n"
    "  constructor(readonly inner: Option<A>, private readonly label?: string) {}\n"
    "  run() {\n    return this.inner.map(String) + this.label\n  }\n}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(
        Path(tmp_path_factory.mktemp("members_ts_types")),
        {"option.ts": OPTION_TS, "use.ts": USE_TS, "either.ts": EITHER_TS},
    )


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        # A parameter of an arrow-function definition, typed with a generic interface.
        ("self.map(f)", 5, "Option.map"),
        # A member the interface gets through `extends`.
        ("self.pipe()", 5, "Pipeable.pipe"),
        # An alias of an object type (intersected with an interface): its own member, then the interface's.
        ("h.onError", 2, "Handlers.onError"),
        ("h.pipe()", 2, "Pipeable.pipe"),
        # Fields declared by constructor parameters, and a member through one.
        ("this.inner.map", 11, "Option.map"),
    ],
)
def test_members_through_declared_types(memory: Memory, needle: str, offset: int, expected: str) -> None:
    assert definitions(memory, "use.ts", needle, offset) == [("option.ts", expected)]


def test_parameter_properties_are_fields(memory: Memory) -> None:
    assert definitions(memory, "use.ts", "this.inner", 5) == [("use.ts", "Box.inner")]
    assert definitions(memory, "use.ts", "this.label", 5) == [("use.ts", "Box.label")]


def test_inline_object_type_member_leads_to_its_line(memory: Memory) -> None:
    text = USE_TS.encode()
    for needle, declared in (("options.onLeft(", b"onLeft: (e"), ("options.onRight)", b"onRight?: (a")):
        found = definitions_at(memory, "use.ts", text.index(needle.encode()) + 8)
        start = text.index(declared)
        assert [(t.path, t.symbol, t.span) for t in found] == [
            ("use.ts", None, (start, start + len(needle) - 9))
        ]
        assert found[0].line == text.count(b"\n", 0, start)


def test_a_member_the_inline_type_does_not_declare_is_unknown(memory: Memory) -> None:
    scratch = USE_TS.replace("options.onLeft(options.onRight)", "options.onMissing(options.onRight)")
    memory.open_document("use.ts", scratch)
    try:
        assert definitions(memory, "use.ts", "options.onMissing", 8) == []
    finally:
        memory.close_document("use.ts")


def test_lambda_parameters_outside_functions_and_union_aliases(memory: Memory) -> None:
    assert definitions(memory, "either.ts", "self.right", 5) == [("option.ts", "Right.right")]
    assert definitions(memory, "either.ts", "self.left", 5) == [("option.ts", "Left.left")]
    text = EITHER_TS.encode()
    found = definitions_at(memory, "either.ts", text.index(b"options.onX") + 8)
    assert [(t.path, t.line) for t in found] == [("either.ts", text.count(b"\n", 0, text.index(b"onX")))]


def test_what_the_packer_reads_holds_members_through_lambda_parameters(memory: Memory) -> None:
    index = memory.file("either.ts")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "map")) if t.symbol is not None}
    assert {"Right.right", "Left.left"} <= used
