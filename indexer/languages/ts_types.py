"""TypeScript type assertions read as declared types: a local bound to a cast (`x as T`, `(x as T).f`).

TypeScript code states a type where the checker cannot infer it with `as`: `let node = (self as
RedBlackTreeImpl<K, V>)._root` holds what the class's `_root` field is declared with, and `const impl =
self as Impl<A>` holds an `Impl`. These read as the type references `RedBlackTreeImpl._root` (a chain
whose last field's declared type is the answer, as inference.py reads `a.b`) and `Impl`. `as any`,
`as unknown`, `as never` and `as const` say nothing about members: no type.
"""

from __future__ import annotations

import re

# `name = (expr as T<...>).member` (the bound name first, as `declared_type` reads a binding) and
# `name = expr as T<...>` ending the statement; an annotation before `=` is read by the other patterns.
_TYPE = r"([A-Za-z_$][\w$.]*)(?:<[^()]*>)?"
_CAST_MEMBER = re.compile(
    r"[\w$]+\s*=\s*\(\s*[\w$.]+(?:\([^()]*\))?\s+as\s+"
    + _TYPE
    + r"\s*\)\s*\??\.\s*([A-Za-z_$][\w$]*)\s*(?:$|[;,)/])"
)
_CAST = re.compile(r"[\w$]+\s*=\s*[\w$.]+(?:\([^()]*\))?\s+as\s+" + _TYPE + r"\s*(?:$|[;,/])")
_NO_MEMBERS = frozenset({"any", "unknown", "never", "const", "object"})


def cast_type(binding: str) -> str | None:
    """The type reference a binding's text (from the bound name to the end of its line) gives through a
    type assertion, or None: `T.member` for `(x as T).member`, `T` for `x as T`."""
    found = _CAST_MEMBER.match(binding)
    if found is not None:
        return None if found.group(1) in _NO_MEMBERS else f"{found.group(1)}.{found.group(2)}"
    found = _CAST.match(binding)
    if found is None or found.group(1) in _NO_MEMBERS:
        return None
    return found.group(1)
