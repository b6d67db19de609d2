"""What name resolution reads off the definitions it finds, and the answers it drops by it: a Rust
`macro_rules!` macro (`is_macro`; dropped where the scope never invokes `name!`, `drop_uninvoked_macros`),
a Rust blanket impl (`blanket_impl`), a C `static` (`is_static`), a Go method's receiver (`go_receiver`)
and a Go struct's embedded types (`go_embedded`), impl blocks standing for a top-level type
(`impls_of_a_top_level_type`), constructors where a class is meant (`no_constructors`), import lines among
a member's receivers (`import_lines`), and whether two files' languages share names (`same_family`). Reads
signatures and kinds only; `resolver.py` asks it, and `scopes.py` and completion ask `go_receiver`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .fileindex import FileIndex
from .languages import BY_NAME
from .symbols import SymbolKind, SymbolNode
from .target import Target

_GO_RECEIVER = re.compile(r"func\s*\(\s*(\w+)")
_IMPL_PARAMS = re.compile(r"(?:unsafe\s+)?impl\s*<([^>]*)>")


def import_lines(index: FileIndex, receivers: list[Target]) -> list[Target]:
    """The import lines of `index` among a member's receivers (`import * as Effect`, Go's `"time"`): a
    member reached through them keeps the line that binds its module in the context."""
    return [t for t in receivers if t.symbol is None and t.import_line is not None and t.path == index.path]


def no_constructors(found: list[Target]) -> list[Target]:
    """A class's name used bare means the class, never its constructor (`AbstractMap` in a class extending
    it names the class whose `SimpleImmutableEntry` follows)."""
    return [t for t in found if t.symbol is None or t.symbol.kind is not SymbolKind.CONSTRUCTOR]


def is_macro(symbol: SymbolNode | None) -> bool:
    return symbol is not None and symbol.signature.startswith("macro_rules!")


def blanket_impl(impl: SymbolNode) -> bool:
    """A Rust impl for one of its own type parameters (`impl<E> Trait for E`)."""
    match = _IMPL_PARAMS.match(impl.signature)
    return match is not None and impl.name in (p.split(":")[0].strip() for p in match.group(1).split(","))


def is_static(symbol: SymbolNode) -> bool:
    return symbol.signature.startswith("static ")


def go_embedded(index: FileIndex, struct: SymbolNode) -> Iterator[str]:
    """The types a Go struct embeds (`routeConf`, `io.Reader` from `*io.Reader`), as references."""
    for child_id in struct.children:
        field = index.by_id.get(child_id)
        if field is None or field.kind is not SymbolKind.FIELD:
            continue
        typ = field.signature.lstrip("*").split("[")[0].strip()
        if typ.rpartition(".")[2] == field.name:
            yield typ


def go_receiver(scope: SymbolNode) -> str | None:
    if scope.kind is not SymbolKind.METHOD or not scope.signature.startswith("func"):
        return None
    match = _GO_RECEIVER.match(scope.signature)
    return match.group(1) if match else None


def same_family(a: str, b: str) -> bool:
    return BY_NAME[a].same_family(BY_NAME[b])


def impls_of_a_top_level_type(index: FileIndex, name: str, found: list[Target]) -> bool:
    """Whether `found` (definitions of `name` in an inner scope) are only impl blocks of a type the file
    defines at its top level, which is what the name means."""
    if any(t.symbol is None or t.symbol.kind is not SymbolKind.OBJECT for t in found):
        return False
    return any(s.kind is not SymbolKind.OBJECT for s in index.by_qualname.get(name, ()))


def drop_uninvoked_macros(
    text: bytes | None, scope: SymbolNode, name: str, found: list[Target]
) -> list[Target]:
    """`found` without its `macro_rules!` macros unless `scope` (of the file whose text is `text`) invokes
    `name!`: references are read without the `!`, and a parameter or local named like a macro (anyhow's
    `backtrace`) is no use of it."""
    code = b"" if text is None else text[scope.start_byte : scope.end_byte]
    if re.search(rb"(?<![\w$])" + re.escape(name.encode()) + rb"\s*!\s*[(\[{]", code):
        return found
    return [t for t in found if not is_macro(t.symbol)]
