"""Generate mode in C offers the fields of the structs declared inside a parameter's struct: C gives such a tag
file scope, so it is no member of the outer, but the outer's fields hold it (`pIdxInfo->aConstraintUsage[i]
.argvIndex` in an `xBestIndex(sqlite3_vtab *tab, sqlite3_index_info *pIdxInfo)`) (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

INDEX_H = (
    "typedef struct index_info index_info;\n"
    "struct index_info {\n"
    "  int nConstraint;\n"
    "  struct index_constraint {\n"
    "     int iColumn;\n"
    "     unsigned char op;\n"
    "  } *aConstraint;\n"
    "  struct index_constraint_usage {\n"
    "    int argvIndex;\n"
    "    unsigned char omit;\n"
    "  } *aConstraintUsage;\n"
    "  int idxNum;\n" + "".join(f"  double estimatedCost{i};\n" for i in range(200)) + "};\n"
    # A large struct, shown by the fields the body is likely to read, not in full.
)


def _helpers(count: int) -> str:
    # The file's public functions: arithmetic that names no struct.
    return "".join(f"int vt_step{i}(int x) {{\n    return (x - 1) * {i};\n}}\n\n" for i in range(count))


VTAB_C = (
    '#include "index.h"\n\n'
    + _helpers(40)
    + "int vt_best_index(index_info *pIdxInfo) {\n    return 0;\n}\n\n"
    + _helpers(40).replace("vt_step", "vt_more")
)


def test_the_fields_of_a_struct_declared_in_a_parameters_struct_are_predicted(tmp_path: Path) -> None:
    files = {"index.h": INDEX_H, "vtab.c": VTAB_C}
    ctx = pack_hidden_body(
        tmp_path, files, "vtab.c", "int vt_best_index(index_info *pIdxInfo) {", budget=1024
    )
    inner = ["     int iColumn;", "     unsigned char op;", "    int argvIndex;", "    unsigned char omit;"]
    assert not missing_lines(ctx, "index.h", INDEX_H, inner), ctx.ledger()
