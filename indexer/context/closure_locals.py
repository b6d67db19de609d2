"""Generate mode: the locals the functions around a nested body bind before it, in scope at the cursor
(effect's `forEachConcurrentDiscard`: `const results = new Array()`, `let interrupted = false` in the
lambdas around `const pushResult = (res, index) => { ... }`). A function written inside another works on
its closure, yet the window shows only the enclosing headers when the function around it is long, and no
sign of the ranking points at a local: each binding line is offered as a predicted name, the nearest first.
Which lines bind a local is the language's (`LanguageSpec.closure_binding`); a binding is in scope when no
line between it and the body is indented less (the block holding it has not closed: formatted code)."""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..records import CALLABLE_KINDS
from ..target import Target
from .build import Build

# The score of each binding. Measured on effect's internals (generate at 2,048, tuned part): 227 -> 224 of 1,258
# units missed; 226 with the nearest scored 30 and each farther one 2 less (12 offered).
CLOSURE_LOCAL = 24
# How many bindings are offered, nearest first.
MAX_CLOSURE_LOCALS = 20
# How far above the body the enclosing functions are read (lines).
MAX_LINES = 400


def closure_locals(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `line:` keys added to `scores`, the lines binding the locals in scope at a nested body that
    the packing does not show already; what each key leads to (the line, as a companion line is)."""
    spec = BY_NAME.get(build.index.language)
    pattern = spec.closure_binding if spec is not None else None
    scope = build.target or build.scope
    outer = [s for s in build.index.enclosing(scope) if s.kind in CALLABLE_KINDS]
    if pattern is None or not outer or not build.window:
        return {}
    lines, first = build.view.lines, min(build.window)
    top = max(outer[-1].start[0] + 2, first - MAX_LINES)  # 1-based, below the outermost function's header
    found: dict[str, Target] = {}
    floor = _indent(lines[first - 1])
    for n in range(first - 1, top - 1, -1):
        text = lines[n - 1]
        if not text.strip():
            continue
        indent = _indent(text)
        if indent > floor:
            continue  # inside a block closed before the body (or a statement's continuation)
        floor = indent
        if (n in build.window or n in build.scope_lines) or pattern.match(text) is None:
            continue
        key = f"line:{build.index.path}:{n - 1}"
        found[key] = Target(build.index.path, None, n - 1, companion=True)
        scores[key] += CLOSURE_LOCAL
        if len(found) == MAX_CLOSURE_LOCALS:
            break
    return found


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
