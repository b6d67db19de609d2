"""Generate mode in TypeScript (issue 15): a method whose parameter is narrowed by a discriminant (effect's
`[OpCodes.OP_WHILE](op: core.Primitive & { _op: OpCodes.OP_WHILE })`, a computed name the index keeps no symbol for)
is shown the members of the one variant of the union declaring that value, which stand in a type literal of the
variant's header (`interface While extends Op<OpCodes.OP_WHILE, { effect_instruction_i0(): boolean }>`) (`context/narrowed_variants.py`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_at_line, shown_lines

NAMES = ("SYNC", "WHILE", "YIELD", "ASYNC", "COMMIT", "FAILURE", "SUCCESS")
OPCODES_TS = "".join(
    f'export const OP_{n} = "{n.title()}" as const\nexport type OP_{n} = typeof OP_{n}\n' for n in NAMES
)
# The union's variants (more than a small union's), among many other definitions (the budget cannot show them all).
CORE_TS = (
    'import * as OpCodes from "./opCodes"\n\n'
    "export interface Op<Tag extends string, Body = {}> {\n  readonly _op: Tag\n}\n\n"
    + "".join(
        f"export const helper{i} = (label: string, count: number): string =>\n  label.repeat(count + {i})\n"
        for i in range(60)
    )
    + "export type Primitive =\n"
    + "".join(f"  | {n.title()}\n" for n in NAMES)
    + "\n"
    + "".join(
        f"export interface {n.title()} extends\n  Op<OpCodes.OP_{n}, {{\n    {n.lower()}_first(): boolean\n"
        f"    {n.lower()}_second(): Primitive\n  }}>\n{{}}\n\n"
        for n in NAMES
    )
)
RUNTIME_TS = (
    'import * as core from "./core"\n'
    'import * as OpCodes from "./opCodes"\n\n'
    "export class Runtime {\n"
    "  count = 0\n\n"
    "  run(n: number): string {\n"
    "    return core.helper1(String(this.count), n)\n"
    "  }\n\n"
    "  [OpCodes.OP_WHILE](op: core.Primitive & { _op: OpCodes.OP_WHILE }) {\n"
    "    \n"
    "  }\n"
    "}\n"
)
BUDGET = 400


def test_a_parameter_narrowed_by_a_discriminant_is_shown_its_variants_members(tmp_path: Path) -> None:
    ctx = pack_at_line(
        tmp_path,
        {"opCodes.ts": OPCODES_TS, "core.ts": CORE_TS, "runtime.ts": RUNTIME_TS},
        "runtime.ts",
        "    ",
        BUDGET,
    )
    shown = shown_lines(ctx, "core.ts", CORE_TS)
    assert "while_first(): boolean" in shown
    assert "while_second(): Primitive" in shown
