"""Generate mode: the own fields of the variants of a union too large for `handed_types.py`'s small unions, read as
the body's guards narrow it. effect's ParseResult.ts hands its formatters a `ParseIssue`, a union of eight classes
(`Type | Missing | ... | Refinement | Transformation | Composite`), and a body tells them apart with the file's guards
(`isRefinement(issue) && issue.kind === "From"`, then `issue.issue`): each arm reads the fields its variant has and
the others lack. The field every variant declares (the discriminant `_tag`) is read through no guard and is not
offered (eight `_tag` lines crowd the pack). The guards the body's file builds from a variant's tag
(`isComposite = createParseIssueGuard("Composite")`, named after the variant) are offered with them. Asked by `handed_types.variant_fields` for a union of more variants than
its MAX_VARIANTS, up to the body's language's `LanguageSpec.guarded_variants` (0: off)."""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .weights import HANDED_PREDICATE, UNION_VARIANT_FIELD


def guarded_variant_fields(
    build: Build,
    variants: list[tuple[FileIndex, SymbolNode]],
    resolved: dict[str, Target],
    scores: Counter[str],
) -> None:
    """Score, by `definition:` keys added to `scores` (with what each leads to, in `resolved`), the fields of
    `variants` that not every variant declares, and the body's file's top-level values named after a variant whose
    declaration quotes its name, where the body's language reads a union of that many variants."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or len(variants) > spec.guarded_variants:
        return
    fields = [
        [(where, field) for child in variant.children if (field := where.by_id.get(child)) is not None]
        for where, variant in variants
    ]
    fields = [[(where, f) for where, f in own if f.kind is SymbolKind.FIELD] for own in fields]
    common = set.intersection(*({f.name for _where, f in own} for own in fields))
    for where, field in (pair for own in fields for pair in own):
        if field.name not in common:
            key = f"definition:{where.path}:{field.id}"
            resolved[key] = Target(where.path, field)
            scores[key] += UNION_VARIANT_FIELD
    # The guards the body's file builds from a variant's tag (`isComposite = createParseIssueGuard("Composite")`).
    index = build.index
    tags = {f'"{variant.name}"': variant.name for _where, variant in variants}
    for symbol in index.symbols[1:]:
        if symbol.parent != index.module_id or '"' not in symbol.signature:
            continue
        for tag, name in tags.items():
            if symbol.name.endswith(name) and symbol.name != name and tag in symbol.signature:
                key = f"definition:{index.path}:{symbol.id}"
                resolved[key] = Target(index.path, symbol)
                scores[key] += HANDED_PREDICATE
