"""Generate mode in Rust: a type's methods come in several `impl` blocks of its file (regex-syntax's `ParserI`
keeps its helpers in one, its parsing methods in the next). A new method of one block reaches the other's
through `self` as plainly as its own block's, so they are its class's members too: `unclosed_class_error`,
whose words the body's doc comment says, for a class parser in the other block."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

PARSE = (
    "pub struct Error {\n    pub pos: usize,\n}\n\n"
    "struct ParserI {\n    pos: usize,\n}\n\n"
    "impl ParserI {\n"
    "    /// The error for a class left open.\n"
    "    fn unclosed_class_error(&self) -> Error {\n        Error { pos: self.pos }\n    }\n\n"
    + rust_filler_methods(0, 30)
    + "}\n\n"
    "impl ParserI {\n" + rust_filler_methods(30, 40) + "\n"
    "    /// Parse a bracketed class; an unclosed class is an error.\n"
    "    fn parse_class(&self) -> Result<usize, Error> {\n        todo!()\n    }\n\n"
    + rust_filler_methods(70, 10)
    + "}\n"
)


def test_a_method_sees_the_members_of_its_types_other_impl_block(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod parse;\n", "src/parse.rs": PARSE},
        "src/parse.rs",
        "    fn parse_class(&self) -> Result<usize, Error> {",
        512,
    )
    assert not missing_lines(ctx, "src/parse.rs", PARSE, ["    fn unclosed_class_error(&self) -> Error {"])
