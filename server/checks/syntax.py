"""Turns the ERROR and MISSING nodes of a tree-sitter tree into diagnostics a person understands.

Works for every grammar: the messages come from the tokens around the error (an unclosed quote, an
unbalanced bracket, an unexpected token), plus one Python rule (a block header without its colon), because
tree-sitter-python wraps such a header and its body in one ERROR node and names nothing.

Tree-sitter's recovery often nests errors or leaves several ERROR nodes side by side for one typo; they are
collapsed so a typo gives one or two diagnostics. The walk is iterative (a `TreeCursor`), so no nesting
depth can exhaust Python's stack, and it enters only subtrees that contain an error (`has_error`), so an
error-free file costs one check of the root.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from archmem.indexer.languages import BY_NAME, LanguageSpec
from archmem.server.checks.diagnostics import BytePosition, DataValue, Diagnostic, Severity
from tree_sitter import Node, Point, Tree

SOURCE = "archmem.syntax"
DEFAULT_LIMIT = 100
# An ERROR node can span a whole file; its tokens are read up to this many, which is plenty to find the
# unclosed quote or bracket that caused it and keeps a broken 50,000-line file cheap.
_LEAF_BUDGET = 20_000
_EXCERPT_CHARS = 40
_SHORT_TOKEN_BYTES = 24

_CLOSER_OF = {"(": ")", "[": "]", "{": "}", "${": "}"}
_CLOSERS = frozenset(_CLOSER_OF.values())
_QUOTES = frozenset({'"', "'", "`", '"""', "'''"})
# A lone ' in these parents is not a quote: Rust lifetimes and loop labels ('a).
_NOT_QUOTE_PARENTS = frozenset({"lifetime", "label"})
_PYTHON_BLOCK_KEYWORDS = frozenset(
    {"def", "class", "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "async"}
)
_STRING_PREFIX = re.compile(r"^[A-Za-z]*")


class _Leaf(NamedTuple):
    """A token of an ERROR region. A tuple, not a dataclass: a region can hold 20,000 of them."""

    type: str
    parent_type: str
    start_byte: int
    end_byte: int
    start_point: Point
    end_point: Point

    @property
    def start(self) -> BytePosition:
        return BytePosition(self.start_point.row, self.start_point.column)

    @property
    def end(self) -> BytePosition:
        return BytePosition(self.end_point.row, self.end_point.column)


def syntax_diagnostics(
    tree: Tree, source: bytes, *, language: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[Diagnostic]:
    """Diagnostics for every syntax error in `tree` (parsed from `source`), at most `limit` of them.

    `language` (the indexer's name: "python", "c", ...) only refines wording (character literals) and
    enables the missing-colon rule of off-side languages; any grammar works without it.
    """
    root = tree.root_node
    if not root.has_error or limit <= 0:
        return []
    problems = _collect_problems(root, budget=limit * 4)
    diagnostics: list[Diagnostic] = []
    for group in _group_cascades(problems):
        diagnostics.append(_describe_group(group, source, language))
        if len(diagnostics) >= limit:
            break
    return diagnostics


def _collect_problems(root: Node, *, budget: int) -> list[Node]:
    """ERROR nodes (not entered) and MISSING nodes outside them, in document order."""
    if root.is_error:
        return [root]
    found: list[Node] = []
    cursor = root.walk()
    while len(found) < budget:
        node = cursor.node
        assert node is not None
        enter = False
        if node.is_error or node.is_missing:
            found.append(node)
        else:
            enter = node.has_error
        if enter and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return found
    return found


def _group_cascades(problems: list[Node]) -> Iterator[list[Node]]:
    """Groups the problems one typo causes: tree-sitter's recovery leaves several ERROR nodes (and maybe
    a MISSING token) on the line of the typo and the next ones. MISSING tokens alone stay separate: each
    names a precise fix."""
    group: list[Node] = []
    group_has_error = False
    last_row = -1
    for node in problems:
        if group and (node.is_error or group_has_error) and node.start_point.row - last_row <= 1:
            group.append(node)
            last_row = max(last_row, node.end_point.row)
        else:
            if group:
                yield group
            group = [node]
            group_has_error = False
            last_row = node.end_point.row
        group_has_error = group_has_error or node.is_error
    if group:
        yield group


def _point(node: Node) -> tuple[BytePosition, BytePosition]:
    start, end = node.start_point, node.end_point
    return BytePosition(start.row, start.column), BytePosition(end.row, end.column)


def _quote(text: str) -> str:
    return f"'{text}'" if '"' in text and "'" not in text else f'"{text}"'


def _excerpt(raw: bytes) -> str:
    text = " ".join(raw.decode("utf-8", "replace").split())
    return text if len(text) <= _EXCERPT_CHARS else text[: _EXCERPT_CHARS - 1].rstrip() + "…"


def _diagnostic(
    start: BytePosition, end: BytePosition, message: str, code: str, data: dict[str, DataValue]
) -> Diagnostic:
    return Diagnostic(
        start=start, end=end, severity=Severity.ERROR, message=message, source=SOURCE, code=code, data=data
    )


def _spec(language: str | None) -> LanguageSpec | None:
    return None if language is None else BY_NAME.get(language)


def _string_kind(quote: str, language: str | None) -> str:
    spec = _spec(language)
    return "character literal" if quote == "'" and spec is not None and spec.char_literals else "string"


def _offside(language: str | None) -> bool:
    spec = _spec(language)
    return spec is not None and spec.offside_rule


# MISSING nodes -------------------------------------------------------------------------------------------


def _describe_missing(node: Node, source: bytes, language: str | None) -> Diagnostic:
    start, end = _point(node)
    token = node.type
    if token == "string_end":
        # Python's string tokens: the opening (with its prefix, f" or r''') says what would close it.
        token = _python_string_closer(node, source)
    if token in _QUOTES:
        kind = _string_kind(token, language)
        return _diagnostic(
            start,
            end,
            f"unclosed {kind}: missing closing {_quote(token)}",
            "unclosed-string",
            {"missing": token},
        )
    if node.is_named:
        # A missing named node (an identifier, an expression) has no text to quote; its kind is the hint.
        readable = token.strip("_").replace("_", " ")
        return _diagnostic(start, end, f"missing {readable}", "missing-token", {"missing": token})
    data: dict[str, DataValue] = {"missing": token}
    message = f"missing {_quote(token)}"
    opener = _matching_opener(node) if token in _CLOSERS else None
    if opener is not None:
        opened_at = opener.start_point
        data.update(opening=opener.type, opening_line=opened_at.row, opening_col=opened_at.column)
        message += f" to close {_quote(opener.type)} from line {opened_at.row + 1}"
    return _diagnostic(start, end, message, "missing-token", data)


def _python_string_closer(missing_end: Node, source: bytes) -> str:
    sibling = missing_end.prev_sibling
    while sibling is not None and sibling.type != "string_start":
        sibling = sibling.prev_sibling
    if sibling is None:
        return '"'
    opening = source[sibling.start_byte : sibling.end_byte].decode("utf-8", "replace")
    return _STRING_PREFIX.sub("", opening) or '"'


def _matching_opener(missing: Node) -> Node | None:
    """The unmatched opening bracket among the earlier siblings of a MISSING closing bracket."""
    depth = 0
    sibling = missing.prev_sibling
    while sibling is not None:
        if _CLOSER_OF.get(sibling.type) == missing.type:
            if depth == 0:
                return sibling
            depth -= 1
        elif sibling.type == missing.type and not sibling.is_missing:
            depth += 1
        sibling = sibling.prev_sibling
    return None


# ERROR regions -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Region:
    leaves: list[_Leaf]
    truncated: bool  # the leaf budget ran out before the region's end
    inner_error: Node | None  # the first ERROR nested inside the region


def _leaf(node: Node, parent_type: str) -> _Leaf:
    return _Leaf(node.type, parent_type, node.start_byte, node.end_byte, node.start_point, node.end_point)


def _read_region(nodes: list[Node]) -> _Region:
    """The tokens of the ERROR nodes in document order, and the first ERROR nested inside them."""
    leaves: list[_Leaf] = []
    inner_error: Node | None = None
    for top in nodes:
        # A cursor made from `top` cannot leave it: goto_parent fails at `top`, which ends the walk. The
        # parents' types are kept on a stack because `Node.parent` costs a walk down from the root.
        cursor = top.walk()
        parents = [top.parent.type if top.parent is not None else ""]
        while True:
            node = cursor.node
            assert node is not None
            if node.is_error and inner_error is None and node != top:
                inner_error = node
            if node.child_count == 0:
                if len(leaves) >= _LEAF_BUDGET:
                    return _Region(leaves, True, inner_error)
                # A MISSING leaf is not in the text: brackets and quotes are counted as written.
                if not node.is_missing:
                    leaves.append(_leaf(node, parents[-1]))
            elif cursor.goto_first_child():
                parents.append(node.type)
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    break
                parents.pop()
            else:
                continue
            break
    return _Region(leaves, False, inner_error)


def _describe_group(group: list[Node], source: bytes, language: str | None) -> Diagnostic:
    """One diagnostic for a cascade, from the most telling clue: an unclosed quote or bracket or a
    missing colon in the ERROR tokens, else a MISSING token, else an unexpected token, else an excerpt."""
    nodes = [node for node in group if node.is_error]
    missing = [node for node in group if node.is_missing]
    if not nodes:
        return _describe_missing(missing[0], source, language)
    region_start, _ = _point(nodes[0])
    _, region_end = _point(nodes[-1])
    region = _read_region(nodes)
    found = (
        _unclosed_string(region.leaves, source, language, region.truncated)
        or _unbalanced_bracket(region.leaves, region.truncated)
        or (_python_missing_colon(region.leaves) if _offside(language) else None)
        or (_describe_missing(missing[0], source, language) if missing else None)
        or _unexpected_token(nodes, region, source)
    )
    if found is not None:
        return found
    # Nothing pinpoints the cause: quote the start of the region and underline its first line only, since
    # a region can run to the end of the file; the full extent stays in `data` for fixers.
    start_byte = nodes[0].start_byte
    end_byte = nodes[-1].end_byte
    line_end = source.find(b"\n", start_byte, end_byte)
    shown_end = (
        region_end
        if line_end == -1
        else BytePosition(region_start.line, region_start.col + line_end - start_byte)
    )
    excerpt = _excerpt(source[start_byte:end_byte])
    return _diagnostic(
        region_start,
        shown_end,
        f"syntax error: could not parse {_quote(excerpt)}" if excerpt else "syntax error",
        "syntax-error",
        {"excerpt": excerpt, "region_end_line": region_end.line, "region_end_col": region_end.col},
    )


def _unclosed_string(
    leaves: list[_Leaf], source: bytes, language: str | None, truncated: bool
) -> Diagnostic | None:
    if truncated:
        return None
    opener: _Leaf | None = None
    for leaf in leaves:
        if leaf.type == "string_start":
            opener = leaf
        elif leaf.type == "string_end":
            opener = None
        elif leaf.type in _QUOTES and leaf.parent_type not in _NOT_QUOTE_PARENTS:
            if opener is None:
                opener = leaf
            elif opener.type == leaf.type:
                opener = None
    if opener is None:
        return None
    opening = source[opener.start_byte : opener.end_byte].decode("utf-8", "replace")
    closer = _STRING_PREFIX.sub("", opening) or opening
    line_end = source.find(b"\n", opener.end_byte)
    line_end = len(source) if line_end == -1 else line_end
    rest_of_line = source[opener.end_byte : line_end]
    if len(closer) == 1 and closer != "`" and closer.encode() in rest_of_line:
        # The quote closes later on its line, so the parser choked on something else.
        return None
    end = BytePosition(opener.start.line, opener.start.col + line_end - opener.start_byte)
    kind = _string_kind(closer, language)
    return _diagnostic(
        opener.start,
        end,
        f"unclosed {kind}: missing closing {_quote(closer)}",
        "unclosed-string",
        {"missing": closer, "opening": opening},
    )


def _unbalanced_bracket(leaves: list[_Leaf], truncated: bool) -> Diagnostic | None:
    stack: list[_Leaf] = []
    for leaf in leaves:
        if leaf.type in _CLOSER_OF:
            stack.append(leaf)
            continue
        if leaf.type not in _CLOSERS:
            continue
        if stack and _CLOSER_OF[stack[-1].type] == leaf.type:
            stack.pop()
        elif any(_CLOSER_OF[open_leaf.type] == leaf.type for open_leaf in stack):
            return _never_closed(stack[-1])
        else:
            return _diagnostic(
                leaf.start,
                leaf.end,
                f"unexpected {_quote(leaf.type)}: nothing to close",
                "unexpected-token",
                {"unexpected": leaf.type},
            )
    if stack and not truncated:
        return _never_closed(stack[-1])
    return None


def _never_closed(opener: _Leaf) -> Diagnostic:
    closer = _CLOSER_OF[opener.type]
    return _diagnostic(
        opener.start,
        opener.end,
        f"{_quote(opener.type)} is never closed: missing {_quote(closer)}",
        "unclosed-bracket",
        {
            "missing": closer,
            "opening": opener.type,
            "opening_line": opener.start.line,
            "opening_col": opener.start.col,
        },
    )


def _python_missing_colon(leaves: list[_Leaf]) -> Diagnostic | None:
    """A block header (`def f(x)`, `if x`) that ends without ":".

    A header starts with a block keyword that begins its line outside any bracket, and runs to the last
    token before the next line (brackets may continue it over several lines).
    """
    depth = 0
    for index, leaf in enumerate(leaves):
        if leaf.type in _CLOSER_OF:
            depth += 1
            continue
        if leaf.type in _CLOSERS:
            depth = max(0, depth - 1)
            continue
        starts_line = index == 0 or leaves[index - 1].end_point.row < leaf.start_point.row
        if depth == 0 and starts_line and leaf.type in _PYTHON_BLOCK_KEYWORDS:
            end = _header_end_without_colon(leaves, index)
            if end is not None:
                return _diagnostic(
                    end,
                    end,
                    f'missing ":" at the end of the {_quote(leaf.type)} line',
                    "missing-token",
                    {"missing": ":", "keyword": leaf.type},
                )
    return None


def _header_end_without_colon(leaves: list[_Leaf], keyword_index: int) -> BytePosition | None:
    """Where the header starting at `keyword_index` ends, if it has no ":" and its brackets close."""
    depth = 0
    last = leaves[keyword_index]
    for token in leaves[keyword_index + 1 :]:
        if depth == 0 and token.start_point.row > last.end_point.row:
            break
        if token.type in _CLOSER_OF:
            depth += 1
        elif token.type in _CLOSERS:
            depth -= 1
            if depth < 0:
                return None
        elif token.type == ":" and depth == 0:
            return None
        last = token
    return last.end if depth == 0 else None


def _unexpected_token(nodes: list[Node], region: _Region, source: bytes) -> Diagnostic | None:
    """The first ERROR nested in the region when it sits on one line (tree-sitter's "unexpected" token),
    or the whole region when it is short and on one line."""
    inner = region.inner_error
    if (
        inner is not None
        and inner.start_point.row == inner.end_point.row
        and inner.end_byte > inner.start_byte
    ):
        start, end = _point(inner)
        return _unexpected(start, end, source[inner.start_byte : inner.end_byte])
    start, _ = _point(nodes[0])
    _, end = _point(nodes[-1])
    raw = source[nodes[0].start_byte : nodes[-1].end_byte]
    if start.line == end.line and 0 < len(raw.strip()) <= _SHORT_TOKEN_BYTES:
        return _unexpected(start, end, raw)
    return None


def _unexpected(start: BytePosition, end: BytePosition, raw: bytes) -> Diagnostic:
    text = _excerpt(raw)
    return _diagnostic(start, end, f"unexpected {_quote(text)}", "unexpected-token", {"unexpected": text})
