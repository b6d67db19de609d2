"""Generate mode in Rust: the doc comment says whose member the body sets ("set the group's AST to the given
concatenation": the field `ast` of `Group`), across a line break of the comment; no code around the body names
that field, so before, only the type's header came."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

AST = (
    "pub struct Span {\n    pub start: usize,\n}\n\n"
    "pub struct Group {\n    pub span: Span,\n    pub index: u32,\n    pub name: String,\n    pub ast: Box<u32>,\n}\n"
)
PARSE = (
    "use crate::ast::{self, Span};\n\n"
    "struct Parser {\n    stack: Vec<ast::Group>,\n}\n\n"
    "impl Parser {\n" + rust_filler_methods(0, 60) + "\n"
    "    /// Pop a group from the stack and set the group's\n"
    "    /// AST to the given value.\n"
    "    fn pop_group(&mut self, value: u32) -> Option<Span> {\n        todo!()\n    }\n"
    "}\n"
)


def test_a_possessive_in_the_doc_comment_names_the_member_the_body_sets(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSE},
        "src/parse.rs",
        "    fn pop_group(&mut self, value: u32) -> Option<Span> {",
        400,
    )
    assert not missing_lines(ctx, "src/ast.rs", AST, ["    pub ast: Box<u32>,"])
