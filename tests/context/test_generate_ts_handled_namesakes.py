"""Generate mode in TypeScript (issue 15): of the namesakes the modules a file imports whole declare, the one of the
module whose value the body handles (`context/handled_namesakes.py`): `Deferred.succeed` for a body handed a
`Deferred.Deferred`, or written where the function around it made one, though the file's habits rank `Effect.succeed`
first and never use `Deferred.succeed`."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_OPS = [f"op{i:02d}" for i in range(24)]
EFFECT_TS = "export const succeed = (n: number): number => n\n\n" + "".join(
    f"export const {op} = (n: number): number => n\n\n" for op in _OPS
)
_MEMBERS = [f"get{i:02d}" for i in range(24)]
DEFERRED_TS = (
    "// Values set once.\n\n"
    "export interface Deferred {\n  readonly id: number\n}\n\n"
    "export const make = (n: number): Deferred => ({ id: n })\n\n"
    + "".join(f"export const {m} = (d: Deferred, n: number): number => d.id + n\n\n" for m in _MEMBERS)
    + "export const succeed = (d: Deferred, n: number): number => d.id + n\n"
)
# Far from the body, the file's functions read a deferred once each way.
DEFERRED_USES = "".join(
    f"export const read{i} = (d: Deferred.Deferred): number => Deferred.{m}(d, {i})\n\n"
    for i, m in enumerate(_MEMBERS)
)
# The file's functions succeed with the effect module's `succeed` all over, and use a dozen of its other members each.
EFFECT_USES = "".join(
    f"export const use{i} = (n: number): number => {{\n"
    + "".join(f"  Effect.{op}(n)\n" for op in _OPS[i : i + 12])
    + "  return Effect.succeed(Effect.succeed(n))\n}\n\n"
    for i in range(0, 12, 2)
)
HEADER_TS = (
    'import * as Deferred from "./Deferred"\nimport * as Effect from "./Effect"\n\n'
    + DEFERRED_USES
    + EFFECT_USES
    + "export const complete = (d: Deferred.Deferred, n: number): number => {\n  \n}\n"
)
MADE_TS = (
    'import * as Deferred from "./Deferred"\nimport * as Effect from "./Effect"\n\n'
    + DEFERRED_USES
    + EFFECT_USES
    + "export function latch(n: number): (k: number) => number {\n"
    + "  const d = Deferred.make(n)\n"
    + "  return (k: number) => {\n    \n  }\n}\n"
)
BUDGET = 520


def _succeed_shown(root: Path, rel: str, source: str, body_line: str) -> bool:
    ctx = _pack_generate(root, rel, source, body_line, budget=BUDGET)
    return _line_of(DEFERRED_TS, "export const succeed") in ctx.included_lines("Deferred.ts")


def test_a_body_handed_a_deferred_is_shown_the_deferreds_succeed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Deferred.ts": DEFERRED_TS, "Effect.ts": EFFECT_TS, "worker.ts": HEADER_TS})
    assert _succeed_shown(tmp_path, "worker.ts", HEADER_TS, "  ")


def test_a_body_where_its_function_made_a_deferred_is_shown_the_deferreds_succeed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Deferred.ts": DEFERRED_TS, "Effect.ts": EFFECT_TS, "worker.ts": MADE_TS})
    assert _succeed_shown(tmp_path, "worker.ts", MADE_TS, "    ")


def test_a_namesake_added_to_the_handled_module_is_read_anew(tmp_path: Path) -> None:
    """The handled module's values are read per version of the module: once Deferred.ts declares `succeed`, the next
    packing of the same memory offers it."""
    without = DEFERRED_TS.replace("export const succeed = (d: Deferred, n: number): number => d.id + n\n", "")
    write_tree(tmp_path, {"Deferred.ts": without, "Effect.ts": EFFECT_TS, "worker.ts": HEADER_TS})
    packer = Packer(Memory.open(tmp_path))
    cursor = HEADER_TS.splitlines().index("  ")

    def shown(source: str) -> set[str]:
        lines = packer.pack("worker.ts", cursor, 2, budget=BUDGET, mode="generate").included_lines(
            "Deferred.ts"
        )
        return {source.splitlines()[n - 1] for n in lines}

    assert not any(line.startswith("export const succeed") for line in shown(without))
    write_tree(tmp_path, {"Deferred.ts": DEFERRED_TS})
    packer.memory.refresh_paths(["Deferred.ts"])
    assert any(line.startswith("export const succeed") for line in shown(DEFERRED_TS))
