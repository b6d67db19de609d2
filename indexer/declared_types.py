"""What a declaration's text says of types, for `inference.py`: the type reference a binding is declared with
on its line (`typename_at`) or in its symbol's signature (`declared_type`: a field's or variable's type, a
function's result), the member an inline object type literal declares (`inline_type_member`: `opts?: { timeout:
number }`), the class a method belongs to (`enclosing_class`: around it, or named by its qualified name as a Go
receiver's or C++'s `T::m`), and a list of classes with each once (`unique_classes`). Text and symbols only:
nothing here resolves a name."""

from __future__ import annotations

import re
from collections.abc import Callable

from .fileindex import FileIndex
from .languages import LanguageSpec
from .symbols import CLASS_KINDS, SymbolNode

# An annotation that opens an object type literal, right after the bound name; how far one is read.
_INLINE_TYPE_START = re.compile(rb"\??[ \t]*:[ \t\r\n]*\{")
_MAX_INLINE_TYPE = 20_000
_NAME_BYTE = re.compile(rb"[\w$.]")


def typename_at(
    read: Callable[[str, int, int], str | None], text: bytes, span: tuple[int, int], name: str
) -> str | None:
    """The type reference the binding of `name` at byte `span` is declared with, as `read` finds it on
    its line (the spec's `declared_type_at` or `element_type_at`)."""
    line_start = text.rfind(b"\n", 0, span[0]) + 1
    line_end = text.find(b"\n", span[1])
    line = text[line_start : len(text) if line_end < 0 else line_end]
    start = len(line[: span[0] - line_start].decode("utf-8", "replace"))
    return read(line.decode("utf-8", "replace"), start, start + len(name))


def inline_type_member(text: bytes, after_name: int, member: str) -> tuple[int, int] | None:
    """The byte span of `member` declared in the object type literal a binding is annotated with, read
    from the end of the bound name (`?: {` or `: {`, then `member:`, `member?:` or `member(` at the
    literal's own level), or None when the annotation is no object literal or declares no such member."""
    head = _INLINE_TYPE_START.match(text, after_name)
    if head is None:
        return None
    depth = 0
    wanted = re.compile(rb"(?:readonly\s+)?(" + re.escape(member.encode()) + rb")\??\s*[:(<]")
    for at in range(head.end() - 1, min(len(text), head.end() + _MAX_INLINE_TYPE)):
        char = text[at]
        if char in b"{[(":
            depth += 1
        elif char in b"}])":
            depth -= 1
            if depth == 0:
                return None
        elif depth == 1 and (at == 0 or not _NAME_BYTE.match(text, at - 1)):
            found = wanted.match(text, at)
            if found is not None:
                return found.span(1)
    return None


def declared_type(
    spec: LanguageSpec, symbol: SymbolNode, read: Callable[[str, int, int], str | None] | None = None
) -> str | None:
    """The type a field, variable or function declares (its type, or its result), read from its signature
    at its name (by `read`: the spec's `declared_type_at` unless told)."""
    signature, name = symbol.signature, symbol.name
    start = -1
    if symbol.name_start[0] == symbol.start[0]:
        # The name where the symbol says it is (`struct a *a`: the second `a`), when the signature starts
        # with the definition.
        head = signature.encode()[: symbol.name_start[1] - symbol.start[1]]
        start = len(head.decode("utf-8", "replace"))
        if signature[start : start + len(name)] != name:
            start = -1
    if start < 0:
        at = re.search(r"(?<![\w$])" + re.escape(name) + r"(?![\w$])", signature)
        if at is None:
            return None
        start = at.start()
    return (read or spec.declared_type_at)(signature, start, start + len(name))


def enclosing_class(index: FileIndex, scope: SymbolNode) -> list[tuple[FileIndex, SymbolNode]]:
    """The class around `scope`, or, for a method defined outside its type (a Go receiver's, C++'s `T::m`),
    the type its qualified name names."""
    for s in [scope, *index.enclosing(scope)]:
        if s.kind in CLASS_KINDS:
            return [(index, s)]
    prefix = scope.qualname.rpartition(".")[0]
    owners = [s for s in index.by_qualname.get(prefix, ()) if s.kind in CLASS_KINDS] if prefix else []
    return [(index, owners[0])] if owners else []


def unique_classes(found: list[tuple[FileIndex, SymbolNode]]) -> list[tuple[FileIndex, SymbolNode]]:
    seen: dict[str, tuple[FileIndex, SymbolNode]] = {}
    return [seen.setdefault(cls.id, (index, cls)) for index, cls in found if cls.id not in seen]
