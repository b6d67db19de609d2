"""The edited region degrades before a dependency does (issue 15, "Budget spent on the edited region"):
when the code around the cursor crowds the budget, its far lines become a gap marker and the definitions
used at the cursor keep their headers."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import GAP, Packer
from archmem.indexer.workspace import Memory

_HELPERS = "".join(
    f"def helper_{i}(alpha: int, beta: int, gamma: int, delta: int, epsilon: int) -> int:\n"
    f"    return alpha + beta + {i}\n\n\n"
    for i in range(40)
)
_STEPS = "".join(f"    step_{i} = helper_{i}(x, {i}, 2, 3, 4)\n" for i in range(40))
SOURCE = (
    "def compute_final(\n    total: int,\n    limit: int,\n    scale: float,\n) -> float:\n"
    "    return min(total, limit) * scale\n\n\n"
    + _HELPERS
    + "def long_function(x: int) -> float:\n"
    + "    limit = 10 * x\n"
    + _STEPS
    + "    return compute_final(step_39, limit, 0.5)\n"
)


def test_far_lines_of_a_long_function_give_way_to_what_the_cursor_uses(tmp_path: Path) -> None:
    (tmp_path / "region.py").write_text(SOURCE)
    lines = SOURCE.splitlines()
    cursor = lines.index("    return compute_final(step_39, limit, 0.5)")
    ctx = Packer(Memory.open(tmp_path)).pack("region.py", cursor, 4, budget=512, mode="edit")
    assert ctx.tokens <= 512
    shown = ctx.included_lines("region.py")
    # The dependency used at the cursor keeps its header (the whole multi-line signature)...
    assert {1, 2, 3, 4, 5} <= shown, ctx.ledger()
    # ...and `limit`, bound at the top of the function, stays next to its use.
    assert lines.index("    limit = 10 * x") + 1 in shown, ctx.ledger()
    # The lines far from the cursor were given up for it: a gap stands for them inside the window.
    window = next(s for s in ctx.sections if s.kind == "window")
    first_step = lines.index("    step_0 = helper_0(x, 0, 2, 3, 4)") + 1
    assert cursor + 1 in window.included_lines and first_step not in shown, ctx.ledger()
    tail = ctx.text.split("(the code being edited")[1]
    assert GAP in tail.split("step_39")[0], ctx.text


def test_a_region_that_leaves_room_is_shown_whole(tmp_path: Path) -> None:
    """At a budget the region does not crowd, nothing of it is cut."""
    (tmp_path / "region.py").write_text(SOURCE)
    lines = SOURCE.splitlines()
    cursor = lines.index("    return compute_final(step_39, limit, 0.5)")
    ctx = Packer(Memory.open(tmp_path)).pack("region.py", cursor, 4, budget=8192, mode="edit")
    shown = ctx.included_lines("region.py")
    start = lines.index("def long_function(x: int) -> float:") + 1
    assert set(range(start, cursor + 2)) <= shown, ctx.ledger()
