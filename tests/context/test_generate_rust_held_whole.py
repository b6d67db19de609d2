"""Generate mode in Rust: a body handed a small type takes it apart. `round_to_native(fp: &mut float::ExtendedFloat)`
reads the struct's two fields; `describe(kind: &ast::Kind)` matches on the small enum's variants; `round_bits(fp:
&Fp)`, `Fp` imported by name, calls `fp.shifted()`, a method of `impl Fp` (no child of the struct). Before, such
fields and variants scored as little as any member of a parameter's type and the far code's names crowded them
out; the impl's methods, where the import leads to the struct alone, were not scored at all."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

# Long doc comments: the struct and the enum in full cost more than the budget gives them.
DOC = "".join(
    f"    /// Part {i} of a long description of what this member means and how it is kept.\n"
    for i in range(8)
)
FLOAT = (
    "".join(f"pub struct Thing{i} {{\n    pub size{i}: usize,\n}}\n\n" for i in range(20))
    + "pub struct ExtendedFloat {\n"
    + DOC
    + "    pub mant: u64,\n"
    + DOC
    + "    pub exp: i32,\n}\n\n"
    + "impl ExtendedFloat {\n"
    + DOC
    + "    pub fn normalize(&mut self) -> u32 {\n        let shift = self.mant.leading_zeros();\n"
    + "        self.mant <<= shift;\n        shift\n    }\n}\n\n"
    # A type whose name shares no word with anything: its impl block is reached through the parameter alone.
    + "pub struct Fp {\n    pub bits: u64,\n}\n\n"
    + "impl Fp {\n    pub fn shifted(&self) -> u64 {\n        self.bits << 1\n    }\n}\n"
)
AST = (
    "".join(f"pub struct Node{i} {{\n    pub width{i}: usize,\n}}\n\n" for i in range(20))
    + "pub enum Kind {\n"
    + DOC
    + "    Digit,\n"
    + DOC
    + "    Space,\n"
    + DOC
    + "    Word,\n}\n"
)
# Neighbours that each use names of their own, many times: what the ranking would take without a better sign.
NEIGHBOURS = "".join(
    f"pub fn step{i}(a{i}: usize, b{i}: usize) -> usize {{\n"
    + "".join(f"    let c{i}_{j} = helper{j}(a{i}, b{i});\n" for j in range(8))
    + f"    c{i}_0 + {i}\n}}\n\n"
    for i in range(6)
)
HELPERS = "".join(
    f"pub fn helper{j}(a: usize, b: usize) -> usize {{\n    a * {j} + b\n}}\n\n" for j in range(8)
)
# Far functions each calling a utility of its own a few times: names scoring a little, many of them.
UTILS = "".join(f"pub fn util{k}(a: usize) -> usize {{\n    a + {k}\n}}\n\n" for k in range(120))
FAR = "".join(
    f"pub fn far{k}(a: usize) -> usize {{\n    util{k}(a) + util{(k + 1) % 120}(a + 1)\n}}\n\n"
    for k in range(120)
)
FLOAT_HEADER = "pub fn round_to_native(fp: &mut float::ExtendedFloat) -> u64 {"
FP_HEADER = "pub fn round_bits(fp: &Fp) -> u64 {"
KIND_HEADER = "pub fn describe(kind: &ast::Kind) -> &'static str {"
LIB = "pub mod ast;\npub mod float;\npub mod round;\n"


def _round(header: str, body: str, crowd: str = UTILS + FAR) -> str:
    return (
        "use crate::ast;\nuse crate::float;\nuse crate::float::Fp;\n\n"
        + crowd
        + HELPERS
        + NEIGHBOURS
        + header
        + "\n"
        + body
        + "}\n\n"
        + NEIGHBOURS
    )


def test_a_small_structs_fields(tmp_path: Path) -> None:
    text = _round(FLOAT_HEADER, "    (fp.mant >> fp.exp) + fp.normalize() as u64\n")
    files = {"src/lib.rs": LIB, "src/float.rs": FLOAT, "src/ast.rs": AST, "src/round.rs": text}
    ctx = pack_hidden_body(tmp_path, files, "src/round.rs", FLOAT_HEADER, 384)
    assert not missing_lines(ctx, "src/float.rs", FLOAT, ["    pub mant: u64,", "    pub exp: i32,"])


def test_the_methods_of_a_parameters_impl_block(tmp_path: Path) -> None:
    text = _round(FP_HEADER, "    fp.shifted() + fp.bits\n", "")
    files = {"src/lib.rs": LIB, "src/float.rs": FLOAT, "src/ast.rs": AST, "src/round.rs": text}
    ctx = pack_hidden_body(tmp_path, files, "src/round.rs", FP_HEADER, 384)
    assert not missing_lines(ctx, "src/float.rs", FLOAT, ["    pub fn shifted(&self) -> u64 {"])


def test_a_small_enums_variants(tmp_path: Path) -> None:
    body = '    match kind { ast::Kind::Digit => "d", ast::Kind::Space => "s", ast::Kind::Word => "w" }\n'
    text = _round(KIND_HEADER, body)
    files = {"src/lib.rs": LIB, "src/float.rs": FLOAT, "src/ast.rs": AST, "src/round.rs": text}
    ctx = pack_hidden_body(tmp_path, files, "src/round.rs", KIND_HEADER, 384)
    assert not missing_lines(ctx, "src/ast.rs", AST, ["    Digit,", "    Space,", "    Word,"])
