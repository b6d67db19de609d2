"""Generate mode in TypeScript (issue 15): a module imported whole that no code of the file uses but the body
being written (effect's layer.ts imports `Clock` for `retryUpdate` alone) says the body calls its members, those
the most files importing it mention first (`Clock.currentTimeMillis`, `Clock.sleep`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_QUIET = [f"quiet{i}" for i in range(20)]
CLOCK_TS = (
    "export const sleep = (millis: number): Promise<void> => new Promise((r) => setTimeout(r, millis))\n\n"
    "export const currentTimeMillis = (): number => Date.now()\n\n"
    + "".join(f"export const {name} = (n: number): number => n + {i}\n\n" for i, name in enumerate(_QUIET))
)
# Two other modules of the workspace, each reaching for the clock's two members.
USERS = {
    f"user{i}.ts": 'import * as Clock from "./Clock"\n\n'
    f"export const wait{i} = (): Promise<void> => Clock.sleep(Clock.currentTimeMillis() % 10)\n"
    for i in range(2)
}
# The file the body is written in: its other functions never touch the clock.
LAYER_TS = (
    'import * as Clock from "./Clock"\nimport * as Util from "./util"\n\n'
    + "".join(f"export const step{i} = (n: number): number => Util.twice(n) + {i}\n\n" for i in range(6))
    + "export const retryUpdate = async (n: number): Promise<number> => {\n  \n}\n"
)
UTIL_TS = "export const twice = (n: number): number => 2 * n\n"


def test_an_import_only_the_body_uses_offers_the_members_other_files_use(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Clock.ts": CLOCK_TS, "util.ts": UTIL_TS, "layer.ts": LAYER_TS, **USERS})
    ctx = _pack_generate(tmp_path, "layer.ts", LAYER_TS, "  ", budget=400)
    shown = ctx.included_lines("Clock.ts")
    assert _line_of(CLOCK_TS, "export const sleep ") in shown, ctx.text
    assert _line_of(CLOCK_TS, "export const currentTimeMillis ") in shown, ctx.text
