"""Rust: structs, enums, traits, impls, modules, attributes, references and use declarations."""

from __future__ import annotations

from tests.support.memory import REALISTIC, index_fixture, index_text, kinds, sym

GENERIC_IMPLS = """struct Router<'a> { routes: Vec<&'a str> }
impl<'a> Router<'a> {
    fn new() -> Self { Router { routes: Vec::new() } }
}
impl<T: Clone> fmt::Display for crate::wrap::Wrapper<T> {
    fn fmt(&self) {}
}
impl Tick for &Counter {
    fn tick(&self) {}
}
impl Default for u32 {
    fn default() -> u32 { 0 }
}
"""


def test_impl_of_a_generic_or_qualified_type_is_named_by_the_type() -> None:
    index = index_text("r.rs", GENERIC_IMPLS)
    assert kinds(index) == {
        "Router": "struct",
        "Router.routes": "field",
        "Router.new": "method",
        "Wrapper": "object",
        "Wrapper.fmt": "method",
        # An impl for a reference to a named type is named as the type: its methods are the type's.
        "Counter": "object",
        "Counter.tick": "method",
        "u32": "object",
        "u32.default": "method",
    }
    impl = index.by_id["r.rs::Router#2"]
    assert impl.kind.name == "OBJECT"
    assert impl.signature == "impl<'a> Router<'a>"
    assert index.by_id[sym(index, "Router.new").parent or ""] == impl
    assert sym(index, "Wrapper").name_start == (4, 45)


def test_use_lists_with_self_bind_the_module_name() -> None:
    index = index_text("u.rs", "use std::fmt::{self, Display};\nuse std::io::{self as stdio};\n")
    assert [(i.module, i.name, i.alias, i.bound) for i in index.imports] == [
        ("std", "fmt", None, "fmt"),
        ("std::fmt", "Display", None, "Display"),
        ("std", "io", "stdio", "stdio"),
    ]


# -- a realistic module: tests/fixtures/realistic/router.rs -----------------------------------------------

ROUTER = index_fixture(REALISTIC / "router.rs")


def test_hierarchy_structs_impls_traits_and_modules() -> None:
    assert [(s.id, s.kind.name.lower()) for s in ROUTER.symbols[1:]] == [
        ("router.rs::Method", "enum"),
        ("router.rs::Method.Get", "constant"),
        ("router.rs::Method.Post", "constant"),
        ("router.rs::Router", "struct"),
        ("router.rs::Router.routes", "field"),
        ("router.rs::Router.fallback", "field"),
        ("router.rs::Handler", "type_parameter"),
        ("router.rs::Route", "interface"),
        ("router.rs::Route.matches", "method"),
        ("router.rs::Route.name", "method"),
        ("router.rs::Router#2", "object"),
        ("router.rs::Router.new", "method"),
        ("router.rs::Router.add", "method"),
        ("router.rs::Router.dispatch", "method"),
        ("router.rs::Method#2", "object"),
        ("router.rs::Method.fmt", "method"),
        ("router.rs::route", "function"),
        ("router.rs::VERSION", "variable"),
        ("router.rs::tests", "namespace"),
        ("router.rs::tests.empty", "function"),
    ]
    # Methods belong to their impl block, and are named after the type.
    assert sym(ROUTER, "Router.new").parent == "router.rs::Router#2"
    assert ROUTER.by_id["router.rs::Method#2"].signature == "impl Display for Method"


def test_attributes_and_doc_comments() -> None:
    method = ROUTER.by_id["router.rs::Method"]
    assert method.decorators == ("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]",)
    assert method.doc == "HTTP methods."  # above the attribute
    assert sym(ROUTER, "Router.add").decorators == ("#[inline]",)
    assert sym(ROUTER, "tests").decorators == ("#[cfg(test)]",)
    assert sym(ROUTER, "tests.empty").decorators == ("#[test]",)
    assert sym(ROUTER, "Router.new").doc == "An empty router."
    assert sym(ROUTER, "Route.matches").doc == "Match a path."
    assert (
        sym(ROUTER, "Router.add").signature
        == "pub fn add(&mut self, m: Method, path: &'a str, h: Handler) -> &mut Self"
    )


def test_references_self_members_and_paths() -> None:
    assert sym(ROUTER, "Router.add").refs == (
        "m",
        "Method",
        "path",
        "str",
        "h",
        "Handler",
        "self.routes",
        "self.routes.insert",
        ".insert",
    )
    dispatch = sym(ROUTER, "Router.dispatch").refs
    assert {"self.routes", "self.fallback", "req.method", "not_found"} <= set(dispatch)
    assert sym(ROUTER, "Method.fmt").refs == ("f", "fmt.Formatter", "fmt.Result", "write")
    assert sym(ROUTER, "tests.empty").refs == ("assert", "Router", "Router.new", ".routes", ".is_empty")


def test_use_declarations() -> None:
    assert [(i.module, i.name, i.alias, i.line) for i in ROUTER.imports] == [
        ("std::collections", "HashMap", None, 1),
        ("std::collections", "BTreeMap", "Tree", 1),
        ("std", "fmt", None, 2),
        ("std::fmt", "Display", None, 2),
        ("crate::handlers", "*", None, 3),
        ("super::config", "Config", None, 4),
        ("super", "*", None, 62),
    ]


def test_enum_variants_associated_types_and_impls_of_path_types() -> None:
    # From anyhow (ChainState) and smallvec (Array, ToSmallVec for [A::Item]).
    index = index_text(
        "lib.rs",
        "pub(crate) enum ChainState<'a> {\n    Linked {\n        next: Option<&'a E>,\n    },\n"
        '    #[cfg(feature = "std")]\n    Buffered(Vec<E>),\n    Empty,\n}\n\n'
        "pub unsafe trait Array {\n    type Item;\n    fn size() -> usize;\n}\n\n"
        "impl<A: Array> ToSmallVec<A> for [A::Item] {\n    fn to_smallvec(&self) -> SmallVec<A> {\n"
        "        Self::from_slice(self)\n    }\n}\n",
    )
    assert kinds(index) == {
        "ChainState": "enum",
        "ChainState.Linked": "constant",
        "ChainState.Linked.next": "field",
        "ChainState.Buffered": "constant",
        "ChainState.Empty": "constant",
        "Array": "interface",
        "Array.Item": "type_parameter",
        "Array.size": "method",
        # The impl's type keeps its text: `::` inside it is no C++ qualifier.
        "[A::Item]": "object",
        "[A::Item].to_smallvec": "method",
    }
    assert sym(index, "ChainState.Buffered").decorators == ('#[cfg(feature = "std")]',)
    # `Self::from_slice` is a member of the impl's own type, as `self.x` is.
    assert "Self.from_slice" in sym(index, "[A::Item].to_smallvec").refs
