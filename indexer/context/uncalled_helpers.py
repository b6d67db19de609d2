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

from collections import Counter
from itertools import chain

from ..fileindex import FileIndex
from ..includes import directory
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, SymbolNode
from ..resolve import descendants
from ..target import Target
from .build import Build
from .carry import Carried, Change
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
    calls = _last_parts(index)
    found = [
        helper
        for helper in callables[max(0, at - BESIDE) : at + BESIDE + 1]
        if helper.id != target.id and not spec.exported(helper.name) and _uncalled(build, helper, calls)
    ]
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


def _uncalled(build: Build, helper: SymbolNode, calls: Counter[str]) -> bool:
    """Whether no code of the package but `helper` itself uses its name (`calls`: the file's uses by last part)."""
    index = build.index
    # Its own uses of its name (a recursive `isTypeElem`) are no caller.
    own = sum(helper.name in _last(s.refs) for s in (helper, *descendants(index, helper)))
    if calls.get(helper.name, 0) > own:
        return False
    # The store's answer for the package's other files: an unsaved call in another open buffer is not seen.
    here = directory(index.path)
    return not any(
        p != index.path and directory(p) == here for p in build.memory.store.paths_referencing(helper.name)
    )


def _last(refs: tuple[str, ...]) -> set[str]:
    """The last parts of `refs` (`check.exprInternal` -> exprInternal)."""
    return {ref.rpartition(".")[2] for ref in refs}


def _last_parts(index: FileIndex) -> Counter[str]:
    """Per name, how many of the file's definitions use it as a name or as a member's last part. Per file,
    carried across an edit of bodies."""
    return _LAST_PARTS.get(index, None)


def _build_last_parts(index: FileIndex, _key: None) -> Counter[str]:
    return Counter(chain.from_iterable(_last(s.refs) for s in index.symbols))


def _carry_last_parts(table: Counter[str], _index: FileIndex, _key: None, change: Change) -> Counter[str]:
    out = table.copy()
    out.subtract(chain.from_iterable(_last(s.refs) for s in change.removed))
    out.update(chain.from_iterable(_last(s.refs) for s in change.added))
    return out


_LAST_PARTS: Carried[None, Counter[str]] = Carried(_build_last_parts, _carry_last_parts)
