"""Generate mode in C ranks a parameter's fields by what the functions shaped like the body in the program's other
files reach: a virtual table's `xBestIndex` sets `idxNum` and `estimatedCost` as another module's `xBestIndex`
does, while its neighbours (the cursor's methods) reach another struct's fields (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

# The library's header: a planner's struct of many fields, of which a best-index function sets two.
VTAB_H = (
    "typedef struct vtab vtab;\n"
    "typedef struct index_info index_info;\n"
    "struct vtab { int nRef; };\n"
    "struct index_info {\n"
    + "".join(f"  int a{i};\n" for i in range(20))
    + "  int idxNum;\n  double estimatedCost;\n};\n"
)


def _cursor_functions(count: int) -> str:
    # The cursor's methods: the body's neighbours, reaching the cursor's fields only.
    return "".join(
        f"static int cursor_step{i}(cursor *cur, int n) {{\n"
        f"    cur->row += n * {i};\n    cur->eof = cur->row > cur->limit;\n    return cur->eof;\n}}\n\n"
        for i in range(count)
    )


CURSOR = "typedef struct cursor { int row; int eof; int limit; } cursor;\n\n"

# Another module of the program: its best-index function sets the plan's number and cost.
CSV_C = (
    '#include "vtab.h"\n\n' + CURSOR + "static int csv_best_index(vtab *tab, index_info *info) {\n"
    "    info->idxNum = tab->nRef;\n    info->estimatedCost = 10.0;\n    return 0;\n}\n\n"
    + _cursor_functions(4)
)

MOD_C = (
    '#include "vtab.h"\n\n'
    + CURSOR
    + _cursor_functions(8)
    + "static int mod_best_index(vtab *tab, index_info *info) {\n    return 0;\n}\n\n"
    + _cursor_functions(4).replace("cursor_step", "cursor_next")
)


def test_the_fields_a_function_shaped_like_the_body_sets_are_predicted(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"vtab.h": VTAB_H, "csv.c": CSV_C, "mod.c": MOD_C},
        "mod.c",
        "static int mod_best_index(vtab *tab, index_info *info) {",
        budget=400,
    )
    assert not missing_lines(ctx, "vtab.h", VTAB_H, ["  int idxNum;", "  double estimatedCost;"]), (
        ctx.ledger()
    )
