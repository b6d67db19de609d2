"""Generate mode in TypeScript (issue 15): a body handed a type of a member or two (effect's `retryUpdate(schedule:
Schedule.Schedule<...>)`, an interface of `initial` and `step`) is shown its method, which it calls
(`schedule.step(now, error, state)`), before the many names its neighbours use (`context/signature.py`,
`LanguageSpec.small_face_methods`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_at_line, shown_lines

SCHEDULE_TS = (
    "export interface Schedule {\n"
    "  readonly initial: number\n"
    "  step(now: number, input: string, state: number): number\n"
    "}\n"
)
# The neighbours use many helpers of another module, each shown before a member of a handed type would be.
HELPERS_TS = "".join(
    f"export const helper{i} = (label: string, count: number): string =>\n  label.repeat(count + {i})\n"
    for i in range(40)
)
LAYER_TS = (
    'import * as helpers from "./helpers"\n'
    'import type * as Schedule from "./schedule"\n\n'
    "export const before = (n: number): string =>\n"
    + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(20))
    + '  ""\n\n'
    "export const retryUpdate = (schedule: Schedule.Schedule, input: string, state: number): number => {\n"
    "  \n"
    "}\n\n"
    "export const after = (n: number): string =>\n"
    + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(20, 40))
    + '  ""\n'
)
BUDGET = 300


def test_a_method_of_a_small_handed_type_is_shown(tmp_path: Path) -> None:
    ctx = pack_at_line(
        tmp_path,
        {"schedule.ts": SCHEDULE_TS, "helpers.ts": HELPERS_TS, "layer.ts": LAYER_TS},
        "layer.ts",
        "  ",
        BUDGET,
    )
    shown = shown_lines(ctx, "schedule.ts", SCHEDULE_TS)
    assert "step(now: number, input: string, state: number): number" in shown
