"""Reference scanning: the names code uses, read by one regular expression per language from its text with
strings, comments and imports blanked (ten times cheaper than a node per identifier)."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence

from .languages import BY_NAME, LanguageSpec
from .records import Import

# A member access (receiver.name, receiver->name, receiver::name) or a plain name. A member may be private
# (`this.#count` in JS/TS); a `#` before a plain name is a private name or a preprocessor directive, neither a
# reference. A name right before a quote is a string's prefix (Python's r, b, f, rb; C's L, u8), not a
# reference: Python's masks leave prefixes visible (a third fewer nodes to mask). The checks on what precedes a
# name come after its first character, so that the pattern starts with a character set and the regex engine
# skips ahead to candidates at C speed.
#
# A name after a member separator that no receiver name consumed (`make().run()`, `self.get().x`, the `c` of
# `a.b.c`, a chain continued on the next line) is a member of something unknown: the second group captures the
# two characters before it, and `RefTable.names` records it as `.run`. Two dots before a name are a spread
# (`...args`) or a range (`0..n`): a plain name.
_NAME_START = rb"[A-Za-z_$\x80-\xff]"
_NAME = _NAME_START + rb"[\w$\x80-\xff]*"
_LINK = re.compile(rb"#?" + _NAME)


@functools.cache
def scanner(language: str) -> Callable[[bytes], list[tuple[bytes, bytes, bytes, bytes]]]:
    """findall of the names pattern for a language: (name, what precedes it when a separator, member, the
    chain's further links with their separators: `.b.c` of `p->a.b.c`)."""
    separators = b"|".join(BY_NAME[language].member_separators)
    # Before the first separator, the line may break (`LanguageSpec.members_start_lines`).
    space = rb"\s*" if BY_NAME[language].members_start_lines else rb"[ \t]*"
    pattern = (
        rb"("
        + _NAME_START
        + rb"(?<![\w$#\x80-\xff]"
        + _NAME_START
        + rb")(?:(?<=([^.]\.|::|->)"
        + _NAME_START
        + rb"))?[\w$\x80-\xff]*)(?![\w$\x80-\xff'\"])(?:"
        + space
        + rb"(?:"
        + separators
        + rb")[ \t]*(#?"
        + _NAME
        + rb")((?:[ \t]*(?:"
        + separators
        + rb")[ \t]*#?"
        + _NAME
        + rb"(?![\w$\x80-\xff'\"]))*))?"
    )
    return re.compile(pattern).findall


class RefTable:
    """The code text of an extraction range, and the imports in it."""

    def __init__(
        self,
        text: bytes,
        origin: int,
        imports: list[tuple[int, Import]],
        spec: LanguageSpec,
    ) -> None:
        self.text = text
        self.origin = origin
        self.imports = imports
        self.keywords = spec.keywords
        self.self_names = spec.self_names
        self.scan = scanner(spec.name)
        self.long_separators = spec.long_separators
        self.own_name_reads_field = spec.own_name_reads_field

    def names(
        self, start: int, end: int, holes: Sequence[tuple[int, int]], own: str | None
    ) -> tuple[str, ...]:
        """Names used in [start, end) outside the holes, in order of first use, without `own`."""
        o = self.origin
        parts: list[bytes] = []
        pos = start
        for a, b in sorted(holes):
            if a > pos:
                parts.append(self.text[pos - o : a - o])
            pos = max(pos, b)
        if end > pos:
            parts.append(self.text[pos - o : end - o])
        found: dict[str, None] = {}
        keywords = self.keywords
        # dict.fromkeys drops repeats at C speed before the Python loop sees them.
        for first, before, member, tail in dict.fromkeys(self.scan(b"\n".join(parts))):
            links = [link.decode("utf-8", "replace") for link in _LINK.findall(tail)] if tail else []
            if before and (before[1:] == b"." or before in self.long_separators):
                # A member of something unknown (the result of a call, of an index, a member's member). Its
                # name may be a keyword elsewhere (`.get`, `.type`), as any member's may.
                found["." + first.decode("utf-8", "replace")] = None
                if member:
                    found["." + member.decode("utf-8", "replace")] = None
                found.update(("." + link, None) for link in links)
                continue
            if not member:
                name = first.decode("utf-8", "replace")
                if name not in keywords:
                    found[name] = None
                continue
            recv = first.decode("utf-8", "replace")
            if recv not in keywords:
                found[recv] = None
            elif recv not in self.self_names:
                continue
            found[f"{recv}.{member.decode('utf-8', 'replace')}"] = None
            if links:
                # A chain of plain names (`c.server.logf`, `p->a.b.c`, `this.logger.log`): each of its
                # prefixes (`p.a.b`, `p.a.b.c`), for the resolver to follow through declared types, and each
                # further link as a member of something unknown, as before.
                chain = [recv, member.decode("utf-8", "replace"), *links]
                found.update((".".join(chain[:n]), None) for n in range(3, len(chain) + 1))
                found.update(("." + link, None) for link in links)
        keeps_own = self.own_name_reads_field and own in found and _read_uncalled(b"\n".join(parts), own)
        if own is not None and not keeps_own:
            found.pop(own, None)
        return tuple(found)

    def imports_within(self, lo: int, hi: int) -> list[Import]:
        # Sorted by position: a file of many imports and many chunks would otherwise scan them all per chunk.
        i = bisect.bisect_left(self.imports, lo, key=position)
        j = bisect.bisect_left(self.imports, hi, key=position)
        return [imp for _, imp in self.imports[i:j]]


def _read_uncalled(code: bytes, name: str) -> bool:
    """Whether a definition's code `code` uses its own `name` besides declaring it, other than by a call or
    as a member of something (`return entrySet;` in `Set entrySet() {`; not `int size;`, nor `f(n - 1)`)."""
    word = re.escape(name.encode())
    if len(re.findall(rb"(?<![\w$])" + word + rb"(?![\w$])", code)) < 2:
        return False
    return re.search(rb"(?<![\w$.])" + word + rb"(?![\w$])(?!\s*\()", code) is not None


def position(item: tuple[int, Import]) -> int:
    return item[0]


def masked(source: bytes, lo: int, hi: int, spans: Sequence[tuple[int, int]]) -> bytes:
    """source[lo:hi] with `spans` blanked, so that a regular expression can read the names of the code
    (ten times cheaper than a node per identifier)."""
    if not spans:
        return source[lo:hi]
    text = bytearray(source[lo:hi])
    for start, end in spans:
        a, b = max(start, lo) - lo, min(end, hi) - lo
        if a < b:
            text[a:b] = b" " * (b - a)
    return bytes(text)
