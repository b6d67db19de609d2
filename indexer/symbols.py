"""Symbol extraction: from a syntax tree to chunks of definitions, references and imports.

A file's memory is a flat, ordered tuple of *chunks*. A chunk is one statement at the level of a module or
of a container body (class, interface, struct, impl, namespace, trait), together with every definition
inside it that is not itself a container member. Positions inside a chunk are stored relative to the chunk's
origin, so an edit elsewhere moves a chunk by changing two integers instead of rewriting its symbols. After
an edit only the chunks the edit touched are extracted again (`Extractor.update`); `tests/indexer/
test_incremental.py` proves with random edits that the result equals a fresh extraction.

Over 600 lines, knowingly: `Extractor` keeps definition capture and incremental chunk upkeep in one class,
as both walk the same compiled query and chunk rules; the values live in `records.py`, doc extraction in
`docs.py`, reference scanning in `references.py`. Splitting capture from upkeep is issue 14's remaining step.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import cast

import tree_sitter as ts

from .docs import DIRECTIVE, first_doc_line, strip_comment
from .docs import module_doc as module_doc
from .languages import COMMENT_TYPES, IMPORT_TYPES, LanguageSpec
from .records import (
    CALLABLE_KINDS,
    CONTAINER_KINDS,
    Chunk,
    Edit,
    Import,
    Point,
    RawDef,
    SymbolKind,
)
from .records import CLASS_KINDS as CLASS_KINDS
from .records import SymbolNode as SymbolNode
from .references import RefTable, masked

# The values of the memory live in records.py, doc extraction in docs.py; everyone imported them from here,
# and still may.
__all__ = [
    "CALLABLE_KINDS",
    "CLASS_KINDS",
    "CONTAINER_KINDS",
    "Chunk",
    "Edit",
    "Extractor",
    "Import",
    "Point",
    "RawDef",
    "SymbolKind",
    "SymbolNode",
    "module_doc",
]

_QUERY_KINDS: dict[str, SymbolKind] = {
    "class": SymbolKind.CLASS,
    "interface": SymbolKind.INTERFACE,
    "struct": SymbolKind.STRUCT,
    "enum": SymbolKind.ENUM,
    "impl": SymbolKind.OBJECT,
    "module": SymbolKind.NAMESPACE,
    "function": SymbolKind.FUNCTION,
    "method": SymbolKind.METHOD,
    "constructor": SymbolKind.CONSTRUCTOR,
    "field": SymbolKind.FIELD,
    "variable": SymbolKind.VARIABLE,
    "constant": SymbolKind.CONSTANT,
    "type": SymbolKind.TYPE_PARAMETER,
}

_BINDING_KINDS = frozenset({SymbolKind.VARIABLE, SymbolKind.CONSTANT})
_OWNERLESS = frozenset({SymbolKind.VARIABLE, SymbolKind.CONSTANT, SymbolKind.FIELD})

# Node types that stand before a definition as separate statements (Rust attributes).
_PREFIX_TYPES = frozenset({"attribute_item"})
# Node types that wrap a definition without being one (decorators, export, templates).
_WRAPPER_TYPES = frozenset({"decorated_definition", "export_statement", "template_declaration"})
_MAX_SIGNATURE = 400
# A signature is read from at most this many bytes after its definition's start: the squashed header is cut
# at _MAX_SIGNATURE characters anyway, and a bound keeps an edit deep inside a huge literal (a 700 KB dict
# assigned to one name) from touching the text its signature was read from.
_SIGNATURE_BYTES = 1024
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


class Extractor:
    """Extracts chunks for one language. Stateless apart from its compiled queries; safe to share."""

    def __init__(self, spec: LanguageSpec) -> None:
        self.spec = spec
        self._scan = spec.extraction_query
        self._masks = spec.masks_query
        # The definitions' patterns come first, the masks' follow. Counted from the masks query, which is
        # cheap to compile, where the definitions query alone takes as long as the joined one (30 ms for C).
        # An attribute at run time, though tree-sitter's stubs declare a method.
        self._def_patterns = cast(int, self._scan.pattern_count) - cast(int, self._masks.pattern_count)
        # Whether the grammar's queries define functions by assignment (`Foo.prototype.bar = function ...`).
        captures = cast(int, self._scan.capture_count)
        self._assigns = any(self._scan.capture_name(i) == "owner" for i in range(captures))
        # C and C++ need repairs of what macros and `#if` branches make the grammar misread.
        self._c_family = spec.repairs_preprocessor

    # -- public -------------------------------------------------------------------------------------

    def extract(self, tree: ts.Tree, source: bytes) -> tuple[Chunk, ...]:
        """Every chunk of a file, from a fresh tree."""
        root = tree.root_node
        return tuple(self._extract_nodes(list(self._chunk_children(root)), (), 0, source, root))

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

        def to_new(pos: int, is_end: bool) -> int:
            """An old byte position in the new text; positions inside replaced text collapse onto it."""
            if pos < edit.start_byte or (pos == edit.start_byte and not is_end):
                return pos
            if pos >= edit.old_end_byte:
                return pos + delta_b
            return edit.new_end_byte if is_end else edit.start_byte

        def to_old(pos: int) -> int:
            if pos < edit.start_byte:
                return pos
            return pos - delta_b if pos >= edit.new_end_byte else edit.old_end_byte

        def unchanged_container(statement: ts.Node, at_depth: int) -> bool:
            """The old memory had this container, with the same extent (the edit only changed its body)."""
            k = bisect.bisect_left(chunks, statement.start_byte, key=_origin)
            while k < len(chunks) and chunks[k].origin_byte == statement.start_byte:
                chunk = chunks[k]
                if chunk.depth == at_depth and chunk.is_container:
                    # The old container held the whole replaced text, and ends where the new one does.
                    if (
                        chunk.end_byte < edit.old_end_byte
                        or to_new(chunk.end_byte, True) != statement.end_byte
                    ):
                        return False
                    # Everything the old container spanned was its own (error recovery can leave
                    # statements of a body at an outer level).
                    j = k + 1
                    while j < len(chunks) and chunks[j].origin_byte < chunk.end_byte:
                        if chunks[j].depth <= at_depth:
                            return False
                        j += 1
                    return True
                k += 1
            return False

        root = tree.root_node
        container, scope, depth = self._deepest_container(root, lo, hi, unchanged_container)
        body = root if container is None else _body_of(container)
        assert body is not None

        # Grow the interval until the old chunks it removes and the new nodes it extracts cover the same
        # text. Old chunks in the interval are contiguous in document order: [first, last).
        nodes: list[ts.Node] = []
        first = last = 0
        # The statement after the edited ones comes too: its doc is the comment block above it, and its
        # attributes or decorators may stand before it. A docstring language has neither: its decorators
        # are inside the definition they decorate.
        if self.spec.doc_style != "docstring":
            nxt = self._next_statement(body, self._nodes_between(body, lo, hi), hi)
            if nxt is not None:
                hi = max(hi, nxt.end_byte)
        while True:
            nodes = self._nodes_between(body, lo, hi)
            new_lo = min([lo, *(n.start_byte for n in nodes)])
            new_hi = max([hi, *(n.end_byte for n in nodes)])
            last = bisect.bisect_right(chunks, to_old(new_hi), key=_origin)
            # Chunks after the container (when the interval reaches its end) stay.
            while (
                last > 0
                and chunks[last - 1].depth < depth
                and to_new(chunks[last - 1].origin_byte, False) >= body.end_byte
            ):
                last -= 1
            first = last
            k = last
            while k > 0:
                k -= 1
                chunk = chunks[k]
                if chunk.depth < depth:
                    break
                start, end = to_new(chunk.origin_byte, False), to_new(chunk.end_byte, True)
                if end < new_lo:
                    if chunk.depth == depth:
                        break  # members of one body are disjoint: nothing earlier reaches the interval
                    continue
                first = k
                new_lo, new_hi = min(new_lo, start), max(new_hi, end)
            if (new_lo, new_hi) == (lo, hi):
                break
            lo, hi = new_lo, new_hi

        fresh = self._extract_nodes(nodes, scope, depth, source, root)
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
        tail = [c.moved(delta_b, delta_r) for c in chunks[last:]]
        return (*head, *fresh, *tail)

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
        bytes unchanged); signatures read at most _SIGNATURE_BYTES after a definition's start and the edit
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

    # -- chunk structure ----------------------------------------------------------------------------

    def _chunk_children(self, body: ts.Node) -> Iterator[ts.Node]:
        for child in body.named_children:
            if child.type not in COMMENT_TYPES:
                yield child

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

    def _container_def(self, node: ts.Node) -> ts.Node | None:
        """The container definition a chunk-level statement is, if it is one (unwrapping decorators etc.)."""
        inner = _unwrap(node)
        body = _body_of(inner)
        if body is None or inner.type not in _CONTAINER_NODE_TYPES:
            return None
        return inner

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
            inner = self._container_def(child)
            if inner is None:
                return container, scope, depth
            inner_body = _body_of(inner)
            assert inner_body is not None
            # Strictly inside the body, away from its delimiters (an indented body has none at its end:
            # its last line may be edited).
            last = inner_body.end_byte if indented else inner_body.end_byte - 2
            if not (inner_body.start_byte < lo and hi <= last):
                return container, scope, depth
            name = self._container_name(inner)
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

    def _container_name(self, node: ts.Node) -> str | None:
        name = node.child_by_field_name("name") or node.child_by_field_name("type")
        return None if name is None else _text(name)

    # -- extraction -----------------------------------------------------------------------------------

    def _extract_nodes(
        self, nodes: list[ts.Node], scope: tuple[str, ...], depth: int, source: bytes, root: ts.Node
    ) -> list[Chunk]:
        if not nodes:
            return []
        lo, hi = nodes[0].start_byte, nodes[-1].end_byte
        defs, imports, masks = self._definitions(root, lo, hi)
        refs = RefTable(masked(source, lo, hi, masks), lo, imports, self.spec)
        out: list[Chunk] = []
        # Depth first with an explicit stack, not recursion: containers nest thousands deep in generated
        # code, far past Python's recursion limit.
        stack = [(node, scope, depth) for node in reversed(nodes)]
        while stack:
            node, node_scope, node_depth = stack.pop()
            members = self._emit(node, node_scope, node_depth, source, defs, refs, out)
            stack.extend(reversed(members))
        return out

    def _emit(
        self,
        node: ts.Node,
        scope: tuple[str, ...],
        depth: int,
        source: bytes,
        defs: _DefTable,
        refs: RefTable,
        out: list[Chunk],
    ) -> list[tuple[ts.Node, tuple[str, ...], int]]:
        """Append the chunk of `node` to `out`; a container's members are returned, to be emitted next."""
        inner = self._container_def(node)
        if inner is not None and (name := self._container_name(inner)) is not None:
            body = _body_of(inner)
            assert body is not None
            header_defs = [
                d
                for d in defs.within(node.start_byte, node.end_byte)
                if d.node.start_byte == inner.start_byte
            ]
            if header_defs:
                # The header: the container itself, references in its header and in any docstring.
                raw = self._raw_defs(node, header_defs[:1], refs, source, header_only=body)
                out.append(self._chunk(node, scope, depth, True, raw, refs, body))
                member_scope = (*scope, name)
                return [(member, member_scope, depth + 1) for member in self._chunk_children(body)]
        raw = self._raw_defs(
            node, defs.within(node.start_byte, node.end_byte), refs, source, header_only=None
        )
        out.append(self._chunk(node, scope, depth, False, raw, refs, None))
        return []

    def _chunk(
        self,
        node: ts.Node,
        scope: tuple[str, ...],
        depth: int,
        is_container: bool,
        raw: tuple[tuple[RawDef, ...], tuple[str, ...]],
        refs: RefTable,
        body: ts.Node | None,
    ) -> Chunk:
        start, end = node.start_byte, node.end_byte
        origin_row = node.start_point[0]
        imports = tuple(
            Import(imp.module, imp.name, imp.alias, imp.line - origin_row)
            for imp in refs.imports_within(start, end if body is None else body.start_byte)
        )
        return Chunk(
            start,
            origin_row,
            end - start,
            node.end_point[0] - origin_row,
            scope,
            depth,
            is_container,
            raw[0],
            raw[1],
            imports,
        )

    def _raw_defs(
        self,
        chunk: ts.Node,
        found: list[_Def],
        refs: RefTable,
        source: bytes,
        header_only: ts.Node | None,
    ) -> tuple[tuple[RawDef, ...], tuple[str, ...]]:
        """RawDefs of a chunk (positions relative to it) and the chunk's loose references."""
        origin_b, origin_r = chunk.start_byte, chunk.start_point[0]
        kept: list[_Def] = []
        parents: list[int] = []
        stack: list[int] = []  # indexes into kept
        tagged: list[tuple[int, _Def]] = []  # (typedef, the named struct it defines beside it)
        for d in found:
            # One declaration can define several names (`a, b = 1, 2`, `int x, y;`): definitions spanning
            # exactly the same text are siblings, not one nested in the other.
            while stack and (
                kept[stack[-1]].end_byte <= d.start_byte
                or (kept[stack[-1]].start_byte, kept[stack[-1]].end_byte) == (d.start_byte, d.end_byte)
            ):
                stack.pop()
            parent = stack[-1] if stack else -1
            if parent >= 0 and d.outer is not d.node and d.outer == kept[parent].node:
                # `typedef struct node {...} node_t;` defines `node` beside `node_t`, both found by name.
                tagged.append((parent, d))
                parent = parents[parent]
            elif (
                self._c_family
                and parent >= 0
                and d.node.type == "enumerator"
                and _unscoped_enum(kept[parent].node)
            ):
                # A C (or plain C++) enumerator is a name of the scope around its enum: `RED`, not `color.RED`.
                parent = parents[parent]
            parent_kind = kept[parent].kind if parent >= 0 else None
            if not self._keep(d, parent_kind):
                continue
            kept.append(d)
            parents.append(parent)
            stack.append(len(kept) - 1)

        # Each definition owns the names in its text minus the text of the definitions nested in it.
        # Bindings inside functions (`self.x = ...`) leave their names to the function around them.
        ref_end = chunk.end_byte if header_only is None else header_only.start_byte
        owner_of: list[int] = []  # nearest enclosing owner of each kept def, -1 for the chunk
        is_owner = [not (d.kind in _OWNERLESS and parents[i] >= 0) for i, d in enumerate(kept)]
        for i in range(len(kept)):
            p = parents[i]
            while p >= 0 and not is_owner[p]:
                p = parents[p]
            owner_of.append(p)
        holes: dict[int, list[tuple[int, int]]] = {}
        for i, d in enumerate(kept):
            if is_owner[i]:
                holes.setdefault(owner_of[i], []).append((d.start_byte, min(d.end_byte, ref_end)))
        for i, d in enumerate(kept if self._assigns else ()):
            if (
                d.kind in CALLABLE_KINDS
                and d.node.type == "expression_statement"
                and d.name_node.parent is not None
            ):
                # `Foo.prototype.bar = function ...` uses `Foo`; the rest of the left side names the definition.
                left = d.name_node.parent
                root = left
                while root.type == "member_expression" and root.named_child_count:
                    root = root.named_children[0]
                holes.setdefault(i, []).append((root.end_byte, left.end_byte))
        for typedef, tag in tagged:
            # The typedef refers to the struct it names (`node`), not to what the struct's body uses.
            body = tag.body.start_byte if tag.body is not None else tag.end_byte
            holes.setdefault(typedef, []).append((body, min(tag.end_byte, ref_end)))
        per_def: list[tuple[str, ...]]
        loose: tuple[str, ...]
        if not kept and chunk.type in IMPORT_TYPES:
            return (), ()  # the names an import binds are not uses
        if len(holes.get(-1, ())) == 1 and kept[0].start_byte <= chunk.start_byte and len(holes) == 1:
            # The common chunk: one definition spanning it, nothing nested that owns names.
            per_def = [refs.names(chunk.start_byte, ref_end, (), kept[0].name), *(() for _ in kept[1:])]
            loose = ()
        else:
            per_def = [
                refs.names(d.start_byte, min(d.end_byte, ref_end), holes.get(i, ()), d.name)
                if is_owner[i]
                else ()
                for i, d in enumerate(kept)
            ]
            loose = refs.names(chunk.start_byte, ref_end, holes.get(-1, ()), None)

        out: list[RawDef] = []
        for i, d in enumerate(kept):
            node = d.node
            sig_end = min(
                d.body.start_byte if d.body is not None else node.end_byte, d.start_byte + _SIGNATURE_BYTES
            )
            signature = _header(
                source[node.start_byte : max(sig_end, node.start_byte)].decode("utf-8", "replace")
            )
            name_start, name_end = d.name_node.start_point, d.name_node.end_point
            body_start, body_end = (
                (d.body.start_byte, d.body.end_byte) if d.body is not None else (node.end_byte, node.end_byte)
            )
            # Positional: keywords cost a fifth more per definition.
            out.append(
                RawDef(
                    d.kind,
                    d.name,
                    parents[i],
                    d.start_byte - origin_b,
                    d.end_byte - origin_b,
                    (d.start_point[0] - origin_r, d.start_point[1]),
                    (d.end_point[0] - origin_r, d.end_point[1]),
                    (name_start[0] - origin_r, name_start[1]),
                    (name_end[0] - origin_r, name_end[1]),
                    body_start - origin_b,
                    body_end - origin_b,
                    signature[:_MAX_SIGNATURE],
                    self._doc(d, source),
                    d.decorators,
                    per_def[i],
                    d.extra_scope,
                    self._weak_field(d, kept[parents[i]] if parents[i] >= 0 else None),
                )
            )
        return tuple(out), loose

    def _keep(self, d: _Def, parent_kind: SymbolKind | None) -> bool:
        """Local variables are not symbols; fields set through `self.` belong to methods of containers.
        Constants of an enum (Java's enum constants) are its members."""
        if d.kind in _BINDING_KINDS:
            return parent_kind is None or parent_kind in CONTAINER_KINDS or parent_kind is SymbolKind.ENUM
        if d.kind is SymbolKind.FIELD and d.receiver is not None:
            return d.receiver in self.spec.self_names and parent_kind in CALLABLE_KINDS
        return True

    def _weak_field(self, d: _Def, parent: _Def | None) -> bool:
        """Python names its receiver: `self.x = ...` in a method whose first parameter is not `self` (an
        instance built in `__new__` or a classmethod) is a weaker site for the field than one in a method."""
        return (
            d.kind is SymbolKind.FIELD
            and d.receiver is not None
            and parent is not None
            and self.spec.doc_style == "docstring"
            and _first_param(parent.node) != d.receiver
        )

    def _doc(self, d: _Def, source: bytes) -> str:
        if self.spec.doc_style == "docstring":
            if d.body is None or d.kind not in CALLABLE_KINDS | CONTAINER_KINDS:
                return ""
            first = d.body.named_child(0) if d.body.named_child_count else None
            if first is not None and first.type == "expression_statement":
                string = first.named_child(0)
                if string is not None and string.type == "string":
                    return first_doc_line(_text(string).strip("rRbBuUfF").strip("\"'"))
            return ""
        # Comments right above the definition (or above its wrapper), skipping attributes/annotations.
        node = d.outer
        prev = node.prev_named_sibling
        while prev is not None and prev.type in ("attribute_item", "decorator"):
            prev = prev.prev_named_sibling
        lines: list[str] = []
        expected_row = node.start_point[0]
        while (
            prev is not None
            and prev.type in COMMENT_TYPES
            and prev.end_point[0] >= expected_row - 1
            # Rust's inner doc comments (`//!`, `/*!`) document the enclosing module, not what follows.
            and not _text(prev).startswith(("//!", "/*!"))
        ):
            text = _text(prev)
            # `// tslint:disable:max-line-length` above a method speaks to a linter, not to its reader.
            if not DIRECTIVE.match(first_doc_line(strip_comment(text))):
                lines.insert(0, text)
            expected_row = prev.start_point[0]
            prev = prev.prev_named_sibling
        return first_doc_line(strip_comment("\n".join(lines))) if lines else ""

    def _definitions(
        self, root: ts.Node, lo: int, hi: int
    ) -> tuple[_DefTable, list[tuple[int, Import]], list[tuple[int, int]]]:
        """Definitions starting in [lo, hi), imports, and the spans to mask: strings, comments and other
        literals, and import statements (the names an import binds are not uses). One pass of one query."""
        cursor = ts.QueryCursor(self._scan)
        cursor.set_byte_range(lo, hi)
        found: dict[int, tuple[int, _Def]] = {}
        imports: list[tuple[int, Import]] = []
        masks: list[tuple[int, int]] = []
        def_patterns = self._def_patterns
        for pattern, caps in cursor.matches(root):
            if pattern >= def_patterns:
                node = caps["mask"][0]
                masks.append((node.start_byte, node.end_byte))
                continue
            if "import" in caps:
                node = caps["import"][0]
                if lo <= node.start_byte < hi:
                    row = node.start_point[0]
                    imports.extend((node.start_byte, imp) for imp in self.spec.read_imports(node, row))
                    masks.append((node.start_byte, node.end_byte))
                continue
            def_kind = next((k for k in caps if k.startswith("def.")), None)
            if def_kind is None:
                continue
            node = caps[def_kind][0]
            name_node = caps["name"][0]
            if (
                name_node.start_byte < lo
                or name_node.start_byte >= hi
                or (self._c_family and self._misparsed(node, name_node))
            ):
                continue
            key = name_node.start_byte
            if key in found and found[key][0] <= pattern:
                # The earliest pattern wins for a name: functions are listed before variables.
                continue
            body = caps["body"][0] if "body" in caps else None
            receiver = _text(caps["receiver"][0]) if "receiver" in caps else None
            kind = _QUERY_KINDS[def_kind[4:]]
            owner: tuple[str, ...] = ()
            if self._assigns and "owner" in caps:
                owned = _assigned_owner(_text(caps["owner"][0]))
                if owned is None:
                    continue
                kind, owner = (SymbolKind.METHOD, owned[0]) if owned[1] else (kind, owned[0])
            found[key] = (pattern, self._make_def(kind, node, name_node, body, receiver, owner))
        imports.sort(key=lambda item: item[0])
        defs = sorted((d for _, d in found.values()), key=lambda d: (d.start_byte, -d.end_byte))
        return _DefTable(defs), imports, masks

    def _misparsed(self, node: ts.Node, name_node: ts.Node) -> bool:
        """What the C/C++ grammar takes for a definition where macros or `#if` branches cut the code: a
        function named `if` (`#if A ... else if (x) {` inside a body), a macro call in a class body."""
        return _text(name_node) in self.spec.keywords or _macro_in_class(node, name_node)

    def _make_def(
        self,
        kind: SymbolKind,
        node: ts.Node,
        name_node: ts.Node,
        body: ts.Node | None,
        receiver: str | None,
        owner: tuple[str, ...] = (),
    ) -> _Def:
        outer = node
        if node.type in _DECLARATION_TYPES and name_node.parent is not None:
            declarators = [c for c in node.named_children if c.type == "variable_declarator"]
            if len(declarators) > 1:
                # `let a = 1, b = () => 2`: the function is its own declarator, or `a` would lie inside it
                # and be dropped as a local. Its doc comment and wrappers stay the statement's.
                node = name_node.parent
        elif node.type in _TAG_TYPES and node.parent is not None and node.parent.type == "type_definition":
            # `typedef struct node {...} node_t;`: the struct's doc comment is the typedef's.
            outer = node.parent
        decorators: list[str] = []
        while outer.parent is not None and outer.parent.type in _WRAPPER_TYPES:
            outer = outer.parent
        if outer.type == "decorated_definition":
            decorators = [_squash(_text(c)) for c in outer.named_children if c.type == "decorator"]
        else:
            # JS/TS decorators hang on the export statement around a class, on the definition itself, or
            # (TypeScript class members) precede it as siblings, like Rust attributes.
            holders = (outer, node) if outer is not node else (node,)
            decorators = [
                _squash(_text(c)) for h in holders for c in h.named_children if c.type == "decorator"
            ]
            modifiers = next((c for c in node.named_children if c.type == "modifiers"), None)
            if modifiers is not None:
                decorators += [_squash(_text(c)) for c in modifiers.named_children if "annotation" in c.type]
            prev = outer.prev_named_sibling
            attrs: list[str] = []
            while prev is not None and prev.type in ("attribute_item", "decorator"):
                attrs.insert(0, _squash(_text(prev)))
                prev = prev.prev_named_sibling
            decorators = attrs + decorators
        if self._c_family:
            name_node = _past_calling_convention(name_node)
            if name_node.type == "template_type":
                # A specialization (`struct call_guard<T, Ts...>`) is named as its template: `call_guard`.
                name_node = name_node.child_by_field_name("name") or name_node
        name = _text(name_node)
        extra = owner
        # Only C++ names are qualified with `::` here; a Rust impl's type keeps its text (`[A::Item]`).
        if "::" in name and name_node.type in ("qualified_identifier", "nested_namespace_specifier"):
            parts = [p for p in name.split("::") if p]
            name, extra = (parts[-1] if parts else name), tuple(parts[:-1])
            # The name range covers the name, not its qualifiers (`area` of `Shape::area`, `net` of
            # `namespace app::net`).
            while name_node.type == "qualified_identifier":
                inner = name_node.child_by_field_name("name")
                if inner is None:
                    break
                name_node = inner
            if name_node.type == "nested_namespace_specifier" and name_node.named_child_count:
                name_node = name_node.named_children[-1]
            # A specialization (`Conv::StringTo<double>`) is named as its calls name it: `StringTo`.
            template = (
                name_node.child_by_field_name("name") if name_node.type == "template_function" else None
            )
            if template is not None:
                name_node, name = template, _text(template)
        recv_type = self.spec.method_receiver(node)
        if recv_type:
            extra = (recv_type,)
        if kind is SymbolKind.OBJECT:
            name = _squash(name)
        if kind is SymbolKind.FUNCTION and node.type in ("method_definition",):
            kind = SymbolKind.METHOD
        if kind is SymbolKind.TYPE_PARAMETER and node.type == "type_definition":
            # `typedef struct {...} point_t;`: the typedef is the only name of the struct it defines.
            tag = node.child_by_field_name("type")
            if tag is not None and tag.child_by_field_name("name") is None and _body_of(tag) is not None:
                kind = _TAG_KINDS.get(tag.type, kind)
        return _Def(kind, name, node, name_node, body, outer, tuple(decorators), receiver, extra)


_DOTTED_NAME = re.compile(r"[\w$]+(?:\.[\w$]+)*")
# What a module's own exports are reached through in CommonJS: `exports.parse = ...` defines `parse`.
_EXPORTS = (("module", "exports"), ("exports",))


def _assigned_owner(text: str) -> tuple[tuple[str, ...], bool] | None:
    """The scope of a function assigned to a member (`Foo.prototype` of `Foo.prototype.bar = ...`) and whether
    it is a method (through a prototype); None when the object is not a plain dotted name (`a().b`)."""
    if not _DOTTED_NAME.fullmatch(text):
        return None
    parts = tuple(text.split("."))
    if "prototype" in parts:
        return parts[: parts.index("prototype")], True
    for prefix in _EXPORTS:
        if parts[: len(prefix)] == prefix:
            return parts[len(prefix) :], False
    return parts, False


# Declarations that may bind several names (`let a = 1, b = () => 2`).
_DECLARATION_TYPES = frozenset({"lexical_declaration", "variable_declaration"})
# C and C++ struct, union and enum specifiers: what a typedef may define and name at once.
_TAG_KINDS = {
    "struct_specifier": SymbolKind.STRUCT,
    "union_specifier": SymbolKind.STRUCT,
    "enum_specifier": SymbolKind.ENUM,
}
_TAG_TYPES = frozenset(_TAG_KINDS)

# Node types that are containers whose body members become chunks of their own.
_CONTAINER_NODE_TYPES = frozenset(
    {
        "class_definition",
        "class_declaration",
        "abstract_class_declaration",
        "class",
        "interface_declaration",
        "record_declaration",
        "internal_module",
        "trait_item",
        "impl_item",
        "mod_item",
        "class_specifier",
        "struct_specifier",
        "namespace_definition",
    }
)


class _Def:
    """A definition the query found, with the nodes the extraction reads."""

    __slots__ = (
        "body",
        "decorators",
        "end_byte",
        "end_point",
        "extra_scope",
        "kind",
        "name",
        "name_node",
        "node",
        "outer",
        "receiver",
        "start_byte",
        "start_point",
    )

    def __init__(
        self,
        kind: SymbolKind,
        name: str,
        node: ts.Node,
        name_node: ts.Node,
        body: ts.Node | None,
        outer: ts.Node,
        decorators: tuple[str, ...],
        receiver: str | None,
        extra_scope: tuple[str, ...],
    ) -> None:
        self.kind = kind
        self.name = name
        self.node = node
        self.name_node = name_node
        self.body = body
        self.outer = outer
        self.decorators = decorators
        self.receiver = receiver
        self.extra_scope = extra_scope
        # A decorated definition starts at its decorators.
        first = outer if outer.type == "decorated_definition" else node
        self.start_byte: int = first.start_byte
        self.end_byte: int = node.end_byte
        self.start_point: Point = first.start_point
        self.end_point: Point = node.end_point


class _DefTable:
    def __init__(self, defs: list[_Def]) -> None:
        self.defs = defs
        self.starts = [d.start_byte for d in defs]

    def within(self, lo: int, hi: int) -> list[_Def]:
        i = bisect.bisect_left(self.starts, lo)
        j = bisect.bisect_left(self.starts, hi)
        return [d for d in self.defs[i:j] if d.end_byte <= hi]


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
        header_end = min(d.body_start_byte, d.start_byte + _SIGNATURE_BYTES)
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


def _past_calling_convention(name_node: ts.Node) -> ts.Node:
    """The name of a C function declared with a macro before it (`PyObject *FASTCALL_MSVC decode_true(...)`,
    `int WINAPI main(...)`): the grammar takes the macro for the name and leaves the name in an error node
    right before the parameters."""
    parent = name_node.parent
    if name_node.type != "identifier" or parent is None or parent.type != "function_declarator":
        return name_node
    after = name_node.next_sibling
    if after is None or after.type != "ERROR" or after.named_child_count != 1:
        return name_node
    name = after.named_children[0]
    return name if name.type == "identifier" else name_node


def _unscoped_enum(node: ts.Node) -> bool:
    """A C or C++ `enum` whose enumerators are names of the scope around it (not an `enum class`), or the
    typedef that names such an anonymous enum."""
    if node.type == "type_definition":
        node = node.child_by_field_name("type") or node
    return node.type == "enum_specifier" and not any(c.type in ("class", "struct") for c in node.children)


def _macro_in_class(node: ts.Node, name_node: ts.Node) -> bool:
    """A macro call in a C++ class body (`DISALLOW_COPY_AND_ASSIGN(Bignum);`): it parses as a declaration
    without a type, as a constructor does, but is not named after the class."""
    if node.type != "declaration" or name_node.type != "identifier" or node.child_by_field_name("type"):
        return False
    body = node.parent
    owner = body.parent if body is not None and body.type == "field_declaration_list" else None
    name = owner.child_by_field_name("name") if owner is not None else None
    return name is not None and _text(name) != _text(name_node)


def _first_param(function: ts.Node) -> str | None:
    params = function.child_by_field_name("parameters")
    if params is None:
        return None
    for child in params.named_children:
        name = child if child.type == "identifier" else child.child_by_field_name("name")
        if name is None and child.named_child_count:
            name = child.named_child(0)
        return _text(name) if name is not None and name.type == "identifier" else None
    return None


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


def _unwrap(node: ts.Node) -> ts.Node:
    while node.type in _WRAPPER_TYPES:
        inner = node.child_by_field_name("definition") or node.child_by_field_name("declaration")
        if inner is None:
            inner = node.named_children[-1] if node.named_child_count else None
        if inner is None:
            return node
        node = inner
    return node


def _body_of(node: ts.Node) -> ts.Node | None:
    return node.child_by_field_name("body")


def _text(node: ts.Node) -> str:
    raw = node.text
    return "" if raw is None else raw.decode("utf-8", "replace")


def _header(text: str) -> str:
    """A definition's header on one line, without the comments between it and its body."""
    lines = text.rstrip().splitlines()
    while len(lines) > 1 and lines[-1].lstrip().startswith(("#", "//", "/*", "*")):
        lines.pop()
    return _squash("\n".join(lines))


def _squash(text: str) -> str:
    return " ".join(text.split())
