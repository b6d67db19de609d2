"""Generate mode: what the rest of the function around a nested body uses. A body written inside a longer function
(effect's ParseResult `go`, 700 lines of parsers, each lambda ending `return Effect.void`) is written like the
code around it, yet the ranking reads that function as the body's own (its names are what the body is to be
written with, not signs of it) and the window shows only the lines nearest the cursor. The names the rest of the
enclosing function uses are scored as a near sibling's are. Where the language asks for it
(`LanguageSpec.enclosing_uses`: TypeScript)."""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from .build import Build

# The score of a name the rest of the enclosing function uses, as three near siblings' uses (NEAR_SIBLING, 12). Measured
# on effect's internals (generate at 2,048, tuned part): 206 -> 204 of 1,258 units missed at 24, 202 at 36, 48 or 96.
ENCLOSING_USE = 36
# Lines between the function's header and the cursor past which the body is taken as nested in it.
NESTED_BELOW = 2


def enclosing_uses(build: Build, scores: Counter[str]) -> None:
    """Score the names the function holding a nested body uses outside it (`build.target`'s references, the body
    being blank)."""
    target, spec = build.target, BY_NAME.get(build.index.language)
    if (
        spec is None
        or not spec.enclosing_uses
        or target is None
        or build.line - max(build.view.header_lines(target), default=target.start[0] + 1) <= NESTED_BELOW
    ):
        return
    for ref in target.refs:
        scores[ref] += ENCLOSING_USE
