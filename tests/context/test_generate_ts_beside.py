"""Generate mode in TypeScript (issue 15): an exported definition just beside the body that no code of the file
uses yet is as likely the body's helper as an unexported one there (ParseResult.ts's `export const isComposite`
just above `getMessage`, which tests `isComposite(issue)`); exports farther away stay the file's API."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_HELPERS = [f"helper{i}" for i in range(24)]
UTIL_TS = "".join(
    f"export const {name} = (n: number): number => n + {i}\n\n" for i, name in enumerate(_HELPERS)
)
# The functions far from the body call the util module's helpers all over, the near ones nothing; an export far
# from the body and one just above it are used nowhere yet.
RESULT_TS = (
    'import * as U from "./util"\n\n'
    'export const isFar = (u: unknown): boolean => typeof u === "string"\n\n'
    + "".join(
        f"export const step{i} = (n: number): number => {{\n"
        + "".join(f"  n = U.{name}(n)\n" for name in _HELPERS[i : i + 12])
        + "  return n\n}\n\n"
        for i in range(0, 12, 2)
    )
    + "".join(f"export const near{i} = (n: number): number => n * {i}\n\n" for i in range(4))
    + 'export const isComposite = (u: unknown): boolean => typeof u === "object"\n\n'
    + "export const getMessage = (issue: unknown): string => {\n  \n}\n"
)


def test_an_unused_export_beside_the_body_is_offered(tmp_path: Path) -> None:
    write_tree(tmp_path, {"util.ts": UTIL_TS, "result.ts": RESULT_TS})
    ctx = _pack_generate(tmp_path, "result.ts", RESULT_TS, "  ", budget=260)
    shown = ctx.included_lines("result.ts")
    assert _line_of(RESULT_TS, "export const isComposite ") in shown, ctx.text
    assert _line_of(RESULT_TS, "export const isFar ") not in shown, ctx.text
