"""Confinement: a candidate edit may change only the code unit it names, and says which risky calls it adds.

A model can be steered by text in the repository it reads, so "verified" must mean more than "the
diagnostics went away": the edit changes the unit in the action's title (a function, a class, the lines a
syntax fix needs, a stub's body) and nothing else. Checked on the texts, never on what the provider claims:

- growth beyond a bound proportional to the unit is refused before anything is parsed or checked;
- a line diff of the two texts: every changed line lies inside the unit, or is an import statement added to
  the file (the import block where a fix adds an import); every other line is byte-identical;
- inside the unit's new lines, the statements at the unit's level (the memory's chunks) are the unit alone:
  no statement or definition appended beside it, not renamed, not turned into another kind; for a block of
  lines, no definition whose name the old lines did not hold;
- an added import must be used by the unit's new code (an import for its side effects is refused);
- calls the language's table marks as risky (process spawning, network, eval, file deletion) that the unit
  did not make before are *flags*: shown in the action's title and preview, refused only when asked.

Language-agnostic: it reads the memory's chunks, definitions, references and imports; only the risky-call
table is per language, as data its spec holds (`risky_calls`: patterns over references resolved through the
file's imports, `sp.run` after `import subprocess as sp` being `subprocess.run`).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from archmem.indexer.context.redact import redact
from archmem.indexer.document import Document
from archmem.indexer.languages import LanguageSpec
from archmem.indexer.symbols import Chunk, Import

# A fix may grow its unit; more than this is no fix (a 2.4 MB reply adding 60,000 functions is the case).
GROWTH_FACTOR = 4
MIN_GROWTH_BYTES = 4096
# A block of lines (a syntax fix) may gain this many non-blank lines: a closing bracket, a split line.
LINE_SLACK = 2
_MAX_REFUSALS = 4
_EXCERPT = 60


@dataclass(frozen=True, slots=True)
class Scope:
    """What an edit may change: bytes [start_byte, end_byte) of the text it is made against.

    `symbol_id` is the definition the range holds (its name and kind must stay), None for a block of
    lines; `may_define` lets new definitions appear in such a block (generate's selection); `min_growth` is
    what the edit may add however small the unit (generate writes a body where a stub was)."""

    start_byte: int
    end_byte: int
    name: str
    symbol_id: str | None = None
    may_define: bool = False
    min_growth: int = MIN_GROWTH_BYTES


@dataclass(frozen=True, slots=True)
class Confinement:
    """Why an edit is refused (empty: it is confined) and the risky calls it adds, as lines for people."""

    refusals: tuple[str, ...]
    flags: tuple[str, ...]


def growth_refusal(before: bytes, after: bytes, scope: Scope) -> str | None:
    """Why `after` grew too much for a fix of `scope`, or None. Cheap: called before anything is parsed."""
    unit = max(0, scope.end_byte - scope.start_byte)
    limit = max(scope.min_growth, GROWTH_FACTOR * unit)
    grown = len(after) - len(before)
    if grown <= limit:
        return None
    return (
        f"the edit grows the file by {grown:,} bytes, more than a change to {scope.name} ({unit:,} bytes) "
        f"may (at most {limit:,}): send only the code of {scope.name}"
    )


def confine(before: Document, after: Document, scope: Scope, *, spec: LanguageSpec) -> Confinement:
    """Whether `after` changes `before` only inside `scope` (see the module's rules), and its risky calls."""
    old_lines = before.text.splitlines(keepends=True)
    new_lines = after.text.splitlines(keepends=True)
    old_starts, new_starts = _line_starts(old_lines), _line_starts(new_lines)
    first = before.text.count(b"\n", 0, scope.start_byte)
    last = before.text.count(b"\n", 0, max(scope.start_byte, scope.end_byte - 1))
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    refusals: list[str] = []
    span: list[int] = []
    # Lines of `after` that replace no line of `before` (a replaced line is the fixed version of itself).
    inserted: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            span.extend(j1 + line - i1 for line in range(max(i1, first), min(i2, last + 1)))
            continue
        changed_old = [i for i in range(i1, i2) if old_lines[i].strip()]
        changed_new = [j for j in range(j1, j2) if new_lines[j].strip()]
        if not changed_old and not changed_new:
            continue  # blank lines only
        if changed_old:
            inside = all(first <= i <= last for i in changed_old)
        else:
            inside = i1 <= last + 1 and i2 >= first
        if inside:
            span.extend(range(j1, j2))
            inserted.update(range(j1 + len(changed_old), j2) if changed_old else range(j1, j2))
        elif _all_imports(before, old_lines, old_starts, changed_old) and _all_imports(
            after, new_lines, new_starts, changed_new
        ):
            continue  # the import block: what it gains must be used, what it loses is checked below
        else:
            outside = [i for i in changed_old if not first <= i <= last]
            line, text = (outside[0], old_lines) if outside else (changed_new[0], new_lines)
            side = "changes" if outside else "adds"
            refusals.append(
                f"the edit {side} line {line + 1} (`{_excerpt(text[line])}`), outside {scope.name}: "
                f"change only {scope.name}"
            )
    start = new_starts[min(span)] if span else 0
    end = new_starts[max(span) + 1] if span else 0
    old_span = (old_starts[first], old_starts[min(last + 1, len(old_lines))])
    if span:
        refusals.extend(_unit_shape(before, after, scope, old_span, (start, end), inserted))
    refusals.extend(_unused_imports(before, after, (start, end)))
    refusals.extend(_lost_imports(before, after, first, last, scope))
    flags = _risky(before, after, old_span, (start, end), spec.risky_calls)
    return Confinement(tuple(refusals[:_MAX_REFUSALS]), flags)


def _line_starts(lines: Sequence[bytes]) -> list[int]:
    """The byte offset of each line's start, and of the end of the text last."""
    return [0, *itertools.accumulate(len(line) for line in lines)]


def _excerpt(line: bytes) -> str:
    shown = line.decode("utf-8", "replace").strip()
    shown = shown if len(shown) <= _EXCERPT else shown[: _EXCERPT - 1] + "…"
    # The excerpt goes back to the model in the feedback: redacted like everything it is sent.
    return redact(shown)[0]


def _inside(chunk: Chunk, span: tuple[int, int]) -> bool:
    return span[0] <= chunk.origin_byte and chunk.end_byte <= span[1]


def _substantial(chunk: Chunk) -> bool:
    """A statement that does something: defines, refers or imports (not a comment or a bare literal)."""
    return bool(chunk.defs or chunk.loose_refs or chunk.imports)


def _all_imports(
    document: Document, lines: Sequence[bytes], starts: Sequence[int], numbers: Sequence[int]
) -> bool:
    """Whether every one of these lines of `document` lies in an import statement (and nothing else)."""
    imports = [c for c in document.index.chunks if c.imports and _binds_only_imports(c)]
    for number in numbers:
        start = starts[number] + len(lines[number]) - len(lines[number].lstrip())
        if not any(c.origin_byte <= start < c.end_byte for c in imports):
            return False
    return True


def _binds_only_imports(chunk: Chunk) -> bool:
    # `const cp = require('child_process')` both imports and defines `cp`: still an import statement.
    bound = {imp.bound for imp in chunk.imports}
    return all(d.name in bound for d in chunk.defs)


def _unit_shape(
    before: Document,
    after: Document,
    scope: Scope,
    old_span: tuple[int, int],
    new_span: tuple[int, int],
    inserted: set[int],
) -> list[str]:
    """The unit's new lines hold the unit alone: no statement beside it, its name and kind kept."""
    # Import statements are judged by whether the unit uses them (`_unused_imports`).
    chunks = [
        c
        for c in after.index.chunks
        if _inside(c, new_span) and _substantial(c) and not (c.imports and _binds_only_imports(c))
    ]
    if not chunks:
        return []  # the unit was deleted (an empty answer deletes it) or holds nothing but comments
    level = min(len(c.scope) for c in chunks)
    top = [c for c in chunks if len(c.scope) == level]
    unit = before.index.by_id.get(scope.symbol_id) if scope.symbol_id else None
    refusals: list[str] = []
    if unit is not None:
        # Chunks hold the kind as extracted (a method is a function there): compare like with like.
        kind = next(
            (c.defs[0].kind for c in before.index.chunks if c.defs and _def_start(c) == unit.start_byte),
            unit.kind,
        )
        own = [c for c in top if c.defs and c.defs[0].name == unit.name and c.defs[0].kind == kind]
        keep = own[:1]
        if not own:
            named = next((c for c in top if c.defs), None)
            if named is not None:
                keep = [named]
                refusals.append(
                    f"the edit turns {scope.name} into {named.defs[0].kind.name.lower()} "
                    f"'{named.defs[0].name}': keep its name and kind"
                )
        for chunk in top:
            if chunk not in keep:
                refusals.append(f"the edit adds {_what(after, chunk)} beside {scope.name}: change only it")
        return refusals
    if scope.may_define:
        return []
    old_text = before.text[old_span[0] : old_span[1]]
    for chunk in chunks:
        new_names = [
            d
            for d in chunk.defs
            if not re.search(rb"(?<!\w)" + re.escape(d.name.encode()) + rb"(?!\w)", old_text)
        ]
        refusals.extend(
            f"the edit adds {d.kind.name.lower()} '{d.name}' in {scope.name}: change only them"
            for d in new_names
        )
        # The old text may not parse, so its statements cannot be counted: a statement made only of lines
        # the edit inserted is new, whatever the old tree said.
        first_line = after.text.count(b"\n", 0, chunk.origin_byte)
        last_line = after.text.count(b"\n", 0, max(chunk.origin_byte, chunk.end_byte - 1))
        if not new_names and all(line in inserted for line in range(first_line, last_line + 1)):
            refusals.append(f"the edit adds {_what(after, chunk)} to {scope.name}: fix only what is broken")
    old_count = sum(1 for line in old_text.splitlines() if line.strip())
    new_count = sum(1 for line in after.text[new_span[0] : new_span[1]].splitlines() if line.strip())
    if new_count > old_count + LINE_SLACK:
        refusals.append(
            f"the edit turns {scope.name} ({old_count} lines) into {new_count} lines: a fix of these lines "
            "needs no new code beside them"
        )
    return refusals


def _def_start(chunk: Chunk) -> int:
    return chunk.origin_byte + chunk.defs[0].start_byte


def _what(after: Document, chunk: Chunk) -> str:
    if chunk.defs:
        definition = chunk.defs[0]
        return f"{definition.kind.name.lower()} '{definition.name}'"
    line = after.text[chunk.origin_byte : chunk.end_byte].split(b"\n", 1)[0]
    return f"the statement `{_excerpt(line)}`"


def _span_refs(document: Document, span: tuple[int, int]) -> set[str]:
    """Every reference made by the statements inside `span` and their definitions."""
    refs: set[str] = set()
    for chunk in document.index.chunks:
        if _inside(chunk, span) or (chunk.origin_byte <= span[0] and span[1] <= chunk.end_byte):
            refs.update(chunk.loose_refs)
            for definition in chunk.defs:
                start = chunk.origin_byte + definition.start_byte
                end = chunk.origin_byte + definition.end_byte
                if (span[0] <= start and end <= span[1]) or (start <= span[0] and span[1] <= end):
                    refs.update(definition.refs)
    return refs


def _unused_imports(before: Document, after: Document, new_span: tuple[int, int]) -> list[str]:
    """Imports the edit adds that its unit does not use."""
    added = Counter(after.index.imports) - Counter(_moved(before.index.imports, after.index.imports))
    if not added:
        return []
    refs = _span_refs(after, new_span)
    first_parts = {ref.split(".")[0] for ref in refs}
    known = set(before.index.referenced_names) | set(before.index.defined_names)
    known |= {imp.bound for imp in before.index.imports}
    refusals: list[str] = []
    for imp in added:
        bound = imp.bound
        if bound.isidentifier() and bound != "_":
            used = bound in first_parts
        else:
            # A header or a path binds no name of its own (`#include <string.h>`): it counts as used when
            # the new code uses a name the file did not know before.
            used = bound != "_" and any(name not in known for name in first_parts)
        if not used:
            refusals.append(f"the edit adds an import of '{imp.module}' that the fix does not use")
    return refusals


def _lost_imports(before: Document, after: Document, first: int, last: int, scope: Scope) -> list[str]:
    """Imports outside the unit that the edit removes (an import inside it is the unit's to change)."""
    kept = {(imp.module, imp.name, imp.alias) for imp in after.index.imports}
    return [
        f"the edit removes the import of '{imp.module}' on line {imp.line + 1}, outside {scope.name}"
        for imp in before.index.imports
        if (imp.module, imp.name, imp.alias) not in kept and not first <= imp.line <= last
    ]


def _moved(old: Iterable[Import], new: Iterable[Import]) -> list[Import]:
    """The old imports as they appear in the new text: their line moves when lines are added above."""
    by_key = {(imp.module, imp.name, imp.alias): imp for imp in new}
    return [by_key.get((imp.module, imp.name, imp.alias), imp) for imp in old]


def _resolved(refs: Iterable[str], imports: Iterable[Import]) -> set[str]:
    """References with their first part resolved through the file's imports (aliases, from-imports)."""
    table: dict[str, str] = {}
    for imp in imports:
        if imp.name:
            table[imp.bound] = f"{imp.module}.{imp.name}"
        elif imp.alias:
            table[imp.bound] = imp.module
    out: set[str] = set()
    for ref in refs:
        head, dot, rest = ref.partition(".")
        out.add(table.get(head, head) + dot + rest if head else ref)
    return out


def _risky(
    before: Document,
    after: Document,
    old_span: tuple[int, int],
    new_span: tuple[int, int],
    table: Sequence[tuple[str, str]],
) -> tuple[str, ...]:
    if not table:
        return ()
    old = _resolved(_span_refs(before, old_span), before.index.imports)
    new = _resolved(_span_refs(after, new_span), after.index.imports)
    return _flags(new - old, after.text[new_span[0] : new_span[1]], table)


def risky_calls_added(
    spec: LanguageSpec, path: str, before: bytes, after: bytes, imports: Sequence[Import]
) -> tuple[str, ...]:
    """The risky calls the code fragment `after` makes that `before` did not (a completion's line up to the
    cursor, and with the suggestion after it), their names resolved through `imports` (the file's) and the
    fragments' own: the flags a verified edit adding them would show. Each fragment is parsed alone."""
    if not spec.risky_calls:
        return ()
    old, new = Document(path, spec, before), Document(path, spec, after)
    old_refs = _resolved(_span_refs(old, (0, len(old.text))), [*imports, *old.index.imports])
    new_refs = _resolved(_span_refs(new, (0, len(new.text))), [*imports, *new.index.imports])
    return _flags(new_refs - old_refs, new.text, spec.risky_calls)


def _flags(refs: set[str], code: bytes, table: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The references `table` marks as risky, as lines for people (`code` tells a call from a use)."""
    flags: list[str] = []
    for ref in sorted(refs):
        what = next((why for pattern, why in table if fnmatchcase(ref, pattern)), None)
        if what is None:
            continue
        last = ref.rpartition(".")[2]
        called = re.search(rb"(?<!\w)" + re.escape(last.encode()) + rb"\s*\(", code) is not None
        shown = ref.lstrip(".") if not ref.startswith(".") else f"….{last}"
        flags.append(f"⚠ adds {'a call to' if called else 'a use of'} {shown} ({what})")
    return tuple(flags)
