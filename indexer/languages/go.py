"""Go: its grammar, imports, receiver methods and directory packages, panics as stubs, `go test` skeletons."""

from __future__ import annotations

import re
from typing import ClassVar

import tree_sitter as ts

from ..records import Import
from .spec import NOT_YET, LanguageSpec, text_of


class GoSpec(LanguageSpec):
    """Go: a package is a directory whose files share their top-level names; methods hang on receivers."""

    # Single quotes delimit a character literal, not a string.
    char_literals = True
    import_types: ClassVar[frozenset[str]] = frozenset({"import_declaration"})
    import_like_types = import_types
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "break",
            "case",
            "chan",
            "const",
            "continue",
            "default",
            "defer",
            "else",
            "fallthrough",
            "for",
            "func",
            "go",
            "goto",
            "if",
            "import",
            "interface",
            "map",
            "package",
            "range",
            "return",
            "select",
            "struct",
            "switch",
            "type",
            "var",
            "nil",
            "true",
            "false",
            "iota",
        ]
    )
    package_comment_doc = True
    shared_namespace = True
    members_elsewhere = True
    receiver_methods = True
    package_is_directory = True
    embedded_fields_are_bases = True
    declared_type_patterns = (
        # A parameter, receiver, field or `var`: `c *Conn`, `a, b *Conn`, `mu sync.Mutex` (not `[]T`, `map`).
        re.compile(r"\w+(?:\s*,\s*\w+)*\s+\*?([A-Za-z_][\w.]*)(?![\w.\[(])"),
        # `r := new(Response)`.
        re.compile(r"\w+\s*:?=\s*new\(\s*([A-Za-z_][\w.]*)\s*\)"),
        # `cc := b.cs.cc`: what the chain holds.
        re.compile(r"\w+\s*:?=\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*(?:$|[;/])"),
        # `m := &Conn{}`, `x, err := NewConn()`, `var x = pkg.New()`: the literal's type or the callee.
        re.compile(r"\w+(?:\s*,\s*\w+)*\s*:?=\s*&?([A-Za-z_][\w.]*)\s*[({]"),
        # A function's first result: `NewConn() *Conn`, `Open(name string) (*File, error)`, a named one
        # (`readRequest(b *bufio.Reader) (req *Request, err error)`).
        re.compile(r"\w+\s*\([^()]*\)\s*(?:\(\s*(?:\w+\s+)?)?\*?([A-Za-z_][\w.]*)"),
    )
    test_framework = "go test"
    stub_statements = (
        (re.compile(r"panic\(\s*\"[^\"]*" + NOT_YET + r"[^\"]*\"\s*\)", re.I), '`panic("not implemented")`'),
    )

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        path = node.child_by_field_name("path")
        alias = node.child_by_field_name("name")
        module = text_of(path).strip('"`') if path is not None else ""
        return [Import(module, None, text_of(alias) if alias is not None else module.split("/")[-1], line)]

    def method_receiver(self, node: ts.Node) -> str | None:
        """The receiver's type of a method declaration (`*T`, `T[K]` read as `T`)."""
        if node.type != "method_declaration":
            return None
        receiver = node.child_by_field_name("receiver")
        if receiver is None:
            return None
        for param in receiver.named_children:
            typ = param.child_by_field_name("type")
            while typ is not None and typ.type in ("pointer_type", "generic_type"):
                typ = typ.named_child(0) if typ.type == "pointer_type" else typ.child_by_field_name("type")
            if typ is not None:
                return text_of(typ)
        return None
