"""A full-text change that replaces a character by one sharing its first UTF-8 bytes (`é` -> `è`) leaves the
server's buffer exactly the editor's: the changed span starts at the character, not inside it (where the
span's bytes alone do not decode, and the buffer took U+FFFD in their place)."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.lsp.conftest import Served
from tests.lsp.harness import close_document, open_document, position_of

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_character_changed_to_a_close_one_stays_whole(served: Served) -> None:
    path = served.root / "scratch_accent.py"
    path.write_text("", encoding="utf-8")
    doc = open_document(served.client, path, 's = "é"; t = 1\n')
    expected = 's = "è"; t = 1\n'
    try:
        served.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=expected)],
            )
        )
        result = await served.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=doc))
        )
    finally:
        close_document(served.client, doc)
        path.unlink()
    symbols = {s.name: s for s in result or []}
    assert set(symbols) == {"s", "t"}
    assert symbols["t"].selection_range.start == position_of(expected, "t =", served.encoding)  # type: ignore[union-attr]
