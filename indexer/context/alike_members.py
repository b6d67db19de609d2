"""Generate mode's reading of the members the functions shaped like the body in the program's other files reach: a
parameter's struct is read through the fields its other users read.

A virtual table's `xBestIndex(sqlite3_vtab *tab, sqlite3_index_info *pIdxInfo)` sets `pIdxInfo->idxNum` and
`estimatedCost` and reads each constraint's `op` and `usable`, as every other module's `xBestIndex` does; its
neighbours (`xOpen`, `xFilter`) reach other structs. The members of the header's types (`signature.py`) are
ranked by what the near neighbours reach; those the functions likest the body in the other files reach
(`elsewhere.py`: their member names) rank as high. The likest functions of the body's own file need no such
step: their members are resolved in their own scope (`siblings.py`).
"""

from __future__ import annotations

from collections import Counter

from ..records import SymbolKind
from ..target import Target
from .weights import MEMBER_REACHED_NEAR


def alike_members(reached: set[str], resolved: dict[str, Target], scores: Counter[str]) -> None:
    """Add MEMBER_REACHED_NEAR to the `definition:` keys of the fields in `resolved` whose names the functions
    likest the body in other files reach (`reached`)."""
    if not reached:
        return
    for key, target in resolved.items():
        member = target.symbol
        if member is not None and member.kind is SymbolKind.FIELD and member.name in reached:
            scores[key] += MEMBER_REACHED_NEAR
