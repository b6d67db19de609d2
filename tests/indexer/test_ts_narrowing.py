"""TypeScript members reached through unions and elements, as effect's code reaches them: a union alias
narrowed by `switch (ast._tag)` (SchemaAST's `type AST = Declaration | ... | TypeLiteral`) holds the members
of every type it names; an element of a record, an array or an index signature (`const value = self[key]`
with `self: ReadonlyRecord<K, Either<R, L>>`, `ast.propertySignatures[i]`, `for (const p of ps)`) holds the
element type its declaration says; a call holds the result an arrow function or a constant's function type
declares (`eu = eitherOrUndefined(te)`, `Cause.failureOrCause(cause)`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.languages.ts_types import alias_is_union
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

AST_TS = (
    "export interface Prop {\n  readonly name: string\n}\n"
    'export interface Declaration {\n  readonly _tag: "Declaration"\n  readonly decode: number\n}\n'
    'export interface TypeLiteral {\n  readonly _tag: "TypeLiteral"\n'
    "  readonly propertySignatures: ReadonlyArray<Prop>\n  readonly extra: Prop[]\n}\n"
    "export type AST =\n  | Declaration\n  | TypeLiteral\n"
    'export interface Left<L> {\n  readonly _tag: "Left"\n  readonly left: L\n}\n'
    'export interface Right<R> {\n  readonly _tag: "Right"\n  readonly right: R\n}\n'
    "export type Either<R, L> = Left<L> | Right<R>\n"
    # effect's two ways of declaring what a call returns: an arrow function's result, and a constant
    # annotated with a function type.
    "export const orUndefined = <R, L>(\n  self: Array<(a: R) => L>\n): Either<R, L> | undefined => undefined\n"
    "export const failureOrCause: <E>(self: E) => Either<E, never> = impl.failureOrCause\n"
)
USE_TS = (
    'import type { AST, Either, Prop } from "./ast"\n'
    'import { orUndefined, failureOrCause } from "./ast"\n\n'
    "export const results = () => {\n"
    "  const eu = orUndefined([])\n  const fc = failureOrCause(1)\n"
    '  return eu && eu._tag === "Left" ? eu.left : fc._tag === "Right" ? fc.right : 0\n}\n\n'
    "export const literals = (ast: AST): number => {\n"
    "  switch (ast._tag) {\n"
    '    case "TypeLiteral": {\n'
    "      for (let i = 0; i < ast.propertySignatures.length; i++) {\n"
    "        const ps = ast.propertySignatures[i]\n"
    "        ps.name\n"
    "      }\n"
    "      for (const extra of ast.extra) {\n        extra.name\n      }\n"
    "      return 1\n"
    "    }\n"
    "  }\n  return 0\n}\n\n"
    "export const lefts = <R, L>(self: Readonly"
    + "Record<string, Either<R, L>>, byKey: { [k: string]: Prop }) => {\n"
    "  for (const key of Object.keys(self)) {\n"
    "    const value = self[key]\n"
    "    const named = byKey[key]\n"
    '    return value._tag === "Left" ? value.left + named.name : value.right\n'
    "  }\n}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(Path(tmp_path_factory.mktemp("ts_narrowing")), {"ast.ts": AST_TS, "use.ts": USE_TS})


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        # A member only the narrowed type of a union declares (not the union's first type).
        ("ast.propertySignatures.length", 4, ["TypeLiteral.propertySignatures"]),
        # An element of a field declared `ReadonlyArray<Prop>`, bound to a local.
        ("ps.name", 3, ["Prop.name"]),
        # The variable of `for (const x of xs)`, `xs` a field declared `Prop[]`.
        ("extra.name", 6, ["Prop.name"]),
        # An element of a `ReadonlyRecord<K, Either<R, L>>`: each type of the union its own member.
        ("value.left", 6, ["Left.left"]),
        ("value.right", 6, ["Right.right"]),
        # An element of an index signature (`{ [k: string]: Prop }`).
        ("named.name", 6, ["Prop.name"]),
        # The result of an arrow function that declares it, and of a constant typed as a function.
        ("eu.left", 3, ["Left.left"]),
        ("fc.right", 3, ["Right.right"]),
    ],
)
def test_members_through_unions_and_elements(
    memory: Memory, needle: str, offset: int, expected: list[str]
) -> None:
    assert definitions(memory, "use.ts", needle, offset) == [("ast.ts", q) for q in expected]


def test_a_discriminant_every_type_of_the_union_declares_leads_to_each(memory: Memory) -> None:
    assert definitions(memory, "use.ts", "ast._tag", 4) == [
        ("ast.ts", "Declaration._tag"),
        ("ast.ts", "TypeLiteral._tag"),
    ]


@pytest.mark.parametrize(
    ("signature", "union"),
    [
        ("export type AST = | Declaration | TypeLiteral", True),
        ("type Either<R, L> = Left<L, R> | Right<L, R>", True),
        ("type Key<T extends string | number> = Box<T>", False),
        ("type F = (a: A | B) => C", False),
        ("type R = { readonly a: A | B }", False),
        ("type G = Array<A | B>", False),
        # A function type whose result is a union has no members of the union's types.
        ("type H = () => A | B", False),
    ],
)
def test_alias_is_union_reads_the_top_level_only(signature: str, union: bool) -> None:
    assert alias_is_union(signature) is union
