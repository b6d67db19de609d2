"""Doc extraction: the first line of a file's own documentation, and the helpers that read doc comments."""

from __future__ import annotations

import re

import tree_sitter as ts

from .languages import COMMENT_TYPES, IMPORT_TYPES, LanguageSpec
from .languages.spec import text_of

# A doc is cut to its first line, at most this many characters.
MAX_DOC = 200


# File-level statements a comment above may document the file through (not a definition's own doc).
_FILE_LEVEL_TYPES = IMPORT_TYPES | {
    "package_declaration",
    "package_clause",
    "preproc_ifdef",
    "hash_bang_line",
}
# A comment that is a licence, not documentation.
_LICENCE = re.compile(r"copyright|licen[cs]e|spdx-|\(c\)\s*\d", re.IGNORECASE)
# A comment that speaks to a tool (linters, type checkers, editors, build constraints), not to a reader.
DIRECTIVE = re.compile(
    r"^(?:eslint|jshint|jslint|tslint|global\s|@ts-|@flow|prettier|istanbul|c8\s|-\*-|vim?:|clang-format|nolint|go:|\+build"
    r"|#(?:region|endregion))",
    re.IGNORECASE,
)
# JSDoc/TSDoc tags that introduce the file's description.
_FILE_TAGS = ("@fileoverview", "@file", "@overview", "@packageDocumentation")


def module_doc(root: ts.Node, spec: LanguageSpec) -> str:
    """The first line of a file's own documentation: Python's module docstring, Rust's inner doc comments
    (`//!`, `/*!`), Go's package comment (the comment right above `package`), and elsewhere the first leading
    comment that is neither a licence, a tool directive, nor the doc of the first definition (a comment right
    above a definition is that definition's)."""
    if spec.doc_style == "docstring":
        return _module_docstring(root)
    leading: list[ts.Node] = []
    first: ts.Node | None = None
    for child in root.named_children:
        if child.type in COMMENT_TYPES:
            leading.append(child)
        elif child.type != "hash_bang_line":
            first = child
            break
    if spec.inner_doc_comments:
        inner = [text_of(c) for c in leading if text_of(c).startswith(("//!", "/*!"))]
        return _file_doc_line(strip_comment("\n".join(inner))) if inner else ""
    # Runs of comments with no blank line between them.
    runs: list[list[ts.Node]] = []
    for comment in leading:
        if runs and _last_row(runs[-1][-1]) + 1 >= comment.start_point[0]:
            runs[-1].append(comment)
        else:
            runs.append([comment])
    for run in runs:
        touches_first = first is not None and _last_row(run[-1]) + 1 >= first.start_point[0]
        if spec.package_comment_doc:
            # godoc's rule: the package comment is the run right above the package clause.
            if touches_first and first is not None and first.type == "package_clause":
                return _file_doc_line(strip_comment("\n".join(text_of(c) for c in run)))
            continue
        if touches_first and first is not None and first.type not in _FILE_LEVEL_TYPES:
            break  # the first definition's doc
        # Paragraphs of a run: consecutive line comments together, each block comment alone (a directive
        # such as `/* eslint-disable */` may stand right above the file's doc).
        paragraphs: list[list[str]] = []
        for comment in run:
            text = text_of(comment)
            if paragraphs and text.startswith("//") and paragraphs[-1][-1].startswith("//"):
                paragraphs[-1].append(text)
            else:
                paragraphs.append([text])
        for paragraph in paragraphs:
            text = strip_comment("\n".join(paragraph))
            if _LICENCE.search(text) or DIRECTIVE.match(first_doc_line(text)):
                continue
            line = _file_doc_line(text)
            if line:
                return line
    return ""


def _module_docstring(root: ts.Node) -> str:
    # The docstring may follow a shebang, an encoding line or a licence header.
    first = next((c for c in root.named_children if c.type != "comment"), None)
    if first is None or first.type != "expression_statement":
        return ""
    string = first.named_child(0)
    if string is None or string.type != "string":
        return ""
    return first_doc_line(text_of(string).strip("rRbBuUfF").strip("\"'"))


def _file_doc_line(text: str) -> str:
    """The first line of a file's doc comment, after a JSDoc file tag, skipping other tags' lines."""
    for line in text.splitlines():
        line = line.strip()
        for tag in _FILE_TAGS:
            if line.startswith(tag):
                line = line[len(tag) :].strip()
                break
        else:
            if line.startswith("@"):
                continue
        if line:
            return line[:MAX_DOC]
    return ""


def _last_row(node: ts.Node) -> int:
    """The last row a node's text is on (a line comment's extent may end at column 0 of the next row)."""
    end_row, end_col = node.end_point
    return end_row - 1 if end_col == 0 and end_row > node.start_point[0] else end_row


def first_doc_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:MAX_DOC]
    return ""


def strip_comment(text: str) -> str:
    lines = []
    for line in text.splitlines():
        line = line.strip()
        for prefix in ("///", "//!", "//", "/**", "/*!", "/*", "*/", "*", "#"):
            if line.startswith(prefix):
                line = line[len(prefix) :]
                break
        if line.endswith("*/"):
            line = line[:-2]
        lines.append(line.strip())
    return "\n".join(lines)
