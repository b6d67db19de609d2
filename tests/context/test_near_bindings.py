"""The packer keeps the bindings just above the window: a local of the function around the code being edited
that the plain window before the cursor would show (issue 15)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

# Effect's `Context.Tag` shape (effect 3.12.0, Effect.ts): an anonymous function binds `creationError`; an
# object literal's getter far below it (below the window's reach) reads it.
_FILLER = "".join(
    f"    const step{i} = compute({i}, id, proxy)\n    record(step{i}, 'tag {i}')\n" for i in range(150)
)
SOURCE = (
    "export const Service = function() {\n"
    "  return function() {\n"
    "    const [id, maker] = arguments\n"
    '    const proxy = "accessors" in maker ? maker["accessors"] : false\n'
    "    const creationError = new Error()\n" + _FILLER + "    const TagClass: any = {}\n"
    '    Object.defineProperty(TagClass, "stack", {\n'
    "      get() {\n"
    "        return creationError.stack\n"
    "      }\n"
    "    })\n"
    "    return TagClass\n"
    "  }\n"
    "}\n"
)


def test_a_local_bound_above_the_window_is_packed_at_a_tight_budget(tmp_path: Path) -> None:
    path = tmp_path / "service.ts"
    path.write_text(SOURCE)
    lines = SOURCE.splitlines()
    cursor = lines.index("        return creationError.stack")
    binding = lines.index("    const creationError = new Error()") + 1
    ctx = Packer(Memory.open(tmp_path)).pack("service.ts", cursor, 8, budget=512, mode="edit")
    assert ctx.tokens <= 512
    assert binding in ctx.included_lines("service.ts"), ctx.ledger()
    # A definition the code uses, not an outline entry or a lucky slice of the window.
    assert any(s.kind == "definition" and binding in s.included_lines for s in ctx.sections), ctx.ledger()


def test_generate_packs_the_local_bound_just_above_that_nothing_uses_yet(tmp_path: Path) -> None:
    """The getter's body is still to be written: `creationError`, bound just above it and used nowhere yet,
    is what it will most likely return; `maker`, used already, is no such sign."""
    # Forty steps between: the binding some 80 lines above, as in Effect.ts.
    source = SOURCE.replace("".join(_FILLER.splitlines(keepends=True)[80:]), "").replace(
        "        return creationError.stack\n", "        \n"
    )
    path = tmp_path / "service.ts"
    path.write_text(source)
    lines = source.splitlines()
    cursor = lines.index("      get() {") + 1
    ctx = Packer(Memory.open(tmp_path)).pack("service.ts", cursor, 8, budget=512, mode="generate")
    assert ctx.tokens <= 512
    binding = lines.index("    const creationError = new Error()") + 1
    assert any(s.kind == "definition" and binding in s.included_lines for s in ctx.sections), ctx.ledger()
