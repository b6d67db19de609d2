"""Generate mode: the variant a parameter's declared type narrows a union to. effect's FiberRuntime has a method per
instruction, `[OpCodes.OP_WHILE](op: core.Primitive & { _op: OpCodes.OP_WHILE }) {`: the body reads
`op.effect_instruction_i0`, a member of the one variant of `core.Primitive` (nineteen) whose `_op` is `OP_WHILE`
(`interface While extends Op<OpCodes.OP_WHILE, { effect_instruction_i0(): boolean ... }>`), which no symbol stands
for (the members are those of a type literal in the variant's header). The union is read through its variants (a
variant that is itself a union, `Either.Either<any, any>`, through its own, one level), and the variants declaring
the discriminant's value, in their header or in the member the discriminant names (`readonly _op: "Left"`), are
offered whole with their fields. Which headers narrow so is the language's (`LanguageSpec.narrowed_parameter`)."""

from __future__ import annotations

import re
from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .handed_types import union_variants
from .signature import ANONYMOUS_HEADER
from .weights import NARROWED_VARIANT

# How many variants a discriminant may pick (a value declared by more says nothing of the one the body reads).
MAX_PICKED = 2
# How deep a union's variants are read when a variant is a union itself (`Either.Either` in `core.Primitive`).
MAX_DEPTH = 2
# How many lines of a variant's header are offered beside its first.
MAX_HEADER_LINES = 8


def narrowed_variants(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score the variants (and their fields) of the unions the body's parameters are narrowed to by a discriminant;
    what each scored key leads to."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or spec.narrowed_parameter is None:
        return {}
    header, scope = body_header(build)
    resolved: dict[str, Target] = {}
    for found in spec.narrowed_parameter.finditer(header):
        typename, key, value = found.group("type"), found.group("key"), found.group("value").strip()
        # The value as a variant declares it: a constant by its last name (`OP_WHILE` of `OpCodes.OP_WHILE`, whose
        # module the variant's file may bind otherwise), a literal as written.
        last = value.rpartition(".")[2]
        if not last:
            continue
        declares = re.compile(
            rf"(?<![\w$]){re.escape(last)}(?![\w$])" if last[0] not in "\"'`" else re.escape(last)
        )
        variants: dict[str, tuple[FileIndex, SymbolNode]] = {}
        for union in build.resolver.resolve(index, scope, typename):
            union_variants(build, union, MAX_DEPTH, variants)
        picked = [(where, v) for where, v in variants.values() if _declares(where, v, key, declares)]
        if not 0 < len(picked) <= MAX_PICKED:
            continue
        for where, variant in picked:
            for symbol in [variant, *(where.by_id[c] for c in variant.children if c in where.by_id)]:
                if symbol is not variant and symbol.kind is not SymbolKind.FIELD:
                    continue
                ref = f"definition:{where.path}:{symbol.id}"
                resolved[ref] = Target(where.path, symbol)
                scores[ref] += NARROWED_VARIANT
            header_members(build, where, variant, resolved, scores, NARROWED_VARIANT)
    return resolved


def body_header(build: Build) -> tuple[str, SymbolNode]:
    """The body's header and the scope its names are read in: its symbol's, or, for a function the index keeps no
    symbol for (a method of a computed name, `[OpCodes.OP_WHILE](op: ...)`), the lines just above the body, as
    `signature.py` reads it."""
    target, view = build.target, build.view
    if target is not None:
        return target.signature, target
    lines = (
        view.lines[n - 1] for n in sorted(build.window) if build.line - ANONYMOUS_HEADER <= n <= build.line
    )
    return "\n".join(lines), build.scope


def _declares(where: FileIndex, variant: SymbolNode, key: str, value: re.Pattern[str]) -> bool:
    """Whether `variant` declares the discriminant's value: in its header (`extends Op<OpCodes.OP_WHILE, ...>`), or
    in its member named `key` (`readonly _op: "Left"`)."""
    if value.search(variant.signature):
        return True
    return any(
        (member := where.by_id.get(c)) is not None and member.name == key and value.search(member.signature)
        for c in variant.children
    )


def header_members(
    build: Build,
    where: FileIndex,
    variant: SymbolNode,
    resolved: dict[str, Target],
    scores: Counter[str],
    score: int,
) -> None:
    """The lines of a variant's header after its first, where the members of a type literal it extends stand
    (`Op<OpCodes.OP_WHILE, { effect_instruction_i0(): boolean ... }>`): no symbol stands for them, and the variant
    enters a packing at its first line."""
    view = build.view_of(where.path)
    if view is None:
        return
    for line in sorted(view.header_lines(variant))[1:MAX_HEADER_LINES]:
        ref = f"line:{where.path}:{line}"
        resolved[ref] = Target(where.path, None, line - 1, companion=True)
        scores[ref] += score
