"""Generate mode: the predicted names fitted at their declaring lines best score per token first.

The ranking's scores say how likely a body is to need each name, and the budget buys lines, not names: a Go
method's header costs up to ~28 tokens (`func (c *Conn) writeRecordLocked(typ recordType, data []byte) (int,
error) {`), a field's or a constant's line 3 to 10. Past the first names, where each is needed one time in fifty,
a budget spent best score per token first covers more of them (the knapsack's greedy order). Per the square root of
the tokens, not per token: the scores are coarse (a receiver's own method scores 4, a function the file's far code
calls 3), and by the whole cost a method's 12-token header fell behind every 8-token line scored 3
(`test_generate_go_receivers.py`). On the Go dev sets the held-out-like set covers 563 units of 650 so (565 per
token, 554 best score first), the tuned 710 of 793 (710, 711). Each unit's cost is its line's tokens and
HEADER_OVERHEAD, as `predict._take_ranked` reckons it. Where the language asks for it (`LanguageSpec.fit_per_token`:
Go); asked by `fit.py`.
"""

from __future__ import annotations

import math

from ..languages import BY_NAME
from .build import Build, Unit
from .weights import HEADER_OVERHEAD


def by_score_per_token(build: Build, predicted: list[Unit]) -> list[Unit]:
    """`predicted` by score per the square root of its tokens, best first (ties in their ranked order); as it is where the language does not
    ask for it or outside generate mode."""
    spec = BY_NAME.get(build.index.language)
    if build.mode != "generate" or spec is None or not spec.fit_per_token:
        return predicted

    def per_token(unit: Unit) -> float:
        view = build.view if unit.path == build.index.path else build.view_of(unit.path)
        lines = unit.levels.get("line") or unit.levels.get("signature", frozenset())
        cost = (view.cost(lines) if view is not None else 0) + HEADER_OVERHEAD
        return -unit.rank / math.sqrt(cost)

    return sorted(predicted, key=per_token)
