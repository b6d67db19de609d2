"""How many files of the workspace mention a name (`Memory.files_referencing`'s count), the other files' part kept
per memory while none of them changes.

A generate packing ranks an imported class's members by how many files mention each (`members.guess_members`:
~50 names a packing in `Arrays.java`, each a store query; 26 of them cost 1.5 ms, 0.1 kept, at load 14). The
answer moves with every text of the file being edited only by that file's own mention, read from its open buffer;
what the other files say moves only when one of them changes (`Memory.changes_elsewhere`), so it is kept till then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..per_memory import PerFile

if TYPE_CHECKING:
    from ..workspace import Memory

# Per name, how many files but the one packed mention it.
_OTHERS: PerFile[dict[str, int]] = PerFile(dict)


def files_mentioning(memory: Memory, path: str, name: str) -> int:
    """`len(memory.files_referencing(name))`, where `path` is the file being edited: its own mention read from its
    open buffer, the other files' from what was kept since none of them changed."""
    doc = memory.document(path)
    if doc is None:
        return len(memory.files_referencing(name))
    counts = _OTHERS.get(memory, doc.path)
    others = counts.get(name)
    if others is None:
        others = counts[name] = len(others_referencing(memory, name, doc.path))
    return others + (name in doc.index.referenced_names)


def others_referencing(memory: Memory, name: str, path: str) -> list[str]:
    """The files but `path` whose code mentions `name` (`Memory.files_referencing` without `path`): the open ones
    by their buffers, the others by the store. `path` is the file being edited, whose references would be read
    anew for each text (~10 ms in h2_bundle.go, at most Go generate packings)."""
    found = set(memory.store.paths_referencing(name))
    for other in memory.open_documents():
        doc = memory.document(other)
        if doc is not None and other != path:
            if name in doc.index.referenced_names:
                found.add(other)
            else:
                found.discard(other)
    found.discard(path)
    return sorted(found)
