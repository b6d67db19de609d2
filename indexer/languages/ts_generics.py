"""TypeScript explicit type arguments: a lambda passed where the callee declares a type parameter takes the
parameters of the function type the call binds it to.

effect writes most of its internal functions as `dual<DataLast, DataFirst>(2, (self, that) => ...)`: `dual`
declares `body: DataFirst`, and the call's second type argument, `<A>(self: Effect<A>, that: Scope) =>
Effect<A>`, says what `self` and `that` hold. Read from the text: the call's type arguments before its
`(`, the callee's first call signature (`<DataLast, DataFirst>(arity: number, body: DataFirst)`, also inside
an overloaded type literal), and the bound function type's parameter list (lambda_context reads it).
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..lambda_context import (
    _angle_close,
    _commas,
    _matching_close,
    _top_level_items,
    _type_arguments_start,
    _unmatched_open,
    parameter_type,
)

_ARROW_AFTER = re.compile(r"\s*(?::[^;{}=]{0,200})?=>")
_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
_NAME = re.compile(r"\s*(?:in\s+|out\s+|const\s+)*([A-Za-z_$][\w$]*)")
# How much of a callee's declaration is read for its first call signature.
_MAX_DECLARATION = 4_000


def type_argument_parameter(text: str, start: int, declaration: str, argument: int, param: int) -> str | None:
    """The type reference parameter `param` of the lambda passed as argument `argument` has, where the
    callee (its `declaration`) declares that argument with a type parameter and the call (in `text`, the
    lambda's parameter at `start`) binds it to a function type; None otherwise."""
    bound = _type_arguments(text, start)
    if not bound:
        return None
    index = _bound_type_parameter(declaration[:_MAX_DECLARATION], argument)
    if index is None or index >= len(bound):
        return None
    return parameter_type(f"const f = (body: {bound[index]})", 0, param)


def _type_arguments(text: str, start: int) -> list[str] | None:
    """The type arguments of the call whose argument list holds the lambda binding the name at `start`."""
    opened = _unmatched_open(text, start, "(")
    closed = None if opened is None else _matching_close(text, opened)
    if opened is not None and closed is not None and _ARROW_AFTER.match(text, closed + 1):
        opened = _unmatched_open(text, opened, "(")  # past the lambda's own parameter list
    if opened is None:
        return None
    head = text[:opened].rstrip()
    if not head.endswith(">"):
        return None
    at = _type_arguments_start(head)
    return None if at >= len(head) else _items(head, at, len(head) - 1)


def _bound_type_parameter(declaration: str, argument: int) -> int | None:
    """Which of the callee's type parameters its first call signature declares argument `argument` with
    (`body: DataFirst` of `<DataLast, DataFirst>(arity, body: DataFirst)`: 1), or None."""
    text = _COMMENT.sub(lambda m: " " * len(m.group()), declaration)
    at = text.find("<")
    while at >= 0:
        closed = _angle_close(text, at)
        if closed is None:
            return None
        rest = closed + 1 + len(text[closed + 1 :]) - len(text[closed + 1 :].lstrip())
        if text.startswith("(", rest):
            names = [_NAME.match(item) for item in _items(text, at, closed)]
            params = _top_level_items(text, rest) or []
            if argument >= len(params):
                return None
            declared = params[argument].partition(":")[2].strip()
            words = [m.group(1) if m else "" for m in names]
            return words.index(declared) if declared in words else None
        at = text.find("<", closed + 1)
    return None


def _items(text: str, opened: int, closed: int) -> list[str]:
    """The top-level comma-separated items between the brackets at `opened` and `closed`."""
    bounds = [opened, *_commas(text, opened + 1, closed), closed]
    return [item for item in (text[a + 1 : b].strip() for a, b in pairwise(bounds)) if item]
