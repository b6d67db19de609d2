"""Generate mode: the variants of the unions the body's header names, inside type arguments too (`Either<R,
L>` of `self: ReadonlyRecord<K, Either<R, L>>`, `Option.Option<B>` of a callback's result): each variant's
fields and the type guards of the union's module narrowing to one (`isRight: (self: Either<R, L>) => self is
Right<L, R>`). A body handed a union narrows it before it reads it (`Either.isRight(e) ? e.right : ...`), and
no declaration of a parameter says which variant's members it reads."""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import CLASS_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import NAMES, Build
from .weights import UNION_GUARD, UNION_VARIANT_FIELD

# The names of the headers tried (as `signature.py` tries).
MAX_NAMES = 40
# A union of more variants is a grammar's node type (`type AST = Declaration | Literal | ...`), read through
# a discriminant, one variant at a time, not narrowed by a guard per variant.
MAX_VARIANTS = 4


def union_variants(build: Build, header: str, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the fields of the variants of the small unions the
    `header` (the lines of the headers around the body) names and their modules' type guards; what each key
    leads to."""
    index, view = build.index, build.view
    spec = BY_NAME.get(index.language)
    if spec is None or spec.type_guard is None:
        return {}
    scope = build.target or build.scope
    refs = dict.fromkeys(
        f"{plain}.{member}" if member else plain
        for plain, member in NAMES.findall(spec.parameters_part(header))
    )
    resolved: dict[str, Target] = {}
    for ref in list(refs)[:MAX_NAMES]:
        plain = ref.partition(".")[0]
        if plain in spec.keywords or build.resolver.inference.binds_locally(index, view.raw, scope, plain):
            continue  # a parameter: its declared type is read by `signature.py`
        for alias in build.resolver.resolve(index, scope, ref):
            union = alias.symbol
            if union is None or union.kind is not SymbolKind.TYPE_PARAMETER:
                continue
            if not spec.alias_is_union(union.signature):
                continue
            variants = _variants(build, alias)
            if not 2 <= len(variants) <= MAX_VARIANTS:
                continue
            for where, variant in variants:
                for child in variant.children:
                    field = where.by_id.get(child)
                    if field is not None and field.kind is SymbolKind.FIELD:
                        key = f"definition:{where.path}:{field.id}"
                        resolved[key] = Target(where.path, field)
                        scores[key] += UNION_VARIANT_FIELD
            _guards(build, alias, {v.name for _w, v in variants}, resolved, scores)
    return resolved


def _variants(build: Build, alias: Target) -> list[tuple[FileIndex, SymbolNode]]:
    """The classes and interfaces the union `alias` names, resolved in its own file (its type parameters
    and the types it names inside type arguments are no variants)."""
    union = alias.symbol
    where = build.memory.file(alias.path)
    if union is None or where is None:
        return []
    scope = where.by_id.get(union.parent) if union.parent is not None else None
    found: dict[str, tuple[FileIndex, SymbolNode]] = {}
    for ref in union.refs:
        if ref.startswith("."):
            continue
        for named in build.resolver.resolve(where, scope or where.symbols[0], ref):
            variant = named.symbol
            variant_index = build.memory.file(named.path) if variant is not None else None
            if variant is not None and variant_index is not None and variant.kind in CLASS_KINDS:
                found.setdefault(variant.id, (variant_index, variant))
    return list(found.values())


def _guards(
    build: Build, alias: Target, variants: set[str], resolved: dict[str, Target], scores: Counter[str]
) -> None:
    """Score the top-level functions of the union's module whose declared result narrows to one of
    `variants` (the language's `type_guard` of their signature)."""
    module = build.memory.file(alias.path)
    spec = BY_NAME.get(module.language) if module is not None else None
    if module is None or spec is None or spec.type_guard is None:
        return
    for s in module.symbols[1:]:
        if s.parent != module.module_id:
            continue
        found = spec.type_guard.search(s.signature)
        if found is not None and found.group(1) in variants:
            key = f"definition:{alias.path}:{s.id}"
            resolved[key] = Target(alias.path, s)
            scores[key] += UNION_GUARD
