"""Generate mode in TypeScript (issue 15): a generator body handed to a call (`unwrapScoped((scope) =>
Effect.gen(function*() {`) is shown what the workspace's other generators opened under the same wrapper use
(`context/wrapped_generators.py`): effect's `mapOutEffectPar` and `mergeAllWith` both make a bounded `Queue` there,
though nothing else of the file being written calls `Queue.bounded`. A generator under another wrapper says nothing."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

from .test_generate_names import _line_of

_OPS = [f"op{i:02d}" for i in range(24)]
QUEUE_TS = (
    "// Queues.\n\n"
    + "".join(f"export const {op} = (n: number): number => n\n\n" for op in _OPS)
    + "export const bounded = (n: number): number => n\n"
)
CORE_TS = (
    "export const unwrapScoped = (f: (scope: number) => number): number => f(0)\n\n"
    "export const scopedWith = (f: (scope: number) => number): number => f(0)\n\n"
    "export const gen = (f: () => Generator<number, number>): number => 0\n"
)


def _maker(i: int, wrapper: str = "unwrapScoped") -> str:
    """Another file whose generator, handed to `wrapper` through a lambda of `scope`, makes a bounded queue."""
    return (
        'import * as Queue from "./Queue"\nimport * as core from "./core"\n\n'
        f"export const make{i} = (n: number): number =>\n"
        f"  core.{wrapper}(\n"
        "    (scope) =>\n"
        "      core.gen(function*() {\n"
        "        const queue = yield* Queue.bounded(n)\n"
        "        return queue + scope\n"
        "      })\n"
        "  )\n"
    )


# The file being written uses the queue module's other members all over, never `bounded`.
WORKER_TS = (
    'import * as Queue from "./Queue"\nimport * as core from "./core"\n\n'
    + "".join(
        f"export const use{i} = (n: number): number => {{\n"
        + "".join(f"  Queue.{op}(n)\n" for op in _OPS[i : i + 12])
        + "  return n\n}\n\n"
        for i in range(0, 12, 2)
    )
    + "export const run = (n: number): number =>\n"
    + "  core.unwrapScoped(\n"
    + "    (scope) =>\n"
    + "      core.gen(function*() {\n"
    + "        \n"
    + "      })\n"
    + "  )\n"
)
BUDGET = 700
BOUNDED = QUEUE_TS.splitlines()[_line_of(QUEUE_TS, "export const bounded") - 1]


def _shown(packer: Packer) -> set[str]:
    cursor = WORKER_TS.splitlines().index("        ")
    ctx = packer.pack("worker.ts", cursor, 8, budget=BUDGET, mode="generate")
    assert ctx.tokens <= BUDGET
    return {QUEUE_TS.splitlines()[n - 1] for n in ctx.included_lines("Queue.ts")}


def test_a_generator_is_shown_what_the_workspaces_generators_under_the_same_wrapper_use(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path, {"Queue.ts": QUEUE_TS, "core.ts": CORE_TS, "worker.ts": WORKER_TS})
    write_tree(tmp_path, {f"maker{i}.ts": _maker(i) for i in range(2)})
    assert BOUNDED in _shown(Packer(Memory.open(tmp_path)))


def test_generators_under_another_wrapper_say_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Queue.ts": QUEUE_TS, "core.ts": CORE_TS, "worker.ts": WORKER_TS})
    write_tree(tmp_path, {f"maker{i}.ts": _maker(i, "scopedWith") for i in range(2)})
    assert BOUNDED not in _shown(Packer(Memory.open(tmp_path)))


def test_the_workspaces_generators_are_read_anew_after_a_change_elsewhere(tmp_path: Path) -> None:
    """One such generator is too few to go by; a second file's, added to the same memory, is read at the next
    packing."""
    write_tree(tmp_path, {"Queue.ts": QUEUE_TS, "core.ts": CORE_TS, "worker.ts": WORKER_TS})
    write_tree(tmp_path, {"maker0.ts": _maker(0)})
    packer = Packer(Memory.open(tmp_path))
    assert BOUNDED not in _shown(packer)
    write_tree(tmp_path, {"maker1.ts": _maker(1)})
    packer.memory.refresh_paths(["maker1.ts"])
    assert BOUNDED in _shown(packer)


MAILBOX_TS = "// Mailboxes.\n\nexport const bounded = (n: number, strategy: string): number => n\n"


def test_a_word_the_generators_name_through_a_module_raises_that_modules_member(tmp_path: Path) -> None:
    """The generators make a `Queue.bounded`; the file also imports a `Mailbox` module declaring a `bounded`, which
    no generator names but the workspace mentions: the word raises the queue's, not the mailbox's."""
    worker = 'import * as Mailbox from "./Mailbox"\n' + WORKER_TS
    write_tree(
        tmp_path, {"Queue.ts": QUEUE_TS, "core.ts": CORE_TS, "Mailbox.ts": MAILBOX_TS, "worker.ts": worker}
    )
    write_tree(tmp_path, {f"maker{i}.ts": _maker(i) for i in range(2)})
    cursor = worker.splitlines().index("        ")
    ctx = Packer(Memory.open(tmp_path)).pack("worker.ts", cursor, 8, budget=BUDGET, mode="generate")
    assert ctx.tokens <= BUDGET
    assert BOUNDED in {QUEUE_TS.splitlines()[n - 1] for n in ctx.included_lines("Queue.ts")}
