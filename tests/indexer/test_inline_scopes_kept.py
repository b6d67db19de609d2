"""The inline scopes of a function's text are read once per text and the syntax around it: a new version of
the file with the same text answers from what was kept, an edit of the text or a change around it (the text
now inside a lambda) gives the fresh answer, and the words indexed inside them are what a search finds."""

from __future__ import annotations

import re

from archmem.indexer.inline_scopes import InlineScopes, inline_scopes
from archmem.indexer.languages import BY_NAME

TS = BY_NAME["typescript"]
CLASS = (
    b"export class Box {\n"
    b"  handlers = [(self) => self.value, function (other) { return other + selfish; }];\n"
    b"  pick = (a, b$) => [a, b$].map((x) => x.self);\n"
    b"}"
)  # a definition's text, as a scope reads it: from its line's start to its end


def _kept(prefix: bytes, text: bytes, suffix: bytes = b"\n") -> InlineScopes:
    whole = prefix + text + suffix
    return inline_scopes(TS.language, TS.parse(whole).root_node, len(prefix), text)


def test_a_new_version_with_the_same_text_reuses_the_scopes_and_an_edit_reads_them_again() -> None:
    first = _kept(b"const a = 1;\n", CLASS)
    assert _kept(b"const a = 2; // edited elsewhere\n", CLASS) is first  # fails without the kept table
    edited = CLASS.replace(b"(self) => self.value", b"self.value")
    fresh = _kept(b"const a = 2;\n", edited)
    assert fresh is not first
    assert edited[slice(*fresh.spans[0])].startswith(b"function (other)")
    assert b"value" not in fresh.words() and b"value" in first.words()


def test_the_same_text_inside_a_lambda_is_read_in_its_new_context() -> None:
    text = b"function f(x) {\n  return x;\n}\n"
    alone = _kept(b"let a = 1;\n", text)
    assert alone.spans == []
    wrapped = _kept(b"run(() => {\n", text, b"});\n")
    assert wrapped is not alone
    assert wrapped.spans == [(0, len(text))]


def test_the_words_inside_equal_a_search_of_each_word_alone_in_the_spans() -> None:
    scopes = _kept(b"", CLASS, b"")
    words = scopes.words()
    for word in {m.group() for m in re.finditer(rb"[\w$]+", CLASS)}:
        pattern = re.compile(rb"(?<![\w$])" + re.escape(word) + rb"(?![\w$])")
        found = [
            m.span() for lo, hi in scopes.spans for m in pattern.finditer(CLASS, lo, hi + 1) if m.end() <= hi
        ]
        assert words.get(word, []) == found, word
    assert b"self" in words and b"selfish" in words and b"b$" in words
