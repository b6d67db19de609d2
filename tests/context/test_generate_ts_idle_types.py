"""Generate mode in TypeScript (issue 15): of the members of a module the file imports whole that the file's functions
use once each (a tie at the bottom of the ranking, where the budget ends), a value comes before a member the module
declares only as a type (`context/idle_types.py`): `Tracer.begin`, which a body calls, before `Tracer.AKind`, an
interface, which sorts first by name."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate
from .test_generate_ts_popular import EFFECT_TS, EFFECT_USES

TRACER_TS = (
    "// Spans.\n\n"
    "export interface AKind {\n  readonly name: string\n}\n\n"
    "export type ALink = { readonly to: string }\n\n"
    "export const begin = (n: number): number => n\n\n"
    "export const end = (n: number): number => n\n"
)
# The file's functions use the effect module's members all over, the tracer's types and values three times each, far from
# the body: tied.
WORKER_TS = (
    'import * as Effect from "./Effect"\nimport * as Tracer from "./Tracer"\n\n'
    + "".join(
        f"export const trace{i} = (k: Tracer.AKind, l: Tracer.ALink): number => Tracer.end(Tracer.begin(k.name.length))\n\n"
        for i in range(3)
    )
    + EFFECT_USES
    + "export const run = (n: number): number => {\n  \n}\n"
)


def test_of_members_tied_at_the_bottom_a_value_comes_before_a_type(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Tracer.ts": TRACER_TS, "Effect.ts": EFFECT_TS, "worker.ts": WORKER_TS})
    ctx = _pack_generate(tmp_path, "worker.ts", WORKER_TS, "  ", budget=510)
    shown = ctx.included_lines("Tracer.ts")
    assert _line_of(TRACER_TS, "export const begin") in shown, ctx.ledger()
    assert _line_of(TRACER_TS, "export interface AKind") not in shown, ctx.ledger()


def test_a_type_made_a_value_in_its_module_no_longer_waits(tmp_path: Path) -> None:
    """What a module declares as a type alone is read per version of the module: once `AKind` is a value there too,
    the next packing of the same memory ranks it with the other values."""
    write_tree(tmp_path, {"Tracer.ts": TRACER_TS, "Effect.ts": EFFECT_TS, "worker.ts": WORKER_TS})
    packer = Packer(Memory.open(tmp_path))
    cursor = WORKER_TS.splitlines().index("  ")

    def shown() -> frozenset[int]:
        ctx = packer.pack("worker.ts", cursor, 2, budget=510, mode="generate")
        return ctx.included_lines("Tracer.ts")

    assert _line_of(TRACER_TS, "export interface AKind") not in shown()
    valued = TRACER_TS.replace("export interface AKind {", "export const AKind = {")
    write_tree(tmp_path, {"Tracer.ts": valued})
    packer.memory.refresh_paths(["Tracer.ts"])
    assert _line_of(valued, "export const AKind") in shown()
