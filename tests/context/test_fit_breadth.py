"""What resolves must fit (issue 15): at a tight budget every definition the edited code uses shows at least
the line declaring it before any shows its whole header, imports included, and a function larger than the
window gives its far lines for the declarations those lines name."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import GAP, Packer
from archmem.indexer.workspace import Memory

from .test_pack import _filler, _line_of

# Long generic interfaces, as effect declares its types: each header alone costs some 60 tokens.
_PARAMS = ",\n".join(f"  out P{i} = never" for i in range(12))
_TYPES = "".join(
    f"export interface Shape{k}<\n{_PARAMS}\n> extends Base<P0, P1> {{\n  readonly tag{k}: P0\n}}\n\n"
    for k in range(8)
)
_USES = "\n".join(f"  const s{k}: Shape{k}<number> | undefined = undefined" for k in range(8))


def test_every_interface_used_shows_its_declaring_line_before_any_shows_its_header(tmp_path: Path) -> None:
    (tmp_path / "shapes.ts").write_text("export interface Base<A, B> {\n  readonly a: A\n}\n\n" + _TYPES)
    main = tmp_path / "main.ts"
    main.write_text(
        'import { Shape0, Shape1, Shape2, Shape3, Shape4, Shape5, Shape6, Shape7 } from "./shapes"\n\n'
        + "".join(
            f"function filler{i}(a: number, b: number): number {{\n  return a * {i} + b\n}}\n\n"
            for i in range(60)
        )
        + "export function useAll(n: number): number {\n"
        + _USES
        + "\n  return n\n}\n"
    )
    cursor = _line_of(main, "return n") - 1
    ctx = Packer(Memory.open(tmp_path)).pack("main.ts", cursor, 2, budget=400, mode="edit")
    assert ctx.tokens <= 400
    shapes = tmp_path / "shapes.ts"
    shown = ctx.included_lines("shapes.ts")
    declared = [_line_of(shapes, f"export interface Shape{k}<") for k in range(8)]
    # Eight headers of 14 lines do not fit in what the window leaves; eight declaring lines do.
    assert all(line in shown for line in declared), ctx.ledger()
    assert not all(set(range(line, line + 14)) <= shown for line in declared), ctx.ledger()
    # The import line binding them in the edited file too.
    assert 1 in ctx.included_lines("main.ts"), ctx.ledger()


_CALLBACKS = "".join(
    f"static void text_op_{i}(sqlite3_context *context, int argc, sqlite3_value **argv) {{\n"
    f"    sqlite3_result_int(context, argc + {i});\n}}\n\n"
    for i in range(24)
)
_REGISTRATIONS = "".join(
    f'    sqlite3_create_function(db, "text_op_{i}", -1, flags, 0, text_op_{i}, 0, 0);\n' for i in range(24)
)


def test_a_registration_function_larger_than_the_window_shows_every_callback_it_names(tmp_path: Path) -> None:
    """sqlean-text.c's `text_init`: the callbacks named far from the cursor are what the edit may touch."""
    source = tmp_path / "text.c"
    source.write_text(
        "typedef struct sqlite3 sqlite3;\n\n"
        + _CALLBACKS
        + _filler(40, "c")
        + "int text_init(sqlite3 *db) {\n    int flags = 1;\n"
        + _REGISTRATIONS
        + "    return 0;\n}\n"
    )
    cursor = _line_of(source, "return 0;") - 1
    ctx = Packer(Memory.open(tmp_path)).pack("text.c", cursor, 4, budget=1024, mode="edit")
    assert ctx.tokens <= 1024
    shown = ctx.included_lines("text.c")
    callbacks = [_line_of(source, f"static void text_op_{i}(") for i in range(24)]
    missing = [i for i, line in enumerate(callbacks) if line not in shown]
    assert not missing, (missing, ctx.ledger())
    # The cursor's own line stays; the region's far lines became a gap marker to make the room.
    assert cursor + 1 in shown
    window = next(s for s in ctx.sections if s.kind == "window")
    first = _line_of(source, 'sqlite3_create_function(db, "text_op_0"')
    assert first not in window.included_lines, ctx.ledger()
    assert GAP in ctx.text.split("(the code being edited")[1], ctx.text
