"""Generate mode: the file's own definition named as a member the functions around the body take from an imported
module. A file implementing a module's face (effect's internal/channel.ts behind Channel.ts and Effect.ts) has its
functions call the public `Effect.zipRight` or name the type `Channel.ChannelException`, while a body written in it
calls the file's own `zipRight` or `ChannelException(...)`, which no neighbour names bare: the own top-level
definition is scored at a share of its best-scored namesake `module.member`. Where the language asks for it
(`LanguageSpec.own_namesakes`: TypeScript)."""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from .build import Build
from .tables import top_level

# A namesake scored below this is no sign the body calls that name at all. Measured on effect's internals (generate
# at 2,048, tuned part, from 1,094 units of 1,258): 4, 8 or 12 -> 1,098 (won 6, lost `provideContext` and
# `whileLoop` to the fit), 16 -> 1,100, 24 -> 1,096.
MIN_SCORE = 16
# The own definition's share of its namesake's score: at 16, 0.5 -> 1,097 (lost `zipRight`, `UnknownException`),
# 1.5 as 1.
SHARE = 1.0


def own_namesakes(build: Build, scores: Counter[str]) -> None:
    """Score the file's own top-level definitions as their best-scored namesake `module.member` is, where `module` is
    a name the file imports and the own name is not yet scored as high."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.own_namesakes:
        return
    index = build.index
    bound = {imp.bound for imp in index.imports if imp.bound and imp.bound != "*"}
    if not bound:
        return
    held = {build.target.id} if build.target is not None else set()
    own = {s.name for s in top_level(index) if s.id not in held and s.name not in bound}
    best: dict[str, int] = {}
    # The few strong dotted names first, picked without a call per name (thousands are scored a packing).
    for ref in [ref for ref, score in scores.items() if score >= MIN_SCORE and "." in ref]:
        head, _dot, member = ref.partition(".")
        if head in bound and member in own and scores[ref] > best.get(member, 0):
            best[member] = scores[ref]
    for member, score in best.items():
        raised = int(SHARE * score)
        if scores[member] < raised:
            scores[member] = raised
