"""TypeScript and TSX: JavaScript's imports and conventions, with the type system's keywords."""

from __future__ import annotations

from typing import ClassVar

from .javascript import JavaScriptSpec


class TypeScriptSpec(JavaScriptSpec):
    """TypeScript (`.ts`): tests import a module as `./name`, which TypeScript resolves."""

    keyword_list: ClassVar[frozenset[str]] = JavaScriptSpec.keyword_list | frozenset(
        [
            "interface",
            "type",
            "enum",
            "implements",
            "private",
            "protected",
            "public",
            "readonly",
            "declare",
            "namespace",
            "module",
            "abstract",
            "keyof",
            "infer",
            "is",
            "any",
            "unknown",
            "never",
            "number",
            "string",
            "boolean",
            "symbol",
            "bigint",
            "object",
        ]
    )
    imports_without_extension = True


class TsxSpec(TypeScriptSpec):
    """TSX: TypeScript with JSX, a grammar of its own; no test skeletons are offered for it (yet)."""

    test_framework = ""
    imports_without_extension = False
