"""TypeScript destructuring read as declared types: a name bound in an object pattern holds its property's type.

`const { closeObserver } = this._config;` binds a local that holds what the `closeObserver` property of
`this._config` is declared with, and `({ scheduler }: TimeoutConfig) => ...` one that holds what
`TimeoutConfig`'s `scheduler` is. These read as the chains `this._config.closeObserver` and
`TimeoutConfig.scheduler`, whose last field's declared type inference.py reads (as it reads `a.b`). A
renamed property (`{ key: local }`) is the key's; a default (`{ a = 1 }`) changes nothing. A pattern over
several lines, a nested pattern, a rest element (`...others`) or a value that is no chain of names (a call,
a literal) say nothing: no type.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"[A-Za-z_$][\w$]*")
# What follows the pattern's `}`: `= this._config;` (a chain of names ending the statement) or `: Type`.
_FROM_VALUE = re.compile(r"\s*=\s*((?:this|[A-Za-z_$][\w$]*)(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*(?:;|$)")
_FROM_TYPE = re.compile(r"\s*\??\s*:\s*([A-Za-z_$][\w$.]*)(?:<[^()]*>)?\s*(?:[,)=]|$)")
# What opens a pattern: a declaration's keyword, or a parameter list's `(` or `,`.
_OPENS_PATTERN = re.compile(r"(?:\b(?:const|let|var)|[(,])\s*$")


def destructured_type(text: str, start: int, end: int) -> str | None:
    """The chain whose last link holds what the name at `start`..`end` of `text` (one line) is bound to,
    when it is a property bound by a one-line object pattern; None otherwise."""
    opened = _pattern_start(text, start)
    if opened is None or not _OPENS_PATTERN.search(text[:opened]):
        return None
    closed = text.find("}", end)
    if closed < 0 or "{" in text[opened + 1 : closed] or "[" in text[opened + 1 : closed]:
        return None
    key = _property_key(text[opened + 1 : closed], start - opened - 1, end - opened - 1)
    if key is None:
        return None
    after = text[closed + 1 :]
    found = _FROM_VALUE.match(after) or _FROM_TYPE.match(after)
    if found is None:
        return None
    source = re.sub(r"\s*\??\.\s*", ".", found.group(1))
    return f"{source}.{key}"


def _pattern_start(text: str, start: int) -> int | None:
    """Where the `{` of the innermost brace left open before `start` is, if no other bracket is open."""
    depth = 0
    for at in range(start - 1, -1, -1):
        char = text[at]
        if char in "})]":
            depth += 1
        elif char in "([":
            if depth == 0:
                return None
            depth -= 1
        elif char == "{":
            if depth == 0:
                return at
            depth -= 1
    return None


def _property_key(pattern: str, start: int, end: int) -> str | None:
    """The property the name at `start`..`end` of the pattern's inside is bound from: itself when it
    stands alone (`a`, `a = 1`), the key when it is renamed (`key: a`); None when it is a key itself (the
    name bound is the one after it) or a rest element."""
    head = pattern[:start]
    item_start = max(head.rfind(","), -1) + 1
    before = pattern[item_start:start].strip()
    if before.startswith("..."):
        return None
    tail = pattern[end:].lstrip()
    if tail.startswith(":"):
        return None  # `key: local`: the key names no binding
    if not before:
        return pattern[start:end]
    renamed = re.fullmatch(r"([A-Za-z_$][\w$]*)\s*:", before)
    return renamed.group(1) if renamed is not None and _NAME.fullmatch(renamed.group(1)) else None
