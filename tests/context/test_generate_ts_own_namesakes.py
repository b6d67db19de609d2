"""Generate mode in TypeScript (issue 15): the file's own definition named as a member its neighbours take from an
imported module (`context/own_namesakes.py`), and the namesake in the module whose value the body handles of a member
the neighbours reached through a typed value (`context/handled_namesakes.py`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_OPS = [f"op{i:02d}" for i in range(24)]
EFFECT_TS = "export const zipRight = (a: number, b: number): number => b\n\n" + "".join(
    f"export const {op} = (n: number): number => n\n\n" for op in _OPS
)
# The file implements its own `zipRight` far from the body; its functions call the public `Effect.zipRight`.
OWN_ZIP = "export const zipRight = (a: number, b: number): number => a + b\n\n"
FILLER = "".join(f"export const helper{i} = (n: number): number => n * {i}\n\n" for i in range(30))
NEIGHBOURS = "".join(
    f"export const step{i} = (n: number): number => {{\n"
    + "".join(f"  Effect.{op}(n)\n" for op in _OPS[i : i + 8])
    + "  return Effect.zipRight(Effect.zipRight(n, n), Effect.zipRight(n, n))\n}\n\n"
    for i in range(0, 12, 2)
)
CHANNEL_TS = (
    'import * as Effect from "./Effect"\n\n'
    + OWN_ZIP
    + FILLER
    + NEIGHBOURS
    + "export const merged = (n: number): number => {\n  \n}\n"
)
BUDGET = 420


def _own_zip_shown(root: Path, source: str) -> bool:
    ctx = _pack_generate(root, "channel.ts", source, "  ", budget=BUDGET)
    return _line_of(source, "export const zipRight") in ctx.included_lines("channel.ts")


def test_a_body_is_shown_the_files_own_namesake_of_the_members_its_neighbours_call(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Effect.ts": EFFECT_TS, "channel.ts": CHANNEL_TS})
    assert _own_zip_shown(tmp_path, CHANNEL_TS)


_QUEUE_OPS = [f"peek{i:02d}" for i in range(24)]
MUTABLE_QUEUE_TS = (
    "export interface MutableQueue {\n  readonly size: number\n}\n\n"
    + "".join(
        f"export const {op} = (q: MutableQueue, n: number): number => q.size + n\n\n" for op in _QUEUE_OPS
    )
    + "export const pollUpTo = (q: MutableQueue, n: number): number => q.size - n\n"
)
# The file's functions read a queue with the module's other functions and, around the body, drain a subscription by
# its own `pollUpTo` member; the body is handed the module's queue.
PUBSUB_TS = (
    'import * as MutableQueue from "./MutableQueue"\n\n'
    + "export interface Subscription {\n  pollUpTo(n: number): number\n}\n\n"
    + FILLER
    + "".join(
        f"export const look{i} = (q: MutableQueue.MutableQueue): number => {{\n"
        + "".join(f"  MutableQueue.{op}(q, {i})\n" for op in _QUEUE_OPS[i : i + 6])
        + "  return 0\n}\n\n"
        for i in range(0, 12, 2)
    )
    + "".join(
        f"export const drain{i} = (sub: Subscription): number => sub.pollUpTo({i}) + sub.pollUpTo({i + 1})\n\n"
        for i in range(6)
    )
    + "export const takeEvery = (queue: MutableQueue.MutableQueue): number => {\n  \n}\n"
)


def test_a_body_handed_a_modules_value_is_shown_its_namesake_of_a_member_the_neighbours_reached(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path, {"MutableQueue.ts": MUTABLE_QUEUE_TS, "pubsub.ts": PUBSUB_TS})
    ctx = _pack_generate(tmp_path, "pubsub.ts", PUBSUB_TS, "  ", budget=BUDGET)
    assert _line_of(MUTABLE_QUEUE_TS, "export const pollUpTo") in ctx.included_lines("MutableQueue.ts")
