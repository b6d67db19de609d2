"""Generate mode's reading of the macros a C file writes as shorthand for a parameter's members: `#define Fecode
F->ecode` is written for the functions taking a `heapframe *F`, and a new body taking one reads through them.

PCRE2's matcher names each field of its backtracking frame so (`Fecode`, `Feptr`, `Fovector`: sixteen macros
over `F`), an interpreter its registers (`#define pc p->pc`). A body whose header binds the name such a macro
reaches through (`do_callout(heapframe *F, ...)`) is offered the macros; the others of the file, written for
another name, say nothing of it.
"""

from __future__ import annotations

import re
from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from .build import Build
from .carry import Carried, Change
from .tables import top_level

# What such a macro scores: as sure a sign as the nearest definition above the body (`preceding.py`).
PARAMETER_MACRO = 48
# An object-like macro whose expansion starts with a name's member: `#define Fecode F->ecode`, `(F->ecode)`.
_MEMBER_MACRO = re.compile(r"#\s*define\s+([A-Za-z_]\w*)[ \t]+\(?\s*([A-Za-z_]\w*)\s*(?:->|\.)\s*[A-Za-z_]")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")

_Table = dict[str, tuple[str, ...]]


def parameter_macros(build: Build, scores: Counter[str]) -> None:
    """Add PARAMETER_MACRO to the names of the file's macros reaching a member of a name the body's header
    binds (its parameters), where a language's macros are `#define`s (its files share one namespace: C)."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.shared_namespace or spec.imports_bind_names:
        return
    table = _TABLES.get(index, None)
    if not table:
        return
    for head in table.keys() & set(_IDENTIFIER.findall(target.signature)):
        if build.function is not None and build.function.binding(head) is None:
            continue  # a type or a global the header names, not a parameter
        for name in table[head]:
            scores[name] += PARAMETER_MACRO


def _build_table(index: FileIndex, _key: None) -> _Table:
    """Per name a macro reaches a member through, the file's top-level macros doing so."""
    heads: dict[str, list[str]] = {}
    for s in top_level(index):
        if not s.signature.startswith("#"):
            continue
        found = _MEMBER_MACRO.match(s.signature)
        if found is not None and found.group(1) == s.name:
            heads.setdefault(found.group(2), []).append(s.name)
    return {head: tuple(dict.fromkeys(names)) for head, names in heads.items()}


def _carry_table(table: _Table, _index: FileIndex, _key: None, _change: Change) -> _Table:
    return table  # the same top-level definitions and headers (`references_changed`)


_TABLES: Carried[None, _Table] = Carried(_build_table, _carry_table)
