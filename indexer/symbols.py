"""Symbol extraction: from a syntax tree to a file's chunks, fresh (`Extractor.extract`) or after an edit
(`Extractor.update`).

A file's memory is a flat, ordered tuple of *chunks*. A chunk is one statement at the level of a module or
of a container body (class, interface, struct, impl, namespace, trait), together with every definition
inside it that is not itself a container member. Positions inside a chunk are stored relative to the chunk's
origin, so an edit elsewhere moves a chunk by changing two integers instead of rewriting its symbols. After
an edit only the chunks the edit touched are extracted again; `tests/indexer/test_incremental.py` proves
with random edits that the result equals a fresh extraction.

The work is done in rooms of its own: definition capture in `capture.py`, chunk building in `chunking.py`,
incremental upkeep in `incremental.py`, reference scanning in `references.py`, doc extraction in `docs.py`.
The values of the memory live in `records.py`; callers outside the indexer import them from here, and may.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import tree_sitter as ts

from .chunking import ChunkBuilder
from .incremental import ChunkUpkeep
from .languages import LanguageSpec
from .records import (
    CALLABLE_KINDS,
    CLASS_KINDS,
    CONTAINER_KINDS,
    Chunk,
    Edit,
    Import,
    Point,
    RawDef,
    SymbolKind,
    SymbolNode,
)

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
]


class Extractor:
    """Extracts chunks for one language. Stateless apart from its compiled queries; safe to share."""

    def __init__(self, spec: LanguageSpec) -> None:
        self.spec = spec
        self._builder = ChunkBuilder(spec)
        self._upkeep = ChunkUpkeep(self._builder)

    def extract(self, tree: ts.Tree, source: bytes) -> tuple[Chunk, ...]:
        """Every chunk of a file, from a fresh tree."""
        root = tree.root_node
        builder = self._builder
        return tuple(builder.extract_nodes(list(builder.chunk_children(root)), (), 0, source, root))

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
        return self._upkeep.update(chunks, edit, old_tree, tree, changed, source)
