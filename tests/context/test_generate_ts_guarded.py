"""Generate mode in TypeScript (issue 15): a body testing values with a module's guard (`O.isSome(o)`, which the file's
functions call all over) reads the field of the variant it narrows to next (`o.value`), which no sign of the ranking
points at: a guard ranked high offers its variant's data fields, not its tag (`context/guarded_fields.py`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_OPS = [f"op{i}" for i in range(24)]
OPTION_TS = (
    'export interface None {\n  readonly _tag: "None"\n}\n\n'
    'export interface Some<A> {\n  readonly _tag: "Some"\n  readonly value: A\n}\n\n'
    "export type Option<A> = None | Some<A>\n\n"
    "export const isSome = <A>(self: Option<A>): self is Some<A> => self._tag === 'Some'\n\n"
    + "".join(f"export const {op} = <A>(self: Option<A>): Option<A> => self\n\n" for op in _OPS)
)
# The file's functions test what they get with `O.isSome` and call the module's other functions; the body to write
# is handed a number, no option.
USERS_TS = (
    'import * as O from "./Option"\n\n'
    + "".join(
        f"export const use{i} = (xs: Array<unknown>): number => {{\n"
        + "".join(f"  if (O.isSome(O.{op}(xs[0] as any))) return 1\n" for op in _OPS[i : i + 10])
        + "  return 0\n}\n\n"
        for i in range(0, 14, 2)
    )
    + "export const count = (n: number): number => {\n  \n}\n"
)


def test_a_guard_the_body_likely_calls_offers_the_fields_of_the_variant_it_narrows_to(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Option.ts": OPTION_TS, "users.ts": USERS_TS})
    ctx = _pack_generate(tmp_path, "users.ts", USERS_TS, "  ", budget=400)
    shown = ctx.included_lines("Option.ts")
    assert _line_of(OPTION_TS, "export const isSome") in shown, ctx.ledger()
    assert _line_of(OPTION_TS, "  readonly value: A") in shown, ctx.ledger()
