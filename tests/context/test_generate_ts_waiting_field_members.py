"""Generate mode in TypeScript (issue 15): a method of a class is shown the members of its fields' types (declared in
other files) that the class calls some of through the field and not yet the others (`context/waiting_field_members.py`):
effect's `FiberRuntime` calls `this.currentScheduler.scheduleTask` in one method, and its run loop is where
`this.currentScheduler.shouldYield` is called. A field's type of many members offers none; a field nothing calls
through offers the members of a type of at most two; a field declared `name!: Type` holds that type."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

SCHEDULER_TS = (
    "export interface Scheduler {\n"
    "  scheduleTask(task: () => void, priority: number): void\n"
    "  shouldYield(fiber: unknown): number | false\n"
    "}\n"
)
TRACER_TS = "export interface Tracer {\n  context<X>(f: () => X, fiber: unknown): X\n}\n"
BIG_TS = "export interface Big {\n" + "".join(f"  step{i}(n: number): number\n" for i in range(10)) + "}\n"
# A class of many members (no small class's rule reads its fields), the body being written its run loop.
FIBER_TS = (
    'import type { Scheduler } from "./scheduler"\n'
    'import type { Tracer } from "./tracer"\n'
    'import type { Big } from "./big"\n\n'
    "export class Fiber {\n"
    "  public currentScheduler!: Scheduler\n"
    "  public currentTracer!: Tracer\n"
    "  public big!: Big\n"
    "  public count = 0\n\n"
    + "".join(
        f"  tick{i}(): number {{\n    this.count += {i}\n    return this.count\n  }}\n\n" for i in range(20)
    )
    + "  start(): void {\n"
    "    this.currentScheduler.scheduleTask(() => this.runLoop(), 0)\n"
    "    this.big.step0(this.count)\n"
    "  }\n\n"
    "  runLoop(): number {\n"
    "    \n"
    "  }\n"
    "}\n"
)
BUDGET = 600


def _packer(tmp_path: Path) -> Packer:
    write_tree(
        tmp_path,
        {"scheduler.ts": SCHEDULER_TS, "tracer.ts": TRACER_TS, "big.ts": BIG_TS, "fiber.ts": FIBER_TS},
    )
    return Packer(Memory.open(tmp_path))


def _shown(packer: Packer, fiber: str = FIBER_TS) -> set[str]:
    cursor = fiber.splitlines().index("    ")
    ctx = packer.pack("fiber.ts", cursor, 8, budget=BUDGET, mode="generate")
    assert ctx.tokens <= BUDGET
    return {
        line.strip()
        for path in ("scheduler.ts", "tracer.ts", "big.ts", "other.ts")
        for line in (
            (packer.memory.text(path) or b"").decode().splitlines()[n - 1] for n in ctx.included_lines(path)
        )
    }


def test_a_method_is_shown_what_its_fields_types_offer_that_the_class_does_not_call_yet(
    tmp_path: Path,
) -> None:
    shown = _shown(_packer(tmp_path))
    assert "shouldYield(fiber: unknown): number | false" in shown
    # A field nothing calls through yet, of a type of one member: the body may be its first user.
    assert "context<X>(f: () => X, fiber: unknown): X" in shown
    # A type of ten members is not one class's to use whole.
    assert not any(line.startswith(("step1(", "step2(", "step9(")) for line in shown)


def test_a_fields_type_is_read_anew_after_its_file_changes(tmp_path: Path) -> None:
    """The methods of the types the fields hold are kept per memory: a method added to the scheduler's interface
    is offered at the next packing."""
    packer = _packer(tmp_path)
    assert "yieldNow(fiber: unknown): void" not in _shown(packer)
    added = SCHEDULER_TS.replace("}\n", "  yieldNow(fiber: unknown): void\n}\n")
    write_tree(tmp_path, {"scheduler.ts": added})
    packer.memory.refresh_paths(["scheduler.ts"])
    assert "yieldNow(fiber: unknown): void" in _shown(packer)


def test_a_fields_type_follows_an_edit_of_the_import_naming_it(tmp_path: Path) -> None:
    """The kept methods are the type's the field's name leads to through the file's imports: an edit of the import
    line alone (the field's declaration and every other file unchanged) leads the field to another module's type."""
    other = "export interface Scheduler {\n  pauseAll(reason: string): void\n}\n"
    write_tree(tmp_path, {"other.ts": other})
    packer = _packer(tmp_path)
    assert "shouldYield(fiber: unknown): number | false" in _shown(packer)
    moved = FIBER_TS.replace('from "./scheduler"', 'from "./other"')
    packer.memory.set_document(str(tmp_path / "fiber.ts"), moved)
    cursor = moved.splitlines().index("    ")
    ctx = packer.pack("fiber.ts", cursor, 8, budget=BUDGET, mode="generate")
    shown = {other.splitlines()[n - 1].strip() for n in ctx.included_lines("other.ts")}
    assert "pauseAll(reason: string): void" in shown


def test_a_fields_type_follows_an_edit_of_a_same_file_alias(tmp_path: Path) -> None:
    """The type a field's declaration names may be defined in the body's own file and lead on to another file's
    (`type Scheduler = S.Scheduler`): an edit of that alias alone (the field's declaration, the imports and every
    other file unchanged) leads the field to the other type, whose methods the next packing offers."""
    other = "export interface Scheduler {\n  pauseAll(reason: string): void\n}\n"
    aliased = FIBER_TS.replace(
        'import type { Scheduler } from "./scheduler"\n',
        'import * as S from "./scheduler"\nimport * as O from "./other"\n\ntype Scheduler = S.Scheduler\n',
    )
    write_tree(tmp_path, {"other.ts": other})
    packer = _packer(tmp_path)
    path = str(tmp_path / "fiber.ts")
    packer.memory.set_document(path, aliased)
    assert "shouldYield(fiber: unknown): number | false" in _shown(packer, aliased)
    moved = aliased.replace("type Scheduler = S.Scheduler", "type Scheduler = O.Scheduler")
    packer.memory.set_document(path, moved)
    shown = _shown(packer, moved)
    assert "pauseAll(reason: string): void" in shown
    assert "shouldYield(fiber: unknown): number | false" not in shown


def test_a_fields_type_follows_an_edit_of_the_name_an_import_binds_it_to(tmp_path: Path) -> None:
    """`import type { Pausing as Scheduler }` binds the same name from the same module as `import type { Scheduler }`
    does, to another type: the next packing offers that type's methods."""
    packer = _packer(tmp_path)
    pausing = "export interface Pausing {\n  pauseAll(reason: string): void\n}\n"
    write_tree(tmp_path, {"scheduler.ts": SCHEDULER_TS + pausing})
    packer.memory.refresh_paths(["scheduler.ts"])
    assert "shouldYield(fiber: unknown): number | false" in _shown(packer)
    renamed = FIBER_TS.replace("import type { Scheduler }", "import type { Pausing as Scheduler }")
    packer.memory.set_document(str(tmp_path / "fiber.ts"), renamed)
    shown = _shown(packer, renamed)
    assert "pauseAll(reason: string): void" in shown
    assert "shouldYield(fiber: unknown): number | false" not in shown
