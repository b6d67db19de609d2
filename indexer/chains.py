"""Reading a member's chain back from the text before it: `self.options` of `self.options.update`,
`db->aDb[i]` of `db->aDb[i].pBt` (links ending in calls and subscripts), and chains rustfmt continues on
the lines below their start. Text only: what each link holds is inference.py's question."""

from __future__ import annotations

import re

# The receiver chain standing right before a member (`self.options.` before `update`), on one line. What
# stands before the chain must not make it a member of something else (`f().x.`, `a[0].x.`).
_CHAIN = re.compile(r"((?:[A-Za-z_$\x80-\uffff][\w$\x80-\uffff]*[ \t]*(?:\?\.|\.|->)[ \t]*)+)$")
_LINK = re.compile(r"[A-Za-z_$\x80-\uffff][\w$\x80-\uffff]*")
# The separator before a member, at the end of the text searched, and the name before a link's calls.
_SEPARATOR = re.compile(r"(?:\?\.|\.|->)$")
_NAME_BEFORE = re.compile(r"(?<![\w$\x80-\uffff])[A-Za-z_$\x80-\uffff][\w$\x80-\uffff]*$")
# A line that continues the chain above it: a separator (or Rust's `?` then one) first.
CONTINUATION = re.compile(rb"(?:\?\.|\.|->)(?!\.)")
_MAX_CONTINUED_LINES = 12


def receiver_chain(text: bytes, byte: int, continued: bool = False) -> list[str] | None:
    """The links before the member at `byte` (`["self", "options"]` for `self.options.update`), or None when
    the member is not reached through a chain of names. A link may end in calls and subscripts, read as
    `()` and `[]` (`["db", "aDb[]"]` for `db->aDb[i].pBt`, `["mk()"]` for `mk(3)->c`); anything else
    before a separator (a cast, a parenthesized expression, a literal) is no chain. `continued`: a line
    that starts with a separator continues the line above (`LanguageSpec.chains_continue_on_lines`)."""
    line_start = text.rfind(b"\n", 0, byte) + 1
    head = (_joined_head(text, line_start, byte) if continued else text[line_start:byte]).decode(
        "utf-8", "replace"
    )
    match = _CHAIN.search(head)
    if match is None:
        return _links_before(head)
    before = head[: match.start()].rstrip()
    if before.endswith((".", ")", "]")) and not before.endswith(".."):
        return _links_before(head)
    if before.endswith((".", ">")) and not before.endswith("=>"):
        return None
    return _LINK.findall(match.group(1))


def _joined_head(text: bytes, line_start: int, byte: int) -> bytes:
    """The text before `byte` on its line, and on the lines above while each line begins with a separator
    (`self` / `.ser` / `.formatter` / `.begin_string(..)`), joined without their line breaks and indents."""
    head = text[line_start:byte].lstrip()
    lines = 0
    while CONTINUATION.match(head) and line_start > 0 and lines < _MAX_CONTINUED_LINES:
        above = text.rfind(b"\n", 0, line_start - 1) + 1
        head = text[above : line_start - 1].strip() + head
        line_start = above
        lines += 1
    return head


def _links_before(head: str) -> list[str] | None:
    """`receiver_chain`'s reading of a chain with calls and subscripts, from the end of `head` backward."""
    links: list[str] = []
    at = len(head)
    while True:
        at = len(head[:at].rstrip())
        separator = _SEPARATOR.search(head, 0, at)
        if separator is None:
            break
        at = len(head[: separator.start()].rstrip())
        ops = ""
        while at and head[at - 1] in ")]":
            opened = _opening(head, at - 1)
            if opened is None:
                return None
            ops = ("()" if head[at - 1] == ")" else "[]") + ops
            at = opened
        name = _NAME_BEFORE.search(head, 0, at)
        if name is None:
            return None
        links.insert(0, name.group() + ops)
        at = name.start()
    before = head[:at].rstrip()
    if not links or (before.endswith((".", ")", "]", ">")) and not before.endswith(("=>", "->"))):
        return None
    return links


def _opening(head: str, close: int) -> int | None:
    """The position of the bracket that the one at `close` closes, on the same line, or None."""
    depth = 0
    for i in range(close, -1, -1):
        if head[i] in ")]":
            depth += 1
        elif head[i] in "([":
            depth -= 1
            if depth == 0:
                return i if "([".index(head[i]) == ")]".index(head[close]) else None
    return None
