"""Generate mode in TypeScript (issue 15): a body nested in a long function is written like the rest of that
function (effect's ParseResult `go`: each parser lambda ends `return Effect.void`), which the window does not show
when the function is long: the names the rest of it uses are offered (`context/enclosing_uses.py`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_OPS = [f"op{i}" for i in range(30)]
EFFECT_TS = "export const unit: number = 0\n\n" + "".join(
    f"export const {op} = (n: number): number => n\n\n" for op in _OPS
)
# The file's other functions call the module's many other members; `go`'s first parsers end with `Effect.unit`,
# far above the one to write (a long run of the function's own steps between).
PARSE_TS = (
    'import * as Effect from "./Effect"\n\n'
    + "".join(
        f"export const use{i} = (n: number): number => {{\n"
        + "".join(f"  Effect.{op}(n)\n" for op in _OPS[i : i + 12])
        + "  return n\n}\n\n"
        for i in range(0, 18, 3)
    )
    + "const go = (input: number): number => {\n  const queue: Array<(n: number) => number> = []\n"
    + "  queue.push((n: number) => {\n    return Effect.unit + n\n  })\n" * 2
    + "".join(f"  input = input + {i}\n" for i in range(150))
    + "  queue.push((n: number) => {\n      \n  })\n"
    + "  return queue.length\n}\n"
)


def test_a_nested_body_is_offered_what_the_rest_of_its_function_uses(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Effect.ts": EFFECT_TS, "parse.ts": PARSE_TS})
    ctx = _pack_generate(tmp_path, "parse.ts", PARSE_TS, "      ", budget=400)
    assert _line_of(EFFECT_TS, "export const unit") in ctx.included_lines("Effect.ts"), ctx.ledger()
