"""Typing through a suggestion (`inline.SuggestionCache`): the rest of it is shown without a model call while the
text is the one it was made for plus its first characters typed, and never after an edit elsewhere, even one of
the same length as the characters typed."""

from __future__ import annotations

from archmem.server.actions.inline import SuggestionCache

TEXT = b"def rate(n):\n    return n * 3\n\n\ndef work(n):\n    total = \n"
AT = TEXT.index(b"total = ") + len(b"total = ")


def test_typing_through_shows_the_rest() -> None:
    cache = SuggestionCache()
    cache.remember("doc", TEXT, AT, "rate(n)")
    typed = TEXT[:AT] + b"ra" + TEXT[AT:]
    assert cache.reuse("doc", typed, AT + 2) == "te(n)"
    assert cache.reuse("doc", TEXT, AT) == "rate(n)"  # asked again where it was made, nothing typed


def test_an_edit_elsewhere_of_the_same_length_is_not_typing_through() -> None:
    cache = SuggestionCache()
    cache.remember("doc", TEXT, AT, "rate(n)")
    # The rate's body changed (one character for one), nothing typed: the suggestion was made for the old text.
    edited = TEXT.replace(b"n * 3", b"n * 4")
    assert cache.reuse("doc", edited, AT) is None
    # Two characters replaced far above while two are typed at the cursor: the length matches, the text does not.
    both = edited.replace(b"rate(n):", b"rate(m):")
    assert cache.reuse("doc", both[:AT] + b"ra" + both[AT:], AT + 2) is None
