"""Generate mode in TypeScript (issue 15): a lambda's parameter typed by the callee it is passed to (effect's
`fiberRefModify = ... withFiberRuntime((state) => {`, `state: FiberRuntime`, a class of some eighty members) is shown
the members sharing words with the definition holding the lambda (`state.getFiberRef`, `state.setFiberRef`), as a
named function's parameters are by its own name (`context/signature.py`, `LanguageSpec.lambda_named_by_scope`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_at_line, shown_lines

# More members than a packing takes from one class, the two the body calls last.
RUNTIME_TS = (
    "export class Runtime {\n"
    + "".join(f"  member{i}(count: number): number {{\n    return count + {i}\n  }}\n" for i in range(30))
    + "  getFiberRef(key: string): number {\n    return key.length\n  }\n"
    "  setFiberRef(key: string, value: number): void {\n    this.member1(value + key.length)\n  }\n"
    "}\n\n"
    "export const withRuntime = (f: (runtime: Runtime, status: number) => number): number =>\n"
    "  f(new Runtime(), 0)\n"
)
# As effect writes it: the lambda inside a lambda handed to `dual`, no function of the index around the body.
CORE_TS = (
    'import { withRuntime } from "./runtime"\n\n'
    "export const dual = <F>(arity: number, body: F): F => body\n\n"
    "export const fiberRefModify = dual(2, (key: string, f: (a: number) => number): number =>\n"
    "  withRuntime((state) => {\n"
    "    \n"
    "  }))\n"
)
BUDGET = 400


def test_a_lambdas_parameter_is_shown_the_members_named_like_the_definition_holding_it(
    tmp_path: Path,
) -> None:
    ctx = pack_at_line(tmp_path, {"runtime.ts": RUNTIME_TS, "core.ts": CORE_TS}, "core.ts", "    ", BUDGET)
    shown = shown_lines(ctx, "runtime.ts", RUNTIME_TS)
    assert "setFiberRef(key: string, value: number): void {" in shown
