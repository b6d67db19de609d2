"""C++: C's includes and repairs, with classes, namespaces, out-of-line members and `using namespace`."""

from __future__ import annotations

import re
from typing import ClassVar

import tree_sitter as ts

from .c import CSpec
from .spec import THROW_STUBS, source_query, standard_names

# `using namespace N;` with a plain N, the only form with a list of names (a qualified N has none).
_USING_NAMESPACE = '(using_declaration "namespace" (identifier) @namespace) @directive'
# Where a using-directive's effect ends: a block, a namespace body, the file. A preprocessor conditional or
# an `extern "C++" { }` around it is no scope of its own.
_SCOPES = frozenset({"compound_statement", "translation_unit"})


class CppSpec(CSpec):
    """C++: members are seen without `this->` and may be defined out of line, in any file."""

    # `using` declarations fold with the includes.
    import_like_types = CSpec.import_types | {"using_declaration"}
    # Generate mode fits the includes before the predictions, as before C's change (`context/included_order.py`):
    # no C++ corpus measured it.
    imports_follow_predictions = False
    # A class's nested types are its members (`Outer::Inner`), unlike C's file-scope tags.
    file_scope_nested_kinds = frozenset()
    member_separators = (rb"\.", rb"->", rb"::")
    fence_tags = frozenset({"cpp", "c++", "cc", "cxx", "hpp", "hh", "h"})
    long_separators = frozenset({b"->", b"::"})
    keyword_list: ClassVar[frozenset[str]] = CSpec.keyword_list | frozenset(
        [
            "alignas",
            "alignof",
            "and",
            "bool",
            "catch",
            "class",
            "constexpr",
            "const_cast",
            "decltype",
            "delete",
            "dynamic_cast",
            "explicit",
            "export",
            "false",
            "friend",
            "mutable",
            "namespace",
            "new",
            "noexcept",
            "not",
            "nullptr",
            "operator",
            "or",
            "private",
            "protected",
            "public",
            "reinterpret_cast",
            "static_assert",
            "static_cast",
            "template",
            "this",
            "throw",
            "true",
            "try",
            "typeid",
            "typename",
            "using",
            "virtual",
            "override",
            "final",
        ]
    )
    implicit_members = True
    members_elsewhere = True
    untyped_words = frozenset({"auto", "class", "typename", "constexpr", "mutable", "virtual", "explicit"})
    declared_type_patterns = (
        # `auto x = Foo(...)`, `auto* x = new Foo`, `auto x = make()`: the constructed class or the callee.
        re.compile(r"\w+\s*=\s*(?:new\s+)?([A-Za-z_][\w:]*)\s*[({<]"),
    )
    stub_statements = THROW_STUBS

    def names_opened_at(self, tree: ts.Tree, start_byte: int, end_byte: int) -> frozenset[str]:
        """Names a `using namespace N;` directive makes usable unqualified in the code from `start_byte` to
        `end_byte` (C++'s `vector` after `using namespace std;`): those globals/<query_name>-<N>.txt lists,
        which scripts/standard_names.py generates for std only.

        A directive counts when it starts before the code ends and its scope (the file, a namespace body,
        a block) holds the code, or lies inside it: a directive anywhere in a function counts for all of
        the function, as a name's position within it is not known here. `using namespace std::chrono;`
        opens nothing, having no list."""
        query = source_query(self, _USING_NAMESPACE)
        opened: frozenset[str] = frozenset()
        for _, captures in ts.QueryCursor(query).matches(tree.root_node):
            directive, namespace = captures["directive"][0], captures["namespace"][0]
            if directive.start_byte >= end_byte or namespace.text is None:
                continue
            scope = _scope_of(directive)
            holds = scope.start_byte <= start_byte and end_byte <= scope.end_byte
            inside = start_byte <= scope.start_byte and scope.end_byte <= end_byte
            if holds or inside:
                opened |= standard_names(f"{self.query_name}-{namespace.text.decode()}")
        return opened


def _scope_of(node: ts.Node) -> ts.Node:
    scope = node
    while scope.parent is not None:
        scope = scope.parent
        if scope.type in _SCOPES or (
            scope.type == "declaration_list"
            and scope.parent is not None
            and scope.parent.type == "namespace_definition"
        ):
            break
    return scope
