"""Generate mode in TypeScript (issue 15): a lambda handed to a pipe's first step (effect's ParseResult.ts,
`getCurrentMessage(issue).pipe(` then `Effect.flatMap((currentMessage) => {`) reads the value the head call's declared
result wraps (`Effect.Effect<CurrentMessage, E>`): that type's fields are shown (`context/piped_results.py`,
`LanguageSpec.piped_lambda`), and not where the pipe's head is no call."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_at_line, shown_lines

# The neighbours use many helpers of another module, each shown before a handed type's members would be.
from .test_generate_ts_small_face_methods import HELPERS_TS

MESSAGE_TS = (
    "export interface CurrentMessage {\n  readonly message: string\n  readonly override: boolean\n}\n"
)
EFFECT_TS = (
    "export interface Effect<A, E> {\n  readonly _A: A\n  readonly _E: E\n}\n\n"
    "export const flatMap = <A, B, E>(f: (a: A) => Effect<B, E>) => (self: Effect<A, E>): Effect<B, E> => f(self._A)\n"
)


def _format_ts(head: str) -> str:
    return (
        'import * as helpers from "./helpers"\n'
        'import * as Effect from "./effect"\n'
        'import type { CurrentMessage } from "./message"\n\n'
        "export const before = (n: number): string =>\n"
        + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(20))
        + '  ""\n\n'
        "const getCurrentMessage = (issue: string): Effect.Effect<CurrentMessage, string> =>\n"
        "  helpers.helper0(issue, 1) as any\n\n"
        'const current: Effect.Effect<CurrentMessage, string> = getCurrentMessage("")\n\n'
        "export const getMessage = (issue: string): Effect.Effect<string, string> =>\n"
        f"  {head}.pipe(\n"
        "    Effect.flatMap((currentMessage) => {\n"
        "      \n"
        "    })\n"
        "  )\n\n"
        "export const after = (n: number): string =>\n"
        + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(20, 40))
        + '  ""\n'
    )


def _shown(tmp_path: Path, head: str) -> set[str]:
    files = {
        "message.ts": MESSAGE_TS,
        "effect.ts": EFFECT_TS,
        "helpers.ts": HELPERS_TS,
        "format.ts": _format_ts(head),
    }
    ctx = pack_at_line(tmp_path, files, "format.ts", "      ", 400)
    return shown_lines(ctx, "message.ts", MESSAGE_TS)


def test_the_fields_of_what_the_pipes_head_call_returns_are_shown(tmp_path: Path) -> None:
    shown = _shown(tmp_path, "getCurrentMessage(issue)")
    assert {"readonly message: string", "readonly override: boolean"} <= shown, shown


def test_a_pipe_whose_head_is_no_call_is_not_read(tmp_path: Path) -> None:
    shown = _shown(tmp_path, "current")
    assert "readonly override: boolean" not in shown, shown
