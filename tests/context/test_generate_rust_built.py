"""Generate mode in Rust: a function whose header says it returns the struct it builds (`-> Result<Self>`,
`-> ast::ClassPerl`) sets every field of that struct in its literal, so the struct's fields come, however far
away it is declared, and so do the variants of a small enum a field holds (`kind: ClassPerlKind`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body, rust_filler_methods

AST = (
    "pub struct Span {\n    pub start: usize,\n    pub end: usize,\n}\n\n"
    "pub enum ClassPerlKind {\n    Digit,\n    Space,\n    Word,\n}\n\n"
    "pub struct ClassPerl {\n    pub span: Span,\n    pub kind: ClassPerlKind,\n    pub negated: bool,\n}\n"
)


PARSER = (
    "use crate::ast::{self, Span};\n\n"
    "pub struct Parser {\n    pos: usize,\n}\n\n"
    "impl Parser {\n"
    + rust_filler_methods(0, 50)
    + "    fn parse_perl_class(&self) -> ast::ClassPerl {\n        todo!()\n    }\n\n"
    + rust_filler_methods(50, 4)
    + "}\n"
)


def test_a_function_building_its_result_struct_sees_its_fields_and_their_small_enums(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSER},
        "src/parse.rs",
        "    fn parse_perl_class(&self) -> ast::ClassPerl {",
        1024,
    )
    shown = ctx.included_lines("src/ast.rs")
    ast_lines = AST.splitlines()
    for line in (
        "    pub span: Span,",
        "    pub kind: ClassPerlKind,",
        "    pub negated: bool,",
        "    Digit,",
        "    Word,",
    ):
        assert ast_lines.index(line) + 1 in shown, line
