"""Generate mode in TypeScript (issue 15): of a predicted name declared as an interface and as a namespace
merged with it (effect's `export interface Effect` and `export declare namespace Effect`, whose helper types
a body seldom spells), the namespace's line waits for every other predicted name's line."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_NAMES = [
    f"Fiber{k}" for k in ("Ref", "Id", "Status", "Scope", "Clock", "Queue", "Cause", "Exit", "Span", "Lock")
]
# effect's shape: each name an interface, a namespace of its helper types merged with it.
TYPES_TS = "".join(
    f"export interface {name}<A> {{\n  readonly value: A\n}}\n\n"
    f"export declare namespace {name} {{\n  export type Value<T> = T extends {name}<infer A> ? A : never\n}}\n\n"
    for name in _NAMES
)
RUNTIME_TS = (
    'import type * as T from "./types"\n\n'
    + "".join(
        f"export const step{i} = (\n"
        + "".join(f"  x{j}: T.{name}<number>,\n" for j, name in enumerate(_NAMES))
        + "): number => {\n  return x0.value\n}\n\n"
        for i in range(3)
    )
    + "export const step = (n: number): number => {\n  \n}\n"
)


def test_a_namespace_merged_with_a_predicted_interface_waits_for_the_other_names(tmp_path: Path) -> None:
    write_tree(tmp_path, {"types.ts": TYPES_TS, "runtime.ts": RUNTIME_TS})
    ctx = _pack_generate(tmp_path, "runtime.ts", RUNTIME_TS, "  ", budget=220)
    shown = ctx.included_lines("types.ts")
    interfaces = [_line_of(TYPES_TS, f"export interface {name}<") in shown for name in _NAMES]
    namespaces = [_line_of(TYPES_TS, f"export declare namespace {name} ") in shown for name in _NAMES]
    # Every interface's line before any namespace's: the budget holds the ten interfaces, and a namespace's
    # line only with what is left after them.
    assert all(interfaces), ctx.ledger()
    assert not all(namespaces), ctx.ledger()
