"""Generate mode's reading of what the body's doc comment says belongs to what: "set the group's AST to the given
concatenation" names the field `ast` of a type `Group`, which the body sets (`group.ast = ...`) though no code
around it names that field.

The owner is a type of the file or of a module it imports whole whose name is the word before `'s`; the member,
the word after it, one of that type's members by name (letter case aside). A reader of the doc comment knows
both before a line of the body is written.
"""

from __future__ import annotations

import re
from collections import Counter

from ..records import CLASS_KINDS, SymbolKind
from ..target import Target
from .build import Build
from .module_namesakes import whole_modules
from .named import comments_above
from .tables import top_level
from .weights import NAMED_TYPE_MEMBER

_POSSESSIVE = re.compile(r"\b([A-Za-z_]\w*)'s\s+([A-Za-z_]\w*)")
_TYPE_KINDS = CLASS_KINDS | {SymbolKind.ENUM}


def possessive_members(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys, the members the doc comment's possessives name (`the group's AST`:
    `Group.ast`); what each key leads to."""
    target = build.target
    if target is None:
        return {}
    # The comment lines above the header, nearest first: put back in reading order, markers off, so that a
    # possessive broken across two lines (`the group's` / `AST to ...`) reads as one.
    above = " ".join(line.lstrip("/*!# ") for line in reversed(comments_above(build, target).splitlines()))
    pairs = {(owner.lower(), member.lower()) for owner, member in _POSSESSIVE.findall(above)}
    if not pairs:
        return {}
    owners = {owner for owner, _member in pairs}
    types = [
        (build.index, s) for s in top_level(build.index) if s.kind in _TYPE_KINDS and s.name.lower() in owners
    ]
    for _bound, module in whole_modules(build):
        types += [
            (module, s)
            for s in module.symbols[1:]
            if s.parent == module.module_id and s.kind in _TYPE_KINDS and s.name.lower() in owners
        ]
    resolved: dict[str, Target] = {}
    for where, cls in types:
        for owner, member in pairs:
            if owner != cls.name.lower():
                continue
            for child_id in cls.children:
                child = where.by_id.get(child_id)
                if child is not None and child.name.lower() == member:
                    key = f"definition:{where.path}:{child.id}"
                    resolved[key] = Target(where.path, child)
                    scores[key] += NAMED_TYPE_MEMBER
    return resolved
