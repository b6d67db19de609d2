"""Inline completion's context prepared ahead: packed when the cursor arrives in a function, before the first
keystroke's request there.

The first completion request in a function packs its context (tens of milliseconds on a long file); the
keystrokes after it reuse that context while the text outside the function holds (`inline.ContextCache`). An
editor tells the server where the cursor is before anything is typed there (VS Code asks for the code actions
at the cursor as it moves), and the user pauses before typing: `prepare` packs the function's context then,
exactly as the first request would (the same text, the same cursor), so that request finds it kept. Nothing
is packed that the request would not have packed; an edit outside the function before the request, or in
another file, leaves the request to pack anew as before. No LSP here: `server/lsp/inline.py` calls it on the
memory thread at a quiet moment.
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
