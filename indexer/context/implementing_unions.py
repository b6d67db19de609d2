"""Generate mode: the union of variants a module the file imports declares for a type the body is handed. effect's
public interfaces have internal modules implementing them: `decision: MergeDecision.MergeDecision<...>` is read as
`const op = decision as mergeDecision.Primitive`, then `op._tag`, `op.effect`, `op.f`, where internal/channel/
mergeDecision.ts (imported whole as `mergeDecision`) declares `type Primitive = Done | Await` and its variants
extend `Op<Tag, Body> = MergeDecision.MergeDecision<...> & Body & { readonly _tag: Tag }`. No declaration of the
parameter names that union. For each type the body's header names, each namespace import of the file whose module
is named after the type (or its file) and imports it, and declares a union all of whose variants extend that type (themselves, or through an alias they extend) offers the
union through the import (`mergeDecision.Primitive`), its variants with their fields and headers' lines (the members
of a type literal they extend, which no symbol stands for), and the fields of the alias they extend (`_tag`)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import CLASS_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .handed_types import raise_fields, union_variants
from .narrowed_variants import body_header, header_members
from .weights import IMPLEMENTING_UNION

# A type named in a header after a colon (a parameter's, `decision: MergeDecision.MergeDecision<...>`).
_TYPE_NAMED = re.compile(r":\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)")
# A name, qualified or not.
_QUALIFIED = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
# Bounds on one packing's asks: the types of the header tried, the variants of one union read.
MAX_TYPES = 8
MAX_VARIANTS = 12


def implementing_unions(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score the unions (and their variants' members) that the file's namespace imports declare over the types the
    body's header names; what each scored key leads to."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.implementing_unions:
        return {}
    header, scope = body_header(build)
    handed: dict[str, tuple[str, SymbolNode]] = {}
    for typename in dict.fromkeys(_TYPE_NAMED.findall(header)):
        for found in build.resolver.resolve(index, scope, typename):
            if found.symbol is not None and found.symbol.kind in CLASS_KINDS and found.path != index.path:
                handed.setdefault(found.symbol.id, (found.path, found.symbol))
        if len(handed) >= MAX_TYPES:
            break
    if not handed:
        return {}
    resolved: dict[str, Target] = {}
    for imp in index.imports:
        if imp.name != "*" or not imp.bound:
            continue
        for module_target in build.resolver.resolve_import(index, imp):
            module = build.memory.file(module_target.path)
            if module is None or module.path == index.path or module.path in {p for p, _ in handed.values()}:
                continue
            for path, handed_type in handed.values():
                _offer(build, imp.bound, module, path, handed_type, resolved, scores)
    return resolved


def _offer(
    build: Build,
    bound: str,
    module: FileIndex,
    path: str,
    handed_type: SymbolNode,
    resolved: dict[str, Target],
    scores: Counter[str],
) -> None:
    """Offer the unions of `module` whose variants all extend `handed_type` (of `path`)."""
    spec = BY_NAME.get(module.language)
    if spec is None or not _named_after(module.path, path, handed_type) or not _imports(build, module, path):
        return
    for union in module.symbols:
        if (
            union.kind is not SymbolKind.TYPE_PARAMETER
            or union.parent != module.symbols[0].id
            or not spec.alias_is_union(union.signature)
        ):
            continue
        variants: dict[str, tuple[FileIndex, SymbolNode]] = {}
        union_variants(build, Target(module.path, union), 1, variants)
        if not 2 <= len(variants) <= MAX_VARIANTS:
            continue
        extended = [_extends(build, where, v, handed_type) for where, v in variants.values()]
        through = [bases for bases in extended if bases is not None]
        if len(through) < len(extended):
            continue
        ref = f"{bound}.{union.name}"
        scores[ref] += IMPLEMENTING_UNION
        for (where, variant), bases in zip(variants.values(), through, strict=True):
            for symbol in [variant, *(where.by_id[c] for c in variant.children if c in where.by_id)]:
                if symbol is variant or symbol.kind is SymbolKind.FIELD:
                    key = f"definition:{where.path}:{symbol.id}"
                    resolved[key] = Target(where.path, symbol)
                    scores[key] += IMPLEMENTING_UNION
            header_members(build, where, variant, resolved, scores, IMPLEMENTING_UNION)
            for base_index, base in bases:
                raise_fields(base_index, base, resolved, scores, IMPLEMENTING_UNION)


def _named_after(module: str, path: str, handed_type: SymbolNode) -> bool:
    """Whether the module is named after the type or its file (internal/channel/mergeDecision.ts implementing
    MergeDecision.ts's `MergeDecision`): Exit.ts, whose variants extend `Effect`, is no implementation of Effect.ts."""
    stem = PurePosixPath(module).name.partition(".")[0].lower()
    return stem in (handed_type.name.lower(), PurePosixPath(path).name.partition(".")[0].lower())


def _imports(build: Build, module: FileIndex, path: str) -> bool:
    """Whether `module` imports the file at `path`."""
    return any(
        found.path == path
        for imp in module.imports
        if imp.name == "*"
        for found in build.resolver.resolve_import(module, imp)
    )


def _extends(
    build: Build, where: FileIndex, variant: SymbolNode, handed_type: SymbolNode
) -> list[tuple[FileIndex, SymbolNode]] | None:
    """The aliases of its own file through which `variant` extends `handed_type` (none: itself), or None where it
    does not: a name of its header before any type literal (`extends Op<OpCodes.OP_DONE, `), or of an alias of its
    file so named, ending with the type's name, resolves to that type."""
    scope = where.by_id.get(variant.parent or "", where.symbols[0])
    named = tuple(_QUALIFIED.findall(variant.signature.partition("{")[0]))
    if _names(build, where, scope, named, handed_type):
        return []
    for ref in named:
        if "." in ref:
            continue
        for alias in build.resolver.resolve(where, scope, ref):
            symbol = alias.symbol
            if (
                symbol is not None
                and alias.path == where.path
                and symbol.kind is SymbolKind.TYPE_PARAMETER
                and _names(build, where, scope, symbol.refs, handed_type)
            ):
                return [(where, symbol)]
    return None


def _names(
    build: Build, where: FileIndex, scope: SymbolNode, refs: tuple[str, ...], handed_type: SymbolNode
) -> bool:
    return any(
        found.symbol is not None and found.symbol.id == handed_type.id
        for ref in refs
        if not ref.startswith(".") and ref.rpartition(".")[2] == handed_type.name
        for found in build.resolver.resolve(where, scope, ref)
    )
