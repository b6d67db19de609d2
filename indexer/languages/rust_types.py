"""Rust type readings the resolver asks of rust.py: the struct literals that set a field (`ExprLet { attrs:
Vec::new(), .. }`, the shorthand `Conn { addr }`) and the trait a generic parameter is bound by (`F:
Formatter`, `where F: Formatter`, `impl<F: Formatter>`), read from the text of a function or a header."""

from __future__ import annotations

import re

# A struct literal or a variant's (`Compound::Map {`): a type-like path right before a brace. `if a == B {`
# would read as one too; a field it sets must then also be a member of B, which it never is.
_LITERAL = re.compile(rb"(?<![\w:])((?:[A-Za-z_]\w*::)*(?:[A-Z]\w*|Self))[ \t]*\{")
_PATH_HEAD = re.compile(rb"(?<![\w:])([A-Za-z_]\w*)::")
_FIELD = re.compile(rb"([A-Za-z_]\w*)\s*(?::(?!:)|$)")
_DELIMITER = re.compile(rb"[()\[\]{},]")
# A name that may start a part of a literal's body as `_FIELD` reads it (`field: value`, or the shorthand `field`).
_SETTER = re.compile(rb"[{,]\s*([A-Za-z_]\w*)\s*(?=:(?!:)|[,)\]}])")
# How far one literal is read for its fields (a literal spans a few lines; a block after `if X {` may not).
_MAX_LITERAL = 4_000


def literal_fields(text: bytes, start: int, end: int) -> dict[str, list[str]]:
    """Field name -> the types (as written, `::` read as `.`) of the struct literals in text[start:end] that
    set it at their own level: `field: value`, or `field` alone (the shorthand)."""
    out: dict[str, list[str]] = {}
    for match in _LITERAL.finditer(text, start, end):
        typename = match.group(1).decode("utf-8", "replace").replace("::", ".")
        for part in _top_level_parts(text, match.end(), end):
            field = _FIELD.match(part)
            if field is not None and typename not in out.setdefault(field.group(1).decode(), []):
                out[field.group(1).decode()].append(typename)
    return out


class FunctionLiterals:
    """What `RustSpec.unbound_name` reads of a function's text `text[start:end]`: the names starting a path in it
    (`pat` of `pat::parsing::multi_pat(..)`) and the fields its struct literals set (`literal_fields`), read only
    for a name one may set (`setters`, one search in C): most names asked there (`Ok`, `Some`, `assert_eq`) set none,
    and a Rust test module's first generate packing walked the literals of each of its 30 siblings in Python."""

    def __init__(self, text: bytes, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        # ASCII names (the patterns'): decoded as they are.
        self.heads = frozenset(map(bytes.decode, _PATH_HEAD.findall(text, start, end)))
        # Every field a literal sets, and more: a field starts a part of a literal's body (right after its `{` or a
        # comma, but the blanks) and is followed by a `:` or ends the part (the shorthand).
        self.setters = frozenset(map(bytes.decode, _SETTER.findall(text, start, end)))
        self._fields: dict[str, list[str]] | None = None

    def fields(self, name: str) -> list[str]:
        """The types of the literals setting the field `name` (`literal_fields`)."""
        if self._fields is None:
            self._fields = literal_fields(self.text, self.start, self.end)
        return self._fields.get(name, [])


def _top_level_parts(text: bytes, at: int, end: int) -> list[bytes]:
    """The comma-separated parts of the brace body opening right before `at`, stripped, at its own level."""
    parts: list[bytes] = []
    depth = 0
    part_start = at
    # Only brackets and commas move the reading: the regex skips the bytes between them in C (a byte at a
    # time here cost half a millisecond a test function, tens of literals each).
    for found in _DELIMITER.finditer(text, at, min(end, at + _MAX_LITERAL)):
        i = found.start()
        char = text[i]
        if char in b"([{":
            depth += 1
        elif char in b")]}":
            if depth == 0:
                parts.append(text[part_start:i].strip())
                return parts
            depth -= 1
        elif depth == 0:  # a comma at the literal's own level
            parts.append(text[part_start:i].strip())
            part_start = i + 1
    return []


# A generic parameter's bounds in a header: `<F: Formatter + Clone>`, `where F: Formatter`, `F: ?Sized +
# ser::Formatter<'a>`; the bound is the first trait named that is not `?Sized` or a lifetime.
_BOUND = r"(?<![\w:]){name}\s*:\s*(?:\?Sized\s*\+\s*|'\w+\s*\+\s*)*((?:[A-Za-z_]\w*::)*[A-Za-z_]\w*)"


def trait_bound(header: str, parameter: str) -> str | None:
    """The trait the generic `parameter` is bound by in `header` (a function's, an impl's or a struct's
    text up to its body), `::` read as `.`; None when the header binds it to none."""
    match = re.search(_BOUND.format(name=re.escape(parameter)), header)
    return None if match is None else match.group(1).replace("::", ".")


# A struct or variant pattern open before a bound name on its line: `Compound::Map { ser, state } =>`,
# `Some(Group { concat, group, .. })`; the path before the last brace not closed before the name.
_PATTERN_OPEN = re.compile(r"((?:[A-Za-z_]\w*::)*[A-Z]\w*)\s*\{[^{}]*$")
_TUPLE_OPEN = re.compile(r"((?:[A-Za-z_]\w*::)+[A-Z]\w*)\s*\(\s*(?:ref\s+)?(?:mut\s+)?$")
_TUPLE_CLOSE = re.compile(r"\w+\s*\)")
_SHORTHAND = re.compile(r"(?:ref\s+)?(?:mut\s+)?(\w+)\s*[,}]")


def pattern_field(line: str, start: int) -> str | None:
    """For a name bound at `start` of `line` by a struct pattern's shorthand (`Compound::Map { ser, .. }`),
    the field it takes, as a chain of values (`Compound.Map.ser`); else None."""
    opened = _PATTERN_OPEN.search(line[:start])
    name = _SHORTHAND.match(line, start)
    if opened is not None and name is not None:
        return f"{opened.group(1).replace('::', '.')}.{name.group(1)}"
    # A one-element tuple variant's (`ast::GroupKind::CaptureName(ref capname) =>`): the variant, which holds
    # the type it wraps (RustSpec's tuple-variant reading).
    opened = _TUPLE_OPEN.search(line[:start])
    if opened is not None and _TUPLE_CLOSE.match(line, start):
        return opened.group(1).replace("::", ".")
    return None
