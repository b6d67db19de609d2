"""Generate mode's reading of a package's own helpers nothing calls yet (Go): a function or method beside the body,
private to its package, that no code of the package calls is waiting for the body to call it.

A language whose names say they are private to their package (`LanguageSpec.uncalled_helpers_wait`: Go's
lower-case names) has no dead helper to speak of: its tools flag one. So an unexported function beside the body
that nothing calls, neither in the file nor in the package's other files, is most likely called by the body being
written: `rawExpr`'s `check.exprInternal` and `check.nonGeneric`, defined just below it; `parseElement`'s
`p.parseValue`, just above. `predict._waiting_names` reads the same sign for the names a file's code reaches bare
(an import, a `_private` definition); a Go method is reached through a receiver (`check.exprInternal`), which that
reading does not count, and a Go helper is private by its case, not by a `_`.
"""

from __future__ import annotations

import re
from collections import Counter

from ..includes import directory
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, SymbolNode
from ..resolve import descendants
from ..target import Target
from .build import Build
from .members import ref_counts
from .tables import top_level
from .weights import BESIDE, UNCALLED_HELPERS, WAITING, WAITING_NEAR


def uncalled_helpers(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the package-private functions and methods within BESIDE
    of the body that no code of the package calls; what each key leads to."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.uncalled_helpers_wait:
        return {}
    callables = [s for s in top_level(index) if s.kind in CALLABLE_KINDS]
    at = next((i for i, s in enumerate(callables) if s.id == target.id), None)
    if at is None:
        return {}
    found = [
        helper
        for helper in callables[max(0, at - BESIDE) : at + BESIDE + 1]
        if helper.id != target.id and not spec.exported(helper.name)
    ]
    found = _uncalled(build, found)
    # More than a few such helpers at once: a file of unused code (generated, or half written), which says
    # nothing of the body.
    if len(found) > UNCALLED_HELPERS:
        return {}
    resolved: dict[str, Target] = {}
    for helper in found:
        key = f"definition:{index.path}:{helper.id}"
        resolved[key] = Target(index.path, helper)
        scores[key] += WAITING + WAITING_NEAR
    return resolved


def _uncalled(build: Build, helpers: list[SymbolNode]) -> list[SymbolNode]:
    """Those of `helpers` whose name no code of the package uses but their own: a name or a member's last part
    (`check.exprInternal`). The file's distinct references are searched at once for the helpers' names (a few, a
    pack): no per-version table of the file's every reference."""
    if not helpers:
        return []
    index = build.index
    counts = ref_counts(index)
    pattern = re.compile(rf"(?m)^(?:.*\.)?(?:{'|'.join(re.escape(h.name) for h in helpers)})$")
    used: Counter[str] = Counter()
    for ref in pattern.findall("\n".join(counts)):
        used[ref.rpartition(".")[2]] += counts[ref]
    here = directory(index.path)
    out = []
    for helper in helpers:
        # Its own uses of its name (a recursive `isTypeElem`) are no caller.
        own = sum(
            1
            for s in (helper, *descendants(index, helper))
            for ref in s.refs
            if ref.rpartition(".")[2] == helper.name
        )
        if used[helper.name] > own:
            continue
        # The store's answer for the package's other files: an unsaved call in another open buffer is not seen.
        if any(
            p != index.path and directory(p) == here
            for p in build.memory.store.paths_referencing(helper.name)
        ):
            continue
        out.append(helper)
    return out
