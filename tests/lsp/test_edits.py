"""A batch of coalesced changes gives exactly the text that applying them one by one gives."""

from __future__ import annotations

from archmem.indexer.positions import Encoding
from archmem.server.lsp.convert import LspPositions
from archmem.server.lsp.edits import Change, apply_to_text
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

TEXT = "héllo wörld 😀\r\nline two\n\n\tx = '日本'\n".encode()

changes = st.lists(
    st.builds(
        lambda l1, c1, l2, c2, text: types.TextDocumentContentChangePartial(
            range=types.Range(
                start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2)
            ),
            text=text,
        ),
        st.integers(0, 8),
        st.integers(0, 20),
        st.integers(0, 8),
        st.integers(0, 20),
        st.sampled_from(["", "x", "ü\n", "a\r\nb\n", "😀", "\n", "日"]),
    ),
    max_size=30,
)


def one_by_one(text: bytes, batch: list[Change], encoding: Encoding) -> bytes:
    """The reference: each change through `LspPositions` over the whole text, as a single change is applied."""
    for change in batch:
        assert isinstance(change, types.TextDocumentContentChangePartial)
        positions = LspPositions(text, encoding)
        start, end = positions.offset(change.range.start), positions.offset(change.range.end)
        start, end = min(start, end), max(start, end)
        text = text[:start] + change.text.encode("utf-8") + text[end:]
    return text


@settings(max_examples=200, deadline=None, database=None)
@given(batch=changes, encoding=st.sampled_from(list(Encoding)))
def test_a_batch_is_exact(batch: list[Change], encoding: Encoding) -> None:
    assert apply_to_text(TEXT, batch, encoding) == one_by_one(TEXT, batch, encoding)


def test_a_whole_document_change_restarts_the_batch() -> None:
    whole = types.TextDocumentContentChangeWholeDocument(text="new\n")
    after = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(line=0, character=3), end=types.Position(line=0, character=3)),
        text="er",
    )
    assert apply_to_text(TEXT, [whole, after], Encoding.UTF16) == b"newer\n"
