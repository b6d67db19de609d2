"""Generate mode's reading of the body's own parameters as the heads of the names the code around it uses: the
siblings' `input.fork()` (each taking an `input: ParseStream`) is the body's `input.fork()` when its header
binds `input` too.

The ranking reaches a name only through a head the body's scope knows without reading its body (the receiver,
the file's definitions, its imports); a parameter is such a head as well, and the neighbours' uses of a
parameter of the same name are the strongest sign of what the body will do with its own. Resolved from the
body's scope, through the parameter's declared type: a same-named parameter of another type leads nowhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from .build import Build


def parameter_heads(build: Build, scores: Counter[str], known: Collection[str]) -> frozenset[str]:
    """The heads of the dotted names in `scores` (`input` of `input.fork`) that the body's own header binds,
    among those not in `known` already."""
    target = build.target
    if target is None:
        return frozenset()
    heads = {ref.partition(".")[0] for ref in scores if "." in ref and ":" not in ref}
    inference, raw = build.resolver.inference, build.view.raw
    return frozenset(
        head
        for head in heads - set(known)
        if head and inference.binds_locally(build.index, raw, target, head)
    )
