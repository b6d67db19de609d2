"""Generate mode in TypeScript (issue 15): a lambda written as an object's property (`onFailure: (cause) => {`) is
shown what the workspace's other lambdas under that property with that parameter use (`context/property_lambdas.py`):
effect's `onFailure: (cause) => {` blocks split the cause with `Cause.failureOrCause` and read the `Left`'s `left`,
whatever the callee, though nothing else of the file being written calls `failureOrCause`."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

from .test_generate_names import _line_of

_OPS = [f"op{i:02d}" for i in range(24)]
CAUSE_TS = (
    "// What went wrong.\n\n"
    + "".join(f"export const {op} = (n: number): number => n\n\n" for op in _OPS)
    + "export const failureOrCause = (n: number): Either.Either<number, number> => Either.left(n)\n"
)
EITHER_TS = (
    'export interface Left<L> {\n  readonly _tag: "Left"\n  readonly left: L\n}\n\n'
    'export interface Right<R> {\n  readonly _tag: "Right"\n  readonly right: R\n}\n\n'
    "export type Either<R, L> = Left<L> | Right<R>\n\n"
    'export const left = <L>(l: L): Left<L> => ({ _tag: "Left", left: l })\n'
)
CORE_TS = "export const foldCause = (n: number, o: object): number => n\n\n" + "".join(
    f"export const match{i} = (n: number, o: object): number => n\n\n" for i in range(4)
)


def _handler(i: int) -> str:
    """Another file whose `onFailure` lambda, handed to its own callee, splits the cause."""
    return (
        'import * as Cause from "./Cause"\nimport * as core from "./core"\n\n'
        f"export const handle{i} = (n: number): number =>\n"
        f"  core.match{i}(n, {{\n"
        "    onFailure: (cause) => {\n"
        "      const either = Cause.failureOrCause(cause)\n"
        "      return either.left\n"
        "    },\n"
        "  })\n"
    )


# The file being written uses the cause module's other members all over, never `failureOrCause`.
WORKER_TS = (
    'import * as Cause from "./Cause"\nimport * as Either from "./Either"\nimport * as core from "./core"\n\n'
    + "".join(
        f"export const use{i} = (n: number): number => {{\n"
        + "".join(f"  Cause.{op}(n)\n" for op in _OPS[i : i + 12])
        + "  return n\n}\n\n"
        for i in range(0, 12, 2)
    )
    + "export const recover = (n: number): number =>\n"
    + "  core.foldCause(n, {\n"
    + "    onFailure: (cause) => {\n"
    + "      \n"
    + "    },\n"
    + "  })\n"
)
BUDGET = 700


def _shown(packer: Packer, path: str, source: str) -> set[str]:
    cursor = WORKER_TS.splitlines().index("      ")
    ctx = packer.pack("worker.ts", cursor, 6, budget=BUDGET, mode="generate")
    assert ctx.tokens <= BUDGET
    return {source.splitlines()[n - 1] for n in ctx.included_lines(path)}


def test_a_property_lambda_is_shown_what_the_workspaces_lambdas_under_that_property_use(
    tmp_path: Path,
) -> None:
    handlers = {f"handler{i}.ts": _handler(i) for i in range(3)}
    write_tree(
        tmp_path, {"Cause.ts": CAUSE_TS, "Either.ts": EITHER_TS, "core.ts": CORE_TS, "worker.ts": WORKER_TS}
    )
    write_tree(tmp_path, handlers)
    packer = Packer(Memory.open(tmp_path))
    failure = CAUSE_TS.splitlines()[_line_of(CAUSE_TS, "export const failureOrCause") - 1]
    assert failure in _shown(packer, "Cause.ts", CAUSE_TS)
    # The field the lambdas read, of the `Left` the module imported whole declares.
    assert "  readonly left: L" in _shown(packer, "Either.ts", EITHER_TS)


def test_the_workspaces_lambdas_are_read_anew_after_a_change_elsewhere(tmp_path: Path) -> None:
    """Two such lambdas are too few to go by; a third file's, added to the same memory, is read at the next packing."""
    write_tree(
        tmp_path, {"Cause.ts": CAUSE_TS, "Either.ts": EITHER_TS, "core.ts": CORE_TS, "worker.ts": WORKER_TS}
    )
    write_tree(tmp_path, {f"handler{i}.ts": _handler(i) for i in range(2)})
    packer = Packer(Memory.open(tmp_path))
    failure = CAUSE_TS.splitlines()[_line_of(CAUSE_TS, "export const failureOrCause") - 1]
    assert failure not in _shown(packer, "Cause.ts", CAUSE_TS)
    write_tree(tmp_path, {"handler2.ts": _handler(2)})
    packer.memory.refresh_paths(["handler2.ts"])
    assert failure in _shown(packer, "Cause.ts", CAUSE_TS)


def test_a_lambda_passed_to_a_call_is_shown_what_the_workspaces_lambdas_passed_to_it_use(
    tmp_path: Path,
) -> None:
    """The same vote for a lambda opened as a call's argument (`core.onError(n, (cause) => {`), by the callee."""

    def passed(i: int) -> str:
        return (
            'import * as Cause from "./Cause"\nimport * as core from "./core"\n\n'
            f"export const handle{i} = (n: number): number =>\n"
            "  core.onError(n, (cause) => {\n"
            "    const either = Cause.failureOrCause(cause)\n"
            "    return either.left\n"
            "  })\n"
        )

    worker = WORKER_TS.split("export const recover")[0] + (
        "export const recover = (n: number): number =>\n  core.onError(n, (cause) => {\n      \n  })\n"
    )
    core = CORE_TS + "export const onError = (n: number, f: object): number => n\n"
    write_tree(tmp_path, {"Cause.ts": CAUSE_TS, "Either.ts": EITHER_TS, "core.ts": core, "worker.ts": worker})
    write_tree(tmp_path, {f"handler{i}.ts": passed(i) for i in range(3)})
    packer = Packer(Memory.open(tmp_path))
    cursor = worker.splitlines().index("      ")
    ctx = packer.pack("worker.ts", cursor, 6, budget=BUDGET, mode="generate")
    failure = _line_of(CAUSE_TS, "export const failureOrCause")
    assert failure in ctx.included_lines("Cause.ts")
