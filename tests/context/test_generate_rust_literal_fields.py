"""Generate mode in Rust: a struct literal names every field of its struct (`PatType { attrs, pat, colon_token,
ty }`), so a function whose header says it builds one (`-> Result<ast::Perl>`) names each field for certain: they
rank above the helpers its neighbours share. Before, they scored as little as a field a Go literal may leave out,
and the neighbours' helpers crowded them out."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

AST = (
    "".join(f"pub struct Node{i} {{\n    pub width{i}: usize,\n}}\n\n" for i in range(20))
    + "pub struct Perl {\n    pub span: usize,\n    pub kind: usize,\n    pub negated: bool,\n}\n"
)
# Helpers each called by two of the body's neighbours: names the neighbours share, above a lone field's score.
UTILS = "".join(
    f"/// Helper {k}: one more of the many small steps the neighbours share.\n"
    f"pub fn util{k}(a: usize) -> usize {{\n    a + {k}\n}}\n\n"
    for k in range(40)
)
NEIGHBOURS = [
    f"pub fn step{i}(a: usize) -> usize {{\n"
    + "".join(f"    util{k}(a);\n" for k in range(40) if k % 3 == i % 3)
    + "    a\n}\n\n"
    for i in range(6)
]
HEADER = "pub fn build_perl(input: &str) -> Result<ast::Perl, ()> {"
PARSE = (
    "use crate::ast;\n\n"
    + UTILS
    + "".join(NEIGHBOURS[:3])
    + HEADER
    + "\n    Ok(ast::Perl { span: 0, kind: 1, negated: false })\n}\n\n"
    + "".join(NEIGHBOURS[3:])
)


def test_the_fields_of_a_struct_the_header_builds_rank_above_shared_helpers(tmp_path: Path) -> None:
    files = {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSE}
    ctx = pack_hidden_body(tmp_path, files, "src/parse.rs", HEADER, 384)
    wanted = ["    pub span: usize,", "    pub kind: usize,", "    pub negated: bool,"]
    assert not missing_lines(ctx, "src/ast.rs", AST, wanted)
