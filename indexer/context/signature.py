"""Generate mode's reading of the headers around a body still to be written: the members of the classes,
structs and interfaces their parameters and types name.

A body works on what it is given: `sqlite3_file *pFile` is read through `pFile->pMethods`, a receiver
`(c *conn)` through `c.server`, `self: List<A>` (narrowed to `Cons<A>`) through `self.head`. Each parameter
the memory infers a class for (through typedefs and pointers, `inference.py`), or for an anonymous function
each type named in the lines just above the body that resolves to a class, offers its members; a member
whose name the neighbouring functions reach for (`these.tail` in a sibling) comes first, as a sibling's use
of a name does; one sharing words with the function's name (`cipherSuites` reading `c.CipherSuites`) next.
The parameters of the lambdas around the cursor offer theirs too, declared or typed by the callee the
lambda is passed to (`new Observable((subscriber) => ...)` is read through `subscriber.next`), as do the
locals the window uses whose types the memory infers. A struct the header names but takes no parameter of
(the one it returns) offers its fields: the body builds it (`&ast.ChanType{Begin: pos, ...}`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import NAMES, Build
from .constructed import construct_signatures
from .handed_types import handed_types
from .held_whole import block_methods, whole_bonus
from .made_fields import held_struct_fields
from .members import words
from .named import comments_above
from .nested_tags import nested_struct_fields
from .unbound import field_members
from .weights import (
    BUILT_FIELD,
    BUILT_FIELD_SET,
    BUILT_VARIANT,
    DOCUMENTED_THROW,
    MADE_FIELD,
    MEMBER_REACHED_NEAR,
    NAMESAKE,
    SHARED_WORD,
    SHARED_WORDS,
    SIGNATURE_MEMBER,
    SMALL_ENUM,
    SMALL_FACE,
    SMALL_FACE_METHOD,
)

# Bounds on what one packing asks the memory: the names of the headers tried, the members taken per class.
MAX_NAMES = 40
MAX_MEMBERS = 24
# The lines above the cursor read as the header of a function the index keeps no symbol for.
ANONYMOUS_HEADER = 3
# A member only the class's own code reads (`private x`, `protected _next()`, `#count`).
_HIDDEN = re.compile(r"(?:(?:static|readonly|override|abstract)\s+)*(?:private|protected)\b|[_#]")
# How far above a declaration its doc comment is looked for, in bytes.
_DOC_REACH = 4_000
# The lambda parameters and locals around the cursor whose classes one packing infers (one inference each).
MAX_BOUND_NAMES = 6


def signature_members(
    build: Build, neighbours: Iterable[SymbolNode], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the members of the classes the headers around the
    body name (except the enclosing class `skip`'s, scored as its members already); what each key leads to."""
    index, view = build.index, build.view
    lines = set(build.scope_lines)
    if build.target is not None:
        lines |= view.header_lines(build.target)
    else:
        # An anonymous function has no symbol, hence no header lines: its header is just above the body.
        lines |= {n for n in build.window if build.line - ANONYMOUS_HEADER <= n <= build.line}
    text = "\n".join(view.lines[n - 1] for n in sorted(lines))
    spec = BY_NAME.get(index.language)
    keywords = spec.keywords if spec is not None else frozenset()
    names = [n for n in dict.fromkeys(plain for plain, _member in NAMES.findall(text)) if n not in keywords]
    reached = {ref.rpartition(".")[2] for s in neighbours for ref in s.refs if "." in ref}
    enclosing = {s.id for s in index.enclosing(build.target or build.scope)}
    # A method is named for the state it serves: `(c *Config) cipherSuites` reads `c.CipherSuites`.
    named = words(build.target.name) if build.target is not None else set()
    if (
        build.target is None
        and spec is not None
        and spec.lambda_named_by_scope
        and build.scope.kind is not SymbolKind.MODULE
    ):
        # A lambda is named for the definition holding it: `fiberRefModify`'s `withFiberRuntime((state) => {` reads
        # `state.getFiberRef`, `state.setFiberRef`.
        named = words(build.scope.name)
    resolved: dict[str, Target] = {}
    held = _classes(build, names[:MAX_NAMES]) + _bound_classes(build, keywords)
    # The language's own reading of the struct the header builds (Rust's `-> Result<Self>`) first; the
    # structs the header names but takes no parameter of add what it did not score.
    built = _built_members(build, scores)
    _made_fields(build, keywords, {owner.id for _index, owner in held} | enclosing, resolved, scores, built)
    for owner_index, owner in held:
        if owner.id in enclosing:
            continue  # the class around the body: its members are scored as `self.` members
        members = [m for c in owner.children if (m := owner_index.by_id.get(c)) is not None]
        fields = sum(1 for m in members if m.kind is SymbolKind.FIELD)
        members += block_methods(spec, owner_index, owner)
        shared = {m.id: min(SHARED_WORDS, len(words(m.name) & named)) for m in members}
        members.sort(key=lambda m: (m.name not in reached, _hidden(m), -shared[m.id]))
        for m in members[:MAX_MEMBERS]:
            key = f"definition:{owner.path}:{m.id}"
            if key in resolved:
                continue
            resolved[key] = Target(owner.path, m)
            scores[key] += SIGNATURE_MEMBER + (MEMBER_REACHED_NEAR if m.name in reached else 0)
            scores[key] += SHARED_WORD * shared[m.id] + whole_bonus(spec, owner, m, fields)
            if (
                spec is not None
                and spec.small_face_methods
                and m.kind in CALLABLE_KINDS
                and owner.kind in CLASS_KINDS
                and len(owner.children) <= SMALL_FACE
            ):
                # An interface of a member or two is handed to be called (`schedule: Schedule` for `schedule.step`).
                scores[key] += SMALL_FACE_METHOD
    resolved.update(built)
    resolved.update(nested_struct_fields(build, held, reached, scores))
    resolved.update(_namesakes(build, scores))
    resolved.update(handed_types(build, text, scores))
    construct_signatures(build)
    field_members(build)
    return resolved


def _namesakes(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score the declarations of the body's own name in its class's bases and in the classes around its
    class, where the language says methods delegate to those (`delegates_to_namesakes`)."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if spec is None or target is None or not spec.delegates_to_namesakes:
        return {}
    classes = [s for s in index.enclosing(target) if s.kind in CLASS_KINDS]
    if not classes:
        return {}
    found = [t for base in build.resolver.bases(index, classes[0]) for t in _own(build, base, target.name)]
    for outer in classes[1:]:
        found += [Target(index.path, s) for s in index.by_qualname.get(f"{outer.qualname}.{target.name}", ())]
    resolved: dict[str, Target] = {}
    for t in found:
        if t.symbol is not None and t.symbol.id != target.id:
            key = f"definition:{t.path}:{t.symbol.id}"
            resolved[key] = t
            scores[key] += NAMESAKE
            for thrown in _documented_throws(build, t.symbol, spec.documented_throws):
                key = f"definition:{thrown.path}:{thrown.symbol.id if thrown.symbol else ''}"
                resolved[key] = thrown
                scores[key] += DOCUMENTED_THROW
    return resolved


def _documented_throws(build: Build, declared: SymbolNode, pattern: re.Pattern[str] | None) -> list[Target]:
    """The classes the doc comment right above `declared` says it throws, resolved from the body's scope."""
    text = build.memory.text(declared.path)
    if pattern is None or text is None or build.target is None:
        return []
    before = text[max(0, declared.start_byte - _DOC_REACH) : declared.start_byte]
    opened, closed = before.rfind(b"/**"), before.rfind(b"*/")
    if opened < 0 or closed < opened or re.search(rb"[;{}]", before[closed:]):
        return []  # no doc comment, or one of an earlier declaration
    doc = before[opened:closed].decode("utf-8", "replace")
    names = dict.fromkeys(pattern.findall(doc))
    return [
        t
        for name in names
        for t in build.resolver.resolve(build.index, build.target, name)
        if t.symbol is not None and t.symbol.kind in CLASS_KINDS
    ]


def _own(build: Build, cls: SymbolNode, name: str) -> list[Target]:
    """The declarations of `name` in class `cls` itself (its file's, not its bases')."""
    where = build.memory.file(cls.path)
    return (
        []
        if where is None
        else [Target(cls.path, s) for s in where.by_qualname.get(f"{cls.qualname}.{name}", ())]
    )


def header_built_type(build: Build, target: SymbolNode) -> str | None:
    """The type the header of `target` says it builds and returns (the language's `built_type` of its header
    lines: Rust's `-> T`, `-> Result<T>`)."""
    spec = BY_NAME.get(build.index.language)
    header = "\n".join(build.view.lines[n - 1] for n in sorted(build.view.header_lines(target)))
    return spec.built_type(header) if spec is not None else None


def _built_members(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score the fields of the struct the body's header says it builds and returns (the language's
    `built_type`: Rust's `-> Result<Self>`, whose body ends in `ExprLet { attrs, let_token, .. }`) and the
    variants of the small enums those fields hold (`kind: ClassPerlKind` set to `ClassPerlKind::Digit`)."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if spec is None or target is None:
        return {}
    typename = header_built_type(build, target)
    if typename in spec.self_type_names:
        # `Self` is the type of the impl block around the method, which is named for it.
        typename = next((s.name for s in index.enclosing(target) if s.kind in CLASS_KINDS), None)
    if typename is None:
        return {}
    resolved: dict[str, Target] = {}
    # Once per place the name resolves to (the resolver may name a struct twice): as before aliases were read.
    for where, field, whole in _built_fields(build, target, typename):
        key = f"definition:{where.path}:{field.id}"
        resolved[key] = Target(where.path, field)
        # A struct literal of a language that makes it set every field names each one (Rust's, not Go's).
        scores[key] += BUILT_FIELD_SET if whole and spec.literals_set_every_field else BUILT_FIELD
        resolved.update(held_struct_fields(build, where, (field,), scores))
        for variant in _small_enum_variants(build, where, field):
            key = f"definition:{variant.path}:{variant.symbol.id if variant.symbol else ''}"
            resolved[key] = variant
            scores[key] += BUILT_VARIANT
    return resolved


def _built_fields(
    build: Build, target: SymbolNode, typename: str
) -> list[tuple[FileIndex, SymbolNode, bool]]:
    """The fields a body building `typename` sets: a struct's (each with True: a literal of it names them all),
    or those of a small enum's variants (`Compound::Map { ser: self, state }`) and the members of what a variant
    its doc comment names holds; through a type alias the header names (`-> Result<Self::SerializeMap>`, with
    `type SerializeMap = Compound<'a, W, F>;` in the impl), read as a header would be."""
    spec = BY_NAME[build.index.language]
    out: list[tuple[FileIndex, SymbolNode, bool]] = []
    found = [(build.index, target, typename)]
    for scope_index, scope, name in found:
        for built in build.resolver.resolve(scope_index, scope, name):
            owner = built.symbol
            where = build.memory.file(built.path) if owner is not None else None
            if owner is None or where is None:
                continue
            children = [c for i in owner.children if (c := where.by_id.get(i)) is not None]
            if owner.kind is SymbolKind.TYPE_PARAMETER and len(found) == 1:
                aliased = spec.built_type(f"-> {owner.signature.partition('=')[2]}")
                if aliased is not None:
                    found.append((where, owner, aliased))  # one alias followed, never a chain of them
            elif owner.kind is SymbolKind.ENUM and len(children) <= SMALL_ENUM:
                out += [(where, f, False) for v in children for i in v.children if (f := where.by_id.get(i))]
                out += [(other, m, False) for other, m in _named_payloads(build, target, where, children)]
            elif owner.kind in CLASS_KINDS:
                out += [(where, f, True) for f in children if f.kind is SymbolKind.FIELD]
    return out


def _named_payloads(
    build: Build, target: SymbolNode, where: FileIndex, variants: list[SymbolNode]
) -> list[tuple[FileIndex, SymbolNode]]:
    """The members of the type a variant of a built enum holds (`Range(ClassSetRange)`) when the body's doc
    comment says every word of the variant's name ("a range between two simple literal characters"): the body
    builds that value and checks it (`range.is_valid()`)."""
    spec = BY_NAME[where.language]
    said = words(f"{target.doc}\n{comments_above(build, target)}")
    out: list[tuple[FileIndex, SymbolNode]] = []
    for variant in variants:
        named = words(variant.name)
        held = spec.built_type(f"-> {variant.signature.partition('(')[2].rpartition(')')[0]}")
        if variant.children or not named or not named <= said or held is None:
            continue
        for found in build.resolver.resolve(where, variant, held):
            owner, other = found.symbol, build.memory.file(found.path)
            if owner is not None and other is not None and owner.kind in CLASS_KINDS:
                out += [(other, m) for m in _members(other, owner)]
    return out


def _members(index: FileIndex, owner: SymbolNode) -> list[SymbolNode]:
    """A type's members: its children and those of the blocks of the file declaring into it (Rust's impls)."""
    blocks = index.by_qualname.get(owner.qualname, (owner,))
    return [m for block in blocks for c in block.children if (m := index.by_id.get(c)) is not None]


def _small_enum_variants(build: Build, where: FileIndex, field: SymbolNode) -> list[Target]:
    """The enum a field is declared with and its variants, when it has at most SMALL_ENUM of them."""
    spec = BY_NAME.get(where.language)
    text = build.memory.text(where.path)
    if spec is None or text is None:
        return []
    line_start = text.rfind(b"\n", 0, field.start_byte) + 1
    line_end = text.find(b"\n", field.start_byte)
    raw = text[line_start : len(text) if line_end < 0 else line_end]
    # The name's place in the line as text: its byte column decoded (a comment before it may be non-ASCII).
    start = len(raw[: field.name_start[1]].decode("utf-8", "replace"))
    line = raw.decode("utf-8", "replace")
    typename = spec.declared_type_at(line, start, start + len(field.name))
    if typename is None:
        return []
    out: list[Target] = []
    for held in build.resolver.resolve(where, field, typename):
        enum = held.symbol
        enum_index = build.memory.file(held.path) if enum is not None else None
        if enum is None or enum_index is None or enum.kind is not SymbolKind.ENUM:
            continue
        variants = [v for c in enum.children if (v := enum_index.by_id.get(c)) is not None]
        if len(variants) <= SMALL_ENUM:
            out += [held, *(Target(held.path, v) for v in variants)]
    return out


def _classes(build: Build, names: list[str]) -> list[tuple[FileIndex, SymbolNode]]:
    """The classes the header names hold: a parameter's declared type; for an anonymous function (no
    symbol, so no parameters the memory knows), a type its header names outright (`self is Cons<A>`)."""
    index = build.index
    scope = build.target or build.scope
    inference = build.resolver.inference
    found: dict[str, tuple[FileIndex, SymbolNode]] = {}
    for name in names:
        if build.target is not None:
            # A function's own parameters say what it holds; a type its header only names (the one it
            # returns) is one it makes, not one whose members it reads. Used in the body: a parameter named as
            # the module its type is in (`ast: &ast::ClassPerl`) is the parameter there.
            body = scope.body_start_byte
            if inference.binds_locally(index, build.view.raw, scope, name, body):
                for held in inference.classes(index, build.view.raw, scope, body, [name]):
                    found.setdefault(held[1].id, held)
            continue
        for target in build.resolver.resolve(index, scope, name):
            named = target.symbol
            if named is None or named.kind not in CLASS_KINDS:
                continue
            named_index = index if named.path == index.path else build.memory.file(named.path)
            if named_index is not None:
                found.setdefault(named.id, (named_index, named))
    return list(found.values())


def _made_fields(
    build: Build,
    keywords: frozenset[str],
    skip: set[str],
    resolved: dict[str, Target],
    scores: Counter[str],
    built: dict[str, Target],
) -> None:
    """Score the fields of the structs the body's own header names but takes no parameter of: the type it
    returns, which it most often builds field by field (`parseChanType() *ast.ChanType`
    returns `&ast.ChanType{Begin: pos, Arrow: arrow, Dir: dir, Value: value}`)."""
    target = build.target
    if target is None:
        return
    index, view = build.index, build.view
    text = "\n".join(view.lines[n - 1] for n in sorted(view.header_lines(target)))
    inference = build.resolver.inference
    names: dict[str, None] = {}
    for plain, member in NAMES.findall(text):
        if plain in keywords or plain == target.name:
            continue
        if not inference.binds_locally(index, view.raw, target, plain):
            names[f"{plain}.{member}" if member else plain] = None
    for name in list(names)[:MAX_NAMES]:
        for found in build.resolver.resolve(index, target, name):
            owner = found.symbol
            if owner is None or owner.kind is not SymbolKind.STRUCT or owner.id in skip:
                continue
            skip.add(owner.id)
            owner_index = index if owner.path == index.path else build.memory.file(owner.path)
            if owner_index is None:
                continue
            fields = [
                m for c in owner.children if (m := owner_index.by_id.get(c)) and m.kind is SymbolKind.FIELD
            ]
            for m in fields[:MAX_MEMBERS]:
                key = f"definition:{owner.path}:{m.id}"
                if key in built:
                    continue
                resolved.setdefault(key, Target(owner.path, m))
                scores[key] += MADE_FIELD


def _hidden(member: SymbolNode) -> bool:
    """Whether `member` is the class's own business: a body outside the class reads its public ones."""
    return _HIDDEN.match(member.signature) is not None or _HIDDEN.match(member.name) is not None


def _bound_classes(build: Build, keywords: frozenset[str]) -> list[tuple[FileIndex, SymbolNode]]:
    """The classes held by the lambda parameters and locals of the function around the cursor: a callback's
    body reads what it is handed (`subscriber.next`) as a method body reads its parameters, though no
    header the index keeps names their types. The whole outermost function is read, not just the lines at
    the cursor: its context is packed once, at the first request in it, for every line typed there. The
    names read as receivers most often come first, then the others in the order the function uses them."""
    index, raw, scope, cursor = build.index, build.view.raw, build.scope, build.cursor
    outer = next((s for s in reversed([scope, *index.enclosing(scope)]) if s.kind in CALLABLE_KINDS), None)
    if outer is not None:
        text = raw[outer.start_byte : outer.end_byte].decode("utf-8", "replace")
    else:
        # Outside any function (a module's or a large class's body): the window's lines, not all of it.
        outer, text = scope, "\n".join(build.view.lines[n - 1] for n in sorted(build.window))
    used = NAMES.findall(text)
    read = Counter(plain for plain, member in used if member)
    names = sorted(dict.fromkeys(plain for plain, _member in used), key=lambda n: -read[n])
    inference = build.resolver.inference
    found: dict[str, tuple[FileIndex, SymbolNode]] = {}
    asked = 0
    for name in names[:MAX_NAMES]:
        if name in keywords:
            continue
        if inference.lambda_spans(index, raw, scope, cursor, name):
            held = inference.classes(index, raw, scope, cursor, [name])
        elif inference.lambda_spans(index, raw, outer, None, name) or inference.binds_locally(
            index, raw, outer, name
        ):
            held = inference.classes(index, raw, outer, None, [name])
        else:
            continue
        for pair in held:
            found.setdefault(pair[1].id, pair)
        asked += 1
        if asked == MAX_BOUND_NAMES:
            break
    return list(found.values())
