"""Room in a crowded TypeScript edit prompt (issue 15): the window stays inside the definition holding the
cursor when no function symbol does (`const f = dual(2, (self) => ...)`); a module's `declare module`
blocks in other files beyond one, and a member declared alike by many classes of one file beyond its first
two, wait until every other name used has its line."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from .test_pack import _line_of

DUAL_TS = "export const dual = (arity: number, body: (a: number, b: number) => number) => body\n"


def test_the_window_ends_with_the_definition_holding_the_cursor(tmp_path: Path) -> None:
    steps = "".join(f"    const step{i} = self * {i} + other\n" for i in range(30))
    (tmp_path / "dual.ts").write_text(DUAL_TS)
    main = tmp_path / "main.ts"
    main.write_text(
        'import { dual } from "./dual"\n\n'
        "export const scaled = dual(2, (self: number, other: number): number => {\n"
        + steps
        + "    return step29\n"
        + "})\n\n"
        + "export const nextDefinition = (options: {\n"
        + "  readonly concurrency: number\n  readonly bufferSize: number\n}) => options.concurrency\n"
    )
    cursor = _line_of(main, "    return step29") - 1
    ctx = Packer(Memory.open(tmp_path)).pack("main.ts", cursor, 4, budget=1024, mode="edit")
    window = next(s for s in ctx.sections if s.kind == "window")
    assert window.start_line <= cursor + 1 <= window.end_line, ctx.ledger()
    # The next definition is no part of the edited code: its lines would take the room of the names used.
    assert window.end_line < _line_of(main, "export const nextDefinition"), ctx.ledger()


EFFECT_TS = "".join(
    f"export const op{i}: <A, E, R>(self: Effect<A, E, R>, that: Effect<A, E, R>) => Effect<A, E, R> = "
    f"(self) => self\n\n"
    for i in range(10)
) + ("export interface Effect<A, E, R> {\n  readonly a: A\n  readonly e: E\n  readonly r: R\n}\n")


def _augmenting(k: int) -> str:
    return (
        'import type * as Effect from "./effect.js"\n\n'
        'declare module "./effect.js" {\n'
        f"  interface Effect<A, E, R> extends Augmented{k}<A> {{}}\n}}\n\n"
        f"export interface Augmented{k}<A> {{\n  readonly augmented{k}: A\n}}\n"
    )


def test_one_augmentation_of_a_module_comes_before_the_other_names_used(tmp_path: Path) -> None:
    (tmp_path / "effect.ts").write_text(EFFECT_TS)
    for k in range(4):
        (tmp_path / f"aug{k}.ts").write_text(_augmenting(k))
    main = tmp_path / "main.ts"
    calls = "".join(f"  const r{i} = Effect.op{i}(e, e)\n" for i in range(10))
    main.write_text(
        'import * as Effect from "./effect.js"\n\n'
        + "export function run(e: Effect.Effect<number, never, never>): void {\n"
        + calls
        + "}\n"
    )
    cursor = _line_of(main, "Effect.op9(e, e)") - 1
    effect = tmp_path / "effect.ts"
    blocks = {f"aug{k}.ts": 3 for k in range(4)}  # each file's `declare module` line

    def pack(budget: int) -> tuple[list[int], list[str], str]:
        ctx = Packer(Memory.open(tmp_path)).pack("main.ts", cursor, 4, budget=budget, mode="edit")
        shown = ctx.included_lines("effect.ts")
        ops = [i for i in range(10) if _line_of(effect, f"export const op{i}:") in shown]
        augs = [p for p, line in blocks.items() if line in ctx.included_lines(p)]
        return ops, augs, ctx.ledger()

    ops, augs, ledger = pack(720)
    assert ops == list(range(10)), ledger
    # One block still says the module is augmented (and a checker counts any of them as its declaration).
    assert augs, ledger
    # With room, every block has its line after all.
    _, roomy, ledger = pack(4000)
    assert sorted(roomy) == sorted(blocks), ledger


def test_members_named_alike_in_many_classes_wait_for_the_other_names_used(tmp_path: Path) -> None:
    # `ast.annotations` on a union of 16 interfaces: each declares it (effect's SchemaAST.AST has 20), and
    # each cheap line took the room of the imported functions the code calls.
    (tmp_path / "ast.ts").write_text(
        "".join(
            f"export interface Node{k} {{\n  readonly _tag: 'N{k}'\n  readonly annotations: object\n}}\n\n"
            for k in range(16)
        )
        + "export type AnyNode = "
        + " | ".join(f"Node{k}" for k in range(16))
        + "\n"
    )
    (tmp_path / "ops.ts").write_text(
        "".join(
            f"export const op{i}: <A, E, R>(self: Box<A, E, R>, that: Box<A, E, R>) => Box<A, E, R> = "
            "(self) => self\n\n"
            for i in range(8)
        )
        + "export interface Box<A, E, R> {\n  readonly a: A\n  readonly e: E\n  readonly r: R\n}\n"
    )
    main = tmp_path / "main.ts"
    calls = "".join(f"  const r{i} = op{i}(box, box)\n" for i in range(8))
    main.write_text(
        "import { Box, " + ", ".join(f"op{i}" for i in range(8)) + ' } from "./ops"\n'
        'import type { AnyNode } from "./ast"\n\n'
        "export function run(box: Box<number, never, never>, ast: AnyNode): object {\n"
        + calls
        + "  return ast.annotations\n}\n"
    )
    cursor = _line_of(main, "return ast.annotations") - 1
    ops = tmp_path / "ops.ts"

    def pack(budget: int) -> tuple[list[int], int, str]:
        ctx = Packer(Memory.open(tmp_path)).pack("main.ts", cursor, 4, budget=budget, mode="edit")
        shown = ctx.included_lines("ops.ts")
        found = [i for i in range(8) if _line_of(ops, f"export const op{i}:") in shown]
        members = len(ctx.included_lines("ast.ts") & {5 * k + 3 for k in range(16)})
        return found, members, ctx.ledger()

    found, members, ledger = pack(720)
    assert found == list(range(8)), ledger
    assert members >= 1, ledger
    # With room, every class's member has its line after all.
    _, members, ledger = pack(4000)
    assert members == 16, ledger
