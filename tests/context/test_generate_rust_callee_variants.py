"""Generate mode in Rust: a private method nothing calls yet (`push_op`, no `pub`, in the type's inherent impl)
is dead code unless the body being written calls it, so the variants of the small enum it takes (`kind:
ast::OpKind`) come with the body, with the enum's own line (`parse_set` passes `ast::OpKind::Intersection`), declared in another file.
Not those a private method the file already calls takes (`shift`), nor a public method's (the API, unused in its
own file by design), nor a trait impl's method's."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body, rust_filler_methods

AST = (
    "pub struct Union {\n    pub items: Vec<char>,\n}\n\n"
    "pub enum OpKind {\n    Intersection,\n    Difference,\n    SymmetricDifference,\n}\n\n"
    "pub enum Flag {\n    CaseInsensitive,\n    MultiLine,\n}\n\n"
    "pub enum Mode {\n    Greedy,\n    Lazy,\n}\n\n"
    "pub enum Side {\n    Left,\n    Right,\n}\n\n"
    + "".join(f"pub enum Other{i} {{\n    First{i},\n    Second{i},\n}}\n\n" for i in range(30))
)
# Public methods each naming another enum of the module once: as many names scoring as the enum `push_op` names.
TAKERS = "".join(
    f"    pub fn take{i}(&self, e: ast::Other{i}) -> usize {{\n        {i}\n    }}\n\n" for i in range(30)
)
PARSER = (
    "use crate::ast;\n\n"
    "pub struct Parser {\n    pos: usize,\n}\n\n"
    "pub trait Visit {\n    fn visit(&self, side: ast::Side) -> usize;\n}\n\n"
    "impl Visit for Parser {\n    fn visit(&self, side: ast::Side) -> usize {\n        todo!()\n    }\n}\n\n"
    "impl Parser {\n"
    "    fn push_op(&self, kind: ast::OpKind, at: usize) -> usize {\n        at\n    }\n\n"
    "    fn shift(&self, flag: ast::Flag) -> bool {\n        true\n    }\n\n"
    "    pub fn apply(&self, mode: ast::Mode) -> bool {\n        false\n    }\n\n"
    "    fn toggle(&self) -> bool {\n        self.shift(ast::Flag::CaseInsensitive)\n    }\n\n"
    + TAKERS
    + rust_filler_methods(0, 50)
    + "    fn parse_set(&self) -> ast::Union {\n        todo!()\n    }\n\n"
    + rust_filler_methods(50, 4)
    + "}\n"
)


def test_the_variants_a_private_method_nothing_calls_takes_come(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSER},
        "src/parse.rs",
        "    fn parse_set(&self) -> ast::Union {",
        512,
    )
    shown = ctx.included_lines("src/ast.rs")
    line_of = {line.strip().rstrip(","): n for n, line in enumerate(AST.splitlines(), 1)}
    # The enum's own line with its variants: a variant's line alone says not whose it is.
    for variant in ("pub enum OpKind {", "Intersection", "Difference", "SymmetricDifference"):
        assert line_of[variant] in shown, variant
    for variant in ("MultiLine", "Lazy", "Right"):
        assert line_of[variant] not in shown, variant


# Public fillers: the API, none waiting for the body; one private method nothing calls among them.
PUBLIC_FILLERS = "".join(
    f"    pub fn part{i}(&self, a: usize) -> usize {{\n        let c = a * {i};\n        c - {i}\n    }}\n\n"
    for i in range(60)
)
# The body's neighbours, each calling ten of the public methods: names scoring above any other member's.
NEAR = [
    f"    pub fn near{i}(&self, a: usize) -> usize {{\n"
    + "".join(f"        self.part{k}(a);\n" for k in range(60) if k % 6 == i)
    + "        a\n    }\n\n"
    for i in range(6)
]
LEXER = (
    "pub struct Lexer {\n    pos: usize,\n}\n\n"
    "impl Lexer {\n"
    "    fn peek_space(&self) -> Option<char> {\n        None\n    }\n\n"
    "    fn skip(&self) -> bool {\n        self.pos > 0\n    }\n\n"
    "    pub fn rest(&self) -> bool {\n        self.skip()\n    }\n\n"
    + PUBLIC_FILLERS
    + "".join(NEAR[:3])
    + "    pub fn parse_range(&self) -> usize {\n        todo!()\n    }\n\n"
    + "".join(NEAR[3:])
    + "}\n"
)


def test_a_private_method_nothing_calls_comes(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod lex;\n", "src/lex.rs": LEXER},
        "src/lex.rs",
        "    pub fn parse_range(&self) -> usize {",
        256,
    )
    line_of = {line.strip(): n for n, line in enumerate(LEXER.splitlines(), 1)}
    assert line_of["fn peek_space(&self) -> Option<char> {"] in ctx.included_lines("src/lex.rs")
