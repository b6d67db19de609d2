"""Generate mode's reading of the small enum a function's header says it returns: the body's result is one of
its variants (`fn parse_flag(&self) -> Result<ast::Flag>` ends in `Ok(ast::Flag::MultiLine)` or another of the
six), so each variant is as likely in the body as a field of a struct the header says it builds.

The type is the language's `built_type` of the header (Rust's `-> T`, `-> Result<T>`); a large enum
(`ast::ErrorKind`'s forty kinds) says nothing of which few a body names, so only one of at most SMALL_ENUM
variants. The fields of struct-like variants are `signature.py`'s (`_built_fields`); here the variants.
"""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..target import Target
from .build import Build
from .named import small_enum_variants
from .signature import header_built_type
from .weights import RETURNED_VARIANT


def returned_variants(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the variants of the small enum the body's header says it
    returns; what each key leads to."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if spec is None or target is None:
        return {}
    typename = header_built_type(build, target)
    if typename is None or typename in spec.self_type_names:
        # `Self` is the impl's own type: its members are the enclosing class's, ranked as such already.
        return {}
    resolved: dict[str, Target] = {}
    for found in build.resolver.resolve(index, target, typename):
        for variant in small_enum_variants(build, found):
            key = f"definition:{found.path}:{variant.id}"
            if key not in resolved:
                resolved[key] = Target(found.path, variant)
                scores[key] += RETURNED_VARIANT
    return resolved
