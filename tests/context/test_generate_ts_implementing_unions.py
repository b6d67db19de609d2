"""Generate mode in TypeScript (issue 15): a body handed a public interface (effect's `decision:
MergeDecision.MergeDecision<...>`) is shown the union of variants the internal module named after it declares
(`mergeDecision.Primitive = Done | Await`, variants extending `Op<Tag, Body> = MergeDecision.MergeDecision & Body &
{ readonly _tag: Tag }`), which the body casts to and reads (`const op = decision as mergeDecision.Primitive`,
`op._tag`, `op.effect`) (`context/implementing_unions.py`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_at_line, shown_lines

DECISION_TS = "export interface Decision {\n  readonly typeId: symbol\n}\n"
# The internal module: its union among many other definitions (the budget cannot show them all).
INTERNAL_TS = (
    'import type * as Decision from "../Decision"\n\n'
    + "".join(
        f"export const helper{i} = (label: string, count: number): string =>\n  label.repeat(count + {i})\n"
        for i in range(40)
    )
    + "export type Primitive =\n  | Done\n  | Await\n\n"
    "export type Op<Tag extends string, Body = {}> =\n  & Decision.Decision\n  & Body\n  & {\n"
    "    readonly _tag: Tag\n  }\n\n"
    'export interface Done extends\n  Op<"Done", {\n    readonly doneEffect: number\n  }>\n{}\n\n'
    'export interface Await extends\n  Op<"Await", {\n    awaitNext(exit: number): number\n  }>\n{}\n'
)
RUNTIME_TS = (
    'import type * as Decision from "./Decision"\n'
    'import * as decision from "./internal/decision"\n\n'
    + "".join(
        f"export const step{i} = (n: number): string => decision.helper{i}(String(n), n)\n" for i in range(20)
    )
    + "\nexport function onDecision(d: Decision.Decision): number {\n"
    "  \n"
    "}\n"
)
BUDGET = 400


def test_a_handed_interface_is_shown_the_union_its_internal_module_declares(tmp_path: Path) -> None:
    files = {"Decision.ts": DECISION_TS, "internal/decision.ts": INTERNAL_TS, "runtime.ts": RUNTIME_TS}
    ctx = pack_at_line(tmp_path, files, "runtime.ts", "  ", BUDGET)
    shown = shown_lines(ctx, "internal/decision.ts", INTERNAL_TS)
    assert "export type Primitive =" in shown
    assert "readonly _tag: Tag" in shown
    assert "readonly doneEffect: number" in shown
    assert "awaitNext(exit: number): number" in shown


def test_a_union_of_a_module_not_named_after_the_handed_type_is_not_offered(tmp_path: Path) -> None:
    # effect's Exit.ts declares `Exit = Success | Failure`, variants extending `Effect.Effect`: no implementation of
    # the `Effect` a header names, nor what a body handed one casts it to.
    runtime = RUNTIME_TS.replace("./internal/decision", "./internal/ops")
    files = {"Decision.ts": DECISION_TS, "internal/ops.ts": INTERNAL_TS, "runtime.ts": runtime}
    ctx = pack_at_line(tmp_path, files, "runtime.ts", "  ", BUDGET)
    assert "export type Primitive =" not in shown_lines(ctx, "internal/ops.ts", INTERNAL_TS)
