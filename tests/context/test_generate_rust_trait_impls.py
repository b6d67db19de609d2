"""Generate mode in Rust: a method alone in a trait's impl block (`impl Parse for ExprLet { fn parse .. }`) has
the same method of the file's other impl blocks of that trait as its siblings. Its own block has no other
member, so before, no neighbour's use reached the body: the helper the impls beside it call
(`multi_pat(input)`, far above) was never offered."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body


def _filler(i: int) -> str:
    # Another trait's impls, shaped like every `Parse` impl: no header singles the `Parse` ones out.
    return (
        f"impl Fill for Unrelated{i} {{\n    fn parse(input: ParseStream) -> Result<Self> {{\n"
        f"        Ok(Unrelated{i}(step{i % 12}(input) * {i}))\n    }}\n}}\n\n"
    )


def _impl(name: str, body: str) -> str:
    return (
        f"impl Parse for {name} {{\n    fn parse(input: ParseStream) -> Result<Self> {{\n{body}    }}\n}}\n\n"
    )


EXPR = (
    "pub struct ParseStream;\npub struct Pat;\npub type Result<T> = std::result::Result<T, ()>;\n"
    "pub trait Parse: Sized {\n    fn parse(input: ParseStream) -> Result<Self>;\n}\n\n"
    "pub trait Fill: Sized {\n    fn parse(input: ParseStream) -> Result<Self>;\n}\n\n"
    "pub fn multi_pat(input: ParseStream) -> Result<Pat> {\n    Ok(Pat)\n}\n\n"
    + "".join(f"fn step{k}(input: ParseStream) -> usize {{\n    {k}\n}}\n\n" for k in range(12))
    + "".join(_filler(i) for i in range(40))
    + _impl("ExprFor", "        let pat = multi_pat(input)?;\n        Ok(ExprFor { pat })\n")
    + _impl("ExprLet", "        todo!()\n")
    + _impl("Arm", "        Ok(Arm { pat: multi_pat(input)? })\n")
    + "".join(_filler(i) for i in range(40, 60))
    + "pub struct ExprFor {\n    pub pat: Pat,\n}\n\npub struct Arm {\n    pub pat: Pat,\n}\n\n"
    + "pub struct ExprLet {\n    pub expr: usize,\n}\n"
)


def test_a_lone_trait_method_has_the_same_traits_other_impls_as_siblings(tmp_path: Path) -> None:
    lines = EXPR.splitlines()
    header = "    fn parse(input: ParseStream) -> Result<Self> {"
    # The target is the `parse` of `impl Parse for ExprLet`: made unique for the helper that hides its body.
    at = lines.index("impl Parse for ExprLet {") + 1
    text = "\n".join([*lines[:at], header + " // let", *lines[at + 1 :]]) + "\n"
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod expr;\n", "src/expr.rs": text},
        "src/expr.rs",
        header + " // let",
        300,
    )
    assert not missing_lines(
        ctx, "src/expr.rs", text, ["pub fn multi_pat(input: ParseStream) -> Result<Pat> {"]
    )
