"""Context-typed lambda parameters: the type an unannotated parameter gets from the callee it is passed to.

In `core.withFiberRuntime((state) => state.id())` the lambda's `state` is declared nowhere in the lambda;
the callee says it: `withFiberRuntime = <A, E>(withRuntime: (fiber: FiberRuntime<A, E>, status: Running)
=> Effect<A, E>)`, so `state` holds a `FiberRuntime`. Read from the text, brace-style languages' syntax:
which argument of which call the lambda is (`lambda_argument`), and what the callee's declaration says
that argument's parameter at that position is (`parameter_type`). A callee whose declaration is no plain
parameter list (an overloaded constant's type literal: `dual`'s data-first and data-last forms) says
nothing here: never a guess.
"""

from __future__ import annotations

import re
from itertools import pairwise

# How far back a lambda's call is looked for (a call's arguments rarely span more).
_MAX_BACK = 6_000
# The characters before a parameter searched first for the bracket open there (then four times as many, and so on).
_FIRST_STRETCH = 400
_CALLEE = re.compile(r"([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*$")
_ARROW_AFTER = re.compile(r"\s*(?::[^;{}=]{0,200})?=>")
# A declaration whose parameter list is the callee's own: `const f = <T>(`, `function f<T>(`, `f<T>(`.
_DECLARATION = re.compile(
    r"(?:export\s+)?(?:declare\s+)?(?:(?:const|let|var)\s+[\w$]+\s*=\s*(?:async\s+)?"
    r"|(?:async\s+)?function\s*\*?\s*[\w$]*\s*|(?:(?:public|private|protected|static|readonly|async)\s+)*"
    r"[\w$]+\s*(?:=\s*(?:async\s+)?)?)"
)
_TYPE_NAME = re.compile(r"\s*([A-Za-z_$][\w$.]*)(?:<[^()]*>)?\s*(?:\||$)")
_OPEN, _CLOSE = "([{", ")]}"
_BRACKETS = re.compile(r"[()\[\]{}]")
_COMMA_OR_BRACKET = re.compile(r"[()\[\]{}<>,]")


def lambda_argument(text: str, start: int, end: int, keywords: frozenset[str]) -> tuple[str, int, int] | None:
    """(callee, argument index, parameter index) when the name at `start`..`end` of `text` is an
    unannotated parameter of a lambda passed as an argument (`f(x, (a, b) => ...)` gives `("f", 1, 1)`
    for `b`), else None."""
    lambda_start = start
    param = 0
    following = _skip_space(text, end)
    if text.startswith("=>", following):
        pass  # `a => ...`: the lambda is the bare parameter
    elif text[following : following + 1] in (",", ")"):
        opened = _unmatched_open(text, start, "(")
        if opened is None:
            return None
        param = len(_commas(text, opened + 1, start))
        closed = _matching_close(text, opened)
        if closed is None or _ARROW_AFTER.match(text, closed + 1) is None:
            return None
        lambda_start = opened
    else:
        return None  # annotated (`a: T`), defaulted or destructured: not the callee's to say
    before = text[max(0, lambda_start - _MAX_BACK) : lambda_start].rstrip()
    if before.endswith("async"):
        before = before[:-5].rstrip()
    if not before.endswith(("(", ",")):
        return None
    call = _unmatched_open(before, len(before), "(")
    if call is None:
        return None
    argument = len(_commas(before, call + 1, len(before)))
    head = before[:call].rstrip()
    if head.endswith(">"):
        head = head[: _type_arguments_start(head)].rstrip()
    callee = _CALLEE.search(head)
    if callee is None or callee.group(1) in keywords:
        return None
    return re.sub(r"\s|\?", "", callee.group(1)), argument, param


def parameter_type(declaration: str, argument: int, param: int) -> str | None:
    """The type reference the callee's `declaration` (its text from its first line) gives parameter
    `param` of the function type it takes as argument `argument` (`FiberRuntime.FiberRuntime` for
    `(withRuntime: (fiber: FiberRuntime.FiberRuntime<A, E>) => R)`, 0, 0), or None. A class's declaration
    is its constructor's (`constructor(subscribe?: (this: Observable<T>, subscriber: Subscriber<T>) => T)`)."""
    declaration = declaration.lstrip()
    head = _DECLARATION.match(declaration)
    if head is None:
        return None
    at = head.end()
    if declaration.startswith("<", at):
        closed = _angle_close(declaration, at)
        if closed is None:
            return None
        at = closed + 1
    if not declaration.startswith("(", at):
        return None
    params = _top_level_items(declaration, at)
    if params is None or argument >= len(params):
        return None
    _name, colon, function_type = params[argument].partition(":")
    function_type = function_type.strip()
    if not colon or not function_type.startswith(("(", "<")):
        return None
    at = 0
    if function_type.startswith("<"):
        closed = _angle_close(function_type, 0)
        at = len(function_type) if closed is None else closed + 1
    inner = _top_level_items(function_type, at) if function_type.startswith("(", at) else None
    if inner and re.match(r"this\s*:", inner[0]):
        inner = inner[1:]  # TypeScript's `this` pseudo-parameter types the receiver, no argument
    if inner is None or param >= len(inner):
        return None
    _name, colon, declared = inner[param].partition(":")
    found = _TYPE_NAME.match(declared) if colon else None
    return None if found is None else found.group(1)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _unmatched_open(text: str, end: int, wanted: str) -> int | None:
    """The position of the bracket `wanted` that is open at `end` (scanning back), or None."""
    depth = 0
    # Only the brackets are visited (found in C): a char-by-char walk back cost ~0.1 ms a lambda parameter.
    # They are found a stretch at a time, nearest first: the bracket is most often within a few lines, and
    # finding every bracket of 6,000 characters cost ~0.5 ms a lambda parameter in a long function.
    floor, high, step = max(0, end - _MAX_BACK), max(0, end), _FIRST_STRETCH
    while high > floor:
        low = max(floor, high - step)
        for m in reversed(list(_BRACKETS.finditer(text, low, high))):
            char = m.group()
            if char in _CLOSE:
                depth += 1
            elif depth == 0:
                return m.start() if char == wanted else None
            else:
                depth -= 1
        high, step = low, step * 4
    return None


def _matching_close(text: str, opened: int) -> int | None:
    depth = 0
    for m in _BRACKETS.finditer(text, opened, min(len(text), opened + _MAX_BACK)):
        if m.group() in _OPEN:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.start()
    return None


def _commas(text: str, start: int, end: int) -> list[int]:
    """Where the commas at the top level of `text[start:end]` are (brackets and type arguments nest)."""
    depth = angle = 0
    found: list[int] = []
    for m in _COMMA_OR_BRACKET.finditer(text, start, max(start, end)):
        i, char = m.start(), m.group()
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
        elif char == "<":
            angle += 1
        elif char == ">" and text[i - 1] != "=" and angle:
            angle -= 1
        elif char == "," and depth == 0 and angle == 0:
            found.append(i)
    return found


def _type_arguments_start(head: str) -> int:
    """Where the type arguments ending `head` (`f<A, B>`) open, past the arrows of function types in them
    (`dual<(self: A) => B, ...>`); the end of `head` when unbalanced."""
    depth = 0
    for i in range(len(head) - 1, -1, -1):
        if head[i] == ">" and head[i - 1 : i] != "=":
            depth += 1
        elif head[i] == "<":
            depth -= 1
            if depth == 0:
                return i
    return len(head)


def _angle_close(text: str, opened: int) -> int | None:
    depth = 0
    for i in range(opened, min(len(text), opened + _MAX_BACK)):
        if text[i] == "<":
            depth += 1
        elif text[i] == ">" and text[i - 1] != "=":
            depth -= 1
            if depth == 0:
                return i
    return None


def _top_level_items(text: str, opened: int) -> list[str] | None:
    """The comma-separated items of the bracketed list opening at `opened`, or None when it never closes."""
    closed = _matching_close(text, opened)
    if closed is None:
        return None
    bounds = [opened, *_commas(text, opened + 1, closed), closed]
    items = [text[left + 1 : right] for left, right in pairwise(bounds)]
    return [item.strip() for item in items if item.strip()]
