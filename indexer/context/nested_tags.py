"""Generate mode's reading of the structs declared inside a parameter's struct, where the language gives such a tag
file scope (C): the inner struct is no member of the outer, but it is what the outer's fields hold.

`struct sqlite3_index_info { struct sqlite3_index_constraint {...} *aConstraint; ...; struct
sqlite3_index_constraint_usage { int argvIndex; unsigned char omit; } *aConstraintUsage; ... }`: a body given the
outer (`xBestIndex(sqlite3_vtab *tab, sqlite3_index_info *pIdxInfo)`) reads the inner ones' fields through it
(`pIdxInfo->aConstraintUsage[i].argvIndex`, `pConstraint->op`) as it reads the outer's own. Each is offered as a
member of a parameter's struct is (`signature.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .tables import top_level
from .weights import MEMBER_REACHED_NEAR, SIGNATURE_MEMBER

# The fields taken of one inner struct, as of a parameter's struct (`signature.MAX_MEMBERS`).
MAX_FIELDS = 24


def nested_struct_fields(
    build: Build, held: Iterable[tuple[FileIndex, SymbolNode]], reached: set[str], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the fields of the structs declared inside the `held`
    structs (more for a name the neighbouring functions reach for, `reached`); what each key leads to."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or SymbolKind.STRUCT not in spec.file_scope_nested_kinds:
        return {}
    resolved: dict[str, Target] = {}
    for owner_index, owner in held:
        for inner in _declared_inside(owner_index, owner):
            fields = [
                f for c in inner.children if (f := owner_index.by_id.get(c)) and f.kind is SymbolKind.FIELD
            ]
            for f in fields[:MAX_FIELDS]:
                key = f"definition:{owner_index.path}:{f.id}"
                if key not in resolved:
                    resolved[key] = Target(owner_index.path, f)
                    scores[key] += SIGNATURE_MEMBER + (MEMBER_REACHED_NEAR if f.name in reached else 0)
    return resolved


@per_version
def _declared_inside(index: FileIndex, owner: SymbolNode) -> tuple[SymbolNode, ...]:
    """The structs of `index` declared in the body of `owner` and given file scope (top-level symbols within
    its span). Kept per file version and struct: a walk over a header's top-level definitions."""
    if owner.kind is not SymbolKind.STRUCT:
        return ()
    return tuple(
        s
        for s in top_level(index)
        if s.kind is SymbolKind.STRUCT and owner.start_byte < s.start_byte and s.end_byte <= owner.end_byte
    )
