"""Generate mode in Rust: a file importing a module whole (`use crate::shapes::{self}`) names that module's types
through it (`shapes::Polygon`). The names the file binds already ranked by the words they share with the body;
the module's types, bound by no line of the file, did not, so a body about polygons never met `Polygon`."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

SHAPES = (
    "".join(f"pub struct Thing{i} {{\n    pub size: usize,\n}}\n\n" for i in range(30))
    + "pub struct Polygon {\n    pub points: Vec<usize>,\n}\n\n"
    + "pub struct Circle {\n    pub radius: usize,\n}\n"
)
DRAW = (
    "use crate::shapes::{self};\n\n"
    "pub struct Canvas {\n    width: usize,\n}\n\n"
    "impl Canvas {\n" + rust_filler_methods(0, 40) + "\n"
    "    /// Draw the outline of a polygon on the canvas.\n"
    "    fn draw_polygon(&self, at: usize) -> usize {\n        todo!()\n    }\n\n"
    + rust_filler_methods(40, 20)
    + "    fn circle(&self) -> shapes::Circle {\n        shapes::Circle { radius: self.width }\n    }\n"
    "}\n"
)


def test_a_type_of_a_module_imported_whole_shares_words_with_the_body(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod draw;\npub mod shapes;\n", "src/shapes.rs": SHAPES, "src/draw.rs": DRAW},
        "src/draw.rs",
        "    fn draw_polygon(&self, at: usize) -> usize {",
        512,
    )
    assert not missing_lines(ctx, "src/shapes.rs", SHAPES, ["pub struct Polygon {"])
