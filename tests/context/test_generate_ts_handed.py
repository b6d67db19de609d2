"""Generate mode in TypeScript (issue 15): what the types a body is handed say it will call and read. A union
(`Either<R, L>` inside a parameter's type arguments) is narrowed by its module's type guards and read through
its variants' fields (`E.isRight(e) ? e.right`); the union the header says the body returns is one it builds,
not one it reads. A value of the file's own type is tested by the file's predicates on it (`isZero(n)`); of a
name the file declares as a type and as a value, the value's line comes first, and of one declared as an
interface and a namespace merged with it, the interface's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_OPS = [f"op{i}" for i in range(30)]
# effect's Either.ts's shape: the variants, the union, its guards, and many other functions of it.
EITHER_TS = (
    'export interface Left<L> {\n  readonly _tag: "Left"\n  readonly left: L\n}\n\n'
    'export interface Right<R> {\n  readonly _tag: "Right"\n  readonly right: R\n}\n\n'
    "export type Either<R, L> = Left<L> | Right<R>\n\n"
    'export const isLeft = <R, L>(self: Either<R, L>): self is Left<L> => self._tag === "Left"\n\n'
    'export const isRight = <R, L>(self: Either<R, L>): self is Right<R> => self._tag === "Right"\n\n'
    + "".join(f"export const {op} = <R, L>(self: Either<R, L>): Either<R, L> => self\n\n" for op in _OPS)
)
# Record.ts's shape: functions calling the union's other functions all over, and the body to write, handed
# records of `Either`s.
_USERS = "".join(
    f"export const use{i} = <R, L>(self: Record<string, Either<R, L>>) => {{\n"
    + "".join(f"  E.{op}(self.a)\n" for op in _OPS[i : i + 12])
    + "}\n\n"
    for i in range(0, 18, 3)
)
RECORD_TS = (
    'import type { Either } from "./Either"\nimport * as E from "./Either"\n\n'
    + _USERS
    + "export const getRights = <R, L>(\n  self: Record<string, Either<R, L>>\n): Record<string, R> => {\n  \n}\n"
)
# The same file where the body is handed a number and returns an `Either`: it builds one.
BUILDS_TS = RECORD_TS.replace(
    "export const getRights = <R, L>(\n  self: Record<string, Either<R, L>>\n): Record<string, R> => {",
    "export const fromCount = <R, L>(\n  count: number\n): Either<R, L> => {",
)


def test_a_union_handed_to_the_body_offers_its_guards_and_its_variants_fields(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Either.ts": EITHER_TS, "Record.ts": RECORD_TS})
    ctx = _pack_generate(tmp_path, "Record.ts", RECORD_TS, "  ", budget=500)
    shown = ctx.included_lines("Either.ts")
    for start in ("export const isRight", "export const isLeft", "  readonly right: R", "  readonly left: L"):
        assert _line_of(EITHER_TS, start) in shown, (start, ctx.ledger())


def test_a_union_the_header_returns_is_not_read_through_its_guards(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Either.ts": EITHER_TS, "Record.ts": BUILDS_TS})
    ctx = _pack_generate(tmp_path, "Record.ts", BUILDS_TS, "  ", budget=500)
    shown = ctx.included_lines("Either.ts")
    for start in ("export const isRight", "export const isLeft", "  readonly right: R", "  readonly left: L"):
        assert _line_of(EITHER_TS, start) not in shown, (start, ctx.ledger())
    # What the file's functions call is still predicted.
    assert _line_of(EITHER_TS, "export const op12 ") in shown, ctx.ledger()


# BigDecimal.ts's shape: the predicates on the file's type, none used yet, defined after the body; many helpers
# the file's other functions call.
_HELPERS = [f"scale{i}" for i in range(24)]
DECIMAL_TS = (
    "export interface Decimal {\n  readonly value: bigint\n}\n\n"
    + "".join(f"export const {h} = (n: Decimal): Decimal => n\n\n" for h in _HELPERS)
    + "".join(
        f"export const use{i} = (n: Decimal): Decimal => {{\n"
        + "".join(f"  {h}(n)\n" for h in _HELPERS[i : i + 10])
        + "  return n\n}\n\n"
        for i in range(0, 14, 2)
    )
    + "export const toText = (n: Decimal): string => {\n  \n}\n\n"
    + "export const isZero = (n: Decimal): boolean => n.value === 0n\n\n"
    + "export const isNegative = (n: Decimal): boolean => n.value < 0n\n"
)


def test_a_value_of_the_files_type_is_tested_by_the_files_predicates_on_it(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Decimal.ts": DECIMAL_TS})
    ctx = _pack_generate(tmp_path, "Decimal.ts", DECIMAL_TS, "  ", budget=400)
    shown = ctx.included_lines("Decimal.ts")
    for start in ("export const isZero", "export const isNegative"):
        assert _line_of(DECIMAL_TS, start) in shown, (start, ctx.ledger())


# effect's opcode modules' shape: each name a type and a value; the body's neighbours compare with the values.
_OPS_NAMES = [
    f"OP_{k}" for k in ("SYNC", "ASYNC", "FAIL", "DIE", "YIELD", "WHILE", "ITER", "TAG", "MAP", "ZIP")
]
OPCODES_TS = "".join(
    f'export const {op} = "{op}" as const\n\nexport type {op} = typeof {op}\n\n' for op in _OPS_NAMES
)
RUNTIME_TS = (
    'import * as OpCodes from "./opCodes"\n\n'
    + "".join(
        f"export const step{i} = (op: string): boolean => {{\n"
        + "".join(f"  if (op === OpCodes.{name}) return true\n" for name in _OPS_NAMES)
        + "  return false\n}\n\n"
        for i in range(3)
    )
    + "export const step = (op: string): boolean => {\n  \n}\n"
)


# effect's shape: each name an interface, a namespace of its helper types merged with it (`Effect.Effect.Success`).
_FIBER_NAMES = [
    f"Fiber{k}" for k in ("Ref", "Id", "Status", "Scope", "Clock", "Queue", "Cause", "Exit", "Span", "Lock")
]
TYPES_TS = "".join(
    f"export interface {name}<A> {{\n  readonly value: A\n}}\n\n"
    f"export declare namespace {name} {{\n  export type Value<T> = T extends {name}<infer A> ? A : never\n}}\n\n"
    for name in _FIBER_NAMES
)
FIBERS_TS = (
    'import type * as T from "./types"\n\n'
    + "".join(
        f"export const step{i} = (\n"
        + "".join(f"  x{j}: T.{name}<number>,\n" for j, name in enumerate(_FIBER_NAMES))
        + "): number => {\n  return x0.value\n}\n\n"
        for i in range(3)
    )
    + "export const step = (n: number): number => {\n  \n}\n"
)


@pytest.mark.parametrize(
    ("declared", "source", "names", "first", "later", "budget"),
    [
        # A type and a value: the value's line first.
        (("opCodes.ts", OPCODES_TS), RUNTIME_TS, _OPS_NAMES, "export const {} ", "export type {} ", 330),
        # An interface and a namespace merged with it: the namespace's line waits (7 of 10 interfaces without).
        (
            ("types.ts", TYPES_TS),
            FIBERS_TS,
            _FIBER_NAMES,
            "export interface {}<",
            "export declare namespace {} ",
            220,
        ),
    ],
)
def test_of_a_name_declared_twice_the_line_a_body_needs_comes_first(
    tmp_path: Path,
    declared: tuple[str, str],
    source: str,
    names: list[str],
    first: str,
    later: str,
    budget: int,
) -> None:
    rel, text = declared
    write_tree(tmp_path, {rel: text, "runtime.ts": source})
    ctx = _pack_generate(tmp_path, "runtime.ts", source, "  ", budget=budget)
    shown = ctx.included_lines(rel)
    # Every first line before any later one: the budget holds the ten first lines, and a later line only with
    # what is left after them.
    assert all(_line_of(text, first.format(name)) in shown for name in names), ctx.ledger()
    assert not all(_line_of(text, later.format(name)) in shown for name in names), ctx.ledger()


# internal/core.ts's shape: the file's guard on a type it imports (`isEffect = (u: unknown): u is Effect.Effect<...>`)
# among guards on other types, above many helpers its functions call; the body handed an `Effect` tells it so
# (`if (isEffect(b))`) though no function of the file uses the guard yet.
EFFECT_TS = "export interface Effect<A> {\n  readonly value: A\n}\n\nexport interface Request {\n  readonly id: number\n}\n"
_CORE_HELPERS = [f"step{i}" for i in range(24)]
CORE_TS = (
    'import type * as Effect from "./Effect"\nimport type { Request } from "./Effect"\n\n'
    "export const isEffect = (u: unknown): u is Effect.Effect<unknown> => typeof u === 'object'\n\n"
    "export const isRequest = (u: unknown): u is Request => typeof u === 'object'\n\n"
    + "".join(
        f"export const {h} = <A>(self: Effect.Effect<A>): Effect.Effect<A> => self\n\n" for h in _CORE_HELPERS
    )
    + "".join(
        f"export const use{i} = <A>(self: Effect.Effect<A>): Effect.Effect<A> => {{\n"
        + "".join(f"  {h}(self)\n" for h in _CORE_HELPERS[i : i + 10])
        + "  return self\n}\n\n"
        for i in range(0, 14, 2)
    )
    + "export const andThen = <A>(self: Effect.Effect<A>, f: unknown): Effect.Effect<A> => {\n  \n}\n"
)


def test_a_value_of_a_type_is_told_by_the_guards_on_that_type_in_the_bodys_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Effect.ts": EFFECT_TS, "core.ts": CORE_TS})
    ctx = _pack_generate(tmp_path, "core.ts", CORE_TS, "  ", budget=400)
    shown = ctx.included_lines("core.ts")
    assert _line_of(CORE_TS, "export const isEffect") in shown, ctx.ledger()
    # A guard on a type the body is not handed is not offered for it.
    assert _line_of(CORE_TS, "export const isRequest") not in shown, ctx.ledger()
