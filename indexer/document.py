"""A document: text, syntax tree and memory of one file, updated incrementally as edits arrive."""

from __future__ import annotations

import hashlib
import itertools
import weakref

import tree_sitter as ts

from . import lineage, retired
from .docs import module_doc
from .fileindex import FileIndex
from .languages import LanguageSpec
from .positions import Encoding, LineIndex
from .records import Chunk, Edit, Point
from .symbols import Extractor
from .textdiff import changed_span, common_prefix, common_suffix

# Tokens that stand in for the content hash of edited buffers.
_EDITS = itertools.count(1)

_EXTRACTORS: dict[str, Extractor] = {}


def extractor_for(spec: LanguageSpec) -> Extractor:
    found = _EXTRACTORS.get(spec.name)
    if found is None:
        found = _EXTRACTORS[spec.name] = Extractor(spec)
    return found


def decode(raw: bytes) -> tuple[bytes, tuple[str, ...]]:
    """Valid UTF-8 bytes for `raw`, and a note when bytes had to be replaced."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        fixed = raw.decode("utf-8", "replace").encode("utf-8")
        return fixed, (f"invalid UTF-8 at byte {err.start}: undecodable bytes replaced with U+FFFD",)
    return raw, ()


def module_name(path: str, spec: LanguageSpec) -> str:
    """The module name of a workspace-relative path (Python's dotted name, else the path sans suffix)."""
    return spec.module_name(path)


class Document:
    """The live state of one file: its text, its tree and its memory (a FileIndex).

    Not thread-safe: one writer owns a Document; readers take `index`, which is immutable.

    With syntax errors the tree (and so the memory) follows tree-sitter's incremental error recovery, which
    can differ from a fresh parse of the same text; once the text parses cleanly again they agree
    (tests/indexer/test_incremental.py).
    """

    def __init__(self, path: str, spec: LanguageSpec, text: bytes, version: int = 0) -> None:
        self.path = path
        self.spec = spec
        self.version = version
        text, notes = decode(text)
        self.notes = notes
        self.text = text
        self.lines = LineIndex(text)
        # The bytes the tree was parsed from (`text` itself unless the language repairs it).
        self._parsed = spec.repaired(text)
        self.tree: ts.Tree = spec.parse(text)
        self._extractor = extractor_for(spec)
        self.index = self._build(self._extractor.extract(self.tree, text))
        # The last edit: the versions before and after it (held weakly) and the bytes it spans, old and new (`change`).
        self._change: tuple[weakref.ref[FileIndex], weakref.ref[FileIndex], int, int, int] | None = None

    def _build(self, chunks: tuple[Chunk, ...], content_hash: str | None = None) -> FileIndex:
        """`content_hash` None hashes the text; edits pass a unique token instead (hashing a large file on
        every keystroke would cost more than the reparse; edited buffers are never stored). A memory made
        after an edit notes which chunks the edit changed (`lineage.record`); the version it replaces is freed at
        the next idle moment (`retired`), not inside the request that lets go of it last."""
        index = _file_index(
            self.path,
            self.spec,
            self.text,
            self.tree,
            chunks,
            self.notes,
            self.lines.point(len(self.text)),
            content_hash,
        )
        previous: FileIndex | None = getattr(self, "index", None)
        if previous is not None:
            lineage.record(previous, index)
            retired.retire(previous)
        return index

    def offset(self, line: int, column: int, encoding: Encoding) -> int:
        return self.lines.offset(line, column, encoding)

    def replace(self, start: int, end: int, new_text: str | bytes, version: int | None = None) -> Edit:
        """Replace bytes [start, end) by `new_text`, reparse incrementally and update the memory."""
        new = new_text.encode("utf-8") if isinstance(new_text, str) else decode(new_text)[0]
        size = len(self.text)
        start = max(0, min(start, size))
        end = max(start, min(end, size))
        before = self.index
        edit, chunks = self._edited(start, end, new)
        self.index = self._build(chunks, content_hash=f"edit-{next(_EDITS)}")
        self._changed(before, edit.start_byte, edit.old_end_byte, edit.new_end_byte)
        if version is not None:
            self.version = version
        return edit

    def change(self, before: FileIndex, after: FileIndex) -> tuple[int, int, int] | None:
        """Where the last edit changed the text, when it made `after` of `before`: (start, old end, new end), the
        bytes outside it the same in both texts; else None. The packer's view of the edited text reads which lines it
        keeps from its view before (`FileView.carry_from`) here, not by comparing 9 MB texts (~1 ms)."""
        change = self._change
        if change is None or change[0]() is not before or change[1]() is not after:
            return None
        return change[2], change[3], change[4]

    def _changed(self, before: FileIndex, start: int, old_end: int, new_end: int) -> None:
        self._change = (weakref.ref(before), weakref.ref(self.index), start, old_end, new_end)

    def set_text(self, text: bytes, version: int | None = None) -> None:
        """Replace the whole text (a full sync or a reload from disk) as one edit of the span that changed, so
        that the statements around it keep their chunks; parsed afresh where the old or the new tree has an
        error beside that span (tree-sitter's recovery after an edit can differ from a fresh parse's)."""
        text, self.notes = decode(text)
        before = self.index
        start, old_end, new_end = changed_span(self.text, text)
        if not _error_beside(self.tree, start, old_end):
            edit, chunks = self._edited(start, old_end, text[start:new_end])
            if not _error_beside(self.tree, edit.start_byte, edit.new_end_byte):
                self.index = self._build(chunks)
                self._changed(before, edit.start_byte, edit.old_end_byte, edit.new_end_byte)
                if version is not None:
                    self.version = version
                return
        self.text = text
        self.lines = LineIndex(text)
        self._parsed = self.spec.repaired(text)
        self.tree = self.spec.parse(text)
        chunks = self._extractor.extract(self.tree, text)
        self.index = self._build(_shared(self.index.chunks, chunks, start, new_end - old_end))
        self._changed(before, start, old_end, new_end)
        if version is not None:
            self.version = version

    def _edited(self, start: int, end: int, new: bytes) -> tuple[Edit, tuple[Chunk, ...]]:
        """Text, lines and tree after bytes [start, end) become `new`, and the chunks then; the edit told to
        the tree also spans the bytes the language's repair changed outside it."""
        old_text, old_lines, old_parsed = self.text, self.lines, self._parsed
        text = old_text[:start] + new + old_text[end:]
        new_end = start + len(new)
        parsed = self.spec.repaired(text)
        if parsed is not text or old_parsed is not old_text:
            start, end, new_end = _repaired_span(old_parsed, parsed, start, end, new_end)
        self.text, self._parsed = text, parsed
        self.lines = old_lines.replaced(start, end, text[start:new_end], text)
        edit = Edit(
            start, end, new_end, old_lines.point(start), old_lines.point(end), self.lines.point(new_end)
        )
        old_tree = self.tree
        old_tree.edit(
            start_byte=start,
            old_end_byte=end,
            new_end_byte=new_end,
            start_point=edit.start_point,
            old_end_point=edit.old_end_point,
            new_end_point=edit.new_end_point,
        )
        self.tree = self.spec.parse(text, old_tree)
        changed = [(r.start_byte, r.end_byte) for r in old_tree.changed_ranges(self.tree)]
        return edit, self._extractor.update(self.index.chunks, edit, old_tree, self.tree, changed, text)


def _shared(old: tuple[Chunk, ...], new: tuple[Chunk, ...], start: int, delta: int) -> tuple[Chunk, ...]:
    """`new` (a fresh parse's chunks after a change at byte `start` that moved what follows by `delta`) with
    each chunk away from the change that equals the old one at its place made of that one's parts: the same
    value, and the same objects an incremental edit keeps, so that what compares the two memories
    (`carry.references_changed`) proves the statements away from the change unchanged by identity, not by a
    comparison of every definition in a large file."""
    at = {c.origin_byte: c for c in old}
    out = list(new)
    for i, chunk in enumerate(new):
        # Equal values only are shared: a chunk beside the change meets one that differs at least in length.
        before = at.get(chunk.origin_byte if chunk.origin_byte < start else chunk.origin_byte - delta)
        if before is not None and before[2:] == chunk[2:]:
            same_place = before[:2] == chunk[:2]
            out[i] = before if same_place else Chunk(chunk.origin_byte, chunk.origin_row, *before[2:])
    return tuple(out)


def _repaired_span(old: bytes, new: bytes, start: int, end: int, new_end: int) -> tuple[int, int, int]:
    """The edit [start, end) -> [start, new_end) grown over every byte where the repaired texts `old` and
    `new` differ outside it: tree-sitter reuses what lies outside the edit it is told of."""
    start = common_prefix(old, new, start)
    tail = common_suffix(old, new, len(old) - end)
    return start, len(old) - tail, len(new) - tail


def _error_beside(tree: ts.Tree, start: int, end: int) -> bool:
    """Whether a statement overlapping [start, end], or the one just before or after it, holds a syntax
    error: there the error recovery of an incremental reparse may read otherwise than a fresh one.

    Read at the smallest level holding the span: where one statement holds it strictly inside and the error
    lies elsewhere in that statement (a `#ifdef` group around a hundred functions, one of them broken), the
    statements inside it are looked at instead, down to the level where the span meets them. A root that is
    itself an error (sqlite3.c's: a `#ifndef` the file never closes) is read the same way: its statements
    are whole; a bare token the recovery left among them (`#if`, `;`, a line break), or at any level below
    an error, counts as an error. `tests/indexer/test_error_root_edits.py` checks the rule against fresh
    parses of random edits, on files whose root is an error."""
    node = tree.root_node
    while True:
        inner = _beside_at(node, start, end)
        if inner is None:
            return False
        if inner is node:
            return True
        node = inner


def _beside_at(parent: ts.Node, start: int, end: int) -> ts.Node | None:
    """At `parent`'s level: None when the children overlapping [start, end] and their neighbours hold no
    error; the one child to look into when it alone holds the span, strictly inside, and the error; else
    `parent` (an error beside the span)."""
    loose = parent.has_error  # a token left bare where the recovery ran is no statement of its own
    # A cursor, not `Node.first_child_for_byte` (it hands back a null node past the last child) nor
    # sibling links (each a walk of the parent's children).
    cursor = parent.walk()
    if cursor.goto_first_child_for_byte(start) is None and not cursor.goto_last_child():
        return None  # no statements
    holder = cursor.node
    if (
        holder is not None
        and holder.start_byte < start
        and end < holder.end_byte
        and holder.child_count
        and not holder.is_error
        and holder.has_error
    ):
        return holder
    if cursor.node is not None and cursor.node.start_byte >= start and cursor.goto_previous_sibling():
        if _broken(cursor.node, loose):
            return parent
        cursor.goto_next_sibling()
    while True:
        node = cursor.node
        if node is None or _broken(node, loose):
            return None if node is None else parent
        if node.start_byte > end or not cursor.goto_next_sibling():
            return None


def _broken(node: ts.Node | None, loose: bool) -> bool:
    return node is not None and (node.has_error or (loose and not node.is_named))


def index_text(path: str, spec: LanguageSpec, raw: bytes) -> FileIndex:
    """The memory of a file's bytes, without the state a Document keeps for edits (a cold index)."""
    text, notes = decode(raw)
    tree = spec.parse(text)
    end = (text.count(b"\n"), len(text) - text.rfind(b"\n") - 1)
    return _file_index(path, spec, text, tree, extractor_for(spec).extract(tree, text), notes, end, None)


def _file_index(
    path: str,
    spec: LanguageSpec,
    text: bytes,
    tree: ts.Tree,
    chunks: tuple[Chunk, ...],
    notes: tuple[str, ...],
    end: Point,
    content_hash: str | None,
) -> FileIndex:
    return FileIndex(
        path=path,
        language=spec.name,
        module=module_name(path, spec),
        content_hash=content_hash or hashlib.blake2b(text, digest_size=16).hexdigest(),
        size=len(text),
        end_point=end,
        module_doc=module_doc(tree.root_node, spec),
        chunks=chunks,
        notes=notes,
    )
