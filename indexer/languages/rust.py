"""Rust: its grammar, `use` trees, impl blocks and macros, inner doc comments, `todo!()` as a stub."""

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


class RustSpec(LanguageSpec):
    """Rust: a crate shares its top-level names; a type's members come from impl blocks anywhere in it."""

    # Single quotes delimit a character literal, not a string.
    char_literals = True
    import_types: ClassVar[frozenset[str]] = frozenset({"use_declaration"})
    import_like_types = import_types
    comment_types: ClassVar[frozenset[str]] = frozenset({"line_comment", "block_comment"})
    member_separators = (rb"\.", rb"::")
    long_separators = frozenset({b"::"})
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "as",
            "async",
            "await",
            "break",
            "const",
            "continue",
            "crate",
            "dyn",
            "else",
            "enum",
            "extern",
            "false",
            "fn",
            "for",
            "if",
            "impl",
            "in",
            "let",
            "loop",
            "match",
            "mod",
            "move",
            "mut",
            "pub",
            "ref",
            "return",
            "self",
            "Self",
            "static",
            "struct",
            "super",
            "trait",
            "true",
            "type",
            "unsafe",
            "use",
            "where",
            "while",
        ]
    )
    inner_doc_comments = True
    shared_namespace = True
    members_elsewhere = True
    impl_blocks = True
    bang_macros = True
    declared_type_patterns = (
        # `e: &Engine`, `x: &'a mut Engine`, a field's `spare: Box<Engine>` (Box, Rc and Arc dereference to it).
        re.compile(r"\w+\s*:\s*&?(?:'\w+\s+)?(?:mut\s+)?(?:(?:Box|Rc|Arc)<)?([A-Za-z_][\w:]*)(?![\w:(])"),
        # `let x = Engine::new()`, `let x = Engine { .. }`, `let x = make()`: the struct or the callee.
        re.compile(r"\w+\s*=\s*&?(?:mut\s+)?([A-Za-z_][\w:]*)\s*[({]"),
        # A function's result: `fn new() -> Self`, `fn engine(&self) -> &Engine`.
        re.compile(
            r"\w+\s*(?:<[^()]*>)?\s*\([^()]*\)\s*->\s*&?(?:'\w+\s+)?(?:mut\s+)?(?:(?:Box|Rc|Arc)<)?([A-Za-z_][\w:]*)"
        ),
    )
    self_type_names = frozenset({"Self"})
    stub_statements = ((re.compile(r"(?:todo|unimplemented)!\s*[\(\[\{].*[\)\]\}]", re.S), "`todo!()`"),)

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        arg = node.child_by_field_name("argument")
        return _use(arg, "", line) if arg is not None else []

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """A used name: the top-level definition of that name in some `.rs` file of the workspace."""
        if not imp.name:
            return []
        for path in resolver.memory.files_defining(imp.name):
            if path.endswith(".rs"):
                found = resolver.top_level(path, imp.name)
                if found:
                    return found
        return []


def _use(node: ts.Node, prefix: str, line: int) -> list[Import]:
    t = node.type
    if t == "scoped_use_list":
        path = node.child_by_field_name("path")
        base = prefix + (text_of(path) if path is not None else "")
        lst = node.child_by_field_name("list")
        out: list[Import] = []
        if lst is not None:
            for c in lst.named_children:
                out += _use(c, base + "::", line)
        return out
    if t == "use_list":
        out = []
        for c in node.named_children:
            out += _use(c, prefix, line)
        return out
    if t == "use_as_clause":
        path, alias = node.child_by_field_name("path"), node.child_by_field_name("alias")
        module, name = _path(prefix + (text_of(path) if path is not None else ""))
        return [Import(module, name, text_of(alias) if alias is not None else None, line)]
    if t == "use_wildcard":
        return [Import(prefix + text_of(node).removesuffix("::*").removesuffix("*"), "*", None, line)]
    module, name = _path(prefix + text_of(node))
    return [Import(module, name, None, line)]


def _path(full: str) -> tuple[str, str]:
    """(module, name) of a used path; `a::b::self` (from `use a::b::{self}`) binds `b` of `a`."""
    module, _, name = full.rpartition("::")
    if name == "self" and module:
        module, _, name = module.rpartition("::")
    return module, name or full
