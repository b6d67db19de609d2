"""Generate mode in Rust: a body whose helpers are named after it (`parse_hex_digits`, `parse_hex_brace` beside
`parse_hex`) hands its work on to them, so the variants of the small enum they take (`kind:
ast::HexLiteralKind`) come with it, declared in another file; not those of an enum an unrelated helper takes."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body, rust_filler_methods

AST = (
    "pub struct Literal {\n    pub c: char,\n}\n\n"
    "pub enum HexLiteralKind {\n    X,\n    UnicodeShort,\n    UnicodeLong,\n}\n\n"
    "pub enum Flag {\n    CaseInsensitive,\n    MultiLine,\n}\n"
)


PARSER = (
    "use crate::ast;\n\n"
    "pub struct Parser {\n    pos: usize,\n}\n\n"
    "impl Parser {\n"
    "    fn parse_hex_digits(&self, kind: ast::HexLiteralKind) -> ast::Literal {\n        todo!()\n    }\n\n"
    "    fn parse_hex_brace(&self, kind: ast::HexLiteralKind) -> ast::Literal {\n        todo!()\n    }\n\n"
    # Public: the API, not waiting for the body (a private one nothing calls would be: `waiting.py`).
    "    pub fn parse_flag(&self, flag: ast::Flag) -> bool {\n        todo!()\n    }\n\n"
    + rust_filler_methods(0, 50)
    + "    fn parse_hex(&self) -> ast::Literal {\n        todo!()\n    }\n\n"
    + rust_filler_methods(50, 4)
    + "}\n"
)


def test_the_variants_a_helper_named_after_the_body_takes_come(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSER},
        "src/parse.rs",
        "    fn parse_hex(&self) -> ast::Literal {",
        1024,
    )
    shown = ctx.included_lines("src/ast.rs")
    line_of = {line.strip().rstrip(","): n for n, line in enumerate(AST.splitlines(), 1)}
    for variant in ("X", "UnicodeShort", "UnicodeLong"):
        assert line_of[variant] in shown, variant
    assert line_of["MultiLine"] not in shown
