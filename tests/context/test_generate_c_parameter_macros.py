"""Generate mode in C offers the macros a file writes as shorthand for a parameter's members (`#define Fecode
F->ecode` in PCRE2's matcher) to a body whose header binds that parameter (`do_callout(heapframe *F, ...)`),
not the file's other macros of the kind, written for another name (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body


def _users(prefix: str, param: str, macros: list[str]) -> str:
    # `param` is "frame *F": the parameter the macros reach through.
    # One function per macro, each using it once: as much a use of the frame's macros as of the others.
    return "".join(
        f"static int {prefix}{i}({param}, int n) {{\n    return {name} + n * {i};\n}}\n\n"
        for i, name in enumerate(macros)
    )


FRAME = [f"Ff{i}" for i in range(6)]
OTHER = [f"Oo{i}" for i in range(24)]

MATCH_C = (
    "typedef struct frame { " + " ".join(f"int f{i};" for i in range(6)) + " } frame;\n"
    "typedef struct other { "
    + " ".join(f"int o{i};" for i in range(24))
    + " } other;\n\n"
    + "".join(f"#define {name} F->f{i}\n" for i, name in enumerate(FRAME))
    + "".join(f"#define {name} O->o{i}\n" for i, name in enumerate(OTHER))
    + "\n"
    + _users("other_use", "other *O", OTHER)
    + "static int frame_step(frame *F, int n) {\n    return n;\n}\n\n"
    + _users("filler", "int *Q", ["n"] * 6)
    + _users("frame_use", "frame *F", FRAME)
)


def test_the_macros_over_a_parameter_of_the_body_are_predicted(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path, {"match.c": MATCH_C}, "match.c", "static int frame_step(frame *F, int n) {", budget=500
    )
    wanted = [f"#define {name} F->f{i}" for i, name in enumerate(FRAME)]
    assert not missing_lines(ctx, "match.c", MATCH_C, wanted), ctx.ledger()
