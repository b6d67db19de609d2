"""Generate mode's choice between a function's prototype and a macro renaming it: the prototype alone is predicted.

A C library's API is often declared twice: `sqlite3.h` declares `int sqlite3_value_int(sqlite3_value*)`, and
`sqlite3ext.h` renames it for loadable extensions (`#define sqlite3_value_int sqlite3_api->value_int`) under a
condition the build decides. Resolved from the functions around a body, each name the new body may call leads
to both; the rename's line tells the model nothing the prototype does not (not even the arguments), and an
extension's body calls twenty of them: twenty headers' worth of budget taken from the names it also needs.
"""

from __future__ import annotations

import re

from ..records import CALLABLE_KINDS
from ..target import Target

# An object-like macro (`#define NAME` then its expansion; a function-like one has `(` right after the name).
_OBJECT_MACRO = re.compile(r"#\s*define\s+([A-Za-z_]\w*)(?:[ \t]|$)")


def drop_renaming_macros(resolved: dict[str, Target]) -> None:
    """Take out of `resolved` the object-like macros whose name is also that of a function declared among the
    `resolved` definitions: the declaration says how the new body calls it."""
    declared = {
        t.symbol.name for t in resolved.values() if t.symbol is not None and t.symbol.kind in CALLABLE_KINDS
    }
    if not declared:
        return
    for key in [key for key, target in resolved.items() if _renames(target, declared)]:
        del resolved[key]


def _renames(target: Target, declared: set[str]) -> bool:
    """Whether `target` is an object-like macro defining one of the `declared` function names."""
    s = target.symbol
    if s is None or s.name not in declared or s.kind in CALLABLE_KINDS:
        return False
    found = _OBJECT_MACRO.match(s.signature.lstrip())
    return found is not None and found.group(1) == s.name
