"""Generate mode's reading of the names a method takes from objects: a destructured property's declaration,
and, for a name nothing binds yet, a member of what the class's fields hold.

A name bound by an object pattern (`const { closeObserver } = this._config;`) is the property it is taken
from: the declaration of `closeObserver` in the config's type is what the method reads (the language's
`declared_type_at` says which chain a binding reads, `this._config.closeObserver`).

A line about to be typed may be the one that binds a name the code below it already uses: with
`const { closeObserver } = this._config;` still to be written, `closeObserver.next(e)` names a local that no
binding, import or definition stands for yet. In a method, such a name is most often a member of what one of
the class's fields holds (`this._config` is a `WebSocketSubjectConfig`, which declares `closeObserver`):
each field's type is asked for a member of that name, and what answers is a definition the function uses.
"""

from __future__ import annotations

import re

from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from .build import NAMES, Build, receiver_name, self_names_of
from .choose import add_resolved

# Bounds on one packing's questions: the unbound names tried, the fields asked about each, the destructured
# properties resolved.
MAX_UNBOUND = 8
MAX_FIELDS = 16
MAX_PROPERTIES = 16
_FIELD = SymbolKind.FIELD
_PATTERN = re.compile(r"\{([^{}]*)\}")
_WORD = re.compile(r"[A-Za-z_$][\w$]*")


def field_members(build: Build) -> None:
    """Units for the members of the class's fields' types named like the names the method around the cursor
    uses but nothing binds."""
    index, scope = build.index, build.scope
    chain = [scope, *index.enclosing(scope)]
    cls = next((s for s in chain if s.kind in CLASS_KINDS), None)
    outer = next((s for s in reversed(chain) if s.kind in CALLABLE_KINDS), None)
    receiver = receiver_name(index.language)
    if cls is None or outer is None or not self_names_of(index.language):
        return
    # The kind read once, not per child (an enum member's lookup; `Decimal` has ~150 children).
    fields = [f for c in cls.children if (f := index.by_id.get(c)) is not None and f.kind is _FIELD]
    if not fields:
        return
    text = build.view.raw[outer.start_byte : outer.end_byte].decode("utf-8", "replace")
    _destructured(build, text)
    unbound: list[str] = []
    for name in dict.fromkeys(plain for plain, _member in NAMES.findall(text)):
        if not _bound(build, outer, name) and not build.resolver.resolve(index, scope, name):
            unbound.append(name)
            if len(unbound) == MAX_UNBOUND:
                break
    for name in unbound:
        for field in fields[:MAX_FIELDS]:
            for target in build.resolver.resolve(index, scope, f"{receiver}.{field.name}.{name}"):
                add_resolved(
                    build, target, "definition", f"used unbound; a member of {receiver}.{field.name}"
                )


def _bound(build: Build, outer: SymbolNode, name: str) -> bool:
    """Whether `name` is a keyword, a receiver, a standard name, or bound by the function or a lambda in it."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or name in spec.keywords or name in spec.self_names or name in spec.standard_names:
        return True
    raw = build.view.raw
    inference = build.resolver.inference
    return inference.binds_locally(index, raw, outer, name) or bool(
        inference.lambda_spans(index, raw, outer, None, name)
    )


def _destructured(build: Build, text: str) -> None:
    """The declarations of the properties the function's one-line object patterns bind (as the language
    reads such a binding: a chain ending in the property), as definitions the function uses."""
    spec = BY_NAME.get(build.index.language)
    if spec is None:
        return
    asked = 0
    for line in text.split("\n"):
        for pattern in _PATTERN.finditer(line):
            for word in _WORD.finditer(line, pattern.start(1), pattern.end(1)):
                chain = spec.declared_type_at(line, word.start(), word.end())
                if chain is None or not chain.endswith(f".{word.group()}") or asked == MAX_PROPERTIES:
                    continue
                asked += 1
                for target in build.resolver.resolve(build.index, build.scope, chain):
                    add_resolved(build, target, "definition", f"the property `{word.group()}` is taken from")
