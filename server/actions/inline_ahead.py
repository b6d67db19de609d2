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
"""

from __future__ import annotations

from archmem.indexer.context.pack import Packer
from archmem.indexer.workspace import Memory

from .inline import ContextCache, in_prose, is_kept, packed_context


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
