"""Inline completion's context prepared ahead: packed where the cursor is, before the request there.

The first completion request in a function packs its context (tens of milliseconds on a long file); the
keystrokes after it reuse that context while the text outside the function holds (`inline.ContextCache`). An
editor tells the server where the cursor is before the request (VS Code asks for the code actions at the
cursor as it moves; an edit ends where the cursor is, and the client pauses before it asks), and `prepare`
packs the function's context then, as the request would from that text and place, so that the request finds
it kept: the very context it would have packed where the text and the place are its own, else the one packed
where the cursor was heard, as the keystrokes after a first request reuse theirs. An edit outside the function
before the request, or in another file, leaves the request to pack anew as before. No LSP here:
`server/lsp/inline_ahead.py` calls it on the memory thread at a quiet moment.

Editors that say nothing of the cursor before the request (Neovim, Helix: no code action asked as it moves, and
the edit sent with the request) get `prepare_functions`: at the quiet moments after a file is opened or edited,
the contexts of its functions are packed one after another, the nearest to the last place known first (the last
edit, else the top), each at the start of the function's last line, while the editor stays quiet: a request
arriving stops the pass after the function being packed, and waits for that one only. An edit in the file makes
the others' contexts stale (the text outside them changed: `ContextCache` drops them), so the pass after it
packs them anew, nearest the edit first.
"""

from __future__ import annotations

from collections.abc import Callable

from archmem.indexer.context.pack import Packer
from archmem.indexer.records import CALLABLE_KINDS
from archmem.indexer.workspace import Memory

from .inline import ContextCache, in_prose, is_kept, packed_context

# The functions nearest the last edit whose contexts a pass prepares: the bound of its CPU (about 10 ms a function
# on the standard library's largest files, `bench/completion.py --idle-functions`) and of the contexts it keeps
# (~6 KB each). In that bench the next line's function was among the 32 nearest the last one 4 times in 5.
FUNCTIONS_AHEAD = 32


def prepare(
    memory: Memory, packer: Packer, path: str, byte: int, budget: int, contexts: ContextCache
) -> bool:
    """Pack the context at `byte` of the open document `path` into `contexts` unless it is kept there; True
    when it packed. Nothing for a closed or excluded document, a zero budget, or a cursor in a comment or a
    string (where no completion is asked)."""
    doc = memory.document(path)
    if doc is None or budget <= 0 or memory.is_excluded(path) or memory.file(path) is None:
        return False
    text = doc.text
    byte = max(0, min(byte, len(text)))
    if in_prose(memory, path, text, byte) or is_kept(memory, path, text, byte, budget, contexts):
        return False
    packed_context(memory, packer, path, text, byte, budget, contexts)
    return True


def function_places(memory: Memory, path: str, near: int) -> list[int]:
    """A UTF-8 byte in each function outside any other of the open document `path` (the start of the code of its
    last line: the body is all before it), the function nearest `near` first; [] for a closed document or an index
    not of the editor's text."""
    doc = memory.document(path)
    index = memory.file(path)
    if doc is None or index is None or doc.index is not index:
        return []
    text = doc.text
    places: list[tuple[int, int]] = []
    for s in index.symbols:
        if s.kind not in CALLABLE_KINDS or any(c.kind in CALLABLE_KINDS for c in index.enclosing(s)):
            continue
        line_start = text.rfind(b"\n", 0, s.end_byte) + 1
        code = len(text[line_start : s.end_byte]) - len(text[line_start : s.end_byte].lstrip())
        place = line_start + code if line_start > s.start_byte else s.end_byte
        distance = (
            0 if s.start_byte <= near <= s.end_byte else min(abs(near - s.start_byte), abs(near - s.end_byte))
        )
        places.append((distance, place))
    return [place for _, place in sorted(places)]


def prepare_functions(
    memory: Memory,
    packer: Packer,
    path: str,
    near: int,
    budget: int,
    contexts: ContextCache,
    most: int,
    quiet: Callable[[], bool] = lambda: True,
) -> tuple[int, bool]:
    """The contexts of the `most` functions of the open document `path` nearest to `near` packed into `contexts`
    (`prepare`: those kept there already are not packed again), the nearest first, while `quiet` answers True
    (asked before each). Returns how many it packed and whether it went through them all (False: stopped by
    `quiet`). `most` bounds both the CPU of a pass and the contexts it leaves kept."""
    packed = 0
    for place in function_places(memory, path, near)[:most]:
        if not quiet():
            return packed, False
        packed += prepare(memory, packer, path, place, budget, contexts)
    return packed, True
