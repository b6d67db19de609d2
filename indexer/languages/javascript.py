"""JavaScript: its grammar, ES and CommonJS imports, relative module resolution, and node:test skeletons."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..records import Import
from .spec import THROW_STUBS, LanguageSpec, text_of, walk

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..resolver import Resolver
    from ..target import Target

# What a relative import may name without its extension, in the order Node and TypeScript try them.
MODULE_EXTENSIONS = (".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs")


class JavaScriptSpec(LanguageSpec):
    """JavaScript (ES modules and CommonJS, JSX)."""

    import_types: ClassVar[frozenset[str]] = frozenset({"import_statement"})
    import_like_types = import_types
    member_separators = (rb"\.", rb"\?\.")
    declared_type_patterns = (
        # `x = new Foo(...)`, `this.x = new ns.Foo()`; TypeScript's `x: Foo`, `private x?: Foo`, and
        # `x: Foo<T>` (a generic class is still the class; `Foo[]` is an array).
        re.compile(r"[\w$.]+\s*(?::[^=]*)?=\s*new\s+([A-Za-z_$][\w$.]*)"),
        re.compile(r"[\w$.]+\??\s*:\s*([A-Za-z_$][\w$.]*)(?![\w$.\[])"),
        # `const cache = this.cache;`, `const c = ctx.conn`: what the chain holds.
        re.compile(r"[\w$]+\s*=\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)\s*(?:$|[;,/])"),
        # `const o = make()`, `const o = await api.load()`: the callee, whose declared result it holds.
        re.compile(r"[\w$.]+\s*=\s*(?:await\s+)?([A-Za-z_$][\w$.]*)\s*\("),
        # A function's result: `make(): Options`, `load<T>(k: string): Store`.
        re.compile(r"[\w$]+\s*(?:<[^()]*>)?\s*\([^()]*\)\s*:\s*([A-Za-z_$][\w$.]*)(?![\w$.\[])"),
    )
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "debugger",
            "default",
            "delete",
            "do",
            "else",
            "export",
            "extends",
            "finally",
            "for",
            "function",
            "if",
            "import",
            "in",
            "instanceof",
            "let",
            "new",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "try",
            "typeof",
            "var",
            "void",
            "while",
            "with",
            "yield",
            "async",
            "await",
            "of",
            "static",
            "get",
            "set",
            "null",
            "undefined",
            "true",
            "false",
            "require",
            "from",
            "as",
        ]
    )
    family = "javascript"
    member_style = "brace"
    not_implemented = 'throw new Error("not implemented");'
    indent_unit = "  "
    interface_fields_owed = True
    test_framework = "node:test"
    jsdoc = True
    stub_statements = THROW_STUBS

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        """`import ... from "m"` and `const x = require("m")` (with destructuring)."""
        source = None
        for c in walk(node):
            if c.type == "string" and (
                c.parent == node or (c.parent is not None and c.parent.type == "arguments")
            ):
                source = text_of(c).strip("'\"`")
                break
        if source is None:
            return []
        out = []
        if node.type == "import_statement":
            for c in walk(node):
                if c.type == "import_specifier":
                    name, alias = c.child_by_field_name("name"), c.child_by_field_name("alias")
                    out.append(
                        Import(source, text_of(name) if name else "", text_of(alias) if alias else None, line)
                    )
                elif c.type == "namespace_import":
                    ident = next((x for x in c.named_children if x.type == "identifier"), None)
                    out.append(Import(source, "*", text_of(ident) if ident else None, line))
                elif c.type == "identifier" and c.parent is not None and c.parent.type == "import_clause":
                    out.append(Import(source, "default", text_of(c), line))
            return out or [Import(source, None, None, line)]
        declarator = next((c for c in node.named_children if c.type == "variable_declarator"), None)
        name = declarator.child_by_field_name("name") if declarator is not None else None
        if name is not None and name.type == "identifier":
            return [Import(source, None, text_of(name), line)]
        if name is not None and name.type == "object_pattern":
            out = []
            for c in name.named_children:
                if c.type == "object_assignment_pattern":  # { a = default }
                    c = c.child_by_field_name("left") or c
                if c.type == "shorthand_property_identifier_pattern":
                    out.append(Import(source, text_of(c), None, line))
                elif c.type == "pair_pattern":  # { name: alias }
                    key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
                    if key is not None and value is not None and value.type == "identifier":
                        out.append(Import(source, text_of(key), text_of(value), line))
            return out
        return [Import(source, None, None, line)]

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """Relative imports only (`./util`): a package's own modules are not the workspace's."""
        from ..target import Target

        if not imp.module.startswith("."):
            return []
        base = PurePosixPath(index.path).parent / imp.module
        path = resolver.first_existing(base, MODULE_EXTENSIONS)
        if path is None:
            return []
        if imp.name in (None, "*"):
            return [Target(path, resolver.module_symbol(path))]
        if imp.name == "default":
            other = resolver.memory.file(path)
            if other is None:
                return []
            named = [s for s in other.symbols[1:] if s.parent == other.module_id and s.name == imp.alias]
            return [Target(path, s) for s in named] or [Target(path, resolver.module_symbol(path))]
        return resolver.top_level(path, imp.name)
