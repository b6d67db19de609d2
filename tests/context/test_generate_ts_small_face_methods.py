"""Generate mode in TypeScript (issue 15): a body handed a type of a member or two (effect's `retryUpdate(schedule:
Schedule.Schedule<...>)`, an interface of `initial` and `step`) is shown its method, which it calls
(`schedule.step(now, error, state)`), before the many names its neighbours use (`context/signature.py`,
`LanguageSpec.small_face_methods`)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

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
    write_tree(tmp_path, {"schedule.ts": SCHEDULE_TS, "helpers.ts": HELPERS_TS, "layer.ts": LAYER_TS})
    packer = Packer(Memory.open(tmp_path))
    cursor = LAYER_TS.splitlines().index("  ")
    ctx = packer.pack("layer.ts", cursor, 2, budget=BUDGET, mode="generate")
    assert ctx.tokens <= BUDGET
    shown = {
        line.strip() for line in (SCHEDULE_TS.splitlines()[n - 1] for n in ctx.included_lines("schedule.ts"))
    }
    assert "step(now: number, input: string, state: number): number" in shown
