"""Generate mode's reading of what a C file defines just above a body: the helpers written for it.

Where a name must be declared before its use (C: a file's static helpers, its macros and tables come before
the functions calling them), what a function needs of its own file is most often what was written just
before it: the `ROUND256` macros above `SHA256_Transform`, `parent_output` above `parent_cv`, the constants
above the conversions using them. The top-level definitions just above the body score by their nearness, a
few of them: each costs the budget a line.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from ..languages import BY_NAME
from .build import Build
from .tables import top_level

# The definitions above the body read (the nearest scores most, the farthest least).
PRECEDING = 8
# What the nearest scores: as two uses by a near sibling.
PRECEDING_NEAREST = 24


def preceding_definitions(build: Build, scores: Counter[str]) -> None:
    """Add to `scores` the names of the PRECEDING top-level definitions just above the body, the nearer the
    more, where a language's files share one namespace through includes (C: defined before use)."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.shared_namespace or spec.imports_bind_names:
        return
    top = top_level(index)
    at = bisect_left(top, target.start_byte, key=lambda s: s.start_byte)
    seen: set[str] = {target.name}
    for s in reversed(top[max(0, at - 2 * PRECEDING) : at]):
        if s.name in seen:
            continue  # the body's own prototype, a name defined twice in an `#if` and its `#else`
        scores[s.name] += PRECEDING_NEAREST * (PRECEDING - len(seen) + 1) // PRECEDING
        seen.add(s.name)
        if len(seen) > PRECEDING:
            break
