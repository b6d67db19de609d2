"""Generate mode in TypeScript (issue 15): the members of the types the shared functions of a vote return
(`context/returned_members.py`). effect's generators under `unwrapScopedWith((scope) => Effect.gen(function*() {` take
`(yield* Effect.makeSemaphore(n)).withPermits`, the method of the `Semaphore` that `makeSemaphore` is declared to
return; its `onFailure: (cause) => {` lambdas split the cause with `Cause.failureOrCause`, declared to return an
`Either.Either` (`Left | Right`), and read each variant's own field, though fewer of them read `right` than `left`."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

from .test_generate_ts_property_lambdas import BUDGET as LAMBDA_BUDGET
from .test_generate_ts_property_lambdas import CORE_TS as LAMBDA_CORE_TS
from .test_generate_ts_property_lambdas import EITHER_TS, WORKER_TS, _handler
from .test_generate_ts_returned_fields import CAUSE_IMPORTING_TS
from .test_generate_ts_wrapped_generators import BUDGET, CORE_TS
from .test_generate_ts_wrapped_generators import WORKER_TS as GENERATOR_WORKER_TS

_OPS = [f"op{i:02d}" for i in range(24)]
EFFECT_TS = (
    "// Effects.\n\n"
    + "".join(f"export const {op} = (n: number): number => n\n\n" for op in _OPS)
    + "export interface Semaphore {\n"
    + "  withPermits(permits: number): (n: number) => number\n"
    + "  release(permits: number): number\n"
    + "}\n\n"
    + "export const makeSemaphore: (permits: number) => Effect<Semaphore> = (permits) => permits\n"
)
WITH_PERMITS = "  withPermits(permits: number): (n: number) => number"


def _maker(i: int, make: str = "makeSemaphore") -> str:
    """Another file whose generator, handed to `unwrapScoped` through a lambda of `scope`, takes a semaphore's
    `withPermits` from what `Effect.<make>` gives."""
    return (
        'import * as Effect from "./Effect"\nimport * as core from "./core"\n\n'
        f"export const make{i} = (n: number): number =>\n"
        "  core.unwrapScoped(\n"
        "    (scope) =>\n"
        "      core.gen(function*() {\n"
        f"        const withPermits = (yield* Effect.{make}(n)).withPermits\n"
        "        return withPermits(1)(scope)\n"
        "      })\n"
        "  )\n"
    )


# The file being written (the generator tests' own, of the effect module here) uses the effect module's other members
# all over, never the semaphore.
GENERATOR_TS = GENERATOR_WORKER_TS.replace("Queue", "Effect")


def _effect_shown(root: Path, make: str) -> set[str]:
    effect = EFFECT_TS + "\nexport const makeCounter = (n: number): number => n\n"
    write_tree(root, {"Effect.ts": effect, "core.ts": CORE_TS, "worker.ts": GENERATOR_TS})
    write_tree(root, {f"maker{i}.ts": _maker(i, make) for i in range(2)})
    cursor = GENERATOR_TS.splitlines().index("        ")
    ctx = Packer(Memory.open(root)).pack("worker.ts", cursor, 8, budget=BUDGET, mode="generate")
    assert ctx.tokens <= BUDGET
    return {effect.splitlines()[n - 1] for n in ctx.included_lines("Effect.ts")}


def test_a_generator_is_shown_the_method_of_what_the_shared_function_returns(tmp_path: Path) -> None:
    assert WITH_PERMITS in _effect_shown(tmp_path, "makeSemaphore")


def test_a_shared_function_returning_no_such_type_shows_no_method(tmp_path: Path) -> None:
    """The generators take `withPermits` from a `makeCounter` declared to return a number: no type says which
    `withPermits` they mean."""
    assert WITH_PERMITS not in _effect_shown(tmp_path, "makeCounter")


RIGHT_FIELD = "  readonly right: R"


def _either_shown(root: Path, either: str) -> set[str]:
    write_tree(
        root,
        {
            "Cause.ts": CAUSE_IMPORTING_TS,
            "Either.ts": either,
            "core.ts": LAMBDA_CORE_TS,
            "worker.ts": WORKER_TS,
        },
    )
    write_tree(root, {f"handler{i}.ts": _handler(i) for i in range(3)})
    cursor = WORKER_TS.splitlines().index("      ")
    ctx = Packer(Memory.open(root)).pack("worker.ts", cursor, 6, budget=LAMBDA_BUDGET, mode="generate")
    assert ctx.tokens <= LAMBDA_BUDGET
    return {either.splitlines()[n - 1] for n in ctx.included_lines("Either.ts")}


def test_a_lambda_is_shown_every_variants_field_of_the_union_the_shared_function_returns(
    tmp_path: Path,
) -> None:
    """The lambdas read `either.left` alone; the `Either` `failureOrCause` returns is `Left | Right`: the `Right`'s
    field is shown too."""
    assert RIGHT_FIELD in _either_shown(tmp_path, EITHER_TS)


def test_a_variant_of_no_returned_union_is_not_shown(tmp_path: Path) -> None:
    """Where `Either` is declared a `Left` alone, the `Right` beside it is no variant of what is returned."""
    lone = EITHER_TS.replace(
        "export type Either<R, L> = Left<L> | Right<R>", "export type Either<R, L> = Left<L>"
    )
    assert RIGHT_FIELD not in _either_shown(tmp_path, lone)


def test_a_field_every_variant_has_is_not_raised_for_the_union(tmp_path: Path) -> None:
    """Both variants also carry an `_op`: a switch over the variants reads each one's own field, not what they all
    have, so `Right`'s `_op` is not shown for the `left` the lambdas read (its `right` is)."""
    either = EITHER_TS.replace(
        '  readonly _tag: "Right"\n', '  readonly _tag: "Right"\n  readonly _op: "Right"\n'
    )
    either = either.replace('  readonly _tag: "Left"\n', '  readonly _tag: "Left"\n  readonly _op: "Left"\n')
    shown = _either_shown(tmp_path, either)
    assert RIGHT_FIELD in shown
    assert '  readonly _op: "Right"' not in shown
