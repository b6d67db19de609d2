"""Generate mode's reading of what the body's own name, header and doc comment name: the variants of an enum
the code around it uses whose every word they say (`ErrorKind::GroupUnopened` for a method documented "an
unopened group error is returned"), the methods of a small type of the file they name
(`Primitive.into_class_set_item` for "parse a single primitive item"), the variants of a small enum a helper
named after the body takes (`parse_hex_digits(kind: HexLiteralKind)` beside `parse_hex`), what a sibling named
like the body uses with the one word their names differ in swapped (`value.as_i64()` in `eq_i64` beside `eq_u64`)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter, lt

from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from ..resolve import descendants
from ..target import Target
from .build import NAMES, Build
from .members import name_words, words
from .noted import picked_names
from .tables import top_level_of
from .weights import (
    ANALOGIES,
    ANALOGY,
    DELEGATE_VARIANT,
    NAMED_TYPE_MEMBER,
    NAMED_VARIANT,
    SMALL_CLASS,
    SMALL_ENUM,
)

# An enum the code around the body names this many members of is one it picks variants from (its weight,
# with the others, in weights.py).
ENUM_USES = 2
# A small type of the file the doc comment names lends its methods (`named_type_members`).
NAMED_TYPE_KINDS = CLASS_KINDS | {SymbolKind.ENUM}
NAMED_TYPE_METHODS = 6
_NAME = itemgetter(SymbolNode._fields.index("name"))
_FIRST = itemgetter(0)
_PARAMETER = re.compile(r"(?<![\w:])\w+\s*:(?!:)")


def named_variants(build: Build, scores: Counter[str], reasons: dict[str, str]) -> None:
    """Score the variants of the enums the code around the body uses (`ast::ErrorKind::GroupUnclosed` in a
    neighbour) whose every word the body's header and doc comment say: `pop_group`, documented "an
    unopened group error is returned", raises `ErrorKind::GroupUnopened`. Names of one word are too
    common to tell (`Empty`, `Other`)."""
    target = build.target
    if target is None:
        return
    said = words(target.signature) | words(target.doc) | words(comments_above(build, target))
    said = set(map(stem, said | small_type_words(build, target)))
    # The members of a type-like prefix (`ErrorKind.GroupUnclosed`), read among the packing's own names where its
    # scores note them (`noted.py`: sqlite3.c's far table scores 25,000 names, a pass over them ~4 ms a packing).
    members = picked_names(scores, _typed_member)
    # Counted from lists made in C where they can be (a generator's step a name: ~1,300 names a Go packing).
    if members is None:
        members = [ref for ref in scores if "." in ref and ":" not in ref]
    prefixes = Counter(map(_FIRST, map(str.rpartition, members, repeat("."))))
    for prefix, used in prefixes.items():
        if used < ENUM_USES or not prefix.rpartition(".")[2][:1].isupper():
            continue
        for found in build.resolver.resolve(build.index, build.scope, prefix):
            where = build.memory.file(found.path)
            if found.symbol is None or found.symbol.kind is not SymbolKind.ENUM or where is None:
                continue
            for child_id in found.symbol.children:
                name = where.by_id[child_id].name if child_id in where.by_id else ""
                named = stemmed_words(name)
                if len(named) >= 2 and named <= said and f"{prefix}.{name}" not in reasons:
                    scores[f"{prefix}.{name}"] += NAMED_VARIANT
                    reasons[f"{prefix}.{name}"] = "the header and doc comment name it"


def _typed_member(ref: str) -> bool:
    """A member (no `::` path) of a prefix whose last part begins with a capital: an enum's variant, perhaps."""
    return "." in ref and ":" not in ref and ref.rpartition(".")[0].rpartition(".")[2][:1].isupper()


def named_type_members(build: Build, scores: Counter[str], reasons: dict[str, str]) -> None:
    """Score the methods of a small type of the file whose name the body's doc comment says: "Parse a
    single primitive item" works with what `parse_primitive` returns, a `Primitive`, through its methods
    (`prim.into_class_set_item(self)`), which no neighbour reaches by that name."""
    target = build.target
    if target is None:
        return
    said = words(target.doc) | words(comments_above(build, target))
    if not said:
        return  # no type's name is said
    index = build.index
    seen: set[str] = set()
    # The file's top-level types, taken by their places (`top_level_of`): a kind's test of each of a large file's
    # top-level definitions (16,000 in sqlite3.c, most of them functions) hashed an enum in Python, ~1-2 ms.
    for cls in top_level_of(index, NAMED_TYPE_KINDS):
        named = name_words(cls.name)
        if cls.qualname in seen or not named or not named <= said:
            continue
        seen.add(cls.qualname)
        # The type's methods, in its body or in impl blocks of the file (one per name).
        methods = {
            index.by_id[c].name
            for block in index.by_qualname.get(cls.qualname, ())
            for c in block.children
            if c in index.by_id and index.by_id[c].kind in CALLABLE_KINDS
        }
        if len(methods) > NAMED_TYPE_METHODS:
            continue  # a large type is named for what it is, not for the few methods a body calls
        for name in methods:
            ref = f"{cls.name}.{name}"
            scores[ref] += NAMED_TYPE_MEMBER
            reasons.setdefault(ref, f"a method of {cls.name}, which the doc comment names")


def small_type_words(build: Build, target: SymbolNode) -> set[str]:
    """The words of the name and doc comments of the small type a method belongs to (its struct and impl
    blocks, SMALL_CLASS members at most): a type of a few methods is about one thing, which its methods'
    errors name (`NestLimiter`, "checks whether its depth exceeds the specified nesting limit", reports
    `ErrorKind::NestLimitExceeded` from `increment_depth`, which has no doc comment of its own)."""
    index = build.index
    cls = next((s for s in index.enclosing(target) if s.kind in CLASS_KINDS), None)
    blocks = index.by_qualname.get(cls.qualname, ()) if cls is not None else ()
    if sum(len(b.children) for b in blocks) > SMALL_CLASS:
        return set()
    return {w for b in blocks for w in words(f"{b.name} {b.doc} {comments_above(build, b)}")}


@lru_cache(maxsize=1 << 16)
def stemmed_words(name: str) -> frozenset[str]:
    """The stems of the words of one name, kept: a packing reads every variant of each enum the code around the
    body uses, thousands of words, the same at each packing."""
    return frozenset(map(stem, name_words(name)))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A word less the endings that make a name of a verb (`nesting`, `exceeded`, `limiter`): a doc comment
    says "exceeds the nesting limit" of what an enum names `NestLimitExceeded`."""
    # To a fixed point, so that both sides meet (`exceeded` -> `exceed` -> `exce`, as `exceed` -> `exce`).
    ending = next((e for e in ("ing", "ed", "er") if word.endswith(e) and len(word) - len(e) >= 4), None)
    return word if ending is None else stem(word[: -len(ending)])


def comments_above(build: Build, target: SymbolNode) -> str:
    """The comment lines (and attributes, annotations) right above `target`'s header: its whole doc
    comment, where the memory keeps only its summary line."""
    lines: list[str] = []
    spec = BY_NAME.get(build.index.language)
    marks = ("/*", "*", "#[", "@", spec.line_comment if spec is not None else "//")
    for number in range(target.start[0], 0, -1):  # 1-based lines above the 0-based start row
        line = build.view.lines[number - 1].strip()
        if not line.startswith(marks):
            break
        lines.append(line)
    return "\n".join(lines)


def delegate_variants(build: Build, siblings: list[SymbolNode], scores: Counter[str]) -> dict[str, Target]:
    """Score the variants of a small enum a helper named after the body takes (`parse_hex_digits(&self,
    kind: ast::HexLiteralKind)` beside `parse_hex`): the body hands its work on to the helper and must
    choose the value it passes (`ast::HexLiteralKind::X`). Keys are `definition:` keys, as the siblings'."""
    target = build.target
    resolved: dict[str, Target] = {}
    if target is None:
        return resolved
    own = name_words(target.name)
    for helper in _named_more(siblings, own):
        if helper.id == target.id or helper.kind not in CALLABLE_KINDS:
            continue
        resolved.update(handed_variants(build, helper, DELEGATE_VARIANT, scores))
    return resolved


def _named_more(siblings: list[SymbolNode], own: frozenset[str]) -> list[SymbolNode]:
    """The siblings whose names hold every word of `own` and more, in order."""
    names = tuple(map(_NAME, siblings))
    if own and len(names) > _WORDS_INDEXED:
        # Only the siblings holding every word of the body's name can hold more: read from the names by word (kept
        # while the names are the same), not each name's words tested against the body's.
        by_word = _places_by_word(names)
        places = set(by_word.get(min(own, key=lambda w: len(by_word.get(w, ()))), ()))
        for word in own:
            places.intersection_update(by_word.get(word, ()))
        return [siblings[at] for at in sorted(places) if own < name_words(names[at])]
    # The siblings named with more words than the body's picked in C first (a kind's test hashes an enum in Python),
    # then the rest of the test, in the same order.
    return list(compress(siblings, map(lt, repeat(own), map(name_words, names))))


# Sibling lists longer than this are read by word (`_places_by_word`): a module's thousands of functions in a large
# file (11,000 in sqlite3.c, each name's words tested at every packing: ~1-2 ms).
_WORDS_INDEXED = 256


@lru_cache(maxsize=4)
def _places_by_word(names: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """The places in `names` of the names holding each word. Kept for the last few lists of names: a packing's
    siblings are a new list of the same names at every packing of a file, and an edit of bodies leaves them."""
    found: dict[str, list[int]] = {}
    for at, name in enumerate(names):
        for word in name_words(name):
            found.setdefault(word, []).append(at)
    return {word: tuple(places) for word, places in found.items()}


def handed_variants(build: Build, helper: SymbolNode, weight: int, scores: Counter[str]) -> dict[str, Target]:
    """Score by `weight` the variants of the small enums the parameters of `helper` (a function of the body's
    file) take, and each enum, by `definition:` keys: the body calling it chooses the value it passes, named
    through the enum (`ast::ClassSetBinaryOpKind::Intersection`, a variant's line alone says neither); what
    each key leads to."""
    index, spec = build.index, BY_NAME.get(build.index.language)
    resolved: dict[str, Target] = {}
    if spec is None:
        return resolved
    params = helper.signature.partition("(")[2]
    for bound in _PARAMETER.finditer(params):
        typename = spec.declared_type(params[bound.start() :])
        for held in build.resolver.resolve(index, helper, typename.replace("::", ".")) if typename else ():
            variants = small_enum_variants(build, held)
            for found in [held, *(Target(held.path, v) for v in variants)] if variants else ():
                key = f"definition:{found.path}:{found.symbol.id if found.symbol else ''}"
                resolved[key] = found
                scores[key] += weight
    return resolved


def small_enum_variants(build: Build, found: Target) -> list[SymbolNode]:
    """The variants of `found` where it is an enum of at most SMALL_ENUM variants, else none: a large enum
    (forty error kinds) says nothing of which few a body names."""
    enum, where = found.symbol, build.memory.file(found.path)
    if enum is None or where is None or enum.kind is not SymbolKind.ENUM:
        return []
    variants = [v for c in enum.children if (v := where.by_id.get(c)) is not None]
    return variants if len(variants) <= SMALL_ENUM else []


# The words of a camel-case name, acronyms kept whole (`evalBool` -> eval, Bool; `setGCPercent` -> set, GC, Percent).
_CAMEL_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


@lru_cache(maxsize=4096)
def _name_parts(name: str) -> tuple[str, ...]:
    """The words of a function's name in order: between underscores (`eq_i64`), else its camel-case parts
    (`evalBool`). Kept by name: a large type's hundreds of methods are read at each packing."""
    return tuple(name.split("_") if "_" in name or name.islower() else _CAMEL_PARTS.findall(name))


def analogous_names(build: Build, siblings: list[SymbolNode], scores: Counter[str]) -> dict[str, Target]:
    """Score the names a sibling named like the body uses, with the one word their names differ in swapped:
    `eq_u64` beside `eq_i64` calls `value.as_u64()`, so `eq_i64` calls `value.as_i64()`; `hir_unicode_class`
    builds a `hir::ClassUnicode` where `hir_bytes_class` builds a `hir::ClassBytes`. From the ANALOGIES siblings
    nearest the body whose names differ from its own in one word (between underscores, or camel-case parts:
    text/template's `evalString` beside `evalBool`); a swapped name nothing defines is passed over by the
    ranking, as a sibling's local is. Where the language says so (`analogies_where_used`), a swapped name through
    the sibling's own local is resolved in the sibling (`value.SetString` -> `value.SetBool`); what each
    `definition:` key leads to is returned."""
    target, spec = build.target, BY_NAME.get(build.index.language)
    if target is None or spec is None or not spec.names_by_analogy:
        return {}
    resolved: dict[str, Target] = {}
    # What the body's header binds (its receiver, its parameters) and the file's imports mean the same in the body:
    # a swapped name through them is resolved from the body's scope as it is scored.
    bound: set[str] = set()
    if spec.analogies_where_used:
        bound = {plain for plain, _member in NAMES.findall(target.signature)}
        bound |= {i.bound for i in build.index.imports}
    own = _name_parts(target.name)
    found = 0
    # Named with as many words as the body (a cheap test, before sorting): a large type has hundreds of methods.
    alike = [s for s in siblings if s.id != target.id and len(_name_parts(s.name)) == len(own)]
    for sibling in sorted(alike, key=lambda s: abs(s.start[0] - target.start[0])):
        theirs = _name_parts(sibling.name)
        differ = [i for i, (a, b) in enumerate(zip(theirs, own, strict=True)) if a != b]
        if len(differ) != 1 or not theirs[differ[0]] or not own[differ[0]]:
            continue
        old, new = theirs[differ[0]].lower(), own[differ[0]].lower()
        swap = re.compile(
            rf"(?<![a-z0-9]){re.escape(old)}(?![a-z0-9])|{re.escape(old.capitalize())}(?![a-z0-9])"
        )

        def replace(m: re.Match[str], new: str = new) -> str:
            return new.capitalize() if m.group(0)[:1].isupper() else new

        for ref in {r for d in [sibling, *descendants(build.index, sibling)] for r in d.refs}:
            swapped = swap.sub(replace, ref)
            if swapped != ref:
                scores[swapped] += ANALOGY
                if spec.analogies_where_used and "." in swapped and swapped.partition(".")[0] not in bound:
                    # Through the sibling's own local (`value := reflect.New(typ).Elem()`: `value.SetString` ->
                    # `value.SetBool`), which means nothing from the body's scope: resolved where the sibling uses it.
                    for there in build.resolver.resolve(build.index, sibling, swapped):
                        if there.symbol is not None and there.span is None:
                            key = f"definition:{there.path}:{there.symbol.id}"
                            resolved[key] = there
                            scores[key] += ANALOGY
        found += 1
        if found >= ANALOGIES:
            break
    return resolved
