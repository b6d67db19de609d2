"""Generate mode's reading of the body's own parameters as the heads of the names the code around it uses: the
siblings' `input.fork()` (each taking an `input: ParseStream`) is the body's `input.fork()` when its header
binds `input` too.

The ranking reaches a name only through a head the body's scope knows without reading its body (the receiver,
the file's definitions, its imports); a parameter is such a head as well, and the neighbours' uses of a
parameter of the same name are the strongest sign of what the body will do with its own. Resolved from the
body's scope, through the parameter's declared type: a same-named parameter of another type leads nowhere.
"""

from __future__ import annotations

from collections.abc import Collection

from .build import NAMES, Build


def parameter_heads(build: Build, known: Collection[str]) -> frozenset[str]:
    """The names the body's own header binds (its parameters), among those not in `known` already. Read from
    the header's words, not from the scored names: a large file scores tens of thousands."""
    target = build.target
    if target is None:
        return frozenset()
    text = "\n".join(build.view.lines[n - 1] for n in sorted(build.view.header_lines(target)))
    names = {name for found in NAMES.findall(text) for name in found if name} - set(known)
    inference, raw = build.resolver.inference, build.view.raw
    return frozenset(name for name in names if inference.binds_locally(build.index, raw, target, name))
