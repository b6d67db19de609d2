"""Generate mode in TypeScript (issue 15): a body handed a union (`Either<R, L>` inside a parameter's type
arguments) narrows it with its module's type guards and reads its variants' fields (`E.isRight(e) ? e.right`);
the union the header says the body returns is one it builds, not one it reads."""

from __future__ import annotations

from pathlib import Path

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
