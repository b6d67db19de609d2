"""Whether a suggestion spliced into a file adds a syntax error: read around the cursor, not the whole file.

Inline completion drops a suggestion whose splice adds one (`inline.finish`). Reparsing a large file after
the splice costs up to 15 ms (tree-sitter-python's incremental reparse after a line inserted in a body costs
about what a full parse does); the rest of the file is the same run of top-level items before and after, so
only the items around the cursor are read again.
"""

from __future__ import annotations

from bisect import bisect_right

from archmem.indexer.languages import LanguageSpec
from archmem.indexer.workspace import Memory
from archmem.server.checks.syntax import syntax_diagnostics
from tree_sitter import Tree


def adds_syntax_error(memory: Memory, path: str, text: bytes, byte: int, answer: str) -> bool:
    """Whether the text with the suggestion spliced in has more syntax errors than the text without."""
    spec = memory.spec(path)
    doc = memory.document(path)
    if spec is None:
        return False
    before_tree = doc.tree if doc is not None and doc.text == text else spec.parse(text)
    inserted = answer.encode("utf-8")
    start, end = _top_level_around(before_tree, byte, text)
    if end - start <= min(_ALONE_BYTES, len(text) // _ALONE_SHARE):
        # The rest of the file is the same run of top-level items before and after, so the splice adds an
        # error only inside the items around the cursor: they are parsed alone (~0.1 ms for functions),
        # where reparsing a large file's tree costs up to 15 ms (Python's, for a line inserted in a body).
        region = text[start:end]
        spliced = region[: byte - start] + inserted + region[byte - start :]
        return _more_errors(spec, spec.parse(spliced), spliced, region)
    nested = _members_around(before_tree, byte, text)
    if nested is not None:
        # A large item (a class of thousands of lines): its header with the members around the cursor, parsed
        # alone, as the items around a small one are (reparsing the item costs ~5 ms in `_pydecimal.Decimal`).
        # Only where they parse without an error: an error of theirs may hide the splice's (or one of the
        # splice's may be the file's already, counted elsewhere), and then the item is reparsed.
        header, first, last, tail = nested
        region = header + text[first:last] + tail
        before = spec.parse(region)
        if not before.root_node.has_error:
            at = len(header) + byte - first
            spliced = region[:at] + inserted + region[at:]
            return _more_errors(spec, spec.parse(spliced), spliced, region, before)
    return _reparsed_adds(spec, before_tree, text, byte, inserted, end)


def _reparsed_adds(
    spec: LanguageSpec, before_tree: Tree, text: bytes, byte: int, inserted: bytes, end: int
) -> bool:
    """`adds_syntax_error` for the items up to `end`, by the editor's tree reparsed with the text after them cut
    off, on both sides, so that only the items are parsed again."""
    cut = text[:end]
    spliced = cut[:byte] + inserted + cut[byte:]
    after = spec.parse(
        spliced, _edited(_edited(before_tree, text, end, len(text), b""), cut, byte, byte, inserted)
    )
    if not after.root_node.has_error:
        return False
    return _more_errors(
        spec, after, spliced, cut, spec.parse(cut, _edited(before_tree, text, end, len(text), b""))
    )


def _edited(tree: Tree, text: bytes, start: int, old_end: int, new: bytes) -> Tree:
    """A copy of `tree` (of `text`) told that bytes `start`..`old_end` became `new`."""
    edited = tree.copy()
    row, column = _point(text, start)
    lines = new.split(b"\n")
    edited.edit(
        start_byte=start,
        old_end_byte=old_end,
        new_end_byte=start + len(new),
        start_point=(row, column),
        old_end_point=_point(text, old_end),
        new_end_point=(row + len(lines) - 1, (column if len(lines) == 1 else 0) + len(lines[-1])),
    )
    return edited


def _point(text: bytes, at: int) -> tuple[int, int]:
    """The (row, byte column) of byte `at` of `text`."""
    return text.count(b"\n", 0, at), at - (text.rfind(b"\n", 0, at) + 1)


# Top-level items larger than this, or than this share of the file, are not parsed alone (twice when the
# splice has an error): the editor's tree reparsed incrementally costs less than parsing a class of
# hundreds of kilobytes, and where the grammar reuses the tree's nodes (TypeScript's), than parsing a
# large part of a file (rxjs: 0.2 -> 0.9 ms a suggestion when the items were parsed alone).
_ALONE_BYTES = 32_000
_ALONE_SHARE = 4


def _top_level_around(tree: Tree, byte: int, text: bytes) -> tuple[int, int]:
    """The top-level item holding `byte` (or the last one before it) with one more item on each side, from
    the first one's start to the start of the item after the last, both at the start of a line: a splice
    can join the item around it to its neighbour (an unfinished line before the next item), and a grammar's
    items may split a line (C's `;` after a struct is an item of its own)."""
    starts = [
        c.start_byte for c in tree.root_node.children if c.start_byte == 0 or text[c.start_byte - 1] == 10
    ]
    at = bisect_right(starts, byte) - 1  # -1: before the first item
    first = starts[at - 1] if at >= 1 else 0
    return first, starts[at + 2] if at + 2 < len(starts) else len(text)


def _members_around(tree: Tree, byte: int, text: bytes) -> tuple[bytes, int, int, bytes] | None:
    """In a top-level item too large to parse alone, the members around `byte`: (the item's text up to the line
    of the first member of the innermost definition around `byte` still too large, the start of the line of the
    member holding `byte` less one member, that of the member after it plus one, the item's closing lines from
    the line of that definition's closing token), as `_top_level_around` reads the items of a file. None where
    no member holds `byte` (the cursor in a header), or the header or the closing lines alone are too large."""
    node, top = tree.root_node, None
    while True:
        inner = next((c for c in node.children if c.start_byte <= byte < c.end_byte), None)
        if inner is None or inner.end_byte - inner.start_byte <= _ALONE_BYTES:
            break
        node, top = inner, top or inner
    if top is None:
        return None
    begin = text.rfind(b"\n", 0, top.start_byte) + 1
    starts: list[int] = []
    closing = None
    for c in node.children:
        line = text.rfind(b"\n", 0, c.start_byte) + 1
        if line > begin and not text[line : c.start_byte].strip() and (not starts or line > starts[-1]):
            starts.append(line)  # a member first on its line (not a class body's `{`)
            closing = None if c.is_named else line  # a body's `}` on a line of its own
    at = bisect_right(starts, byte) - 1
    if at < 0 or starts[0] - begin > _ALONE_BYTES:
        return None
    first = starts[at - 1] if at >= 1 else starts[0]
    end = text.find(b"\n", top.end_byte - 1)
    end = len(text) if end < 0 else end + 1
    last = starts[at + 2] if at + 2 < len(starts) else end
    tail = b"" if closing is None or closing < last else text[closing:end]
    if last < byte or len(tail) > _ALONE_BYTES:
        return None
    return text[begin : starts[0]], first, last, tail


def _more_errors(
    spec: LanguageSpec, after: Tree, spliced: bytes, text: bytes, before: Tree | None = None
) -> bool:
    """Whether `after` (the tree of `spliced`) has more syntax errors than `text` (whose tree is `before`,
    parsed here when not given): only counted when `after` has one at all."""
    if not after.root_node.has_error:
        return False
    before = spec.parse(text) if before is None else before
    return len(syntax_diagnostics(after, spliced, language=spec.name)) > len(
        syntax_diagnostics(before, text, language=spec.name)
    )
