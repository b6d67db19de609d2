"""C preprocessor branches that open or close braces unevenly, reduced to their first branch before parsing.

tree-sitter-c reads every branch of an `#if`/`#elif`/`#else` group as code. When each branch opens the same
loop (`#if A` `while( f(x) ){` `#else` `while( g(x) ){` `#endif`, then one shared body and one `}`), the
tree gets one `{` too many and the function runs on to swallow the functions after it (sqlite3.c's `winRead`
swallowed 20,000 lines). A compiler sees exactly one branch, so the text parsed keeps only the first branch
of such a group: the others' bytes become spaces (newlines stay), and every position stays where it was.
A group standing inside a statement (`if( a && (` `#ifdef`, `}` `#ifndef` `else if`) is read the same way, its
directive lines blanked too: the grammar holds no directive there. Any other group is left alone.
"""

from __future__ import annotations

import re

# A conditional directive's logical line (a `#if` may continue over `\\`-ended lines).
_CONDITIONAL = re.compile(
    rb"^[ \t]*\#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b(?:\\\r?\n|[^\n])*", re.MULTILINE
)
# What the brace count steps over in one match: a comment, a string or character literal (their braces are
# not code), or a `#define`'s logical line (its braces belong to the macro); else it counts a brace.
_TOKEN = re.compile(
    rb"/\*.*?(?:\*/|\Z)"
    rb"|//(?:\\\r?\n|[^\n])*"
    rb'|"(?:\\.|[^"\\\n])*"?'
    rb"|'(?:\\.|[^'\\\n])*'?"
    rb"|^[ \t]*\#[ \t]*define\b(?:\\\r?\n|[^\n])*"
    rb"|[{}]",
    re.DOTALL | re.MULTILINE,
)
# Comments and directive lines, taken out of the code near a group to see what stands beside it.
_NOT_CODE = re.compile(rb"/\*.*?(?:\*/|\Z)|//[^\n]*|^[ \t]*\#(?:\\\r?\n|[^\n])*", re.DOTALL | re.MULTILINE)
_OPEN_STATEMENT = re.compile(rb"(?:\(|&&|\|\|)$")
_CONTINUED_STATEMENT = re.compile(rb"\)|&&|\|\||=(?!=)|else\b")
_NEAR = 300  # bytes looked at beside a group (a longer comment hides the code: the group is left alone)
_OPENS = frozenset({b"if", b"ifdef", b"ifndef"})
_SPLITS = frozenset({b"elif", b"else", b"elifdef", b"elifndef"})


class _Branch:
    """One branch of a group: its extent, the spans of its own code between directives, and the braces
    nested groups already decided leave open in it."""

    __slots__ = ("end", "head", "nested", "spans", "start")

    def __init__(self, head: int, start: int) -> None:
        self.head = head  # where its directive's line begins
        self.start = self.end = start
        self.spans: list[tuple[int, int]] = []
        self.nested: list[int] = []

    def net(self, text: bytes) -> int:
        """`{` less `}` in the branch, as the parser will read it."""
        count = sum(self.nested)
        for start, end in self.spans:
            for match in _TOKEN.finditer(text, start, end):
                token = match.group()
                count += (token == b"{") - (token == b"}")
        return count


def first_branches_only(text: bytes) -> bytes:
    """`text` with the second and later branches of every brace-uneven conditional group blanked. Only
    the code of groups with two or more branches is counted (a long file's scan stays cheap)."""
    if b"#" not in text or b"{" not in text:
        return text
    stack: list[list[_Branch]] = []  # the open groups, innermost last
    blank: list[tuple[int, int]] = []
    last = 0  # where the code after the previous directive begins
    for match in _CONDITIONAL.finditer(text):
        if stack:
            stack[-1][-1].spans.append((last, match.start()))
        last = match.end()
        word = match.group(1)
        if word in _OPENS:
            stack.append([_Branch(match.start(), last)])
        elif not stack:
            continue  # a stray `#else`/`#endif` (a slice of a file): nothing to pair it with
        elif word in _SPLITS:
            stack[-1][-1].end = match.start()
            stack[-1].append(_Branch(match.start(), last))
        elif word == b"endif":
            group = stack.pop()
            group[-1].end = match.start()
            parent = stack[-1][-1] if stack else None
            if _splits_statement(text, group[0].head, match.end()):
                # The grammar holds no directive inside a statement: the compiler's reading, the first
                # branch's code, is what is left once the directives and the later branches are blanked.
                blank.extend((branch.head, branch.start) for branch in group)
                blank.append((match.start(), match.end()))
                blank.extend((branch.start, branch.end) for branch in group[1:])
                group = group[:1]
            if len(group) == 1:
                if parent is not None:  # counted with the parent's branch, if that ever needs counting
                    parent.spans.extend(group[0].spans)
                    parent.nested.extend(group[0].nested)
                continue
            net = _decide(text, group, blank)
            if parent is not None:
                parent.nested.append(net)
    return _blanked(text, blank) if blank else text


def _splits_statement(text: bytes, start: int, end: int) -> bool:
    """Whether the group from `start` to `end` stands inside a statement or declaration: the code just
    before it ends with `(`, `&&` or `||` (`if( a && (`), or the code just after it goes on with `)`,
    `&&`, `||`, `=` or `else` (`static Mem m` `#if` `__attribute__` `#endif` `= {`). A code line without
    `;` before it is no sign (a macro call, `SQLITE_EXTENSION_INIT1`), nor is a list's `,`."""
    near = text[max(0, start - _NEAR) : start]
    if start > _NEAR:  # the window's first line is cut: a fragment of a directive would read as code
        near = near[near.find(b"\n") + 1 :]
    closing, opening = near.find(b"*/"), near.find(b"/*")
    if closing >= 0 and not 0 <= opening < closing:  # the window begins inside a comment
        near = near[closing + 2 :]
    before = _NOT_CODE.sub(b"", near).rstrip()
    after = _NOT_CODE.sub(b"", text[end : end + _NEAR]).lstrip()
    return bool(_OPEN_STATEMENT.search(before) or _CONTINUED_STATEMENT.match(after))


def _decide(text: bytes, group: list[_Branch], blank: list[tuple[int, int]]) -> int:
    """The braces the closed `group` leaves open as the parser will read it; if a branch leaves any open
    or closes more than it opens, the later branches are added to `blank` and the first one's count holds."""
    nets = [branch.net(text) for branch in group]
    if not any(nets):
        return 0
    blank.extend((branch.start, branch.end) for branch in group[1:])
    return nets[0]


def _blanked(text: bytes, spans: list[tuple[int, int]]) -> bytes:
    out = bytearray(text)
    for start, end in spans:
        out[start:end] = re.sub(rb"[^\r\n]", b" ", text[start:end])
    return bytes(out)
