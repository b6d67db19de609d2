"""Generate mode in Rust: a file importing its parent module whole (`use super::*;`, syn's every file) names the
parent's re-exports bare (`Polygon`, from `pub use crate::shapes::Polygon;` in lib.rs). The functions around the
body use `Polygon` everywhere, yet the ranking took it for a local of theirs: neither the file defines it nor an
import binds it by name. The glob's module is now read for the names it binds."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

LIB = "pub mod draw;\npub mod shapes;\npub use crate::shapes::Polygon;\n"
SHAPES = (
    "".join(f"pub struct Thing{i} {{\n    pub size: usize,\n}}\n\n" for i in range(30))
    + "pub struct Polygon {\n    pub points: Vec<usize>,\n}\n"
)
# Functions far from the body take polygons; the body's neighbours are small helpers saying nothing of them.
USERS = "".join(
    f"    fn measure{i}(&self, poly: &Polygon) -> usize {{\n        poly.points.len() + {i}\n    }}\n\n"
    for i in range(6)
)
HELPERS = "".join(
    f"    fn helper{i}(&self, a: usize) -> usize {{\n        let b = self.width * a;\n        b + {i}\n    }}\n\n"
    for i in range(40)
)
HEADER = "    fn triangle(&self, a: usize, b: usize, c: usize) -> usize {"
DRAW = (
    "use super::*;\n\n"
    "pub struct Canvas {\n    width: usize,\n}\n\n"
    "impl Canvas {\n" + USERS + HELPERS + HEADER + "\n"
    "        let poly = Polygon { points: vec![a, b, c] };\n        self.measure0(&poly)\n    }\n\n"
    + HELPERS.replace("helper", "other")
    + "}\n"
)


def test_a_name_the_glob_import_of_the_parent_module_binds_is_reached(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": LIB, "src/shapes.rs": SHAPES, "src/draw.rs": DRAW},
        "src/draw.rs",
        HEADER,
        1024,
    )
    assert not missing_lines(ctx, "src/shapes.rs", SHAPES, ["pub struct Polygon {"])


def test_a_glob_import_leads_to_its_module_or_type(tmp_path: Path) -> None:
    """`use super::*` reads the parent module, or the file itself inside an inline `mod`; `use self::Kind::*`
    the enum."""
    from archmem.indexer.resolver import Resolver
    from archmem.indexer.workspace import Memory

    from tests.support.memory import write_tree

    draw = "use super::*;\nuse self::Kind::*;\n\npub enum Kind {\n    Dot,\n}\n\nmod inner {\n    use super::*;\n}\n"
    write_tree(tmp_path, {"src/lib.rs": "pub mod draw;\npub struct Top;\n", "src/draw.rs": draw})
    memory = Memory.open(tmp_path, jobs=1)
    try:
        index = memory.file("src/draw.rs")
        assert index is not None
        resolver = Resolver(memory)
        found = [
            [(t.path, t.symbol.kind.name if t.symbol else "") for t in resolver.resolve_import(index, imp)]
            for imp in index.imports
            if imp.name == "*"
        ]
    finally:
        memory.close()
    assert found == [[("src/lib.rs", "MODULE")], [("src/draw.rs", "ENUM")], [("src/draw.rs", "MODULE")]]


ALGO = (
    "pub fn fast_path(x: usize) -> Option<usize> {\n    if x < 10 { Some(x) } else { None }\n}\n\n"
    "pub fn slow_path(x: usize) -> usize {\n    x / 10\n}\n"
)
CALC_HEADER = "pub fn compute(x: usize) -> usize {"
CALC = (
    "use crate::algo::*;\n\n"
    + "".join(
        f"pub fn helper{i}(a: usize, b: usize) -> usize {{\n    let c = a * {i} + b;\n    c - {i}\n}}\n\n"
        for i in range(40)
    )
    + CALC_HEADER
    + "\n    fast_path(x).unwrap_or_else(|| slow_path(x))\n}\n"
)


def test_a_small_module_globbed_and_not_used_yet_waits_for_the_body(tmp_path: Path) -> None:
    """`use crate::algo::*;` and nothing of `algo` used yet: its two functions are for the code to come."""
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod algo;\npub mod calc;\n", "src/algo.rs": ALGO, "src/calc.rs": CALC},
        "src/calc.rs",
        CALC_HEADER,
        512,
    )
    wanted = ["pub fn fast_path(x: usize) -> Option<usize> {", "pub fn slow_path(x: usize) -> usize {"]
    assert not missing_lines(ctx, "src/algo.rs", ALGO, wanted)
