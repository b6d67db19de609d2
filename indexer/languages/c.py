"""C: its grammar, `#include` (which binds no name: the program shares one namespace), macro repairs."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..records import Import
from .spec import LanguageSpec, text_of

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..resolver import Resolver
    from ..target import Target


class CSpec(LanguageSpec):
    """C: every file of the program sees every other's top-level names; headers are included by path."""

    # Single quotes delimit a character literal, not a string.
    char_literals = True
    import_types: ClassVar[frozenset[str]] = frozenset({"preproc_include"})
    import_like_types = import_types
    member_separators: ClassVar[tuple[bytes, ...]] = (rb"\.", rb"->")
    long_separators = frozenset({b"->"})
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "auto",
            "break",
            "case",
            "char",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extern",
            "float",
            "for",
            "goto",
            "if",
            "inline",
            "int",
            "long",
            "register",
            "restrict",
            "return",
            "short",
            "signed",
            "sizeof",
            "static",
            "struct",
            "switch",
            "typedef",
            "union",
            "unsigned",
            "void",
            "volatile",
            "while",
            "define",
            "include",
            "ifdef",
            "ifndef",
            "endif",
            "elif",
            "undef",
            "pragma",
            "NULL",
        ]
    )
    repairs_preprocessor = True
    family = "c"
    # `struct Conn *p`, `const Outer *o`, a field's `Inner a;`, a function's `static foo_t *make(`: the last
    # word before the declarator's stars, after `struct`/`union`/`enum` (`untyped_words` are the keywords).
    declared_type_before_patterns = (re.compile(r"\b([A-Za-z_][\w:]*)\s*(?:<[^<>]*>)?[\s*&]*[\s*&]$"),)
    imports_bind_names = False
    shared_namespace = True

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        path = node.child_by_field_name("path")
        if path is None:
            return []
        return [Import(text_of(path).strip('"<>'), None, None, line)]

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """The included file: beside the includer, else any file whose path ends so."""
        from ..target import Target

        path = resolver.find_include(index.path, imp.module)
        return [Target(path, resolver.module_symbol(path))] if path else []
