"""TypeScript's utility types that keep their argument's members, read through to it as declared types.

`const _request: Readonly<AjaxRequest> = {...}` holds an `AjaxRequest` as far as its members go
(`_request.responseType`); so do `Partial<T>`, `Required<T>` and `NonNullable<T>`. The argument is read
when it is a plain type reference (`Readonly<AjaxRequest>`, `Partial<Config<T>>`); a union, an object
literal or a mapped type inside says nothing: no type.
"""

from __future__ import annotations

import re

KEEPS_MEMBERS = frozenset({"Readonly", "Partial", "Required", "NonNullable"})
_ARGUMENT = re.compile(r"\s*<\s*([A-Za-z_$][\w$.]*)\s*(?:<[^()|&{}]*>)?\s*>")


def unwrapped_type(text: str, start: int, wrapper: str) -> str | None:
    """The type `wrapper<...>` (the first one written after byte `start` of the line `text`, where the
    binding's name is) wraps, when `wrapper` keeps its argument's members; None otherwise."""
    if wrapper not in KEEPS_MEMBERS:
        return None
    at = re.compile(rf"(?<![\w$.]){wrapper}(?![\w$])").search(text, start)
    if at is None:
        return None
    found = _ARGUMENT.match(text, at.end())
    return None if found is None else found.group(1)
