"""Generate mode in TypeScript (issue 15): a function expression handed to a callee declaring its `this` (effect's
core.ts, `custom(resume, function() {` reading `this.effect_instruction_i0` of `custom`'s `body: (this: {
effect_instruction_i0: X }) => ...`) is shown the callee's header lines declaring it, a type literal no symbol stands
for (`context/callback_this.py`, `LanguageSpec.function_callback`, `LanguageSpec.callback_this`); an arrow function
handed the same way is not (an arrow's `this` is its enclosing one)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_at_line, shown_lines

# The neighbours use many helpers of another module, each shown before the callee's second header line would be.
from .test_generate_ts_small_face_methods import HELPERS_TS

_THIS_LINE = "<X, A>(i0: X, body: (this: { effect_instruction_i0: X }) => A): A"


def _core_ts(handed: str) -> str:
    return (
        'import * as helpers from "./helpers"\n\n'
        "export const before = (n: number): string =>\n"
        + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(20))
        + '  ""\n\n'
        "export const async_ = <A>(resume: number): A => {\n"
        f"  return custom(resume, {handed} {{\n"
        "    \n"
        "  })\n"
        "}\n\n"
        "export const after = (n: number): string =>\n"
        + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(20, 40))
        + '  ""\n\n'
        "export const custom: {\n"
        f"  {_THIS_LINE}\n"
        "  <X, Y, A>(i0: X, i1: Y, body: (this: { effect_instruction_i0: X; effect_instruction_i1: Y }) => A): A\n"
        "} = function(this: unknown): any {\n"
        "  return helpers.helper3(String(arguments.length), 1)\n"
        "}\n"
    )


def _shown(tmp_path: Path, handed: str) -> set[str]:
    core = _core_ts(handed)
    ctx = pack_at_line(tmp_path, {"helpers.ts": HELPERS_TS, "core.ts": core}, "core.ts", "    ", 300)
    return shown_lines(ctx, "core.ts", core)


def test_the_callees_header_declaring_a_function_expressions_this_is_shown(tmp_path: Path) -> None:
    assert _THIS_LINE in _shown(tmp_path, "function()")


def test_an_arrow_functions_callee_header_is_not_read_for_its_this(tmp_path: Path) -> None:
    assert _THIS_LINE not in _shown(tmp_path, "() =>")
