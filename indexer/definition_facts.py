"""What name resolution reads off the definitions it finds, the same in every language, and the answers it
drops by it: impl blocks standing for a top-level type (`impls_of_a_top_level_type`), constructors where a
class is meant (`no_constructors`), import lines among a member's receivers (`import_lines`), and whether two
files' languages share names (`same_family`). Reads kinds and targets only; `resolver.py` asks it. What one
language reads off a definition (a Rust macro or blanket impl, a C `static`, a Go struct's embedded types) is
its spec's (`LanguageSpec.is_macro`, `blanket_impl`, `private_to_its_file`, `embedded_types`)."""

from __future__ import annotations

from .fileindex import FileIndex
from .languages import BY_NAME
from .symbols import SymbolKind
from .target import Target


def import_lines(index: FileIndex, receivers: list[Target]) -> list[Target]:
    """The import lines of `index` among a member's receivers (`import * as Effect`, Go's `"time"`): a
    member reached through them keeps the line that binds its module in the context."""
    return [t for t in receivers if t.symbol is None and t.import_line is not None and t.path == index.path]


def no_constructors(found: list[Target]) -> list[Target]:
    """A class's name used bare means the class, never its constructor (`AbstractMap` in a class extending
    it names the class whose `SimpleImmutableEntry` follows)."""
    return [t for t in found if t.symbol is None or t.symbol.kind is not SymbolKind.CONSTRUCTOR]


def same_family(a: str, b: str) -> bool:
    return BY_NAME[a].same_family(BY_NAME[b])


def impls_of_a_top_level_type(index: FileIndex, name: str, found: list[Target]) -> bool:
    """Whether `found` (definitions of `name` in an inner scope) are only impl blocks of a type the file
    defines at its top level, which is what the name means."""
    if any(t.symbol is None or t.symbol.kind is not SymbolKind.OBJECT for t in found):
        return False
    return any(s.kind is not SymbolKind.OBJECT for s in index.by_qualname.get(name, ()))
