"""Helpers for memory tests: index a snippet or a fixture, write a workspace to disk, look symbols up."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from archmem.indexer.document import Document
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import language_for
from archmem.indexer.resolve import definitions_at
from archmem.indexer.resolver import Resolver
from archmem.indexer.symbols import SymbolNode
from archmem.indexer.target import Target
from archmem.indexer.workspace import Memory

FIXTURES = Path(__file__).parent.parent / "fixtures"
LANGS = FIXTURES / "langs"
REALISTIC = FIXTURES / "realistic"


def index_text(path: str, text: str | bytes) -> FileIndex:
    """The memory of one file, as the indexer builds it from `text` (language from the path)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    spec = language_for(path, data[:256])
    assert spec is not None, f"no language for {path}"
    return Document(path, spec, data).index


def index_fixture(path: Path) -> FileIndex:
    return index_text(path.name, path.read_bytes())


def sym(index: FileIndex, qualname: str) -> SymbolNode:
    """The one symbol with this qualified name (fails with the names there are when absent)."""
    found = index.by_qualname.get(qualname, [])
    assert len(found) == 1, f"{qualname!r}: {len(found)} found among {sorted(index.by_qualname)}"
    return found[0]


def kinds(index: FileIndex) -> dict[str, str]:
    """qualname -> kind name (lower case) of every symbol but the module; duplicates keep the first."""
    out: dict[str, str] = {}
    for s in index.symbols[1:]:
        out.setdefault(s.qualname, s.kind.name.lower())
    return out


def children(index: FileIndex, qualname: str) -> list[str]:
    """Qualified names of a symbol's children, in document order."""
    node = sym(index, qualname) if qualname else index.symbols[0]
    return [index.by_id[c].qualname for c in node.children]


def text_at(source: str | bytes, start: tuple[int, int], end: tuple[int, int]) -> str:
    """The text between two (line, UTF-8 byte column) points of `source`."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    lines = data.split(b"\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    a = offsets[start[0]] + start[1]
    b = offsets[end[0]] + end[1]
    return data[a:b].decode("utf-8")


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` (relative path -> content) under `root`; returns `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def touch_later(path: Path, content: str) -> None:
    """Rewrite a file so that its size or modification time surely differs from before."""
    before = path.stat().st_mtime_ns
    path.write_text(content, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def indexed(folder: Path, files: Mapping[str, str | bytes]) -> Iterator[Memory]:
    """The memory of `files` written to `folder`, indexed on one core, closed when the caller is done (a
    module-scoped fixture yields from it)."""
    memory = Memory(write_tree(folder, files), persist=False)
    memory.index_all(jobs=1)
    yield memory
    memory.close()


def definitions(memory: Memory, path: str, needle: str, offset: int = 0) -> list[tuple[str, str | None]]:
    """Go to definition on the first occurrence of `needle` in `path` (plus `offset` bytes): (path,
    qualified name or None) of each target."""
    text = memory.text(path)
    assert text is not None
    byte = text.index(needle.encode()) + offset
    return [
        (t.path, t.symbol.qualname if t.symbol is not None else None)
        for t in definitions_at(memory, path, byte)
    ]


@contextmanager
def memory_with(root: Path, files: dict[str, str], opened: str) -> Iterator[Memory]:
    """A memory of `files` written under `root`, `opened` open in the editor at version 1; closed after."""
    for name, text in files.items():
        (root / name).write_text(text)
    memory = Memory.open(root)
    try:
        memory.open_document(str(root / opened), files[opened], 1)
        yield memory
    finally:
        memory.close()


def resolve_in(memory: Memory, path: str, function: str, ref: str) -> list[Target]:
    """`ref` used in `function` of `path`, asked by a new resolver (one request)."""
    index = memory.file(path)
    assert index is not None
    return Resolver(memory).resolve(index, index.by_qualname[function][0], ref)
