"""Generate mode: the exported top-level definitions right beside the body that no code of the file uses yet
(ParseResult.ts's `export const isComposite = createParseIssueGuard("Composite")` just above `getMessage`, which
tests `isComposite(issue)`). An export unused in its own file is the file's API, and most are (`predict.py`
lets none wait); one written beside the body is as likely the body's helper as an unexported one there.
Where the language's lines say what a file exports (`LanguageSpec.file_private`)."""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..languages.spec import LanguageSpec
from ..records import SymbolKind
from .build import Build
from .tables import name_uses, top_level

# How many top-level definitions on each side of the body's count as beside it, and what one scores. Measured on
# effect's internals (generate at 2,048, tuned part): 218 -> 214 of 1,258 units missed; 219 with 3 a side scored
# 16 (two exports of a long file's API lost), 216 with 3 scored 8 or 2 scored 24, 215 with 1 scored 16.
EXPORTED_BESIDE_SPAN = 1
EXPORTED_BESIDE = 8


def exported_beside(build: Build, scores: Counter[str]) -> None:
    """Score the exported top-level definitions within EXPORTED_BESIDE_SPAN of the body's own that nothing in
    the file uses but the body."""
    index, lines = build.index, build.view.lines
    spec = BY_NAME.get(index.language)
    start = build.target or build.scope
    if (
        spec is None
        or type(spec).file_private is LanguageSpec.file_private
        or start.kind is SymbolKind.MODULE
    ):
        return
    anchor = next((s for s in [start, *index.enclosing(start)] if s.parent == index.module_id), None)
    top = top_level(index)
    at = next((i for i, s in enumerate(top) if anchor is not None and s.id == anchor.id), None)
    if anchor is None or at is None:
        return
    _keys, uses, _members = name_uses(index)
    for s in top[max(0, at - EXPORTED_BESIDE_SPAN) : at + EXPORTED_BESIDE_SPAN + 1]:
        if s.id == anchor.id or uses.get(s.name, 0) or s.start[0] >= len(lines):
            continue
        if spec.file_private(lines[s.start[0]]) is False:
            scores[s.name] += EXPORTED_BESIDE
