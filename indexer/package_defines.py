"""Which files define a name (or a qualified name), answered without reading their memories.

Whether a file of a package directory (Go's, where a package's files share their top-level names) defines a name:
asked of the hundreds of names a generate packing ranks that nothing around the body binds
(`context/predict._take_ranked`) and of the file's names in the idle warm-up (`warm.py`). Most are locals, defined
nowhere; a common one (`String`) is defined in thousands of files.

The other files' answer is kept per memory and file until another file changes (`Memory.changes_elsewhere`): the
next packing (another keystroke, another body) asks mostly the same names. The file's own answer is read from its
open buffer's names, the ones the memory's table of names holds for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .includes import directory_name
from .per_memory import PerFile

if TYPE_CHECKING:
    from .workspace import Memory

_KEPT_FILES = 16
_KEPT_NAMES = 50_000
# Per memory and file: the other files' answer by name.
_OTHERS: PerFile[dict[str, bool]] = PerFile(
    dict, files=_KEPT_FILES, full=lambda kept: len(kept) >= _KEPT_NAMES
)

# Per memory and file asking: the stored files defining a qualified name, by (name, qualified name).
_STORED: PerFile[dict[tuple[str, str], set[str]]] = PerFile(
    dict, files=_KEPT_FILES, full=lambda kept: len(kept) >= _KEPT_NAMES
)


def defined_in_package(memory: Memory, path: str, name: str) -> bool:
    """Whether a file of `path`'s directory (`path` itself included) defines `name`."""
    package = directory_name(path)
    doc = memory.document(path)
    if doc is None:
        return any(directory_name(p) == package for p in memory.files_defining(name))
    if name in doc.index.defined_names:
        return True
    others = _OTHERS.get(memory, path)
    found = others.get(name)
    if found is None:
        found = others[name] = any(
            p != path and directory_name(p) == package for p in memory.files_defining(name)
        )
    return found


def defining_top_level(memory: Memory, name: str, paths: list[str]) -> list[str]:
    """Those of `paths` that define `name` at their top level (`defining`). A common member name (Java's `sort`) is
    defined in dozens of a package's files: reading each one's memory from the store to find no top-level `sort`
    cost a cold Java packing ~30 ms (`Resolver._defined_in`)."""
    return defining(memory, name, name, paths)


def defining(
    memory: Memory, name: str, qualname: str, paths: list[str], asked_from: str | None = None
) -> list[str]:
    """Those of `paths` with a definition called `name` whose qualified name is `qualname`: an open file by its
    buffer's memory, any other by the store's search rows (every definition's, the file's as stored, the one
    `Memory.file` reads). A member asked of another file of the crate or package (`Resolver._elsewhere`: Rust's
    `Span.start`, every file defining a `start`) read each one's memory from the store to find no such member: ~25
    files, 30-70 ms, in the first packing of regex-syntax's tests. Asked from the code of the file `asked_from`
    (not among `paths`), the rows' answer is kept until another file changes (`_STORED`)."""
    if not paths:
        return paths
    if asked_from is None:
        stored = memory.store.paths_defining(name, qualname)
    else:
        kept = _STORED.get(memory, asked_from)
        found = kept.get((name, qualname))
        if found is None:
            found = kept[name, qualname] = memory.store.paths_defining(name, qualname)
        stored = found
    out: list[str] = []
    for path in paths:
        doc = memory.document(path)
        if (qualname in doc.index.by_qualname) if doc is not None else (path in stored):
            out.append(path)
    return out
