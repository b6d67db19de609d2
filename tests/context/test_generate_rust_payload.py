"""Generate mode in Rust: a function returning a small enum whose doc comment says a variant's name ("a range
between two characters", `Range(ClassSetRange)`) builds the value that variant holds and works with it
(`range.is_valid()`): that type's fields and methods come, however far away they are declared; those of
variants the doc comment does not name do not."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

AST = (
    "pub struct ClassSetRange {\n    pub span: usize,\n    pub start: char,\n    pub end: char,\n}\n\n"
    "impl ClassSetRange {\n    pub fn is_valid(&self) -> bool {\n        self.start <= self.end\n    }\n}\n\n"
    "pub struct ClassAscii {\n    pub negated: bool,\n}\n\n"
    "pub enum ClassSetItem {\n    Empty(usize),\n    Literal(char),\n    Range(ClassSetRange),\n"
    "    Ascii(ClassAscii),\n}\n"
)

PARSER = (
    "use crate::ast;\n\n"
    "pub struct Parser {\n    pos: usize,\n}\n\n"
    "impl Parser {\n"
    + rust_filler_methods(0, 50)
    + "    /// Parse one item of a class: a single character, or a range between\n"
    "    /// two characters.\n"
    "    #[inline(never)]\n"
    "    fn parse_item(&self) -> Result<ast::ClassSetItem> {\n        todo!()\n    }\n\n"
    + rust_filler_methods(50, 4)
    + "}\n"
)


def test_a_function_building_an_enum_sees_the_type_its_doc_named_variant_holds(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSER},
        "src/parse.rs",
        "    fn parse_item(&self) -> Result<ast::ClassSetItem> {",
        1024,
    )
    wanted = ["    pub span: usize,", "    pub end: char,", "    pub fn is_valid(&self) -> bool {"]
    assert not missing_lines(ctx, "src/ast.rs", AST, wanted)
    assert missing_lines(ctx, "src/ast.rs", AST, ["    pub negated: bool,"])
