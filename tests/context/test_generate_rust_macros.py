"""Generate mode in Rust: the `macro_rules!` macro the neighbours invoke (`overflow!(..)`) is offered to the body.
The resolver takes a name for a macro only where the code invokes it with `!`, and a body still to be written
invokes nothing, so ranked from its scope the macro resolved to nothing; it is resolved where the neighbours
invoke it now."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods


def _user(name: str) -> str:
    return (
        f"    fn {name}(&mut self, digit: u64) -> bool {{\n"
        "        overflow!(self.value * 10 + digit, u64::MAX)\n    }\n\n"
    )


DE = (
    "macro_rules! overflow {\n    ($a:ident * 10 + $b:ident, $c:expr) => {\n        false\n    };\n}\n\n"
    "pub struct Deserializer {\n    value: u64,\n}\n\n"
    "impl Deserializer {\n"
    + rust_filler_methods(0, 60)
    + _user("parse_decimal")
    + "    fn parse_integer(&mut self, digit: u64) -> bool {\n        todo!()\n    }\n\n"
    + _user("parse_exponent")
    + "}\n"
)


def test_the_macro_the_neighbours_invoke_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod de;\n", "src/de.rs": DE},
        "src/de.rs",
        "    fn parse_integer(&mut self, digit: u64) -> bool {",
        512,
    )
    assert not missing_lines(ctx, "src/de.rs", DE, ["macro_rules! overflow {"])
