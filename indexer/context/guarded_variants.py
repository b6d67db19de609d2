"""Generate mode: the own fields of the variants of a union too large for `handed_types.py`'s small unions, read as
the body's guards narrow it. effect's ParseResult.ts hands its formatters a `ParseIssue`, a union of eight classes
(`Type | Missing | ... | Refinement | Transformation | Composite`), and a body tells them apart with the file's guards
(`isRefinement(issue) && issue.kind === "From"`, then `issue.issue`): each arm reads the fields its variant has and
the others lack. The field every variant declares (the discriminant `_tag`) is read through no guard and is not
offered (eight `_tag` lines crowd the pack). Asked by `handed_types.variant_fields` for a union of more variants than
its MAX_VARIANTS, up to the body's language's `LanguageSpec.guarded_variants` (0: off)."""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .weights import UNION_VARIANT_FIELD


def guarded_variant_fields(
    build: Build,
    variants: list[tuple[FileIndex, SymbolNode]],
    resolved: dict[str, Target],
    scores: Counter[str],
) -> None:
    """Score, by `definition:` keys added to `scores` (with what each leads to, in `resolved`), the fields of
    `variants` that not every variant declares, where the body's language reads a union of that many variants."""
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
