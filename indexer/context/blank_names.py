"""Generate mode: no prediction of a name that binds nothing (Go's blank identifier)."""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..target import Target
from .build import Build


def drop_blank_names(build: Build, scores: Counter[str], resolved: dict[str, Target]) -> None:
    """Take the language's blank names (`LanguageSpec.blank_names`) out of `scores` and `resolved`, as used and as
    the definitions the siblings' uses led to. Go's `_` is written wherever a result is thrown away (`_, err :=`),
    so the siblings' uses score it among a pack's first twenty names, and it resolves to every `var _ I = (*T)(nil)`
    and `func _()` of the package: net/http's packs spent ~60 tokens of 2,048 on lines no body can name."""
    spec = BY_NAME.get(build.index.language)
    blank = spec.blank_names if spec is not None else frozenset()
    if not blank:
        return
    for name in blank:
        scores.pop(name, None)
    for ref in [
        ref for ref, target in resolved.items() if target.symbol is not None and target.symbol.name in blank
    ]:
        del resolved[ref]
        scores.pop(ref, None)
