"""Java: its grammar, imports resolved by package path, `super`, implicit members, interface conventions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..records import Import
from .spec import THROW_STUBS, LanguageSpec, text_of

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..resolver import Resolver
    from ..target import Target


class JavaSpec(LanguageSpec):
    """Java: a package shares its names; methods see their class's members without `this.`."""

    # Single quotes delimit a character literal, not a string.
    char_literals = True
    import_types: ClassVar[frozenset[str]] = frozenset({"import_declaration"})
    import_like_types = import_types
    comment_types: ClassVar[frozenset[str]] = frozenset({"line_comment", "block_comment"})
    member_separators = (rb"\.", rb"::")
    long_separators = frozenset({b"::"})
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
        ]
    )
    implicit_members = True
    shared_namespace = True
    super_calls_base = True
    # `Engine e`, `final List<Engine> xs` (the list, not its elements), a method's `public Engine make(`.
    declared_type_before_patterns = (re.compile(r"\b([A-Za-z_][\w.]*)\s*(?:<.*>)?\s+$"),)
    # `var x = new Foo()`, `var x = make()`: the class constructed or the method called.
    declared_type_patterns = (re.compile(r"\w+\s*=\s*(?:new\s+)?([A-Za-z_][\w.]*)\s*[(<]"),)
    untyped_words = frozenset({"var"})
    member_style = "brace"
    not_implemented = 'throw new UnsupportedOperationException("not implemented");'
    interface_members_public = True
    stub_statements = THROW_STUBS

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        names = [c for c in node.named_children if c.type in ("scoped_identifier", "identifier")]
        if not names:
            return []
        full = text_of(names[0])
        if any(c.type == "asterisk" for c in node.named_children):
            return [Import(full, "*", None, line)]
        package, _, short = full.rpartition(".")
        return [Import(package, short, None, line)]

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """`import a.b.C`: the file a/b/C.java anywhere in the workspace, and its class C."""
        from ..target import Target

        if not imp.name or imp.name == "*":
            return []
        path = resolver.find_suffix(f"{imp.module.replace('.', '/')}/{imp.name}.java")
        if not path:
            return []
        return resolver.top_level(path, imp.name) or [Target(path, resolver.module_symbol(path))]
