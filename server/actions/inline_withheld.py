"""Which completion suggestions are withheld: ghost text is inserted by one key, with no preview and no title to
carry a warning, so a suggestion is not shown where a verified edit would be flagged or would leak.

- A risky call the suggestion writes (running a process, opening a connection, running code, deleting files:
  the language's `risky_calls`, resolved through the file's imports, as `confine.py` flags a verified edit's):
  one the line already made before the cursor is the user's, not the suggestion's.
- A secret-looking string (`redact` finds one) or a «redacted» marker: a model shown only redacted text that
  answers with a key made it up or brought it from elsewhere, and the marker is no code.

The editor shows nothing, as for an empty answer; the server's log says why (`server/lsp/inline.py`).
"""

from __future__ import annotations

import textwrap

from archmem.indexer.context.redact import REDACTED, redact
from archmem.indexer.workspace import Memory

from .confine import risky_calls_added


def withheld(memory: Memory, path: str, text: bytes, byte: int, suggestion: str) -> str | None:
    """Why `suggestion`, to be inserted at `byte` of the open document `path` (text `text`), is not shown, or
    None when it may be."""
    if REDACTED in suggestion or redact(suggestion)[1]:
        return "the suggestion holds a secret-looking string"
    doc = memory.document(path)
    if doc is None:
        return None
    head = text[text.rfind(b"\n", 0, byte) + 1 : byte].decode("utf-8", "replace")
    before = textwrap.dedent(head).encode("utf-8")
    after = textwrap.dedent(head + suggestion).encode("utf-8")
    flags = risky_calls_added(doc.spec, path, before, after, doc.index.imports)
    return f"the suggestion {flags[0].removeprefix('⚠ ')}" if flags else None
