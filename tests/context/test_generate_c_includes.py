"""Generate mode in C: the file's `#include` lines follow the predictions (issue 15). In a file of many parts in a
row, each opening with its includes (sqlean's extensions), the include lines took ~300 tokens of every prompt
before any predicted name; an include line is now shown just before the first predicted definition of the file
it includes, and the system headers' lines, which reach nothing shown, after every prediction."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

API_H = "".join(f"int api_call{i}(int x, int y);\n" for i in range(40))
SYSTEM = "#include <assert.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"


def _part(i: int) -> str:
    # One extension of the file: its includes, then two functions calling the API.
    return (
        SYSTEM
        + '#include "api.h"\n\n'
        + f"static int part{i}_a(int x) {{\n    return api_call{4 * i}(x, {i}) + api_call{4 * i + 1}(x, 1);\n}}\n\n"
        + f"static int part{i}_b(int x) {{\n    return api_call{4 * i + 2}(x, {i}) + api_call{4 * i + 3}(x, 2);\n}}\n\n"
    )


BODY = "static int part9_c(int x) {"
FILE = "".join(_part(i) for i in range(10)) + BODY + "\n    return 0;\n}\n"


def test_include_lines_follow_the_predicted_names(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, {"api.h": API_H, "all.c": FILE}, "all.c", BODY, budget=300)
    lines = FILE.splitlines()
    # The names the body's neighbours call are shown; 50 include lines before them would have taken the budget.
    wanted = ["int api_call36(int x, int y);", "int api_call37(int x, int y);"]
    assert not missing_lines(ctx, "api.h", API_H, wanted), ctx.ledger()
    # The API header's include line nearest above the body came with them; the system headers' lines, which reach
    # nothing shown, wait after every prediction (the file's first ones fill what is left, in the file's order).
    shown = ctx.included_lines("all.c")
    nearest = max(n for n, line in enumerate(lines, 1) if line == '#include "api.h"')
    assert nearest in shown, ctx.ledger()
    assert (
        not {n for n, line in enumerate(lines, 1) if line == "#include <stdio.h>" and n > nearest - 20}
        & shown
    )
