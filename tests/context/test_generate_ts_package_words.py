"""Generate mode in TypeScript (issue 15): the members of a module imported whole named by a part of the body's name
(effect's channel.ts `withSpan = function() {` calls `tracer.addSpanStackTrace`, which no other code of the file
names) are shown beside the names its neighbours use, for a lambda by the name of the definition holding it (`context/package_words.py`, `LanguageSpec.package_word_members`, `package_word_score`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_at_line, shown_lines

TRACER_TS = (
    "export const currentTime = (): number => 0\n"
    + "".join(f"export const option{i} = (label: string): string => label + {i}\n" for i in range(12))
    + "export const spanTag = (label: string): string => label\n"
    "export const addSpanStackTrace = (options: object): object => options\n"
)
# The neighbours use many helpers of another module.
HELPERS_TS = "".join(
    f"export const helper{i} = (label: string, count: number): string =>\n  label.repeat(count + {i})\n"
    for i in range(20)
)
# As effect writes it: an overloaded `withSpan` whose body is a function expression, no function of the index
# around the body; another definition uses `tracer` already, so the import waits for no body.
CHANNEL_TS = (
    'import * as helpers from "./helpers"\n'
    'import * as tracer from "./tracer"\n\n'
    "export const before = (n: number): string =>\n"
    + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(10))
    + "  String(tracer.currentTime())\n\n"
    "export const withSpan: {\n"
    "  (name: string): (self: string) => string\n"
    "  (self: string, name: string): string\n"
    "} = function() {\n"
    "  \n"
    "}\n\n"
    "export const after = (n: number): string =>\n"
    + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(10, 20))
    + '  ""\n'
)
BUDGET = 500


def test_the_members_named_by_the_name_holding_a_function_expression_are_shown(tmp_path: Path) -> None:
    ctx = pack_at_line(
        tmp_path,
        {"tracer.ts": TRACER_TS, "helpers.ts": HELPERS_TS, "channel.ts": CHANNEL_TS},
        "channel.ts",
        "  ",
        BUDGET,
    )
    shown = shown_lines(ctx, "tracer.ts", TRACER_TS)
    assert "export const addSpanStackTrace = (options: object): object => options" in shown
    # The module's other members: named by no part of `withSpan`.
    assert not any(line.startswith("export const option") for line in shown)
