"""Generate mode: what the types the body is handed say it will call and read: the predicates their modules
declare on them (`isZero = (n: BigDecimal): boolean`, `isRight: (self: Either<R, L>) => self is Right<L, R>`),
and, for a small union (in type arguments too: `Either<R, L>` of `self: ReadonlyRecord<K, Either<R, L>>`),
its variants' fields. A body handed a value tests it before it works on it (`if (isZero(n))`,
`Either.isRight(e) ? e.right : ...`), and no declaration of a parameter says which variant's members it reads.
A guard counts for the type it takes and the type it guards (`isLayer = (u: unknown): u is Layer<...>`), in the
type's module and in the body's own file (internal/core.ts's `isEffect` on the `Effect` it imports): a body
handed one of several types tells them apart so (`isLayer(source) ? ... : isContext(source) ? ...`)."""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import CLASS_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import NAMES, Build
from .carry import Carried, Change
from .guarded_variants import guarded_variant_fields
from .weights import HANDED_PREDICATE, UNION_VARIANT_FIELD

# The names of the headers tried (as `signature.py` tries).
MAX_NAMES = 40
# A union of more variants is a grammar's node type (`type AST = Declaration | Literal | ...`), read through
# a discriminant, one variant at a time, not narrowed by a guard per variant.
MAX_VARIANTS = 4
# A type with more predicates than this is a module's subject (every function of BigDecimal.ts takes one):
# its predicates say nothing of this body more than of any other.
MAX_PREDICATES = 6
_TYPES = CLASS_KINDS | {SymbolKind.TYPE_PARAMETER}


def handed_types(build: Build, header: str, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the predicates on the types the parameters in `header`
    (the lines of the headers around the body) declare and the fields of their small unions' variants; what
    each key leads to."""
    index, view = build.index, build.view
    spec = BY_NAME.get(index.language)
    if spec is None or spec.predicate_parameter is None:
        return {}
    scope = build.target or build.scope
    handed = spec.parameters_part(header)
    refs = dict.fromkeys(f"{plain}.{member}" if member else plain for plain, member in NAMES.findall(handed))
    resolved: dict[str, Target] = {}
    seen: set[str] = set()
    for ref in list(refs)[:MAX_NAMES]:
        plain = ref.partition(".")[0]
        if plain in spec.keywords or build.resolver.inference.binds_locally(index, view.raw, scope, plain):
            continue  # a parameter: its declared type is read by `signature.py`
        for found in build.resolver.resolve(index, scope, ref):
            named = found.symbol
            if named is None or named.kind not in _TYPES or named.id in seen:
                continue
            seen.add(named.id)
            if named.kind is SymbolKind.TYPE_PARAMETER and spec.alias_is_union(named.signature):
                variant_fields(build, found, resolved, scores)
            # The type's module's predicates, and the body's own file's (core.ts's `isEffect` on `Effect`).
            module = build.memory.file(found.path)
            tables = [] if module is None or module.path == index.path else [(module, _predicates(module))]
            tables.append((index, _OWN.get(index, None)))
            for where, table in tables:
                for predicate in (
                    where.by_id[pid] for pid in table.get(named.name, ()) if pid in where.by_id
                ):
                    key = f"definition:{where.path}:{predicate.id}"
                    resolved[key] = Target(where.path, predicate)
                    scores[key] += HANDED_PREDICATE
    return resolved


@per_version
def _predicates(module: FileIndex) -> dict[str, tuple[str, ...]]:
    """Per type name, the top-level functions of `module` testing a value of that type alone (the language's
    `predicate_parameter` of their signatures); none for a type with more than MAX_PREDICATES. Per version of
    the module: a pack asks for a few types, the walk is over its hundreds of definitions. The symbols' ids: the
    body's own file's table is carried across an edit (`_OWN`), which moves their positions."""
    spec = BY_NAME.get(module.language)
    pattern = spec.predicate_parameter if spec is not None else None
    found: dict[str, list[SymbolNode]] = {}
    if pattern is None:
        return {}
    for s in module.symbols[1:]:
        if s.parent == module.module_id and (tested := pattern.match(s.signature)) is not None:
            # Filed under the type it takes and the type it guards (`(u: unknown): u is Layer<...>`).
            for name in dict.fromkeys(t.rpartition(".")[2] for t in tested.groups() if t):
                found.setdefault(name, []).append(s)
    return {
        name: tuple(p.id for p in found_) for name, found_ in found.items() if len(found_) <= MAX_PREDICATES
    }


def predicates_of(module: FileIndex, types: set[str]) -> list[str]:
    """The names of `module`'s top-level predicates on the types named `types` (by their last names)."""
    table = _predicates(module)
    return [
        module.by_id[pid].name for name in sorted(types) for pid in table.get(name, ()) if pid in module.by_id
    ]


def _carry_predicates(
    table: dict[str, tuple[str, ...]], _index: FileIndex, _key: None, _change: Change
) -> dict[str, tuple[str, ...]]:
    return table  # the same ids and headers (`references_changed`): the same predicates


# The body's own file's predicates, carried across an edit of bodies: each generate packing overlays a new version of
# the file (Effect.ts: thousands of definitions walked again at every packing, ~1 ms).
_OWN: Carried[None, dict[str, tuple[str, ...]]] = Carried(
    lambda index, _key: _predicates(index), _carry_predicates
)


def variant_fields(build: Build, alias: Target, resolved: dict[str, Target], scores: Counter[str]) -> None:
    """Score the fields of the classes and interfaces the union `alias` names, resolved in its own file (its
    type parameters and the types it names inside type arguments are no variants), when they are few; of a larger
    union, the fields its variants do not all declare (`guarded_variants.py`), where the language asks."""
    variants: dict[str, tuple[FileIndex, SymbolNode]] = {}
    union_variants(build, alias, 1, variants)
    if len(variants) > MAX_VARIANTS:
        guarded_variant_fields(build, list(variants.values()), resolved, scores)
    if not 2 <= len(variants) <= MAX_VARIANTS:
        return
    for variant_index, variant in variants.values():
        raise_fields(variant_index, variant, resolved, scores, UNION_VARIANT_FIELD)


def raise_fields(
    index: FileIndex, owner: SymbolNode, resolved: dict[str, Target], scores: Counter[str], weight: int
) -> None:
    """Score `owner`'s fields (its children of kind FIELD, declared in `index`) by `weight`, resolved in place."""
    for child in owner.children:
        field = index.by_id.get(child)
        if field is not None and field.kind is SymbolKind.FIELD:
            key = f"definition:{index.path}:{field.id}"
            resolved[key] = Target(index.path, field)
            scores[key] += weight


def union_variants(
    build: Build, alias: Target, depth: int, out: dict[str, tuple[FileIndex, SymbolNode]]
) -> None:
    """The classes and interfaces the union `alias` names, read in its own file; a union it names, through its own."""
    union = alias.symbol
    where = build.memory.file(alias.path)
    if union is None or where is None or depth <= 0 or union.kind is not SymbolKind.TYPE_PARAMETER:
        return
    spec = BY_NAME.get(where.language)
    if spec is None or not spec.alias_is_union(union.signature):
        return
    scope = where.by_id.get(union.parent) if union.parent is not None else None
    for ref in union.refs:
        if ref.startswith("."):
            continue
        for named in build.resolver.resolve(where, scope or where.symbols[0], ref):
            variant = named.symbol
            variant_index = build.memory.file(named.path) if variant is not None else None
            if variant is None or variant_index is None:
                continue
            if variant.kind in CLASS_KINDS:
                out.setdefault(variant.id, (variant_index, variant))
            elif variant.kind is SymbolKind.TYPE_PARAMETER:
                union_variants(build, named, depth - 1, out)
