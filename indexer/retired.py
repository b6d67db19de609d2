"""The open files' replaced versions, freed at the editor's idle moments instead of inside a request.

Each edit of an open file makes a new `FileIndex`; the old one lives while something still holds it (the carried
tables keep a file's last two, the scopes of the functions read lately theirs; `carry.references_changed`
keeps its answers without holding either version) and is freed wherever its last holder lets go: inside a packing, most often, when a cache moves on
to the new version. Freeing a version of sqlite3.c (16,000 symbols, their positions, the tables kept for it) is
some 10-30 ms of CPU, and a generate packing after an edit paid one or two. So each replaced version is handed
here (`retire`) and held until an idle moment (`release`: the server's collector when no message came for a
while, the packing bench between targets), which frees those nobody else holds any more; the versions a cache
still holds wait for a later one. Nothing reads them here: what is kept per version (`per_version`) lives as it
did, only the moment of the last decrement moves. At most `KEPT` are held (an editor never idle): past that the
oldest is let go at once, freed where it falls as before.

What else an edit leaves behind for a request to free is handed over the same way (`drop`): the packer's view of
the file's text before the edit (`FileViews.of`) is the last holder of that text's line index (270,000 line starts
in sqlite3.c, ~3 ms of freeing in every packing after an edit). Those go first at the idle moment (they may be what
still holds a version), at most `DROPPED` waiting.
"""

from __future__ import annotations

import sys
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fileindex import FileIndex

# Replaced versions held at most: about as many as the caches hold anyway after a few edits (`KEPT_AT_MOST` of
# tests/context/test_versions_freed.py), so that holding them seldom keeps one alive that would be gone.
KEPT = 8

# Other objects waiting: few, a view of a large file holds its text (9 MB) and line index.
DROPPED = 2

_retired: deque[FileIndex] = deque(maxlen=KEPT)
_dropped: deque[object] = deque(maxlen=DROPPED)


def retire(index: FileIndex) -> None:
    """Hold a version an edit replaced until the next idle moment."""
    _retired.append(index)


def drop(thing: object) -> None:
    """Let go of `thing` at the next idle moment rather than now (whatever else holds it keeps it alive)."""
    _dropped.append(thing)


def release() -> int:
    """Let go of the dropped objects, then of the retired versions nothing else holds (freeing them now, outside
    any request), keeping the others for a later idle moment; how many versions were let go."""
    _dropped.clear()
    kept: list[FileIndex] = []
    freed = 0
    for _ in range(len(_retired)):
        index = _retired.popleft()
        # Two references: `index` here and `getrefcount`'s own argument.
        if sys.getrefcount(index) > 2:
            kept.append(index)
        else:
            freed += 1
        del index
    _retired.extend(kept)
    return freed


def held() -> int:
    """How many replaced versions wait for an idle moment."""
    return len(_retired)
