"""Generate mode in Rust: a method of a small type without a doc comment of its own is about what its type's doc
says. `NestLimiter` "checks whether its depth exceeds the specified nesting limit"; its `increment_depth`
reports `ErrorKind::NestLimitExceeded`, whose every word (a verb's endings aside: nesting, exceeds, limiter)
the type's name and doc comment say, though no code around it names that variant."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

_KINDS = [f"Kind{chr(65 + i)}Invalid" for i in range(20)]
AST = (
    "pub struct Error {\n    pub kind: ErrorKind,\n}\n\n"
    "pub enum ErrorKind {\n" + "".join(f"    {k},\n" for k in _KINDS) + "    NestLimitExceeded(u32),\n}\n"
)
PARSE = (
    "use crate::ast;\n\n"
    "struct ParserI {\n    pos: usize,\n}\n\n"
    "impl ParserI {\n"
    + rust_filler_methods(0, 40)
    + "".join(
        f"    fn check{i}(&self) -> ast::Error {{\n        ast::Error {{ kind: ast::ErrorKind::{k} }}\n    }}\n\n"
        for i, k in enumerate(_KINDS[:6])
    )
    + "}\n\n"
    "/// A type that walks a parsed tree and checks whether its depth\n"
    "/// exceeds the specified nesting limit.\n"
    "struct NestLimiter {\n    depth: u32,\n}\n\n"
    "impl NestLimiter {\n"
    "    fn increment_depth(&mut self) -> Result<(), ast::Error> {\n        todo!()\n    }\n\n"
    "    fn decrement_depth(&mut self) {\n        self.depth -= 1;\n    }\n"
    "}\n"
)


def test_a_small_types_doc_comment_names_the_variant_its_method_reports(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSE},
        "src/parse.rs",
        "    fn increment_depth(&mut self) -> Result<(), ast::Error> {",
        1024,
    )
    assert not missing_lines(ctx, "src/ast.rs", AST, ["    NestLimitExceeded(u32),"])
