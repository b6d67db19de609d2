"""Generate mode in Rust: the methods of a small type of the file the new method's doc comment names come
with it ("Parse a single primitive item" works with a `Primitive`, through `prim.into_class_set_item(self)`),
however far above they are and though no neighbour calls them; a large type the doc names lends none."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body, rust_filler_methods


def _methods(owner: str, count: int) -> str:
    return "".join(
        f"    fn {owner.lower()}_step{i}(&self) -> usize {{\n        {i}\n    }}\n\n" for i in range(count)
    )


PARSER = (
    "pub enum Primitive {\n    Literal(char),\n    Dot(usize),\n}\n\n"
    "impl Primitive {\n"
    "    fn span(&self) -> usize {\n        0\n    }\n\n"
    "    fn into_class_set_item(self, p: &Parser) -> Result<ClassSetItem, Error> {\n        todo!()\n    }\n\n"
    "    fn into_class_literal(self, p: &Parser) -> Result<char, Error> {\n        todo!()\n    }\n"
    "}\n\n"
    "pub struct Character {\n    code: u32,\n}\n\n"
    "impl Character {\n" + _methods("Character", 12) + "}\n\n"
    "pub struct ClassSetItem {\n    start: char,\n}\n\n"
    "pub struct Error {\n    at: usize,\n}\n\n"
    "pub struct Parser {\n    pos: usize,\n}\n\n"
    "impl Parser {\n"
    + rust_filler_methods(0, 50)
    + "    /// Parse a single primitive item in a character class set: a literal character, or a range.\n"
    "    fn parse_set_class_range(&self) -> Result<ClassSetItem, Error> {\n        todo!()\n    }\n\n"
    + rust_filler_methods(50, 4)
    + "}\n"
)


def test_the_methods_of_a_small_type_the_doc_comment_names_come(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod parse;\n", "src/parse.rs": PARSER},
        "src/parse.rs",
        "    fn parse_set_class_range(&self) -> Result<ClassSetItem, Error> {",
        1024,
    )
    shown = ctx.included_lines("src/parse.rs")
    lines = PARSER.splitlines()
    for header in (
        "    fn into_class_set_item(self, p: &Parser) -> Result<ClassSetItem, Error> {",
        "    fn into_class_literal(self, p: &Parser) -> Result<char, Error> {",
    ):
        assert lines.index(header) + 1 in shown, header
    # `Character`, named too, has more methods than a body picks by the type's name alone.
    assert lines.index("    fn character_step7(&self) -> usize {") + 1 not in shown
