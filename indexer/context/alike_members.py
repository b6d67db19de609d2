"""Generate mode's reading of the members the functions shaped like the body reach: a parameter's struct is read
through the fields its other users read.

A virtual table's `xBestIndex(sqlite3_vtab *tab, sqlite3_index_info *pIdxInfo)` sets `pIdxInfo->idxNum` and
`estimatedCost` and reads each constraint's `op` and `usable`, as every other `xBestIndex` of the program does,
in its own file or another; its neighbours (`xOpen`, `xFilter`) reach other structs. The members of the
header's types (`signature.py`) are ranked by what the near neighbours reach; those the functions likest the
body reach (`similar.py` in the file, `elsewhere.py` in the program's other files) rank as high.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..records import SymbolKind, SymbolNode
from ..resolve import descendants
from ..target import Target
from .build import Build
from .weights import MEMBER_REACHED_NEAR


def alike_members(
    build: Build,
    alike: Iterable[tuple[SymbolNode, int]],
    reached: set[str],
    resolved: dict[str, Target],
    scores: Counter[str],
) -> None:
    """Add MEMBER_REACHED_NEAR to the `definition:` keys of the fields in `resolved` that the `alike` functions
    of the file (with what they nest) or those of other files (their member names, `reached`) reach."""
    index = build.index
    names = set(reached)
    for s, _weight in alike:
        names.update(
            ref.rpartition(".")[2] for d in [s, *descendants(index, s)] for ref in d.refs if "." in ref
        )
    if not names:
        return
    for key, target in resolved.items():
        member = target.symbol
        if member is not None and member.kind is SymbolKind.FIELD and member.name in names:
            scores[key] += MEMBER_REACHED_NEAR
