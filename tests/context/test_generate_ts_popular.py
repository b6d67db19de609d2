"""Generate mode in TypeScript (issue 15): of the members of a module the file imports that the file's functions use
once each (a tie at the bottom of the ranking, where the budget ends), the one the workspace's files mention most
comes first (`context/popular_members.py`): `Queue.offer`, which six files call, before `Queue.obscure`, which
sorts first by name."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

QUEUE_TS = "".join(
    f"export const {name} = (n: number): number => n\n\n" for name in ("obscure", "offer", "poll", "size")
)
_OPS = [f"op{i}" for i in range(30)]
EFFECT_TS = "".join(f"export const {op} = (n: number): number => n\n\n" for op in _OPS)
# Six other files of the workspace offer to a queue.
USERS = {
    f"user{i}.ts": f'import * as Q from "./Queue"\n\nexport const send{i} = (n: number): number => Q.offer(n)\n'
    for i in range(6)
}
# Functions using the effect module's members all over, twelve each.
EFFECT_USES = "".join(
    f"export const use{i} = (n: number): number => {{\n"
    + "".join(f"  Effect.{op}(n)\n" for op in _OPS[i : i + 12])
    + "  return n\n}\n\n"
    for i in range(0, 18, 3)
)
# The file's functions use the effect module's members all over, the queue's `obscure` and `offer` once each, far
# from the body.
WORKER_TS = (
    'import * as Effect from "./Effect"\nimport * as Queue from "./Queue"\n\n'
    "export const first = (n: number): number => Queue.obscure(n)\n\n"
    "export const second = (n: number): number => Queue.offer(n)\n\n"
    + EFFECT_USES
    + "export const run = (n: number): number => {\n  \n}\n"
)


def test_of_members_tied_at_the_bottom_the_one_the_workspace_mentions_most_comes_first(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path, {"Queue.ts": QUEUE_TS, "Effect.ts": EFFECT_TS, "worker.ts": WORKER_TS, **USERS})
    ctx = _pack_generate(tmp_path, "worker.ts", WORKER_TS, "  ", budget=490)
    shown = ctx.included_lines("Queue.ts")
    assert _line_of(QUEUE_TS, "export const offer") in shown, ctx.ledger()
    assert _line_of(QUEUE_TS, "export const obscure") not in shown, ctx.ledger()


def test_what_the_workspace_mentions_is_read_anew_when_another_file_changes(tmp_path: Path) -> None:
    """The counts are kept between packings of one memory, but not past a change elsewhere: the users of `offer`
    written after the first packing lift it in the next one."""
    write_tree(tmp_path, {"Queue.ts": QUEUE_TS, "Effect.ts": EFFECT_TS, "worker.ts": WORKER_TS})
    packer = Packer(Memory.open(tmp_path))
    cursor = WORKER_TS.splitlines().index("  ")

    def shown() -> set[int]:
        ctx = packer.pack("worker.ts", cursor, 2, budget=490, mode="generate")
        return ctx.included_lines("Queue.ts")

    offer = _line_of(QUEUE_TS, "export const offer")
    assert offer not in shown()
    write_tree(tmp_path, USERS)
    packer.memory.refresh_paths(list(USERS))
    assert offer in shown()
