"""Generate mode: the members of what a pipe's head call returns, read by the lambda its first step is handed.
effect's ParseResult.ts writes `getCurrentMessage(issue).pipe(` then `Effect.flatMap((currentMessage) => {`: the
lambda's parameter is the value the head's declared result wraps (`getCurrentMessage = (issue: ParseIssue):
Effect.Effect<CurrentMessage, ...>`), and the body reads `currentMessage.message`, `currentMessage.override`. No
header names `CurrentMessage`, nor does the lambda's callee (`flatMap`'s parameter is generic): the head's result's
first type argument does. Its fields and methods are offered. Which lines open such a pipe and lambda is the
language's (`LanguageSpec.piped_lambda`); the return types are read by `returned_fields.returned_types`."""

from __future__ import annotations

import re
from collections import Counter

from ..languages import BY_NAME
from ..records import CLASS_KINDS, SymbolKind
from ..target import Target
from .build import Build
from .returned_fields import returned_types
from .signature import ANONYMOUS_HEADER
from .weights import PIPED_RESULT_MEMBER

# The first type argument of a return type (`CurrentMessage` of `Effect.Effect<CurrentMessage, E>`).
_FIRST_ARGUMENT = re.compile(r"<\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*[,<>]")
_MEMBER_KINDS = frozenset({SymbolKind.FIELD, SymbolKind.METHOD})


def piped_results(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the members of the type the body's lambda is handed by the
    pipe its header opens; what each key leads to."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or spec.piped_lambda is None:
        return {}
    # The lines just above the body (a lambda's symbol's own header does not hold the pipe's head).
    view, scope = build.view, build.scope
    header = "\n".join(view.lines[n - 1] for n in range(max(1, build.line - ANONYMOUS_HEADER), build.line))
    found = spec.piped_lambda.search(header)
    if found is None:
        return {}
    resolved: dict[str, Target] = {}
    for head in build.resolver.resolve(index, scope, found.group("call")):
        where = build.memory.file(head.path)
        called = head.symbol
        if where is None or called is None or called.parent != where.module_id:
            continue
        for returned in returned_types(where, {called.name}):
            argument = _FIRST_ARGUMENT.search(returned)
            if argument is None:
                continue
            for typed in build.resolver.resolve(where, where.symbols[0], argument.group(1)):
                held, held_at = typed.symbol, build.memory.file(typed.path)
                if held is None or held_at is None or held.kind not in CLASS_KINDS:
                    continue
                for member in (held_at.by_id.get(c) for c in held.children):
                    if member is not None and member.kind in _MEMBER_KINDS:
                        key = f"definition:{held_at.path}:{member.id}"
                        resolved[key] = Target(held_at.path, member)
                        scores[key] += PIPED_RESULT_MEMBER
    return resolved
