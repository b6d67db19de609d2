"""Where a function's lambdas, inline functions and comprehensions lie in its text, and the identifiers
standing alone inside them: read once per text (and the tree's context around it), kept across versions."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache

import tree_sitter as ts

# Scopes a function holds that are not symbols of the memory: what they bind is theirs alone.
INLINE_SCOPES = frozenset(
    {
        "lambda", "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression",
        "arrow_function", "function_expression", "function", "closure_expression", "lambda_expression",
        "func_literal",
    }
)  # fmt: skip

# An identifier: a name made of these alone stands alone exactly where it is a whole run of them.
IDENTIFIER = re.compile(rb"[\w$]+")
WORD_BYTES = frozenset(b"0123456789_$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class InlineScopes:
    """The merged spans of a source's inline scopes (relative to it, in order) and, read on first ask, the
    spans of each identifier standing alone inside them (`words`): what a search per word (a regex compiled
    per name, 41 in a TypeScript class's packing) finds there."""

    __slots__ = ("_source", "_words", "spans")

    def __init__(self, source: bytes, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._source = source
        self._words: dict[bytes, list[tuple[int, int]]] | None = None

    def words(self) -> dict[bytes, list[tuple[int, int]]]:
        if self._words is None:
            source, words = self._source, dict[bytes, list[tuple[int, int]]]()
            for lo, hi in self.spans:
                for m in IDENTIFIER.finditer(source, lo, hi):
                    first, last = m.span()
                    # A run cut by the span's edge is part of a longer name outside it: no mention.
                    if (first == lo and lo and source[lo - 1] in WORD_BYTES) or (
                        last == hi and hi < len(source) and source[hi] in WORD_BYTES
                    ):
                        continue
                    words.setdefault(m.group(), []).append((first, last))
            self._words = words
        return self._words


def mentions_in(source: bytes, word: bytes, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of `word` standing alone in `source` inside `spans` (merged, in order), in order: an
    identifier found with `bytes.find` and the bytes around it looked at (a regex compiled per name asked
    cost more than the search)."""
    out: list[tuple[int, int]] = []
    if IDENTIFIER.fullmatch(word):
        size, end = len(word), len(source)
        for lo, hi in spans:
            at = source.find(word, lo, hi)
            while at >= 0:
                after = at + size
                if (not at or source[at - 1] not in WORD_BYTES) and (
                    after == end or source[after] not in WORD_BYTES
                ):
                    out.append((at, after))
                at = source.find(word, after, hi)
        return out
    pattern = alone(word)
    for lo, hi in spans:
        # Up to one byte past the span, so that the look ahead reads the byte after it, not an end.
        out += [m.span() for m in pattern.finditer(source, lo, hi + 1) if m.end() <= hi]
    return out


def alone(word: bytes) -> re.Pattern[bytes]:
    """`word` (not a plain identifier) where no identifier byte stands on either side of it."""
    return re.compile(rb"(?<![\w$])" + re.escape(word) + rb"(?![\w$])")


# The inline scopes of the sources read last, by their text and the tree's context around it, up to this
# many bytes of text: an edit elsewhere in the file gives a new version and new scopes, whose texts are
# mostly the same bytes (a Rust `mod tests` of 44 KB was queried again at each of five versions, ~2 ms each).
_KEPT_BYTES = 2 << 20
_KEPT: OrderedDict[tuple[bytes, ts.Language, tuple[object, ...]], InlineScopes] = OrderedDict()
_held = 0
_LOCK = threading.Lock()


def inline_scopes(language: ts.Language, root: ts.Node, shift: int, source: bytes) -> InlineScopes:
    """The inline scopes of `source`, which starts at byte `shift` of `root`'s text. Kept by the text and,
    when `root` holds more than the source (the editor's tree of the whole file), the syntax around it: the
    smallest node holding the source and its ancestors' kinds, which a change outside that changes how the
    source is read (wrapping it in a lambda) alters."""
    size = len(source)
    context: tuple[object, ...] = ()
    if shift or root.end_byte != size:
        node: ts.Node | None = root.descendant_for_byte_range(shift, shift + size)
        if node is not None:
            context = (node.start_byte - shift, node.end_byte - shift)
        while node is not None:
            context += (node.type,)
            node = node.parent
    key = (source, language, context)
    global _held
    with _LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
            return found
    found = InlineScopes(source, _inline_scope_spans(language, root, shift, size))
    with _LOCK:
        if key not in _KEPT:
            _held += size
        _KEPT[key] = found
        while _held > _KEPT_BYTES and len(_KEPT) > 1:
            _held -= len(_KEPT.popitem(last=False)[0][0])
    return found


def inline_spans_within(
    language: ts.Language, root: ts.Node, shift: int, size: int, part: tuple[int, int]
) -> list[tuple[int, int]]:
    """The merged spans of the inline scopes of a source (as `inline_scopes` reads it) that meet `part` of it,
    read afresh: a definition of a 119 KB Rust `mod tests` asked about queried the whole module (~9 ms)."""
    return _inline_scope_spans(language, root, shift, size, part)


def _inline_scope_spans(
    language: ts.Language, root: ts.Node, shift: int, size: int, part: tuple[int, int] | None = None
) -> list[tuple[int, int]]:
    """The spans, relative to a source of `size` bytes that starts at byte `shift` of `root`'s text, of the
    lambdas, inline functions and comprehensions in it (those meeting its `part` alone, when given: a
    definition of a long one read whole), overlapping ones merged, in order (one query in C: walking a 40 KB
    class's nodes in Python costs more than the lookups it spares)."""
    query = _inline_query(language)
    if query is None:
        return []
    cursor = ts.QueryCursor(query)
    lo, hi = (0, size) if part is None else part
    cursor.set_byte_range(shift + lo, shift + hi)
    found = sorted(
        (max(0, node.start_byte - shift), min(size, node.end_byte - shift))
        for nodes in cursor.captures(root).values()
        for node in nodes
    )
    merged: list[tuple[int, int]] = []
    for lo, hi in found:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        elif lo < hi:
            merged.append((lo, hi))
    return merged


@lru_cache(maxsize=16)
def _inline_query(language: ts.Language) -> ts.Query | None:
    """A query for the `INLINE_SCOPES` node types `language`'s grammar has (None when it has none)."""
    kinds = sorted(k for k in INLINE_SCOPES if language.id_for_node_kind(k, True))
    return ts.Query(language, " ".join(f"({kind}) @scope" for kind in kinds)) if kinds else None
