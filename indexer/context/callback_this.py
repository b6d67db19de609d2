"""Generate mode: the `this` a callee declares for the function expression it is handed. effect's core.ts writes
`custom(resume, function() {` and the body reads `this.effect_instruction_i0`: no class encloses it, and the
function declares no `this`; the callee does, in its header (`custom: { <X, A, E, R>(i0: X, body: (this: {
effect_instruction_i0: X }) => Effect.Effect<A, E, R>): ...`), a type literal no symbol stands for. Those lines of
the callee's header are offered. Which lines open such a function and declare such a `this` is the language's
(`LanguageSpec.function_callback`, `LanguageSpec.callback_this`)."""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..target import Target
from .build import Build
from .weights import CALLBACK_THIS

# How many of the callee's header lines declaring a `this` are offered (one an overload).
MAX_LINES = 2
# How many lines of the callee's declaration are read (its overloads' signatures, before its body).
HEADER_REACH = 16


def callback_this(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `line:` keys added to `scores`, the lines of the header of the callee the body's function is handed
    to that declare its `this`; what each key leads to."""
    index, view = build.index, build.view
    spec = BY_NAME.get(index.language)
    if spec is None or spec.function_callback is None or spec.callback_this is None or build.line < 2:
        return {}
    found = spec.function_callback.search(view.lines[build.line - 2])
    if found is None:
        return {}
    resolved: dict[str, Target] = {}
    for callee in build.resolver.resolve(index, build.scope, found.group("call")):
        where = build.view_of(callee.path)
        if where is None or callee.symbol is None:
            continue
        first = callee.symbol.start[0] + 1
        last = min(callee.symbol.end[0] + 1, first + HEADER_REACH, len(where.lines))
        lines = [n for n in range(first, last + 1) if spec.callback_this.search(where.lines[n - 1])]
        for line in lines[:MAX_LINES]:
            ref = f"line:{callee.path}:{line}"
            resolved[ref] = Target(callee.path, None, line - 1, companion=True)
            scores[ref] += CALLBACK_THIS
    return resolved
