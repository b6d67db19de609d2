"""Rust: structs, enums, traits, impls, modules, attributes, references and use declarations."""

from __future__ import annotations

from tests.support.memory import index_text, kinds, sym

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
        "&Counter": "object",
        "&Counter.tick": "method",
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
