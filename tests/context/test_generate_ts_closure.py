"""Generate mode in TypeScript (issue 15): a function written inside a long one works on its closure: the
locals the functions around it bind before it, in scope at the body (effect's `forEachConcurrentDiscard`:
`const results`, `let interrupted` above `const pushResult = ...`, and the `parent` of the lambda holding them),
are offered; a local of a block closed before the body is not."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

# A long function whose lambdas bind locals, then a nested function to write; its neighbours are long too.
RUN_TS = (
    "export const forEachDiscard = (items: Array<number>, n: number): number =>\n"
    "  withRuntime((parent) => {\n"
    "    let todos = items.slice().reverse()\n"
    "    let interrupted = false\n"
    "    const results = new Array<number>()\n"
    "    if (todos.length === 0) {\n"
    "      const emptyMarker = parent + 1\n"
    "      return emptyMarker\n"
    "    }\n"
    + "".join(
        f"    const step{i} = (k: number): number => {{\n"
        + "".join(f"      todos = todos.concat([k + {j}, parent * {j}])\n" for j in range(8))
        + "      return todos.length\n    }\n"
        for i in range(12)
    )
    + "    const pushResult = (res: number, index: number): void => {\n      \n    }\n"
    "    return pushResult(n, 0) ?? 0\n"
    "  })\n\n"
    "export const withRuntime = (f: (parent: number) => number): number => f(0)\n"
)


def test_the_locals_around_a_nested_body_are_offered(tmp_path: Path) -> None:
    write_tree(tmp_path, {"run.ts": RUN_TS})
    ctx = _pack_generate(tmp_path, "run.ts", RUN_TS, "      ", budget=600)
    shown = ctx.included_lines("run.ts")
    for binding in (
        "  withRuntime((parent) =>",
        "    let interrupted = false",
        "    const results = new Array",
    ):
        assert _line_of(RUN_TS, binding) in shown, (binding, ctx.text)
    assert _line_of(RUN_TS, "      const emptyMarker") not in shown, ctx.text
