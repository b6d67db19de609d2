"""Editor-shaped questions the memory answers without storing the answers: folds and selection ranges from a
syntax tree, the summary of a symbol shown on hover, the places a name under the cursor is used, and which
files a batch of file-system changes touches.

Positions are UTF-8 byte offsets and (line, UTF-8 column) points, like the rest of the indexer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import tree_sitter as ts

from .languages import COMMENT_TYPES, IMPORT_LIKE_TYPES
from .records import SymbolKind, SymbolNode
from .resolve import definitions_at, references_to, users_within
from .workspace import Memory

FoldKind = Literal["region", "comment", "imports"]

_CLOSERS = (b"}", b")", b"]")


@dataclass(frozen=True)
class Fold:
    """Lines that fold together: `start_line` stays visible, the lines after it up to `end_line` hide."""

    start_line: int
    end_line: int
    kind: FoldKind


def folds(tree: ts.Tree, text: bytes) -> list[Fold]:
    """Foldable regions of a file: multi-line constructs, runs of comments and runs of imports.

    A construct whose last line starts with a closing bracket folds up to the line before, so the bracket
    stays visible next to its opener. At most one fold starts on a line (the outermost one). Only nodes
    spanning several lines are entered, which keeps this fast on large files.
    """
    found: dict[int, Fold] = {}
    stack = [tree.root_node]
    while stack:
        parent = stack.pop()
        parent_line = parent.start_point[0]
        run: list[tuple[int, int]] = []
        run_kind: FoldKind | None = None
        for node in parent.children:
            start, end = node.start_point[0], node.end_point[0]
            kind: FoldKind | None = (
                "comment"
                if node.type in COMMENT_TYPES
                else "imports"
                if node.type in IMPORT_LIKE_TYPES
                else None
            )
            # Imports run on across blank lines; comments separated by a blank line are separate blocks.
            if run and (kind != run_kind or (kind == "comment" and start > run[-1][1] + 1)):
                _add_run(found, run, run_kind)
                run = []
            if kind is not None:
                run.append((start, end))
                run_kind = kind
                continue
            if end <= start:
                continue
            if node.is_named and not (node.type == "block" and start != parent_line):
                # A block that starts below its header (Python's bodies) is covered by the header's fold.
                last = _fold_end(text, node)
                if last > start:
                    found.setdefault(start, Fold(start, last, "region"))
            stack.append(node)
        if run:
            _add_run(found, run, run_kind)
    return sorted(found.values(), key=lambda f: f.start_line)


def _add_run(found: dict[int, Fold], run: list[tuple[int, int]], kind: FoldKind | None) -> None:
    if kind is not None and run[-1][1] > run[0][0]:
        found.setdefault(run[0][0], Fold(run[0][0], run[-1][1], kind))


def _fold_end(text: bytes, node: ts.Node) -> int:
    end_row = node.end_point[0]
    line_start = node.end_byte - node.end_point[1]
    if text[line_start : node.end_byte].lstrip().startswith(_CLOSERS):
        return end_row - 1
    return end_row


def selection_spans(tree: ts.Tree, byte: int) -> list[tuple[int, int]]:
    """Byte spans to grow a selection through, innermost first, each strictly larger than the last."""
    root = tree.root_node
    byte = max(0, min(byte, root.end_byte))
    node: ts.Node | None = root.named_descendant_for_byte_range(byte, byte)
    spans: list[tuple[int, int]] = []
    while node is not None:
        span = (node.start_byte, node.end_byte)
        if not spans or (span != spans[-1] and span[0] <= spans[-1][0] and span[1] >= spans[-1][1]):
            spans.append(span)
        node = node.parent
    if not spans or spans[-1] != (0, len_of(tree)):
        spans.append((0, len_of(tree)))
    return spans


def len_of(tree: ts.Tree) -> int:
    return max(tree.root_node.end_byte, 0)


def syntax_tree(memory: Memory, path: str) -> tuple[ts.Tree, bytes] | None:
    """The syntax tree and text of a file: the open buffer's, or parsed now from disk (not kept)."""
    doc = memory.document(path)
    if doc is not None:
        return doc.tree, doc.text
    spec = memory.spec(path)
    text = memory.text(path)
    if spec is None or text is None:
        return None
    return spec.parse(text), text


@dataclass(frozen=True)
class SymbolSummary:
    """What the memory knows of a symbol, for a person hovering over its name."""

    symbol: SymbolNode
    container: str | None
    # Who uses it for certain, then who probably does (a member of something of unknown type named like
    # it): `resolve.users_within`, the answer explain and references give too.
    users: tuple[SymbolNode, ...]
    # True when `users` stopped at the limit or the time allowed: there are at least that many.
    more_users: bool
    probable_users: tuple[SymbolNode, ...] = ()


def summarize(
    memory: Memory, symbol: SymbolNode, limit: int = 50, seconds: float | None = None
) -> SymbolSummary:
    """The symbol, what encloses it, and the symbols that use it (at most `limit`, those found within
    `seconds` when given)."""
    index = memory.file(symbol.path)
    container = None
    if index is not None and symbol.parent is not None:
        parent = index.by_id.get(symbol.parent)
        if parent is not None and parent.kind is not SymbolKind.MODULE:
            container = parent.qualname
    deadline = None if seconds is None else time.perf_counter() + seconds
    found = users_within(memory, symbol, limit, deadline)
    more = len(found.certain) >= limit or not found.complete
    return SymbolSummary(symbol, container, found.certain, more, found.probable)


def symbols_at(memory: Memory, path: str, byte: int) -> list[SymbolNode]:
    """The definitions the name at `byte` means (the symbol itself when the cursor is on its name)."""
    return [t.symbol for t in definitions_at(memory, path, byte) if t.symbol is not None]


def references_at(
    memory: Memory, path: str, byte: int, *, include_declaration: bool, limit: int = 1000
) -> list[tuple[str, int, int]]:
    """Every use (path, start byte, end byte) of what the name at `byte` means, declarations optional."""
    out: dict[tuple[str, int, int], None] = {}
    for symbol in symbols_at(memory, path, byte):
        if symbol.kind is SymbolKind.MODULE:
            continue
        for ref in references_to(memory, symbol, limit=limit):
            if include_declaration or not _is_declaration(memory, symbol, ref):
                out.setdefault(ref, None)
    return list(out)[:limit]


def _is_declaration(memory: Memory, symbol: SymbolNode, ref: tuple[str, int, int]) -> bool:
    path, start, _end = ref
    if path != symbol.path:
        return False
    text = memory.text(path)
    if text is None:
        return False
    line = text.count(b"\n", 0, start)
    column = start - (text.rfind(b"\n", 0, start) + 1)
    return (line, column) == symbol.name_start


def changed_files(memory: Memory, paths: Iterable[str]) -> list[str]:
    """The files a batch of changed paths touches: directories expand to the files under them, on disk
    (a directory created or moved in) and in the memory (a directory deleted or moved away)."""
    out: dict[str, None] = {}
    known: list[str] | None = None
    for raw in paths:
        rel = memory.relpath(raw)
        absolute = memory.abspath(rel)
        if absolute.is_dir():
            for found in _files_on_disk(memory, rel, absolute):
                out.setdefault(found, None)
            continue
        out.setdefault(rel, None)
        if not absolute.exists():
            if known is None:
                known = memory.files()
            prefix = rel.rstrip("/") + "/"
            for path in known:
                if path.startswith(prefix):
                    out.setdefault(path, None)
    return list(out)


def _files_on_disk(memory: Memory, rel: str, absolute: Path) -> list[str]:
    out: list[str] = []
    for directory, dirs, files in os.walk(absolute):
        base = Path(directory).relative_to(memory.root).as_posix()
        dirs[:] = [d for d in dirs if not is_ignored(memory, f"{base}/{d}")]
        out.extend(f"{base}/{name}" for name in files)
    return out


def is_ignored(memory: Memory, rel: str) -> bool:
    """True for a path (file or directory) whose changes the memory never wants to hear about."""
    return memory.is_excluded(rel) is not None or memory.is_excluded(rel.rstrip("/") + "/") is not None
