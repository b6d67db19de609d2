"""Generate mode in Rust: a function whose header says it returns a small enum (`-> Option<shapes::Corner>`)
ends in one of its variants (`Some(shapes::Corner::TopLeft)`); the variants are what its body names, though
no neighbour uses them and the function's name says none of their words."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

SHAPES = (
    "".join(f"pub struct Thing{i} {{\n    pub size: usize,\n}}\n\n" for i in range(30))
    + "pub enum Corner {\n    TopLeft,\n    TopRight,\n    BottomLeft,\n    BottomRight,\n}\n\n"
    + "pub enum Mark {\n"
    + "".join(f"    Mark{i},\n" for i in range(12))
    + "}\n"
)
HEADER = "    fn nearest(&self, at: usize) -> Option<shapes::Corner> {"
DRAW = (
    "use crate::shapes::{self};\n\n"
    "pub struct Canvas {\n    width: usize,\n}\n\n"
    "impl Canvas {\n" + rust_filler_methods(0, 40) + "\n"
    "    /// The corner of the canvas closest to `at`.\n"
    + HEADER
    + "\n        if at < self.width { Some(shapes::Corner::TopLeft) } else { None }\n    }\n\n"
    "    fn mark(&self, at: usize) -> Option<shapes::Mark> {\n        if at == 0 { Some(shapes::Mark::Mark0) } else { None }\n    }\n\n"
    + rust_filler_methods(40, 20)
    + "}\n"
)
FILES = {"src/lib.rs": "pub mod draw;\npub mod shapes;\n", "src/shapes.rs": SHAPES, "src/draw.rs": DRAW}


def test_the_variants_of_the_small_enum_the_header_returns(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "src/draw.rs", HEADER, 512)
    wanted = ["    TopLeft,", "    TopRight,", "    BottomLeft,", "    BottomRight,"]
    assert not missing_lines(ctx, "src/shapes.rs", SHAPES, wanted)


def test_a_large_enum_returned_brings_no_variant(tmp_path: Path) -> None:
    """Twelve marks: which few a body names, the header does not say."""
    ctx = pack_hidden_body(
        tmp_path, FILES, "src/draw.rs", "    fn mark(&self, at: usize) -> Option<shapes::Mark> {", 512
    )
    assert missing_lines(ctx, "src/shapes.rs", SHAPES, [f"    Mark{i}," for i in range(1, 12)])
