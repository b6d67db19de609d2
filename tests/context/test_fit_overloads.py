"""A name with many overloads does not crowd out the other names used (issue 15): effect's `Pipeable.pipe`
has 21 overloads, whose lines took 176 tokens of a 2,048-token prompt while functions the cursor calls
found no room for their one declaring line."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from .test_pack import _line_of

_LETTERS = "ABCDEFGHIJKLMNOPQRSTU"


def _overload(k: int) -> str:
    params = ", ".join(f"{a} = never" for a in _LETTERS[: k + 1])
    fns = ", ".join(f"f{i}: (_: {_LETTERS[i]}) => {_LETTERS[i + 1]}" for i in range(k))
    return f"  pipe<{params}>(this: A, {fns}): {_LETTERS[k]}\n"


def test_the_overloads_beyond_the_first_wait_for_the_other_names_used(tmp_path: Path) -> None:
    (tmp_path / "pipeable.ts").write_text(
        "export interface Pipeable {\n" + "".join(_overload(k) for k in range(16)) + "}\n"
    )
    (tmp_path / "ops.ts").write_text(
        "".join(
            f"export const op{i}: <A, E, R>(self: Box<A, E, R>) => Box<A, E, R> = (self) => self\n\n"
            for i in range(12)
        )
        + "export interface Box<A, E, R> extends Pipeable {\n  readonly a: A\n}\n"
        + 'import type { Pipeable } from "./pipeable"\n'
    )
    main = tmp_path / "main.ts"
    calls = "".join(f"  box.pipe(op{i})\n" for i in range(12))
    main.write_text(
        "import { Box, "
        + ", ".join(f"op{i}" for i in range(12))
        + ' } from "./ops"\n\n'
        + "".join(f"function filler{i}(a: number): number {{\n  return a * {i}\n}}\n\n" for i in range(40))
        + "export function run(box: Box<number, never, never>): Box<number, never, never> {\n"
        + "  const out = box\n"
        + calls
        + "  return out\n}\n"
    )
    cursor = _line_of(main, "box.pipe(op11)") - 1
    ctx = Packer(Memory.open(tmp_path)).pack("main.ts", cursor, 4, budget=800, mode="edit")
    assert ctx.tokens <= 800
    ops = tmp_path / "ops.ts"
    shown = ctx.included_lines("ops.ts")
    missing = [i for i in range(12) if _line_of(ops, f"export const op{i}:") not in shown]
    assert not missing, (missing, ctx.ledger())
    # Some overload of `pipe` still says what it is.
    assert ctx.included_lines("pipeable.ts"), ctx.ledger()
    # With room, every overload has its line after all.
    roomy = Packer(Memory.open(tmp_path)).pack("main.ts", cursor, 4, budget=4000, mode="edit")
    assert len(roomy.included_lines("pipeable.ts") & set(range(2, 18))) == 16, roomy.ledger()
