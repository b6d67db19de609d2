"""Generate mode in TypeScript (issue 15): a method of an object literal declaring its `this` (effect's
`ScopeImplProto.close(this: ScopeImpl, exit)`, no class around it) is shown the members that type inherits
(`strategy`, from `Scope`) and the predicates a module the file imports declares on that field's type
(`executionStrategy.isSequential(this.strategy)`) (`context/declared_this.py`)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

# The strategy's module: its predicates among many other functions (the budget cannot show them all).
STRATEGY_TS = (
    "".join(
        f"export const helper{i} = (label: string, count: number): string =>\n  label.repeat(count + {i})\n"
        for i in range(30)
    )
    + "export type ExecutionStrategy = Sequential | Parallel | ParallelN\n"
    'export interface Sequential {\n  readonly _tag: "Sequential"\n}\n'
    'export interface Parallel {\n  readonly _tag: "Parallel"\n}\n'
    'export interface ParallelN {\n  readonly _tag: "ParallelN"\n  readonly parallelism: number\n}\n'
    "export const isSequential = (self: ExecutionStrategy): self is Sequential =>\n"
    '  self._tag === "Sequential"\n'
    "export const isParallel = (self: ExecutionStrategy): self is Parallel =>\n"
    '  self._tag === "Parallel"\n'
)
SCOPE_TS = (
    'import type * as ExecutionStrategy from "./executionStrategy"\n\n'
    "export interface Scope {\n"
    "  readonly strategy: ExecutionStrategy.ExecutionStrategy\n"
    "  fork(strategy: ExecutionStrategy.ExecutionStrategy): number\n"
    "}\n\n"
    "export interface CloseableScope extends Scope {\n"
    "  close(exit: number): number\n"
    "}\n"
)
# The scope's state, an inline union, is declared far above the object literal (out of the window around the body).
RUNTIME_TS = (
    'import * as executionStrategy from "./executionStrategy"\n'
    'import type * as Scope from "./scope"\n\n'
    "interface ScopeImpl extends Scope.CloseableScope {\n"
    "  state: {\n"
    '    readonly _tag: "Open"\n'
    "  } | {\n"
    '    readonly _tag: "Closed"\n'
    "    readonly exitCode: number\n"
    "  }\n"
    "}\n\n"
    + "".join(
        f"export const step{i} = (n: number): number => executionStrategy.helper{i}(String(n), n).length\n"
        for i in range(30)
    )
    + '\nconst ScopeImplProto: Omit<ScopeImpl, "strategy" | "state"> = {\n'
    "  fork(this: ScopeImpl, strategy) {\n"
    "    return step1(1)\n"
    "  },\n"
    "  close(this: ScopeImpl, exit) {\n"
    "    \n"
    "  }\n"
    "}\n"
)
BUDGET = 500


def test_a_method_declaring_its_this_is_shown_the_inherited_field_and_its_types_predicates(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path, {"executionStrategy.ts": STRATEGY_TS, "scope.ts": SCOPE_TS, "runtime.ts": RUNTIME_TS}
    )
    packer = Packer(Memory.open(tmp_path))
    cursor = RUNTIME_TS.splitlines().index("    ")
    ctx = packer.pack("runtime.ts", cursor, 8, budget=BUDGET, mode="generate")
    assert ctx.tokens <= BUDGET
    shown = {
        line.strip()
        for path, text in (
            ("executionStrategy.ts", STRATEGY_TS),
            ("scope.ts", SCOPE_TS),
            ("runtime.ts", RUNTIME_TS),
        )
        for line in (text.splitlines()[n - 1] for n in ctx.included_lines(path))
    }
    assert "readonly strategy: ExecutionStrategy.ExecutionStrategy" in shown
    assert "export const isSequential = (self: ExecutionStrategy): self is Sequential =>" in shown
    assert "export const isParallel = (self: ExecutionStrategy): self is Parallel =>" in shown
    # The field's union's variants' fields (`this.strategy.parallelism`), the state's inline type's (`this.state.exitCode`).
    assert "readonly parallelism: number" in shown
    assert "readonly exitCode: number" in shown
