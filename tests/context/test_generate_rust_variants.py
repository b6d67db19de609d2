"""Generate mode in Rust: of a large error enum the neighbouring methods pick variants from
(`ast::ErrorKind::GroupUnclosed`), the variant whose every word the new method's header and doc comment say
comes (`pop_group`, documented "an unopened group error is returned", raises `GroupUnopened`), and not the
variants they do not name."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body

KINDS = [
    "CaptureLimitExceeded",
    "ClassEscapeInvalid",
    "ClassRangeInvalid",
    "ClassRangeLiteral",
    "ClassUnclosed",
    "DecimalEmpty",
    "DecimalInvalid",
    "EscapeHexEmpty",
    "EscapeHexInvalid",
    "EscapeHexInvalidDigit",
    "EscapeUnexpectedEof",
    "EscapeUnrecognized",
    "FlagDanglingNegation",
    "FlagDuplicate",
    "FlagRepeatedNegation",
    "FlagUnexpectedEof",
    "FlagUnrecognized",
    "GroupNameDuplicate",
    "GroupNameEmpty",
    "GroupNameInvalid",
    "GroupNameUnexpectedEof",
    "GroupUnclosed",
    "GroupUnopened",
    "NestLimitExceeded",
    "RepetitionCountInvalid",
    "RepetitionCountDecimalEmpty",
    "RepetitionCountUnclosed",
    "RepetitionMissing",
    "UnicodeClassInvalid",
    "UnsupportedBackreference",
    "UnsupportedLookAround",
]
AST = (
    "pub struct Error {\n    pub kind: ErrorKind,\n}\n\n"
    "pub enum ErrorKind {\n" + "".join(f"    {kind},\n" for kind in KINDS) + "}\n"
)


def _helpers(first: int, count: int) -> str:
    return "".join(
        f"    fn helper{i}(&self, a: usize) -> Result<usize, ast::Error> {{\n"
        f"        if a > {i} {{\n            return Err(self.error(ast::ErrorKind::{KINDS[i % 2]}));\n"
        f"        }}\n        Ok(a)\n    }}\n\n"
        for i in range(first, first + count)
    )


PARSER = (
    "use crate::ast;\n\n"
    "pub struct Parser {\n    depth: usize,\n}\n\n"
    "impl Parser {\n"
    "    fn error(&self, kind: ast::ErrorKind) -> ast::Error {\n        ast::Error { kind }\n    }\n\n"
    + _helpers(0, 30)
    + "    fn pop_group_end(&self) -> Result<(), ast::Error> {\n"
    "        Err(self.error(ast::ErrorKind::GroupUnclosed))\n    }\n\n"
    "    /// Pop a group from the parser's stack.\n    ///\n"
    "    /// If no such group could be popped, then an unopened group error is\n    /// returned.\n"
    "    fn pop_group(&self) -> Result<(), ast::Error> {\n        todo!()\n    }\n\n"
    + _helpers(30, 4)
    + "}\n"
)


def test_a_variant_the_doc_comment_names_comes_with_the_method(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ast;\npub mod parse;\n", "src/ast.rs": AST, "src/parse.rs": PARSER},
        "src/parse.rs",
        "    fn pop_group(&self) -> Result<(), ast::Error> {",
        1024,
    )
    shown = ctx.included_lines("src/ast.rs")
    line_of = {line.strip().rstrip(","): n for n, line in enumerate(AST.splitlines(), 1)}
    assert line_of["GroupUnopened"] in shown
    # Not the whole enum: the variants nobody names stay out.
    assert line_of["UnsupportedLookAround"] not in shown
