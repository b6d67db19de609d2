"""Rust names the crates on the shelf (regex-syntax, syn, serde_json) reach that plain declarations do not:
items an item-level macro invocation declares (`define_bool!(0, is_utf8, set_utf8);` in an impl,
`ast_struct! { pub struct ExprLet #full { pub attrs: .. } }`), a type named inside a module that also holds
an impl of it, the fields a struct literal sets, and members reached through a chain continued on the next
line (rustfmt's layout) and through a generic parameter's trait bound."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.resolve import Resolver
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

MACROS_RS = (
    "struct HirInfo {\n"
    "    bools: u16,\n"
    "}\n"
    "macro_rules! define_bool {\n"
    "    ($bit:expr, $is_fn_name:ident, $set_fn_name:ident) => {\n"
    "        fn $set_fn_name(&mut self, yes: bool) {}\n"
    "    };\n"
    "}\n"
    "impl HirInfo {\n"
    "    fn new() -> HirInfo {\n"
    "        HirInfo { bools: 0 }\n"
    "    }\n"
    "    define_bool!(0, is_always_utf8, set_always_utf8);\n"
    "}\n"
    "ast_struct! {\n"
    "    /// A `let` guard.\n"
    "    pub struct ExprLet #full {\n"
    "        pub attrs: Vec<Attribute>,\n"
    "        pub let_token: Token![let],\n"
    "    }\n"
    "}\n"
    "pub fn anchor() -> HirInfo {\n"
    "    let mut info = HirInfo::new();\n"
    "    info.set_always_utf8(true);\n"
    "    info\n"
    "}\n"
    "pub struct Engine {}\n"
    "mod parsing {\n"
    "    use super::*;\n"
    "    impl Parse for Engine {\n"
    "        fn parse(input: ParseStream) -> Result<Self> {\n"
    "            Ok(Engine {})\n"
    "        }\n"
    "    }\n"
    "    impl Parse for ExprLet {\n"
    "        fn parse(input: ParseStream) -> Result<Self> {\n"
    "            Ok(ExprLet {\n"
    "                attrs: Vec::new(),\n"
    "                let_token: input.parse()?,\n"
    "            })\n"
    "        }\n"
    "    }\n"
    "}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("rs_resolution"), {"src/lib.rs": MACROS_RS})


def test_a_method_a_macro_invocation_declares_in_an_impl(memory: Memory) -> None:
    assert definitions(memory, "src/lib.rs", "info.set_always_utf8", 5) == [
        ("src/lib.rs", "HirInfo.set_always_utf8")
    ]


def test_a_struct_and_its_fields_declared_inside_a_macro_invocation(memory: Memory) -> None:
    assert definitions(memory, "src/lib.rs", "Ok(ExprLet", 3) == [("src/lib.rs", "ExprLet")]


def test_an_impl_inside_a_module_is_no_definition_of_its_type(memory: Memory) -> None:
    # `impl Parse for Engine` in `mod parsing` is named Engine too; the name still means the struct.
    assert definitions(memory, "src/lib.rs", "Ok(Engine", 3) == [("src/lib.rs", "Engine")]


def test_a_field_a_struct_literal_sets(memory: Memory) -> None:
    assert definitions(memory, "src/lib.rs", "let_token: input", 0) == [("src/lib.rs", "ExprLet.let_token")]
    assert definitions(memory, "src/lib.rs", "bools: 0", 0) == [("src/lib.rs", "HirInfo.bools")]


SER_RS = (
    "use serde::ser;\n"
    "pub trait Formatter {\n"
    "    fn begin_object<W>(&mut self, writer: &mut W) -> io::Result<()> {\n"
    '        writer.write_all(b"{")\n'
    "    }\n"
    "}\n"
    "pub struct Serializer<W, F = CompactFormatter> {\n"
    "    writer: W,\n"
    "    formatter: F,\n"
    "}\n"
    "impl<'a, W, F> ser::Serializer for &'a mut Serializer<W, F>\n"
    "where\n"
    "    W: io::Write,\n"
    "    F: Formatter,\n"
    "{\n"
    "    fn serialize_map(self, len: Option<usize>) -> Result<()> {\n"
    "        tri!(self\n"
    "            .formatter\n"
    "            .begin_object(&mut self.writer)\n"
    "            .map_err(Error::io));\n"
    "        Ok(())\n"
    "    }\n"
    "}\n"
    "pub enum Compound<'a, W: 'a, F: 'a> {\n"
    "    Map { ser: &'a mut Serializer<W, F>, state: State },\n"
    "}\n"
    "impl<'a, W, F> ser::SerializeMap for Compound<'a, W, F>\n"
    "where\n"
    "    F: Formatter,\n"
    "{\n"
    "    fn serialize_key(&mut self) -> Result<()> {\n"
    "        match self {\n"
    "            Compound::Map { ser, state } => ser.formatter.begin_object(&mut ser.writer),\n"
    "        }\n"
    "    }\n"
    "}\n"
)


@pytest.fixture(scope="module")
def ser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("rs_ser"), {"src/lib.rs": SER_RS})


def _resolved(
    memory: Memory, qualname: str, ref: str, path: str = "src/lib.rs"
) -> list[tuple[str, str | None]]:
    """What the packer's resolver makes of `ref` used in the function `qualname` (a member on a line of its
    own is recorded as `.member`, of a receiver the text says)."""
    index = memory.file(path)
    assert index is not None
    scope = next(s for s in index.symbols if s.qualname == qualname)
    return [
        (t.path, t.symbol.qualname if t.symbol else None) for t in Resolver(memory).resolve(index, scope, ref)
    ]


def test_an_impl_for_a_reference_is_an_impl_of_the_type(ser: Memory) -> None:
    index = ser.file("src/lib.rs")
    assert index is not None
    assert "Serializer.serialize_map" in {s.qualname for s in index.symbols}
    assert definitions(ser, "src/lib.rs", "self.writer", 5) == [("src/lib.rs", "Serializer.writer")]


def test_a_chain_continued_on_the_next_lines(ser: Memory) -> None:
    assert _resolved(ser, "Serializer.serialize_map", ".formatter") == [
        ("src/lib.rs", "Serializer.formatter")
    ]


def test_a_method_of_a_generic_parameters_trait_bound(ser: Memory) -> None:
    # `formatter: F`, and the impl says `where F: Formatter`: the trait's method.
    assert _resolved(ser, "Serializer.serialize_map", ".begin_object") == [
        ("src/lib.rs", "Formatter.begin_object")
    ]


def test_a_name_a_variants_struct_pattern_binds_holds_the_fields_type(ser: Memory) -> None:
    # `Compound::Map { ser, state }`: `ser` is the variant's field, a `&'a mut Serializer<W, F>`.
    assert definitions(ser, "src/lib.rs", "ser.writer", 4) == [("src/lib.rs", "Serializer.writer")]
    assert definitions(ser, "src/lib.rs", "formatter.begin_object(&mut ser", 10) == [
        ("src/lib.rs", "Formatter.begin_object")
    ]


CRATE = {
    "src/lib.rs": "mod ast;\nmod pat;\nmod translate;\n",
    "src/ast.rs": (
        "pub struct CaptureName {\n"
        "    pub name: String,\n"
        "}\n"
        "pub enum GroupKind {\n"
        "    CaptureName(CaptureName),\n"
        "}\n"
        "pub enum ErrorKind {\n"
        "    GroupNameDuplicate { original: Span },\n"
        "}\n"
    ),
    "src/pat.rs": "pub mod parsing {\n    pub fn multi_pat(input: ParseStream) {}\n}\n",
    "src/translate.rs": (
        "use crate::ast;\n"
        "fn hir_group(kind: &ast::GroupKind) -> ast::ErrorKind {\n"
        "    match kind {\n"
        "        ast::GroupKind::CaptureName(ref capname) => {\n"
        "            capname.name.clone();\n"
        "        }\n"
        "    }\n"
        "    pat::parsing::multi_pat(input);\n"
        "    ast::ErrorKind::GroupNameDuplicate { original: span }\n"
        "}\n"
    ),
}


@pytest.fixture(scope="module")
def crate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("rs_crate"), CRATE)


def test_a_name_a_tuple_variant_pattern_binds_holds_the_wrapped_type(crate: Memory) -> None:
    # The variant `CaptureName(CaptureName)` is named like the struct it wraps: the struct is meant.
    assert definitions(crate, "src/translate.rs", "capname.name", 8) == [("src/ast.rs", "CaptureName.name")]


def test_a_path_of_a_module_an_enum_and_a_variant(crate: Memory) -> None:
    assert definitions(crate, "src/translate.rs", "original:", 0) == [
        ("src/ast.rs", "ErrorKind.GroupNameDuplicate.original")
    ]


def test_a_path_through_a_crate_root_module_and_an_inline_module(crate: Memory) -> None:
    # `pat` is a module of the crate root no `use` names (a 2015-style path), `parsing` one inside pat.rs.
    assert _resolved(crate, "hir_group", "pat.parsing.multi_pat", "src/translate.rs") == [
        ("src/pat.rs", "parsing.multi_pat")
    ]
