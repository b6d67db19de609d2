"""Generate mode in Rust: a parameter named as the module its type comes from (`ast: &ast::Perl`, as regex-syntax's
printer names them) holds that type in the body, though its header uses the module's name too: the small enum
is read whole (`match ast { ast::Kind::Digit => .. }`). Before, a name the header used was never taken for the
parameter, so the enum's variants scored as nothing and the far code's names crowded them out."""

from __future__ import annotations

from pathlib import Path

from tests.context.test_generate_rust_held_whole import AST, FAR, UTILS
from tests.support.generate import missing_lines, pack_hidden_body

# The held-whole tests' module: twenty small structs and a small enum `Kind`; and their crowd of far names.
HEADER = "pub fn describe(ast: &ast::Kind) -> usize {"
PRINT = (
    "use crate::ast;\n\n"
    + UTILS
    + FAR
    + HEADER
    + "\n    match ast { ast::Kind::Digit => 0, ast::Kind::Space => 1, ast::Kind::Word => 2 }\n}\n"
)


def test_a_parameter_named_as_its_types_module_holds_the_type(tmp_path: Path) -> None:
    files = {"src/lib.rs": "pub mod ast;\npub mod print;\n", "src/ast.rs": AST, "src/print.rs": PRINT}
    ctx = pack_hidden_body(tmp_path, files, "src/print.rs", HEADER, 384)
    assert not missing_lines(ctx, "src/ast.rs", AST, ["    Digit,", "    Space,", "    Word,"])
