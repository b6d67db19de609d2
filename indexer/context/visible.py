"""Generate mode's check of the definitions predicted from other functions' uses: only those the new body's
file can see, where files see each other's names through includes alone (C).

A function elsewhere reaches a name through its own scope: in C through the headers its file includes, or a
macro, static helper or same-named copy defined in that very file (an amalgamation's `sqlite3.c` body of
`sqlite3_value_text`, a `#define c qq[2]` of another extension). The new body's file sees none of those
unless it includes them: what it sees of a name is this file's and its include closure's definitions. Each
definition it cannot see costs the budget a header the body will not use; the declaration it does see (the
`sqlite3.h` prototype) is predicted beside it already.
"""

from __future__ import annotations

from ..languages import BY_NAME
from ..target import Target
from .build import Build


def drop_unseen(build: Build, resolved: dict[str, Target]) -> None:
    """Take out of `resolved` the definitions in files the body's file neither is nor includes, in a
    language whose includes bind no name and whose files share one namespace (C)."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.shared_namespace or spec.imports_bind_names:
        return
    seen = {index.path, *(path for level in build.resolver.include_levels(index) for path in level)}
    for key in [key for key, target in resolved.items() if target.path not in seen]:
        del resolved[key]
