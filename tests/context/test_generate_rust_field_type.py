"""Generate mode in Rust: a new method of a small struct works through what its fields hold. `NestLimiter`
keeps `p: &ParserI`, the parser every other method of the file reports through (`self.error(..)`,
`p.error(..)`), so the parser's most called methods come, however far away, and not its constructor."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods


def _caller(i: int) -> str:
    return f"    fn check{i}(&self) -> Result<(), Error> {{\n        Err(self.error(self.span()))\n    }}\n\n"


PARSE = (
    "pub struct Error {\n    pub span: usize,\n}\n\n"
    "pub struct ParserI {\n    pos: usize,\n}\n\n"
    "impl ParserI {\n"
    "    fn new(pos: usize) -> ParserI {\n        ParserI { pos }\n    }\n\n"
    "    fn error(&self, span: usize) -> Error {\n        Error { span }\n    }\n\n"
    "    fn span(&self) -> usize {\n        self.pos\n    }\n\n"
    + "".join(_caller(i) for i in range(8))
    + rust_filler_methods(0, 60)
    + "}\n\n"
    "struct NestLimiter<'p> {\n    p: &'p ParserI,\n    depth: u32,\n}\n\n"
    "impl<'p> NestLimiter<'p> {\n"
    "    fn increment_depth(&mut self) -> Result<(), Error> {\n        todo!()\n    }\n\n"
    "    fn decrement_depth(&mut self) {\n        self.depth -= 1;\n    }\n"
    "}\n"
)


def test_a_small_structs_new_method_sees_the_most_called_methods_of_its_fields_type(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod parse;\n", "src/parse.rs": PARSE},
        "src/parse.rs",
        "    fn increment_depth(&mut self) -> Result<(), Error> {",
        512,
    )
    methods = ["    fn error(&self, span: usize) -> Error {", "    fn span(&self) -> usize {"]
    assert not missing_lines(ctx, "src/parse.rs", PARSE, methods)
    # The constructor is called through the type's name, never through a field holding a value.
    assert missing_lines(ctx, "src/parse.rs", PARSE, ["    fn new(pos: usize) -> ParserI {"])
