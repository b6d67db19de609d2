"""Generate mode: the predicted names fitted at their declaring lines best score per token first.

The ranking's scores say how likely a body is to need each name, and the budget buys lines, not names: a Go
method's header costs up to ~28 tokens (`func (c *Conn) writeRecordLocked(typ recordType, data []byte) (int,
error) {`), a field's or a constant's line 3 to 10. Past the first names, where each is needed one time in fifty,
a budget spent best score per token first covers more of them (the knapsack's greedy order). Per the square root of
the tokens, not per token: the scores are coarse (a receiver's own method scores 4, a function the file's far code
calls 3), and by the whole cost a method's 12-token header fell behind every 8-token line scored 3
(`test_generate_go_receivers.py`). On the Go dev sets the held-out-like set covers 563 units of 650 so (565 per
token, 554 best score first), the tuned 710 of 793 (710, 711). Each unit's cost is its line's tokens and
HEADER_OVERHEAD, as `predict._take_ranked` reckons it, and, while no line of its file is shown, OPENING_SHARE of
what opening that file's block costs (its title line and gap marker, ~12 tokens, as much as a line: a Go prompt
opens some 12 files, 8 % of its tokens, a third of them for one line); the order is read as the fit takes the
units, so a file's other lines cost their lines alone once one is taken. Where the language asks for it
(`LanguageSpec.fit_per_token`: Go); asked by `fit.py`.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator

from ..languages import BY_NAME
from .build import Build, Unit
from .weights import HEADER_OVERHEAD

# The share of a file's opening a line of a file not shown yet is charged: the whole opening for a file that
# shows one line, none for one that shows many; half, as a third of the files a Go prompt opens show one line.
# Measured on the Go dev sets (session 24, go24a): half won 3 units and lost 1 over the four sets (2,614
# units), the whole 1 and 1 on two sets, a quarter 2 and 1.
OPENING_SHARE = 0.5


def by_score_per_token(build: Build, predicted: list[Unit], opening: Callable[[str], int]) -> Iterator[Unit]:
    """`predicted` by score per the square root of its tokens, best first (ties in their ranked order), a unit of
    a file the fit shows no line of yet charged OPENING_SHARE of `opening(path)`; read one unit at a time, as the
    fit takes them (`build.shown`). As it is where the language does not ask for it or outside generate mode."""
    spec = BY_NAME.get(build.index.language)
    if build.mode != "generate" or spec is None or not spec.fit_per_token:
        yield from predicted
        return
    line_costs: list[int] = []
    for unit in predicted:
        view = build.view if unit.path == build.index.path else build.view_of(unit.path)
        lines = unit.levels.get("line") or unit.levels.get("signature", frozenset())
        line_costs.append((view.cost(lines) if view is not None else 0) + HEADER_OVERHEAD)

    def key(i: int) -> float:
        path = predicted[i].path
        cost = line_costs[i] + (0 if path in build.shown else OPENING_SHARE * opening(path))
        return -predicted[i].rank / math.sqrt(cost)

    keys = [key(i) for i in range(len(predicted))]
    heap = [(k, i) for i, k in enumerate(keys)]
    heapq.heapify(heap)
    # The units of each file not shown yet, keyed again (cheaper) once the fit takes one of that file.
    unopened: dict[str, list[int]] = {}
    for i, unit in enumerate(predicted):
        if unit.path not in build.shown:
            unopened.setdefault(unit.path, []).append(i)
    while heap:
        k, i = heapq.heappop(heap)
        if k != keys[i]:
            continue  # keyed again since
        keys[i] = math.inf
        unit = predicted[i]
        yield unit
        if unit.path in unopened and unit.path in build.shown:
            for j in unopened.pop(unit.path):
                if keys[j] != math.inf:
                    keys[j] = key(j)
                    heapq.heappush(heap, (keys[j], j))
