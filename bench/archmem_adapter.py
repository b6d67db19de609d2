"""archmem's packer behind the benchmark's `Packer` interface (the only bench module importing archmem).

The memory is opened once on the corpus root; a generate scenario overlays the scrubbed document with
`set_document` (as an editor's unsaved buffer) and the original text is put back afterwards, so the
packer never reads the hidden body from its index of the file on disk.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.packing import Packed, Packer, Request


class ArchmemUnavailable(RuntimeError):
    """archmem's packer is not importable in this checkout (it has not landed yet)."""


class ArchmemPacker:
    """Adapter over `archmem.indexer.workspace.Memory` and `archmem.indexer.context.pack`."""

    name = "archmem"

    def __init__(self, root: Path, **memory_options: Any) -> None:
        try:
            from archmem.indexer.context import Packer as ContextPacker
            from archmem.indexer.workspace import Memory
        except ImportError as exc:
            raise ArchmemUnavailable(f"archmem's packer is not importable: {exc}") from exc
        self.root = root
        started = time.perf_counter()
        self._memory: Any = Memory.open(root, **memory_options)
        self.index_seconds = time.perf_counter() - started
        # One packer for the whole run, as an editor session keeps one (its caches follow the memory).
        self._packer: Any = ContextPacker(self._memory)
        self._overlaid: str | None = None

    def _abs(self, rel: str) -> str:
        return str(self.root / rel)

    def begin(self, path: str, mode: str, document: str) -> None:
        """Before a scenario: in generate, overlay the scrubbed document as the file's current buffer."""
        if mode == "generate":
            self._memory.set_document(self._abs(path), document)
            self._overlaid = path

    def end(self, path: str, original: str) -> None:
        """After a scenario: put the file's real text back."""
        if self._overlaid == path:
            self._memory.set_document(self._abs(path), original)
            self._overlaid = None

    def pack(self, req: Request) -> Packed:
        ctx = self._packer.pack(
            self._abs(req.path), req.scenario.line0, req.scenario.col_byte, req.budget, req.scenario.mode
        )
        # Sections name files by the memory's workspace-relative path, the benchmark's own key.
        paths = {req.path} | {s.path for s in ctx.sections}
        included = {p: frozenset(ctx.included_lines(p)) for p in paths}
        return Packed(ctx.text, int(ctx.tokens), included)

    def close(self) -> None:
        self._memory.close()

    def as_packer(self) -> Packer:
        return Packer(self.name, self.pack)
