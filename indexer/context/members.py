"""Generate mode's guess at which members of classes from other files a body still to be written will call.

A new body reaches through imported classes by name: `Style.null()`, `Segment.strip_styles(...)`,
`ColorSystem.TRUECOLOR`. Nothing near the cursor mentions those members yet, so the definition a model needs
is found only by guessing which of the class's members it will reach for. Only members used through the
class itself count (class and static methods, enum members and upper-case constants, what a `C.name` can
mean without an instance). A class is a candidate when the code being written names it (the header, the
docstring, the enclosing scopes) or when the file already reaches through it (`C.x` anywhere in the file,
more when the neighbouring definitions do). Its members are then ordered by what the context says: a
member whose name shares a word with the code being written (`strip_styles` in a class holding `_styles`),
one the file already calls, then those mentioned in the most files of the workspace, then the class's own
order. Each guess says why it was made.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import itemgetter

from ..fileindex import FileIndex
from ..per_version import per_version
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from ..resolve import Resolver
from .carry import Carried, Change, patched
from .spread import files_mentioning

# Weights on the packer's prediction scale (a neighbour's use of a name counts 12 there, a name mentioned
# in the docstring 6, a name the file binds and never uses 16).
NAMED_HERE = 14  # the class is named in the header, docstring or enclosing scopes of the code being written
NEIGHBOURS = 4  # the neighbouring definitions reach through the class
ELSEWHERE = 1  # some code of the file reaches through the class
SHARED_WORD = 10  # per word the member's name shares with the code being written (at most two count)
USED_IN_FILE = 4  # the file already calls this member through the class
# A guess never outranks a name the file binds and does not use yet (16): that one is all but certain.
CEILING = 15
# A class with many class-level members (a namespace of constructors) must not flood the context: each
# member with nothing to recommend it after the first few in the class's order counts two less.
_FREE_RANK = 3

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ENUM_BASE = re.compile(r"\b\w*(?:Enum|Flag)\b")
_STATIC = re.compile(r"\bstatic\b")
_CONSTANT = re.compile(r"[A-Z][A-Z0-9_]*")
# Words too common in code to say anything about which member is meant.
STOP_WORDS = frozenset(
    {
        "self", "cls", "the", "and", "for", "with", "from", "none", "str", "int", "bool", "float", "bytes",
        "list", "dict", "tuple", "set", "get", "optional", "return", "returns", "args", "kwargs", "any",
        "type", "def", "class", "new", "this", "that", "value", "not", "are", "into", "its", "use", "used",
        "object", "true", "false", "default",
    }
)  # fmt: skip


@dataclass(frozen=True)
class MemberGuess:
    """A member reached through an imported class (`ref` is `Class.member`), its score and the reason."""

    ref: str
    score: int
    reason: str


def words(text: str) -> set[str]:
    """The words of the identifiers in `text` (`strip_styles`, `TerminalTheme` -> strip, style, terminal,
    theme), lower case, plurals folded, short and common words left out."""
    # Each distinct word folded once (kept): the identifiers split in C, a Python call per new word only.
    found = set(chain.from_iterable(map(_WORDS.findall, _IDENTIFIER.findall(text))))
    out = set(map(_folded, found))
    out.discard("")
    return out


@lru_cache(maxsize=1 << 16)
def _folded(word: str) -> str:
    """`word` lower case, a plural folded; "" for a short or common word."""
    w = word.lower()
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w if len(w) >= 3 and w not in STOP_WORDS else ""


@lru_cache(maxsize=1 << 17)
def name_words(name: str) -> frozenset[str]:
    """The words of one name (see `words`), kept across packs and edits: generate mode reads the words of
    every top-level name of the file several times a pack (ten thousand in sqlite3.c), and a keystroke
    leaves them as they were."""
    return frozenset(words(name))


def class_level(member: SymbolNode, owner: SymbolNode) -> bool:
    """Whether `member` is meant to be used through its class, without an instance."""
    if member.name.startswith("_"):
        return False
    if member.kind in CALLABLE_KINDS:
        if any(d.lstrip("@").split("(")[0] in ("classmethod", "staticmethod") for d in member.decorators):
            return True
        head = member.signature.split("(")[0]
        return bool(_STATIC.search(head))
    if member.kind in (SymbolKind.VARIABLE, SymbolKind.FIELD, SymbolKind.CONSTANT):
        return (
            owner.kind is SymbolKind.ENUM
            or bool(_ENUM_BASE.search(owner.signature))
            or _CONSTANT.fullmatch(member.name) is not None
        )
    return False


def guess_members(
    resolver: Resolver,
    index: FileIndex,
    here: str,
    context_words: set[str],
    neighbours: Iterable[SymbolNode],
    skip: set[str],
) -> list[MemberGuess]:
    """Class-level members of classes imported into `index` that the code being written may call.

    `here` is the text of the code being written that is already visible (its header, docstring and
    enclosing scope headers), `context_words` the words describing it (see `words`), `neighbours` the
    definitions around it and `skip` the ids of symbols whose references do not count (the target itself,
    whose body is the part to write)."""
    imported = {imp.bound for imp in index.imports if imp.bound and imp.bound != "*"}
    if not imported:
        return []
    near = {s.id for s in neighbours}
    weight: dict[str, int] = {}
    why: dict[str, str] = {}
    used: Counter[str] = Counter()
    for sid, ref, head in _reached_through(index):
        if sid in skip:
            continue
        used[ref] += 1
        w, reason = (NEIGHBOURS, "the neighbours use it") if sid in near else (ELSEWHERE, "the file uses it")
        if w > weight.get(head, 0):
            weight[head], why[head] = w, reason
    for name in set(_IDENTIFIER.findall(here)) & imported:
        weight[name], why[name] = NAMED_HERE, "named where the body goes"
    module = index.symbols[0]
    out: list[MemberGuess] = []
    for name in sorted(weight, key=lambda n: (-weight[n], n)):
        for target in resolver.resolve(index, module, name):
            owner = target.symbol
            if owner is None or owner.path == index.path:
                continue
            if owner.kind not in CLASS_KINDS and owner.kind is not SymbolKind.ENUM:
                continue
            other = resolver.memory.file(owner.path)
            if other is None:
                continue
            members = _class_level_members(other, owner)
            # How many files of the workspace mention each member: the class's most used come first.
            spread = {m.name: files_mentioning(resolver.memory, index.path, m.name) for m in members}
            out.extend(_rank(name, members, weight[name], why[name], context_words, used, spread))
    return out


def ref_counts(index: FileIndex) -> Counter[str]:
    """How often the file's code uses each name. Counted in C (`Counter` over one chained iterable): a
    Python loop per use is the cost in a file of a quarter million uses; after an edit of some definitions'
    bodies, corrected for those (`carry.py`).

    The per-file tables of generate mode (here and in `predict.py`) keep two files each: the text being packed and one other. A keystroke makes
    a new index (they never change), so more would only keep old texts' tables, and their indexes, alive."""
    return _REF_COUNTS.get(index, None)


def _count_refs(index: FileIndex, _key: None) -> Counter[str]:
    return Counter(chain.from_iterable(s.refs for s in index.symbols))


def _carry_counts(counts: Counter[str], _index: FileIndex, _key: None, change: Change) -> Counter[str]:
    return carry_counter(counts, change.removed, change.added)


def carry_counter(
    counts: Counter[str], removed: Iterable[SymbolNode], added: Iterable[SymbolNode]
) -> Counter[str]:
    """A copy of `counts` (uses per name) without the `removed` definitions' references and with the `added`
    ones': as counting again would give, no name left at zero (copied from the count first built, `carry.patched`)."""
    moved = Counter(chain.from_iterable(s.refs for s in added))
    moved.subtract(chain.from_iterable(s.refs for s in removed))
    return patched(
        counts, {ref: n if (n := counts.get(ref, 0) + by) > 0 else None for ref, by in moved.items() if by}
    )


_REF_COUNTS: Carried[None, Counter[str]] = Carried(_count_refs, _carry_counts)


def _reached_through(index: FileIndex) -> tuple[tuple[str, str, str], ...]:
    """Every `C.member` reference of the file through an imported name `C`: (the id of the symbol using it,
    the reference, `C`). Per file: walking every reference on every pack is most of a packing's time in a
    long file (a FileIndex never changes; an edit makes a new one). Carried across an edit of bodies: the
    changed definitions' entries read again."""
    return _REACHED.get(index, None)[1]


def _through(index: FileIndex, refs: Iterable[str]) -> dict[str, str]:
    """Of `refs`, those reaching through an imported name, with that name. Their heads are looked up in C first
    (`map`, `compress`: the thousands of names of a file, rebuilt at each edit where it imports any), and only
    those headed by an imported name read one by one: the same names in the same order."""
    imported = {imp.bound for imp in index.imports if imp.bound and imp.bound != "*"}
    through: dict[str, str] = {}
    for ref in headed_by(refs, imported):
        head, dot, member = ref.partition(".")
        if dot and "." not in member:
            through[ref] = head
    return through


def headed_by(names: Iterable[str], heads: Container[str]) -> Iterator[str]:
    """Those of `names` whose head (up to the first dot) is one of `heads`, in their order: read in C (`map`,
    `compress`), a third of a loop's time over a file's thousands of names."""
    names = list(names)
    return compress(names, map(heads.__contains__, map(_HEAD, map(str.partition, names, repeat(".")))))


_HEAD = itemgetter(0)  # of `str.partition`'s parts


def _build_reached(index: FileIndex, _key: None) -> _Reached:
    # Which names reach through an imported class, decided once per distinct name, not per use.
    through = _through(index, ref_counts(index))
    if not through:
        return (), ()
    # Each definition's references filtered in C: a few of the file's tens of thousands reach through.
    reaching = through.__contains__
    found = [
        (i, (s.id, ref, through[ref]))
        for i, s in enumerate(index.symbols)
        for ref in filter(reaching, s.refs)
    ]
    return tuple(map(_PLACE, found)), tuple(map(_ENTRY, found))


_PLACE, _ENTRY = itemgetter(0), itemgetter(1)


def _carry_reached(table: _Reached, index: FileIndex, _key: None, change: Change) -> _Reached:
    # The same imports (`definitions_changed`): whether a name reaches through one is the name's own matter, so
    # only the changed definitions' entries change, in their places (the same before and after).
    through = _through(index, change.names())
    places = frozenset(change.places)
    found = [(i, entry) for i, entry in zip(*table, strict=True) if i not in places]
    if through:
        reaching = through.__contains__
        found += [
            (i, (s.id, ref, through[ref]))
            for i, s in zip(change.places, change.added, strict=True)
            for ref in filter(reaching, s.refs)
        ]
        found.sort(key=_PLACE)  # stable: a definition's entries stay in the order of its references
    return tuple(map(_PLACE, found)), tuple(map(_ENTRY, found))


# Each `C.member` reference's place among the symbols, and the entry (`_reached_through`).
_Reached = tuple[tuple[int, ...], tuple[tuple[str, str, str], ...]]
_REACHED: Carried[None, _Reached] = Carried(_build_reached, _carry_reached)


def _class_level_members(other: FileIndex, owner: SymbolNode) -> tuple[SymbolNode, ...]:
    """The class-level members (`class_level`) of the class `owner` of `other`, one per name. Kept per version of
    the class's file and by what of the class they read: each packing asks about the same few imported classes,
    a regular expression per member (hundreds)."""
    kept = _class_levels(other)
    key = (owner.id, owner.kind, owner.signature, owner.children)
    found = kept.get(key)
    if found is None:
        members = [m for c in owner.children if (m := other.by_id.get(c)) and class_level(m, owner)]
        # Overloads of one name (Java's thirteen `Spliterators.spliterator`) are one guess, not thirteen scores
        # added to the same name.
        found = kept[key] = tuple({m.name: m for m in reversed(members)}.values())[::-1]
    return found


@per_version
def _class_levels(
    _other: FileIndex,
) -> dict[tuple[str, SymbolKind, str, tuple[str, ...]], tuple[SymbolNode, ...]]:
    return {}


def _rank(
    name: str,
    members: Sequence[SymbolNode],
    base: int,
    reason: str,
    context_words: set[str],
    used: Counter[str],
    spread: dict[str, int],
) -> list[MemberGuess]:
    scored: list[tuple[int, int, int, SymbolNode, str]] = []
    for order, m in enumerate(members):
        shared = sorted(name_words(m.name) & context_words)[:2]
        ref = f"{name}.{m.name}"
        bonus = SHARED_WORD * len(shared) + USED_IN_FILE * min(used[ref], 2)
        note = f"shares '{', '.join(shared)}' with the code being written" if shared else ""
        scored.append((-bonus, -spread.get(m.name, 0), order, m, note))
    # What the context says first, then the members the workspace uses most, then the class's order.
    scored.sort(key=lambda item: item[:3])
    out: list[MemberGuess] = []
    for rank, (negative, _spread, _order, m, note) in enumerate(scored):
        decay = 0 if negative else min(2 * max(0, rank - _FREE_RANK), base - 1)
        detail = f"; {note}" if note else ""
        out.append(
            MemberGuess(
                f"{name}.{m.name}",
                min(base - decay - negative, CEILING),
                f"a class-level member of {name} ({reason}{detail})",
            )
        )
    return out
