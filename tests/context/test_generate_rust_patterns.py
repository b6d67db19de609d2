"""Generate mode in Rust: a sibling's pattern that names its variant by a path (`Some(GroupState::Group { group,
.. })`) binds `group` alone. The path's head had been read as a binding too, so every `GroupState::...` of
that sibling meant a local, and `group.span` (a field of the type the variant's field holds) led nowhere."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

AST = (
    "pub struct Span {\n    pub start: usize,\n}\n\n"
    "pub struct Group {\n    pub span: Span,\n    pub index: u32,\n}\n"
)
PARSE = (
    "use crate::ast::{self, Span};\n\n"
    "enum GroupState {\n    Group {\n        concat: Vec<u8>,\n        group: ast::Group,\n    },\n"
    "    Alternation(Vec<u8>),\n}\n\n"
    "pub struct Parser {\n    stack: Vec<GroupState>,\n}\n\n"
    "impl Parser {\n" + rust_filler_methods(0, 60) + "\n"
    "    fn pop_group(&self) -> Result<Span, Span> {\n        todo!()\n    }\n\n"
    "    fn pop_group_end(&mut self) -> Result<Span, Span> {\n"
    "        match self.stack.pop() {\n"
    "            Some(GroupState::Group { group, .. }) => Err(group.span),\n"
    "            Some(GroupState::Alternation(_)) => unreachable!(),\n"
    "            None => unreachable!(),\n"
    "        }\n"
    "    }\n"
    "}\n"
)


def test_a_variant_path_in_a_siblings_pattern_is_no_binding(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSE},
        "src/parse.rs",
        "    fn pop_group(&self) -> Result<Span, Span> {",
        1024,
    )
    assert not missing_lines(ctx, "src/ast.rs", AST, ["    pub span: Span,"])
