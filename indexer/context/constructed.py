"""Generate mode's constructors: what `new X(...)` in the function around the body calls, when it is no class.

A constant declared with an interface of construct signatures stands for a class (rxjs's
`export const AjaxError: AjaxErrorCtor = createErrorClass(...)`, whose `AjaxErrorCtor` declares
`new (message: string, xhr: XMLHttpRequest, request: AjaxRequest): AjaxError;`): the signature line is what a
body writing `new AjaxError(` needs, and no symbol stands for it. Each name the function constructs with
`new` whose declaration names such an interface as its type brings those lines, as a
definition the function uses. A class constructed is already a definition the function uses (its name).
"""

from __future__ import annotations

import re

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from .build import Build, Unit

_CONSTRUCTED = re.compile(r"(?<![\w$.])new\s+([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)")
_CONSTRUCT_SIGNATURE = re.compile(r"^\s*new\s*[(<]")
# The names constructed that one packing looks up (each a resolution; most are classes, globals or locals).
MAX_CONSTRUCTED = 16


def construct_signatures(build: Build) -> None:
    """Units for the construct-signature lines of the interfaces the values constructed in the function
    around the cursor are declared with."""
    index, scope = build.index, build.scope
    outer = next((s for s in reversed([scope, *index.enclosing(scope)]) if s.kind in CALLABLE_KINDS), None)
    if outer is None:
        return
    text = build.view.raw[outer.start_byte : outer.end_byte].decode("utf-8", "replace")
    names = list(dict.fromkeys(_CONSTRUCTED.findall(text)))[:MAX_CONSTRUCTED]
    for name in names:
        for held_index, held in _declared_interfaces(build, name):
            view = build.view_of(held_index.path)
            if view is None or (held_index.path != index.path and build.memory.is_excluded(held_index.path)):
                continue
            for line in range(held.start[0] + 1, held.end[0] + 2):
                key = f"construct:{held_index.path}:{line}"
                if key in build.unit_keys or not _CONSTRUCT_SIGNATURE.match(view.lines[line - 1]):
                    continue
                lines = frozenset({line})
                unit = Unit(
                    key,
                    held_index.path,
                    "definition",
                    f"constructed with `new {name}` in the function",
                    None,
                    {"line": lines, "signature": lines, "full": lines},
                )
                unit.note = f"new {name} ({held_index.path}:{line})"
                build.push(unit)


def _declared_interfaces(build: Build, name: str) -> list[tuple[FileIndex, SymbolNode]]:
    """The interfaces the constants and variables `name` leads to are declared with (`AjaxErrorCtor` of
    `AjaxError: AjaxErrorCtor = ...`); a class `name` leads to is none of them."""
    found: list[tuple[FileIndex, SymbolNode]] = []
    for target in build.resolver.resolve(build.index, build.scope, name):
        value, index = target.symbol, build.memory.file(target.path)
        if value is None or index is None or value.kind not in (SymbolKind.VARIABLE, SymbolKind.CONSTANT):
            continue
        at = value.signature.find(value.name)
        if at < 0:
            continue
        typename = BY_NAME[index.language].declared_type_at(value.signature, at, at + len(value.name))
        if typename is None:
            continue
        for typed in build.resolver.resolve(index, index.symbols[0], typename):
            if typed.symbol is not None and typed.symbol.kind in CLASS_KINDS:
                typed_index = build.memory.file(typed.path)
                if typed_index is not None:
                    found.append((typed_index, typed.symbol))
    return found
