"""Generate mode's reading of the fields a C file's functions read through parameters of the body's parameter types:
a body taking an `Expr *p` reads the `op`, `flags` and `pLeft` that the file's other functions taking an `Expr *`
read, whatever they name theirs (`pExpr`, `pE`, `p`).

In an amalgamation the struct is defined tens of thousands of lines above the body, its fields are far from every
function using them, and a large struct (a parser's state, a connection) has more fields than a prompt holds: which
of them a new body reads is told by the habit of the file's functions of that type, counted once per function (a
field every third function of the type reads is likelier than one a single long function reads forty times). The
functions whose headers are likest the body's (`similar.py`) say which fields they read; the type's habit is over
all of them. Where a language declares parameters C's way (`Type *name`, its files sharing one namespace).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolNode
from .build import Build
from .similar import functions_naming

# What a field every function of the type reads scores (a share of them, that share of it): as two uses by a near
# sibling, what the nearest definition above the body scores (`preceding.py`).
TYPE_FIELD = 24
# Fewer functions of a type than this say nothing of a habit; fields fewer than this share of them read are chance;
# at most this many fields per type are offered (each costs the budget a line).
MIN_USERS = 3
MIN_SHARE = 0.2
MAX_FIELDS = 8
# The functions of one type read, at most, spread over the file (sqlite3.c has some 700 of `Expr *`): a share is
# as well told by these, and a packing's first reading of a type stays within a few milliseconds.
MAX_USERS = 200

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_QUALIFIERS = frozenset({"const", "volatile", "restrict", "struct", "union", "enum", "register"})


def parameter_type_fields(build: Build, scores: Counter[str]) -> None:
    """Add to `scores` the body's `parameter.field` names whose fields the file's functions taking a parameter of
    the same type read most, where a language's files share one namespace through includes (C)."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or spec.parameter_declaration is None:
        return
    # A language whose parameters `parameter_members.py` reads names them before their types (Go's `st
    # *http2stream`) and reads them itself; C's `Expr *pExpr` is read here.
    if spec.parameter_type_members:
        header = "\n".join(build.view.lines[n - 1] for n in sorted(build.view.header_lines(target)))
        named = [(typename, name) for name, typename in spec.parameters(header)]
    else:
        named = parameters(target.signature)
    for type_name, name in named:
        if len(functions_naming(index, type_name)) < MIN_USERS or not build.memory.files_defining(type_name):
            continue  # few functions of the type, or a type no file defines (`int`, `size_t`)
        n, fields = _habit(index, type_name, spec.parameter_declaration)
        kept = [(f, c) for f, c in fields.items() if c >= MIN_SHARE * n]
        for field, count in sorted(kept, key=lambda fc: (-fc[1], fc[0]))[:MAX_FIELDS]:
            scores[f"{name}.{field}"] += round(TYPE_FIELD * count / n)


def parameters(signature: str) -> list[tuple[str, str]]:
    """The (type, name) of each parameter a C header declares `Type name`, `Type *name`, `const struct T *name`;
    none of a header with no parameter list. The last parenthesised list is read: `PRIV(name)(size_t n)` names
    the function through a macro first."""
    close = signature.rfind(")")
    depth, at = 0, close
    while at > 0:
        at -= 1
        if signature[at] == ")":
            depth += 1
        elif signature[at] == "(":
            if depth == 0:
                break
            depth -= 1
    if close < 0 or at <= 0:
        return []
    found: list[tuple[str, str]] = []
    for part in signature[at + 1 : close].split(","):
        if "(" in part:
            continue  # a function pointer's parameter: no struct read through it
        words = [w for w in _IDENTIFIER.findall(part) if w not in _QUALIFIERS]
        if len(words) >= 2:
            found.append((words[-2], words[-1]))
    return found


@lru_cache(maxsize=64)
def _declared(type_name: str, declaration: str) -> re.Pattern[str]:
    """A parameter of `type_name` in a header, its name the group, as the language's `declaration` says: C's
    `Expr *pExpr,`, `const Expr *p)`; Go's `st *http2stream,`."""
    return re.compile(declaration.replace("{type}", re.escape(type_name)))


def _read_fields(s: SymbolNode, name: str) -> frozenset[str]:
    """The fields the function `s` reads through its parameter `name` (`name->field`, `name.field`)."""
    prefix = f"{name}."
    return frozenset(ref[len(prefix) :].partition(".")[0] for ref in s.refs if ref.startswith(prefix))


def _habit(index: FileIndex, type_name: str, declaration: str) -> tuple[int, Counter[str]]:
    """How many of the file's functions of `type_name` are read (MAX_USERS at most) and per field how many of them
    read it. What each function reads is kept with the references it was read from: after an edit of a body only
    that function is read again (a table carried by `carry.py` would compare the whole file's symbols against
    the text the type was last read in, which for a type no recent packing asked is a comparison of its own)."""
    ids = functions_naming(index, type_name)
    key = (index.path, type_name)
    kept = _KEPT.pop(key, None)
    step = max(1, len(ids) // MAX_USERS)
    headers = tuple(index.by_id[sid].signature for sid in ids[::step][:MAX_USERS])
    if kept is None or kept[0] != (ids, headers):
        kept = ((ids, headers), [], {})
        for sid, header in zip(ids[::step][:MAX_USERS], headers, strict=True):
            found = _declared(type_name, declaration).search(header)
            if found is not None:
                kept[1].append((sid, found.group(1)))
    _KEPT[key] = kept  # the most recently read last
    while len(_KEPT) > _KEPT_TYPES:
        del _KEPT[next(iter(_KEPT))]
    fields: Counter[str] = Counter()
    read = kept[2]
    for sid, name in kept[1]:
        s = index.by_id[sid]
        last = read.get(sid)
        if last is None or last[0] != s.refs:
            last = read[sid] = (s.refs, _read_fields(s, name))
        fields.update(last[1])
    return len(kept[1]), fields


# Per file and type: the function ids and the read ones' headers its functions were read from, the functions read
# (with their parameter's name) and, per function, the references it was read from and the fields it reads.
_Kept = tuple[
    tuple[tuple[str, ...], tuple[str, ...]],
    list[tuple[str, str]],
    dict[str, tuple[tuple[str, ...], frozenset[str]]],
]
_KEPT: dict[tuple[str, str], _Kept] = {}
_KEPT_TYPES = 64
