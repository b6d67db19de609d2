"""C preprocessor branches that open or close braces unevenly, reduced to their first branch before parsing.

tree-sitter-c reads every branch of an `#if`/`#elif`/`#else` group as code. When each branch opens the same
loop (`#if A` `while( f(x) ){` `#else` `while( g(x) ){` `#endif`, then one shared body and one `}`), the
tree gets one `{` too many and the function runs on to swallow the functions after it (sqlite3.c's `winRead`
swallowed 20,000 lines). A compiler sees exactly one branch, so the text parsed keeps only the first branch
of such a group: the others' bytes become spaces (newlines stay), and every position stays where it was.
A group standing inside a statement (`if( a && (` `#ifdef`, `}` `#ifndef` `else if`) is read the same way, its
directive lines blanked too: the grammar holds no directive there. Any other group is left alone.

The scan reads every directive of the file (~0.2 s CPU on sqlite3.c's 9.3 MB, once per keystroke before);
`repair` keeps what it found, and reads the next text, an edit of the last one, from the change alone where
the change leaves every directive's line alone (~5 ms): brace counts add up, so only the groups holding the
change, and those whose neighbourhood it touches, are read again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from ..textdiff import changed_span

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
    nested groups already decided leave open in it; `id` its number in the scan's `_Record`."""

    __slots__ = ("end", "head", "id", "nested", "spans", "start")

    def __init__(self, head: int, start: int, number: int) -> None:
        self.head = head  # where its directive's line begins
        self.start = self.end = start
        self.spans: list[tuple[int, int]] = []
        self.nested: list[int] = []
        self.id = number

    def net(self, text: bytes) -> int:
        """`{` less `}` in the branch, as the parser will read it."""
        return sum(self.nested) + sum(_net(text, start, end) for start, end in self.spans)


def _net(text: bytes, start: int, end: int) -> int:
    count = 0
    for match in _TOKEN.finditer(text, start, end):
        token = match.group()
        count += (token == b"{") - (token == b"}")
    return count


class _Record:
    """What the scan of one text found, kept to repair an edit of it by the change alone (`repair`): every
    directive's span (`starts`, `ends`); the branch open in the gap before each directive (`holder`, -1 for
    none); each branch's group and place in it; each group's directives (its branches' and, once closed,
    its `#endif`; `group_of` the other way), the branch holding it (`parent`), whether it was read inside a statement (`split`), its
    branches' counts where they were counted (`nets`: a group of two or more branches), and the groups whose
    bytes are blanked (`blanking`)."""

    __slots__ = (
        "blanking",
        "branch_group",
        "branch_index",
        "closed",
        "ends",
        "group_matches",
        "group_of",
        "holder",
        "nets",
        "parent",
        "split",
        "starts",
    )

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.holder: list[int] = []
        self.branch_group: list[int] = []
        self.branch_index: list[int] = []
        self.group_matches: list[list[int]] = []
        self.group_of: dict[int, int] = {}  # a group's first directive and its `#endif`: the group
        self.parent: list[int] = []
        self.closed: list[bool] = []
        self.split: set[int] = set()
        self.nets: dict[int, tuple[int, ...]] = {}
        self.blanking: set[int] = set()

    def branch(self, group: int, head: int, start: int) -> _Branch:
        number = len(self.branch_group)
        self.branch_index.append(len(self.group_matches[group]) - 1)
        self.branch_group.append(group)
        return _Branch(head, start, number)


class Repair(NamedTuple):
    """A text, the bytes the grammar is given for it, and the scan's record (None where nothing was scanned)."""

    text: bytes
    out: bytes
    record: _Record | None


def first_branches_only(text: bytes) -> bytes:
    """`text` with the second and later branches of every brace-uneven conditional group blanked. Only
    the code of groups with two or more branches is counted (a long file's scan stays cheap)."""
    return _scan(text).out


def _scan(text: bytes) -> Repair:
    if b"#" not in text or b"{" not in text:
        return Repair(text, text, None)
    record = _Record()
    stack: list[list[_Branch]] = []  # the open groups, innermost last
    blank: list[tuple[int, int]] = []
    last = 0  # where the code after the previous directive begins
    for number, match in enumerate(_CONDITIONAL.finditer(text)):
        record.starts.append(match.start())
        record.ends.append(match.end())
        if stack:
            stack[-1][-1].spans.append((last, match.start()))
            record.holder.append(stack[-1][-1].id)
        else:
            record.holder.append(-1)
        last = match.end()
        word = match.group(1)
        if word in _OPENS:
            record.parent.append(stack[-1][-1].id if stack else -1)
            record.closed.append(False)
            record.group_matches.append([number])
            record.group_of[number] = len(record.parent) - 1
            stack.append([record.branch(len(record.parent) - 1, match.start(), last)])
        elif not stack:
            continue  # a stray `#else`/`#endif` (a slice of a file): nothing to pair it with
        elif word in _SPLITS:
            stack[-1][-1].end = match.start()
            group_id = record.branch_group[stack[-1][0].id]
            record.group_matches[group_id].append(number)
            stack[-1].append(record.branch(group_id, match.start(), last))
        elif word == b"endif":
            group = stack.pop()
            group[-1].end = match.start()
            group_id = record.branch_group[group[0].id]
            record.group_matches[group_id].append(number)
            record.group_of[number] = group_id
            record.closed[group_id] = True
            parent = stack[-1][-1] if stack else None
            if _splits_statement(text, group[0].head, match.end()):
                # The grammar holds no directive inside a statement: the compiler's reading, the first
                # branch's code, is what is left once the directives and the later branches are blanked.
                blank.extend((branch.head, branch.start) for branch in group)
                blank.append((match.start(), match.end()))
                blank.extend((branch.start, branch.end) for branch in group[1:])
                record.split.add(group_id)
                record.blanking.add(group_id)
                group = group[:1]
            if len(group) == 1:
                if parent is not None:  # counted with the parent's branch, if that ever needs counting
                    parent.spans.extend(group[0].spans)
                    parent.nested.extend(group[0].nested)
                continue
            net = _decide(text, group, blank, record, group_id)
            if parent is not None:
                parent.nested.append(net)
    return Repair(text, _blanked(text, blank) if blank else text, record)


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


def _decide(
    text: bytes, group: list[_Branch], blank: list[tuple[int, int]], record: _Record, group_id: int
) -> int:
    """The braces the closed `group` leaves open as the parser will read it; if a branch leaves any open
    or closes more than it opens, the later branches are added to `blank` and the first one's count holds."""
    nets = record.nets[group_id] = tuple(branch.net(text) for branch in group)
    if not any(nets):
        return 0
    blank.extend((branch.start, branch.end) for branch in group[1:])
    record.blanking.add(group_id)
    return nets[0]


def _blanked(text: bytes, spans: list[tuple[int, int]]) -> bytes:
    out = bytearray(text)
    for start, end in spans:
        out[start:end] = re.sub(rb"[^\r\n]", b" ", text[start:end])
    return bytes(out)


def repair(text: bytes, previous: Repair | None = None) -> Repair:
    """`text`'s repair (`first_branches_only`), read from `previous` (the repair of the text it was edited
    from) by the change alone where that can be proved the same as a scan of the whole text: see
    `_after_edit`. Anything else scans the whole text (~0.2 s on sqlite3.c's 9.3 MB)."""
    if previous is not None and previous.text is text:
        return previous
    if previous is not None and previous.record is not None and b"#" in text and b"{" in text:
        found = _after_edit(previous, previous.record, text)
        if found is not None:
            return found
    return _scan(text)


def _after_edit(previous: Repair, record: _Record, text: bytes) -> Repair | None:
    """The repair of `text` from its previous one, where the change lies in the code between two directives
    and adds none, and the groups whose neighbourhood it touches are read inside a statement or not as
    before (`_same_neighbourhoods`): then every directive is where it was (shifted after the change), and
    only the brace counts of the branches holding the changed code can move. Counts add up, so the change's count is carried up the groups holding it: into
    the first branch of a group counted with its parent, into a counted group's branch (its first branch's
    count then goes to the group around it, if the group's decision moved it). Groups whose decision flips
    are blanked or restored; the bytes away from the change and those groups are the previous repair's."""
    old = previous.text
    start, old_end, new_end = changed_span(old, text)
    delta = new_end - old_end
    starts, ends = record.starts, record.ends
    after = bisect_right(starts, start)  # the first directive after the change's start
    low = ends[after - 1] if after else 0
    high = starts[after] if after < len(starts) else len(old)
    # The directives' bytes, and the line break after the one before and before the one after, untouched.
    if (after and low >= start) or (after < len(starts) and old_end >= high):
        return None
    if _CONDITIONAL.search(text, low, high + delta) is not None:
        return None
    if not _same_neighbourhoods(record, text, after, (start, old_end, new_end)):
        return None
    nets = dict(record.nets)
    moved: list[int] = []
    carried: int | None = None  # the change's count, then what a group's decision passes up
    branch = record.holder[after] if after < len(starts) else -1
    while branch >= 0:
        group, place = record.branch_group[branch], record.branch_index[branch]
        counted = nets.get(group)
        if not record.closed[group] or (counted is None and place):
            break  # an open group's branches are never counted; a later branch read alone is dropped
        if counted is not None:
            if carried is None:
                carried = _net(text, low, high + delta) - _net(old, low, high)
            if not carried:
                break
            counts = list(counted)
            counts[place] += carried
            nets[group] = tuple(counts)
            moved.append(group)
            carried = _passed(nets[group]) - _passed(counted)
            if not carried:
                break
        branch = record.parent[group]
    return _rebuilt(previous, record, text, (start, old_end, new_end), nets, moved)


def _same_neighbourhoods(record: _Record, text: bytes, after: int, change: tuple[int, int, int]) -> bool:
    """Whether every closed group whose neighbourhood holds the change (the `_NEAR` bytes before its first
    directive or after its `#endif`, all `_splits_statement` reads) is read inside a statement or not as
    before."""
    start, old_end, new_end = change
    delta = new_end - old_end
    starts, ends, group_of = record.starts, record.ends, record.group_of
    touched: set[int] = set()
    at = after
    while at < len(starts) and starts[at] - _NEAR < old_end:
        touched.update((group_of[at],) if at in group_of else ())
        at += 1
    at = after - 1
    while at >= 0 and ends[at] + _NEAR > start:
        touched.update((group_of[at],) if at in group_of else ())
        at -= 1
    for group in touched:
        if not record.closed[group]:
            continue  # never read so
        first, last = record.group_matches[group][0], record.group_matches[group][-1]
        head = starts[first] + (delta if first >= after else 0)
        end = ends[last] + (delta if last >= after else 0)
        if _splits_statement(text, head, end) != (group in record.split):
            return False
    return True


def _passed(nets: tuple[int, ...]) -> int:
    """What a counted group passes to the branch holding it (`_decide`)."""
    return nets[0] if any(nets) else 0


def _rebuilt(
    previous: Repair,
    record: _Record,
    text: bytes,
    change: tuple[int, int, int],
    nets: dict[int, tuple[int, ...]],
    moved: list[int],
) -> Repair:
    """The new record (directives after the change shifted, `nets` counted) and the bytes: the previous
    repair's, but for the change and the later branches of every group whose decision flipped, made again."""
    start, old_end, new_end = change
    delta = new_end - old_end
    new = _Record()
    for name in _Record.__slots__:
        setattr(new, name, getattr(record, name))
    if delta:
        first = bisect_right(record.starts, start)
        new.starts = record.starts[:first] + [s + delta for s in record.starts[first:]]
        new.ends = record.ends[:first] + [e + delta for e in record.ends[first:]]
    new.nets = nets
    flipped = [g for g in moved if any(nets[g]) != any(record.nets[g])]
    if flipped:
        new.blanking = {g for g in record.blanking if g not in flipped} | {g for g in flipped if any(nets[g])}
    if not new.blanking:
        return Repair(text, text, new)
    low, high = start, new_end
    for group in flipped:
        matches = new.group_matches[group]
        low, high = min(low, new.ends[matches[1]]), max(high, new.starts[matches[-1]])
    spans = [
        (max(a, low) - low, min(b, high) - low)
        for group in new.blanking
        if new.starts[new.group_matches[group][0]] < high and new.ends[new.group_matches[group][-1]] > low
        for a, b in _entries(new, group)
        if a < high and b > low
    ]
    piece = _blanked(text[low:high], spans) if spans else text[low:high]
    return Repair(text, previous.out[:low] + piece + previous.out[high - delta :], new)


def _entries(record: _Record, group: int) -> list[tuple[int, int]]:
    """The spans a blanked group blanks (as `_scan` adds them): its later branches, and where it stands inside
    a statement its directive lines too."""
    matches, starts, ends = record.group_matches[group], record.starts, record.ends
    spans = [(ends[matches[i]], starts[matches[i + 1]]) for i in range(1, len(matches) - 1)]
    if group in record.split:
        spans += [(starts[m], ends[m]) for m in matches]
    return spans
