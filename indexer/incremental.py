"""Incremental chunk upkeep: a file's chunks after an edit, re-extracting only the statements it touched.

The interval to extract again grows until the old chunks it removes and the new statements it extracts
cover the same text; the containers around it are resized and later chunks move by two integers. An edit
strictly inside a masked node that nothing reads re-extracts nothing (`ChunkUpkeep._shift_past_masked_edit`).
`tests/indexer/test_incremental.py` proves with random edits that the result equals a fresh extraction.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

import tree_sitter as ts

from .capture import body_of
from .chunking import SIGNATURE_BYTES, ChunkBuilder
from .languages import COMMENT_TYPES, IMPORT_TYPES
from .records import Chunk, Edit, Point, RawDef

# Node types that stand before a definition as separate statements (Rust attributes).
_PREFIX_TYPES = frozenset({"attribute_item"})
# Nodes whose text the extraction reads (imports, decorators, attributes, annotations): an edit inside a
# string among them changes the memory even though the string is masked.
_TEXT_READ_TYPES = IMPORT_TYPES | {
    "decorator",
    "attribute_item",
    "inner_attribute_item",
    "annotation",
    "marker_annotation",
    "modifiers",
}


class ChunkUpkeep:
    """Keeps one language's chunks up to date with edits. Stateless apart from its compiled queries."""

    def __init__(self, builder: ChunkBuilder) -> None:
        self.builder = builder
        self.spec = builder.spec
        self._masks = builder.spec.masks_query

    def update(
        self,
        chunks: Sequence[Chunk],
        edit: Edit,
        old_tree: ts.Tree,
        tree: ts.Tree,
        changed: Iterable[tuple[int, int]],
        source: bytes,
    ) -> tuple[Chunk, ...]:
        """The chunks after `edit`, re-extracting only what the edit (and the `changed` byte ranges of the
        new tree) touched. `old_tree` is the previous tree, already told of the edit (`Tree.edit`)."""
        changed = list(changed)
        shifted = self._shift_past_masked_edit(chunks, edit, old_tree, tree, changed)
        if shifted is not None:
            return shifted
        delta_b = edit.new_end_byte - edit.old_end_byte
        delta_r = edit.new_end_point[0] - edit.old_end_point[0]
        lo, hi = edit.start_byte, edit.new_end_byte
        for a, b in changed:
            lo, hi = min(lo, a), max(hi, b)
        # A chunk that starts on the edit's last row after it moves by columns as well as bytes: take it in.
        line_end = source.find(b"\n", hi)
        hi = len(source) if line_end < 0 else line_end
        line_start = source.rfind(b"\n", 0, lo) + 1
        lo = line_start
        moves = _EditMoves(edit)

        def unchanged(statement: ts.Node, at_depth: int) -> bool:
            return _unchanged_container(chunks, moves, statement, at_depth)

        root = tree.root_node
        container, scope, depth = self._deepest_container(root, lo, hi, unchanged)
        body = root if container is None else body_of(container)
        assert body is not None
        # The statement after the edited ones comes too: its doc is the comment block above it, and its
        # attributes or decorators may stand before it. A docstring language has neither: its decorators
        # are inside the definition they decorate.
        if self.spec.doc_style != "docstring":
            nxt = self._next_statement(body, self._nodes_between(body, lo, hi), hi)
            if nxt is not None:
                hi = max(hi, nxt.end_byte)
        nodes, first, last = self._affected(chunks, moves, body, depth, lo, hi)
        fresh = _old_parts(
            chunks[first:last], self.builder.extract_nodes(nodes, scope, depth, source, root), moves
        )
        head = list(chunks[:first])
        # Containers around the edit: their bodies grew or shrank.
        found = 0
        for k in range(len(head) - 1, -1, -1):
            if found >= depth:
                break
            chunk = head[k]
            if chunk.depth < depth and chunk.is_container and chunk.end_byte >= edit.old_end_byte:
                head[k] = chunk.resized(edit)
                found += 1
        # An edit that kept the length leaves the chunks after it as they were: the same objects.
        tail = [c.moved(delta_b, delta_r) for c in chunks[last:]] if delta_b or delta_r else chunks[last:]
        return (*head, *fresh, *tail)

    def _affected(
        self, chunks: Sequence[Chunk], moves: _EditMoves, body: ts.Node, depth: int, lo: int, hi: int
    ) -> tuple[list[ts.Node], int, int]:
        """The statements of `body` to extract again and the old chunks they replace, `chunks[first:last]`:
        the interval grows until the old chunks it removes and the new nodes it extracts cover the same
        text. Old chunks in the interval are contiguous in document order."""
        nodes: list[ts.Node] = []
        first = last = 0
        while True:
            nodes = self._nodes_between(body, lo, hi)
            new_lo = min([lo, *(n.start_byte for n in nodes)])
            new_hi = max([hi, *(n.end_byte for n in nodes)])
            last = bisect.bisect_right(chunks, moves.to_old(new_hi), key=_origin)
            # Chunks after the container (when the interval reaches its end) stay.
            while (
                last > 0
                and chunks[last - 1].depth < depth
                and moves.to_new(chunks[last - 1].origin_byte, False) >= body.end_byte
            ):
                last -= 1
            first = last
            k = last
            while k > 0:
                k -= 1
                chunk = chunks[k]
                if chunk.depth < depth:
                    break
                start, end = moves.to_new(chunk.origin_byte, False), moves.to_new(chunk.end_byte, True)
                if end < new_lo:
                    if chunk.depth == depth:
                        break  # members of one body are disjoint: nothing earlier reaches the interval
                    continue
                first = k
                new_lo, new_hi = min(new_lo, start), max(new_hi, end)
            if (new_lo, new_hi) == (lo, hi):
                return nodes, first, last
            lo, hi = new_lo, new_hi

    def _shift_past_masked_edit(
        self,
        chunks: Sequence[Chunk],
        edit: Edit,
        old_tree: ts.Tree,
        tree: ts.Tree,
        changed: list[tuple[int, int]],
    ) -> tuple[Chunk, ...] | None:
        """The chunks after an edit strictly inside one masked node (string contents, a comment) that
        nothing reads the text of: the old extraction with positions shifted, in O(chunks) integer moves
        instead of re-extracting the statement around it. None when the edit does not qualify.

        The names read from code are the same (the masked node is blanked either way, its first and last
        bytes unchanged); signatures read at most SIGNATURE_BYTES after a definition's start and the edit
        lies outside that; docstrings, comment docs, imports, decorators and definition names are refused.
        """
        start, old_end, new_end = edit.start_byte, edit.old_end_byte, edit.new_end_byte
        mask = self._mask_around(tree.root_node, start, new_end)
        if mask is None or any(a < mask.start_byte or b > mask.end_byte for a, b in changed):
            return None
        if mask.type in COMMENT_TYPES and self.spec.doc_style != "docstring":
            return None  # comments above definitions are their docs
        # The old tree had the same node on the same path (a comment turned into a regex literal by the
        # edit would otherwise pass: tree-sitter reports the change inside the new node's extent).
        before = self._mask_around(old_tree.root_node, start, new_end)
        below: ts.Node | None = mask
        old_below = before
        while below is not None and old_below is not None:
            if (below.type, below.start_byte, below.end_byte) != (
                old_below.type,
                old_below.start_byte,
                old_below.end_byte,
            ):
                return None
            above, old_above = below.parent, old_below.parent
            if above is not None and above.type in _TEXT_READ_TYPES:
                return None
            if above is not None and above.type == "expression_statement" and below.type == "string":
                return None  # a docstring, or a string statement that might be one
            below, old_below = above, old_above
        if below is not None or old_below is not None:
            return None
        k = bisect.bisect_right(chunks, start, key=_origin)
        if k < len(chunks) and chunks[k].origin_row == edit.old_end_point[0]:
            return None  # a statement after the edit on its line: its columns move too
        out = list(chunks)
        level = len(chunks)  # chunks at this depth or deeper, met walking back, cannot hold the edit
        for j in range(k - 1, -1, -1):
            chunk = chunks[j]
            if chunk.depth >= level:
                continue
            level = chunk.depth
            if chunk.end_byte >= old_end:
                grown = _grown(chunk, edit)
                if grown is None:
                    return None
                out[j] = grown
            if level == 0:
                break
        delta_b = new_end - old_end
        delta_r = edit.new_end_point[0] - edit.old_end_point[0]
        for j in range(k, len(chunks)):
            out[j] = chunks[j].moved(delta_b, delta_r)
        return tuple(out)

    def _mask_around(self, root: ts.Node, start: int, end: int) -> ts.Node | None:
        """A masked node holding [start, end], with at least one byte of it before `start` (an insertion at
        its very start belongs to the node before it, in tree-sitter's reckoning)."""
        cursor = ts.QueryCursor(self._masks)
        cursor.set_byte_range(start, end)
        for node in cursor.captures(root).get("mask", ()):
            if node.start_byte < start and end <= node.end_byte:
                return node
        return None

    def _nodes_between(self, body: ts.Node, lo: int, hi: int) -> list[ts.Node]:
        """Statements of `body` (comments aside) that touch [lo, hi]."""
        out: list[ts.Node] = []
        node = _child_for_byte(body, max(lo - 1, body.start_byte))
        while node is not None and node.start_byte <= hi:
            if node.end_byte >= lo and node.type not in COMMENT_TYPES:
                out.append(node)
            node = node.next_named_sibling
        return out

    def _next_statement(self, body: ts.Node, nodes: list[ts.Node], hi: int) -> ts.Node | None:
        """The statement after the edited ones: its doc is the comment block above it, which may have
        changed."""
        child = _child_for_byte(body, hi)
        starts = {n.start_byte for n in nodes}
        while child is not None and (
            child.type in COMMENT_TYPES or child.type in _PREFIX_TYPES or child.start_byte in starts
        ):
            child = child.next_named_sibling
        return child

    def _deepest_container(
        self, root: ts.Node, lo: int, hi: int, unchanged: Callable[[ts.Node, int], bool]
    ) -> tuple[ts.Node | None, tuple[str, ...], int]:
        """The innermost container whose body strictly holds [lo, hi], whose header the edit left alone and
        whose extent is what it was before (`unchanged`): an edit can make a body swallow what followed."""
        container: ts.Node | None = None
        scope: tuple[str, ...] = ()
        depth = 0
        body = root
        # An indented body (Python's) ends with its last statement, which an edit may reach the end of.
        indented = self.spec.doc_style == "docstring"
        while True:
            child = _child_for_byte(body, lo)
            if child is None or child.start_byte >= lo or child.end_byte < hi:
                return container, scope, depth
            if child.end_byte == hi and not indented:
                return container, scope, depth
            inner = self.builder.container_def(child)
            if inner is None:
                return container, scope, depth
            inner_body = body_of(inner)
            assert inner_body is not None
            # Strictly inside the body, away from its delimiters (an indented body has none at its end:
            # its last line may be edited).
            last = inner_body.end_byte if indented else inner_body.end_byte - 2
            if not (inner_body.start_byte < lo and hi <= last):
                return container, scope, depth
            name = self.builder.container_name(inner)
            if name is None:
                return container, scope, depth
            # The container's docstring is its body's first named child: an edit reaching into it that may
            # have made or unmade one is re-extracted with the header. A first child that starts before the
            # edit and is no expression (a method, a comment) stays what it was.
            first = inner_body.named_child(0) if inner_body.named_child_count else None
            if (
                self.spec.doc_style == "docstring"
                and first is not None
                and first.end_byte >= lo
                and (first.type == "expression_statement" or first.start_byte >= lo)
            ):
                return container, scope, depth
            if not unchanged(child, depth):
                return container, scope, depth
            container, scope, depth, body = inner, (*scope, name), depth + 1, inner_body


def _old_parts(old: Sequence[Chunk], fresh: list[Chunk], moves: _EditMoves) -> list[Chunk]:
    """`fresh` with each chunk equal to the old one it replaces at its place (moved by the edit) made of that one's
    parts, as `document._shared` does after a fresh parse. Why: a C statement after the edited one is extracted
    again for its doc comment (a `#ifndef` group of 78 definitions after the body a generate packing hides), and new
    parts of equal value hid from `lineage` that it did not change: every carried table then compared the file's
    90,000 symbols field by field (20-40 ms a packing in sqlite3.c)."""
    at = {moves.to_new(c.origin_byte, False): c for c in old}
    for i, chunk in enumerate(fresh):
        before = at.get(chunk.origin_byte)
        # Cheap fields first: the edited statement differs at least in its length.
        if before is not None and before[2:4] == chunk[2:4] and before[2:] == chunk[2:]:
            fresh[i] = Chunk(chunk.origin_byte, chunk.origin_row, *before[2:])
    return fresh


class _EditMoves:
    """Where an edit moves byte positions: old ones into the new text and back."""

    __slots__ = ("delta", "edit")

    def __init__(self, edit: Edit) -> None:
        self.edit = edit
        self.delta = edit.new_end_byte - edit.old_end_byte

    def to_new(self, pos: int, is_end: bool) -> int:
        """An old byte position in the new text; positions inside replaced text collapse onto it."""
        edit = self.edit
        if pos < edit.start_byte or (pos == edit.start_byte and not is_end):
            return pos
        if pos >= edit.old_end_byte:
            return pos + self.delta
        return edit.new_end_byte if is_end else edit.start_byte

    def to_old(self, pos: int) -> int:
        edit = self.edit
        if pos < edit.start_byte:
            return pos
        return pos - self.delta if pos >= edit.new_end_byte else edit.old_end_byte


def _unchanged_container(
    chunks: Sequence[Chunk], moves: _EditMoves, statement: ts.Node, at_depth: int
) -> bool:
    """The old memory had this container, with the same extent (the edit only changed its body)."""
    k = bisect.bisect_left(chunks, statement.start_byte, key=_origin)
    while k < len(chunks) and chunks[k].origin_byte == statement.start_byte:
        chunk = chunks[k]
        if chunk.depth == at_depth and chunk.is_container:
            # The old container held the whole replaced text, and ends where the new one does.
            if (
                chunk.end_byte < moves.edit.old_end_byte
                or moves.to_new(chunk.end_byte, True) != statement.end_byte
            ):
                return False
            # Everything the old container spanned was its own (error recovery can leave statements of a
            # body at an outer level).
            j = k + 1
            while j < len(chunks) and chunks[j].origin_byte < chunk.end_byte:
                if chunks[j].depth <= at_depth:
                    return False
                j += 1
            return True
        k += 1
    return False


def _grown(chunk: Chunk, edit: Edit) -> Chunk | None:
    """`chunk`, which holds an edit that changed no text its extraction read, with the positions after the
    edit shifted; None when the edit touches a definition's signature (its name among it: the queries
    capture names as identifiers, never inside strings) or the chunk has imports."""
    if chunk.imports:
        return None
    origin_b, origin_r = chunk.origin_byte, chunk.origin_row
    start, old_end = edit.start_byte - origin_b, edit.old_end_byte - origin_b
    delta_b = edit.new_end_byte - edit.old_end_byte
    end_row, end_col = edit.old_end_point[0] - origin_r, edit.old_end_point[1]
    new_row, new_col = edit.new_end_point[0] - origin_r, edit.new_end_point[1]

    def point(p: Point) -> Point:
        if p < (end_row, end_col):
            return p
        return (new_row, new_col + p[1] - end_col) if p[0] == end_row else (p[0] + new_row - end_row, p[1])

    def byte(b: int) -> int:
        return b if b <= start else b + delta_b

    defs: list[RawDef] = []
    for d in chunk.defs:
        header_end = min(d.body_start_byte, d.start_byte + SIGNATURE_BYTES)
        if start <= header_end and old_end >= d.start_byte:
            return None
        if d.end_byte <= start:
            defs.append(d)
            continue
        defs.append(
            RawDef(
                d.kind,
                d.name,
                d.parent,
                byte(d.start_byte),
                byte(d.end_byte),
                point(d.start),
                point(d.end),
                point(d.name_start),
                point(d.name_end),
                byte(d.body_start_byte),
                byte(d.body_end_byte),
                d.signature,
                d.doc,
                d.decorators,
                d.refs,
                d.extra_scope,
                d.weak,
            )
        )
    return Chunk(
        origin_b,
        origin_r,
        chunk.length + delta_b,
        chunk.rows + new_row - end_row,
        chunk.scope,
        chunk.depth,
        chunk.is_container,
        tuple(defs),
        chunk.loose_refs,
        chunk.imports,
    )


def _origin(chunk: Chunk) -> int:
    return chunk.origin_byte


def _child_for_byte(node: ts.Node, byte: int) -> ts.Node | None:
    """The first named child of `node` that ends after `byte`.

    `Node.first_named_child_for_byte` crashes tree-sitter 0.25.2 on some trees, and the cursor's
    `goto_first_child_for_byte` finds nothing when `byte` falls in the white space between two children, so
    walk forward over the gap.
    """
    end = node.end_byte
    cursor = node.walk()
    while byte < end:
        if cursor.goto_first_child_for_byte(byte) is not None:
            while True:
                current = cursor.node
                if current is not None and current.is_named:
                    return current
                if not cursor.goto_next_sibling():
                    return None
        byte += 1
    return None
