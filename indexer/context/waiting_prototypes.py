"""Generate mode's reading of the prototypes just above a body: an included header's functions waiting for it.

An amalgamation (`sqlite3.c`, or an extension with its headers inlined) puts each part's headers right above the
part's code: `crypto_hash`, which dispatches to every hash, sits below the inlined `md5.h`, `sha1.h` and `sha2.h`,
whose `md5_init`, `sha1_update`, `sha256_final` ... no code of the file calls yet. A prototype (a function's
header ended by `;`, `LanguageSpec.prototypes`) between the body and the function defined last above it, that
nothing calls, was declared for the code below it: it waits for the body as a helper beside it nothing calls
does (`predict._waiting_names`, which leaves public functions out: unused in their file by design). Led to the
prototype's own line: the one line saying how to call it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, SymbolNode
from ..target import Target
from .build import Build
from .tables import name_uses, top_level
from .weights import WAITING, WAITING_NEAR

# Top-level definitions read above the body, at most: a header's declarations, not a file's whole preamble.
REACH = 400
# More prototypes waiting than a body calls: a library's API the file leaves to other programs (SQLite's own
# `sqlite3.h` above the first function of `sqlite3.c`); their waiting says nothing of the body.
MAX_WAITING = 24


def waiting_prototypes(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the prototypes between the body and the function
    defined last above it that no code of the file calls yet; what each key leads to."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.prototypes:
        return {}
    top = top_level(index)
    at = bisect_left(top, target.start_byte, key=lambda s: s.start_byte)
    declared: list[SymbolNode] = []
    for s in reversed(top[max(0, at - REACH) : at]):
        if s.kind not in CALLABLE_KINDS:
            continue  # the header's macros, types and guards
        if not s.signature.rstrip().endswith(";"):
            break  # a function defined: the part above is another's
        if s.name != target.name:
            declared.append(s)
    if not declared:
        return {}  # most bodies follow another function: the file's uses are not read
    keys, uses, _members = name_uses(index)
    # The body being written is no user: what it uses is still to be written.
    own: Counter[str] = Counter()
    for ref in target.refs:
        own.update(keys.get(ref, ()))
    waiting = [s for s in declared if uses.get(s.name, 0) <= own.get(s.name, 0)]
    if len(waiting) > MAX_WAITING:
        return {}
    found = {f"definition:{index.path}:{s.id}": Target(index.path, s) for s in waiting}
    for key in found:
        scores[key] += WAITING + WAITING_NEAR
    return found
