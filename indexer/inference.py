"""Instance types: the class a receiver holds, inferred from what the memory can read, so that
`console.get_style(...)`, `self.options.update(...)` and `c = Console(); c.print()` lead to the method.

The rules, as far as a syntax tree and the memory tell (the language says how a binding reads, in
`LanguageSpec.declared_type_patterns`):
- `self`/`this` holds the class around the method;
- a parameter or local holds the type it is annotated with (`console: Console`) or the class it is
  constructed from (`c = Console()`, `x = new Foo()`), read at its first binding in the function;
- a field (`self.console: Console`, `self.x = Cls()`, a class-level `x: Cls`) or a module-level variable
  holds the type its own definition line says;
- a class name holds the class itself (`Console.method`);
- a chain (`self.options.update`) applies the rules link by link.
Anything else (a call's result, a subscript, a name bound twice to different types) is unknown: never a guess.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .fileindex import FileIndex
from .languages import BY_NAME
from .scopes import FunctionScope
from .symbols import CLASS_KINDS, SymbolKind, SymbolNode
from .target import Target

if TYPE_CHECKING:
    from .resolver import Resolver

# The receiver chain standing right before a member (`self.options.` before `update`), on one line. What
# stands before the chain must not make it a member of something else (`f().x.`, `a[0].x.`).
_CHAIN = re.compile(r"((?:[A-Za-z_$\x80-\uffff][\w$\x80-\uffff]*[ \t]*(?:\?\.|\.|->)[ \t]*)+)$")
_LINK = re.compile(r"[A-Za-z_$\x80-\uffff][\w$\x80-\uffff]*")
_HOLDS_TYPE = frozenset({SymbolKind.FIELD, SymbolKind.VARIABLE, SymbolKind.CONSTANT})


def receiver_chain(text: bytes, byte: int) -> list[str] | None:
    """The names before the member at `byte` (`["self", "options"]` for `self.options.update`), or None when
    the member is not reached through a chain of plain names."""
    line_start = text.rfind(b"\n", 0, byte) + 1
    head = text[line_start:byte].decode("utf-8", "replace")
    match = _CHAIN.search(head)
    if match is None:
        return None
    before = head[: match.start()].rstrip()
    if before.endswith((".", ")", "]", ">")) and not before.endswith("=>"):
        return None
    return _LINK.findall(match.group(1))


class Inference:
    """Infers receivers' classes with one resolver (and its caches); create one per request."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.memory = resolver.memory
        # One parse per function: the scope is that of the innermost definition at the byte.
        self._functions: dict[tuple[str, str], FunctionScope | None] = {}

    def member_targets(
        self, index: FileIndex, text: bytes, scope: SymbolNode, byte: int, chain: list[str], member: str
    ) -> list[Target] | None:
        """`member` of the classes `chain` holds at `byte`; None when no class could be inferred (an
        inferred class without such a member answers [], which says the use is of something else)."""
        classes = self.classes(index, text, scope, byte, chain)
        if not classes:
            return None
        out: list[Target] = []
        for cls_index, cls in classes:
            out.extend(self.resolver.members(cls_index, cls, member))
        return out

    def classes(
        self, index: FileIndex, text: bytes, scope: SymbolNode, byte: int, chain: list[str]
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes the receiver `chain` (in `scope` of `index`, used at `byte`) holds."""
        if not chain:
            return []
        found = self._first(index, text, scope, byte, chain[0])
        for link in chain[1:]:
            found = [
                held
                for cls_index, cls in found
                for target in self.resolver.members(cls_index, cls, link)
                for held in self._held_by(target)
            ]
            if not found:
                return []
        return _unique(found)

    def _first(
        self, index: FileIndex, text: bytes, scope: SymbolNode, byte: int, name: str
    ) -> list[tuple[FileIndex, SymbolNode]]:
        spec = BY_NAME[index.language]
        if name in spec.self_names:
            for s in [scope, *index.enclosing(scope)]:
                if s.kind in CLASS_KINDS:
                    return [(index, s)]
            return []
        key = (index.path, scope.id)
        if key not in self._functions:
            self._functions[key] = FunctionScope.at_byte(self.memory, index, text, byte)
        function = self._functions[key]
        if function is not None and function.shadows(name, scope, byte):
            span = function.binding(name)
            if span is None:
                return []
            line_end = text.find(b"\n", span[0])
            binding = text[span[0] : len(text) if line_end < 0 else line_end].decode("utf-8", "replace")
            return self._type_named(index, scope, spec.declared_type(binding))
        out: list[tuple[FileIndex, SymbolNode]] = []
        for target in self.resolver.resolve(index, scope, name):
            out.extend(self._held_by(target, classes_hold_themselves=True))
        return out

    def _held_by(
        self, target: Target, *, classes_hold_themselves: bool = False
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes a definition holds: a field's or variable's declared type, a class itself."""
        symbol = target.symbol
        index = self.memory.file(target.path)
        if symbol is None or index is None:
            return []
        if symbol.kind in CLASS_KINDS:
            return [(index, symbol)] if classes_hold_themselves else []
        if symbol.kind not in _HOLDS_TYPE:
            return []
        at = re.search(r"(?<![\w$])" + re.escape(symbol.name) + r"(?![\w$])", symbol.signature)
        if at is None:
            return []
        typename = BY_NAME[index.language].declared_type(symbol.signature[at.start() :])
        owner = index.by_id.get(symbol.parent) if symbol.parent is not None else None
        return self._type_named(index, owner or index.symbols[0], typename)

    def _type_named(
        self, index: FileIndex, scope: SymbolNode, typename: str | None
    ) -> list[tuple[FileIndex, SymbolNode]]:
        if not typename:
            return []
        out: list[tuple[FileIndex, SymbolNode]] = []
        for target in self.resolver.resolve(index, scope, typename):
            cls_index = self.memory.file(target.path)
            if target.symbol is not None and target.symbol.kind in CLASS_KINDS and cls_index is not None:
                out.append((cls_index, target.symbol))
        return out


def _unique(found: list[tuple[FileIndex, SymbolNode]]) -> list[tuple[FileIndex, SymbolNode]]:
    seen: dict[str, tuple[FileIndex, SymbolNode]] = {}
    for index, cls in found:
        seen.setdefault(cls.id, (index, cls))
    return list(seen.values())
