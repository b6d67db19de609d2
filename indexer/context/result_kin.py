"""Generate mode's reading of the body's result type against the package it comes from: that package's names of
the same kind (ending in the result's name) that no other code of the file names are waiting for the body.

go/parser's `parseElement() ast.Expr` builds `&ast.KeyValueExpr{Key: x, Colon: colon, Value: ...}`; parser.go
names each of ast's expression types it builds in the one function that builds it, so with that body hidden
`ast.KeyValueExpr` is the one `ast.*Expr` nothing names, as a helper nothing calls waits for its caller
(`waiting.py`). Only where at most RESULT_KIN_NAMES such names wait (a file naming few of them says
nothing of which), and the result a package's name (`ast.Expr`, not a type of the file's own package), where the
language asks (`LanguageSpec.result_kin_types`, Go). The names come from the package's rows of the store, as
`package_words.py` reads them.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..languages import BY_NAME
from ..records import SymbolKind
from ..target import Target
from .build import Build
from .members import ref_counts
from .package_words import package_exported
from .signature import header_built_type
from .waiting_imports import import_packages
from .weights import RESULT_KIN, RESULT_KIN_NAMES, SMALL_HELD_FIELDS


def result_kin_types(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score `package.Name` for the names of the result type's package ending in its name that the file's other
    code never names, where at most RESULT_KIN_NAMES do, and a small struct's fields with it (the body builds it
    field by field, as `made_fields.py` reads a built struct); what each `definition:` key leads to."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.result_kin_types:
        return {}
    result = header_built_type(build, target)
    bound, dot, name = (result or "").partition(".")
    package = import_packages(build).get(bound) if dot else None
    if package is None:
        return {}
    counts = ref_counts(index)
    waiting = [
        kin
        for kin in _kin(package_exported(build.memory, spec, package), name)
        if not counts.get(f"{bound}.{kin}")
    ]
    resolved: dict[str, Target] = {}
    if not 0 < len(waiting) <= RESULT_KIN_NAMES:
        return resolved
    for kin in waiting:
        scores[f"{bound}.{kin}"] += RESULT_KIN
        for found in build.resolver.resolve(index, target, f"{bound}.{kin}"):
            where = build.memory.file(found.path) if found.symbol is not None else None
            if where is None or found.symbol is None or found.symbol.kind is not SymbolKind.STRUCT:
                continue
            fields = [c for i in found.symbol.children if (c := where.by_id.get(i)) is not None]
            for field in fields if len(fields) <= SMALL_HELD_FIELDS else ():
                key = f"definition:{found.path}:{field.id}"
                resolved[key] = Target(found.path, field)
                scores[key] += RESULT_KIN
    return resolved


@lru_cache(maxsize=256)
def _kin(names: tuple[str, ...], name: str) -> tuple[str, ...]:
    """The names of `names` ending in `name` (`KeyValueExpr` for `Expr`), `name` itself not."""
    return tuple(n for n in names if n.endswith(name) and n != name)
