"""Generate mode's reading of the included API a C file's functions of the body's parameter types call: a body taking
a `sqlite3_context *` calls the `sqlite3_result_text` and `SQLITE_TRANSIENT` that the file's other functions taking
one call, though none of the functions around it does.

The names a header declares are reached by the body's scope only through its includes, which the ranking of names
does not follow (`predict._take_ranked`): they come resolved where a near or a likest sibling uses them
(`siblings.py`). In an amalgamation (sqlean's extensions, `shell.c`) the functions of one API are spread over tens of
thousands of lines, and the body's neighbours are often of another part. The habit of the file's functions of the
body's parameter type, counted once per function (`parameter_types.type_readings`), says which of the API they call;
each such name no definition of the file binds is resolved where one of them uses it, and scored, as the fields
the same functions read are (`parameter_types.TYPE_FIELD`), by the share of them calling it. Where a language
declares parameters C's way and its files share one namespace through includes (C).
"""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..target import Target
from .build import Build
from .parameter_types import MAX_FIELDS, MIN_SHARE, MIN_USERS, TYPE_FIELD, parameters, type_readings
from .similar import functions_naming

# What a name every function of the type calls scores (a share of them, that share of it): twice a field's
# (`TYPE_FIELD`), as a call of the API is a line of the header, and the body's neighbours rarely name it.
TYPE_CALL = 2 * TYPE_FIELD


def parameter_type_calls(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the names of other files that the file's functions taking a
    parameter of one of the body's parameter types call most; what each key leads to."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.shared_namespace or spec.imports_bind_names:
        return {}
    memory, top = build.memory, index.by_qualname
    # Per name, its best share over the body's parameter types (`sqlite3_context *` and `sqlite3_value **` are
    # taken by the same functions: one habit, not two), and a function using it, to resolve it in.
    best: dict[str, tuple[float, str]] = {}
    for type_name, _name in parameters(target.signature):
        if len(functions_naming(index, type_name)) < MIN_USERS or not memory.files_defining(type_name):
            continue  # few functions of the type, or a type no file defines (`int`, `size_t`)
        readings = type_readings(index, type_name)
        counts: Counter[str] = Counter()
        user: dict[str, str] = {}
        for sid, _fields, names in readings:
            counts.update(names)
            for ref in names:
                user.setdefault(ref, sid)
        taken = 0
        for ref, count in sorted(counts.items(), key=lambda rc: (-rc[1], rc[0])):
            if count < MIN_SHARE * len(readings) or taken >= MAX_FIELDS:
                break
            # A name of this file (its ranking reaches it) or of no file (a local, a parameter) is left.
            if ref in top or not any(p != index.path for p in memory.files_defining(ref)):
                continue
            taken += 1
            share = count / len(readings)
            if share > best.get(ref, (0.0, ""))[0]:
                best[ref] = (share, user[ref])
    resolved: dict[str, Target] = {}
    for ref, (share, sid) in best.items():
        for found in build.resolver.resolve(index, index.by_id[sid], ref):
            if found.symbol is None or found.span is not None or found.path == index.path:
                continue
            key = f"definition:{found.path}:{found.symbol.id}"
            resolved[key] = found
            scores[key] += round(TYPE_CALL * share)
    return resolved
