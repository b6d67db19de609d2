"""Where code is still to be written: stub bodies (`pass`, `...`, `raise NotImplementedError`, an empty body,
`throw new Error("not implemented")`, `todo!()`, `panic("not implemented")`) and TODO/FIXME comment lines,
found in the syntax tree of every supported language."""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter as ts
from archmem.indexer.languages import BY_NAME, COMMENT_TYPES
from archmem.indexer.symbols import SymbolNode

_TODO = re.compile(r"\b(TODO|FIXME|XXX)\b")
_COMMENT_START = re.compile(r"^\s*(#|//|/\*|\*|--)")


@dataclass(frozen=True)
class TodoComment:
    """A TODO/FIXME comment and the comment lines that continue it: bytes [start, end) cover whole lines."""

    start_byte: int
    end_byte: int
    first_line: int  # 0-based
    last_line: int
    text: str  # the comment lines, stripped


def parse(language: str, text: bytes) -> ts.Tree:
    """A fresh syntax tree of `text` (the memory keeps no trees for files nobody has open)."""
    return BY_NAME[language].parse(text)


def stub_reason(language: str, tree: ts.Tree, text: bytes, symbol: SymbolNode) -> str | None:
    """Why the body of `symbol` counts as not written yet ("its body is `pass`"), or None if it is code."""
    if not symbol.has_body:
        return None
    body = _node_spanning(tree, symbol.body_start_byte, symbol.body_end_byte)
    if body is None:
        return None
    statements = _statements(body)
    spec = BY_NAME[language]
    if spec.doc_style == "docstring" and statements and _is_docstring(statements[0]):
        statements = statements[1:]
        if not statements:
            return "its body is only a docstring"
    if not statements:
        return "its body is empty"
    if len(statements) != 1:
        return None
    spoken = " ".join(_text(statements[0], text).split()).rstrip(";").strip()
    # Each language's own stubs (spec.stub_statements), matched on the statement's text with whitespace
    # collapsed and any final semicolon dropped.
    for pattern, name in spec.stub_statements:
        if pattern.fullmatch(spoken):
            return f"its body is {name}"
    return None


def todo_at(language: str, tree: ts.Tree, text: bytes, byte: int) -> TodoComment | None:
    """The TODO/FIXME comment on the line holding `byte`, with the comment lines continuing it."""
    lines = text.split(b"\n")
    line = text.count(b"\n", 0, byte)
    if line >= len(lines) or not _is_todo_line(tree, lines, line):
        return None
    last = line
    indent = _indent(lines[line])
    while last + 1 < len(lines):
        following = lines[last + 1].decode("utf-8", "replace")
        if (
            not _COMMENT_START.match(following)
            or _TODO.search(following)
            or _indent(lines[last + 1]) != indent
        ):
            break
        last += 1
    start = sum(len(x) + 1 for x in lines[:line])
    end = start + sum(len(x) + 1 for x in lines[line : last + 1])
    shown = "\n".join(x.decode("utf-8", "replace").strip() for x in lines[line : last + 1])
    return TodoComment(start, min(end, len(text)), line, last, shown)


def _is_todo_line(tree: ts.Tree, lines: list[bytes], line: int) -> bool:
    decoded = lines[line].decode("utf-8", "replace")
    marker = _TODO.search(decoded)
    if marker is None or not _COMMENT_START.match(decoded):
        return False
    # The line must be a comment to the parser, not a string that happens to start with "#".
    start = sum(len(x) + 1 for x in lines[:line]) + len(lines[line]) - len(lines[line].lstrip())
    node = tree.root_node.descendant_for_byte_range(start, start + 1)
    return node is not None and node.type in COMMENT_TYPES


def _node_spanning(tree: ts.Tree, start: int, end: int) -> ts.Node | None:
    """The outermost node whose range is exactly [start, end)."""
    node = tree.root_node.descendant_for_byte_range(start, max(start, end - 1))
    if node is None:
        return None
    while node.start_byte > start or node.end_byte < end:
        if node.parent is None:
            return None
        node = node.parent
    while node.parent is not None and node.parent.start_byte == start and node.parent.end_byte == end:
        node = node.parent
    return node if node.start_byte == start and node.end_byte == end else None


def _statements(body: ts.Node) -> list[ts.Node]:
    children = [c for c in body.named_children if c.type not in COMMENT_TYPES]
    # Go wraps a block's statements in a statement_list.
    if len(children) == 1 and children[0].type == "statement_list":
        return [c for c in children[0].named_children if c.type not in COMMENT_TYPES]
    return children


def _is_docstring(node: ts.Node) -> bool:
    return (
        node.type == "expression_statement"
        and node.named_child_count == 1
        and node.named_children[0].type == "string"
    )


def _text(node: ts.Node, text: bytes) -> str:
    return text[node.start_byte : node.end_byte].decode("utf-8", "replace")


def _indent(line: bytes) -> int:
    return len(line) - len(line.lstrip(b" \t"))
