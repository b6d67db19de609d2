"""Name resolution: the reference graph of the memory, computed on demand.

A reference is a name as the extractor recorded it (`helper`, `self.cache`, `os.path`), or a member of
something unknown (`.run` from `make().run()`): that one resolves to nothing here, since only types could say
whose `run` it is. Where the text shows the receiver's class, `inference.py` follows it; otherwise
`resolve.iter_uses` counts it, after the certain uses, as a probable use of any class member called `run`
(`Resolver.may_mean`). Resolving a reference in the
scope of a symbol follows the language's rules as far as a syntax tree can tell: enclosing scopes, the file's
top level, its imports (Python absolute and relative imports, JS/TS relative imports, C/C++ includes, Java and
Rust paths), members of the enclosing class and of its base classes in the workspace, and, for languages
whose files share a namespace (Go packages, C/C++, Java packages), definitions elsewhere in the workspace.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .definition_facts import impls_of_a_top_level_type, import_lines, no_constructors, same_family
from .fileindex import FileIndex
from .includes import IncludedNames, directory, directory_name
from .kept_answers import Answers, FreeScope, Outside, answers, free_key
from .languages import BY_NAME
from .package_defines import defining, defining_top_level
from .symbols import CALLABLE_KINDS, CLASS_KINDS, Import, SymbolKind, SymbolNode
from .target import Target

if TYPE_CHECKING:
    from .inference import Inference
    from .languages.spec import LanguageSpec
    from .workspace import Memory

_MAX_DEPTH = 6
# Definitions that hold a value of a declared type, whose members are the type's.
_HOLDS_TYPE = frozenset({SymbolKind.FIELD, SymbolKind.VARIABLE, SymbolKind.CONSTANT})
# Each file's imports by the name they bind, by file content: the same for every request until it changes.
_IMPORT_TABLES: dict[tuple[str, str], tuple[dict[str, list[int]], list[int]]] = {}
_KEPT_IMPORT_TABLES = 512
# The names of a class's header: a base must be named there (`java.io.Serializable` by each of its parts).
_WORD = re.compile(r"[\w$]+")


class Resolver(IncludedNames):
    """Resolves references against one memory. Cheap to create; create one per request."""

    def __init__(self, memory: Memory) -> None:
        super().__init__(memory)
        self._resolved: dict[tuple[str, str, str, int, str, int], list[Target]] = {}
        self._imported: dict[tuple[str, str, Import, int], list[Target]] = {}
        self._members: dict[tuple[str, str, str, str, int], list[Target]] = {}
        # Per file and text: the answers kept across requests (`kept_answers.py`), read for this one.
        self._kept: dict[tuple[str, str], Answers] = {}
        # Symbol id -> its file's language when it is a member of a class, namespace or impl, else "".
        self._member_language: dict[str, str] = {}
        self._texts: dict[str, bytes | None] = {}
        self._scopes: dict[tuple[str, str, int], FreeScope] = {}
        self._binds: dict[tuple[str, str, int, str], bool] = {}  # `free_key`'s, by text, scope and name
        # Per file and text (content hash): its text, language and kept answers (once a name was free), read once a
        # request by `resolve`, as `_scopes` and `_kept` are by the same key.
        self._fronts: dict[tuple[str, str], tuple[bytes | None, LanguageSpec, Answers | None]] = {}
        self._inference: Inference | None = None

    def _imports_binding(self, index: FileIndex, name: str) -> list[Import]:
        """The file's imports that may bind `name` (by name, or Python star imports), in file order."""
        key = (index.path, index.content_hash)
        found = _IMPORT_TABLES.get(key)
        if found is None:
            spec = BY_NAME[index.language]
            by_name: dict[str, list[int]] = {}
            stars: list[int] = []
            for i, imp in enumerate(index.imports):
                by_name.setdefault(imp.bound, []).append(i)
                if imp.name == "*" and spec.star_import_binds_names:
                    stars.append(i)
            if len(_IMPORT_TABLES) >= _KEPT_IMPORT_TABLES:
                _IMPORT_TABLES.clear()
            found = _IMPORT_TABLES[key] = (by_name, stars)
        by_name, stars = found
        positions = by_name.get(name, [])
        if stars:
            positions = sorted({*positions, *stars})
        return [index.imports[i] for i in positions]

    # -- public ---------------------------------------------------------------------------------------

    def resolve(self, index: FileIndex, scope: SymbolNode, ref: str, depth: int = 0) -> list[Target]:
        """Where `ref`, used inside `scope` of `index`, is defined. Answers are kept for the resolver's
        life (a request): a packing asks for hundreds of names, whose bases, imports and receivers are
        the same few, asked again and again. A name its scope adds nothing to is answered once for every such
        scope, and kept with the file's answers across requests (`kept_answers.free_key`)."""
        path, content = index.path, index.content_hash
        key = (path, content, scope.id, scope.start_byte, ref, depth)
        found = self._resolved.get(key)
        if found is None:
            # The file's text and kept answers, looked up once a request: a generate packing asks ~500 names.
            front = self._fronts.get((path, content))
            if front is None:
                text = self._text(path)
                front = self._fronts[(path, content)] = (text, BY_NAME[index.language], None)
            text, spec, kept = front
            free = (
                None
                if text is None
                else free_key(spec, index, text, scope, ref, depth, self._scopes, self.memory, self._binds)
            )
            if free is not None and kept is None:
                kept = self._answers(index)
                self._fronts[(path, content)] = (text, spec, kept)
            found = None if free is None or kept is None else kept.whole_of(index, free)
            if found is None:
                found = self._resolve(index, scope, ref, depth)
                if free is not None and kept is not None:
                    kept.whole.store(free, index, found)
            self._resolved[key] = found
        return list(found)

    def _resolve(self, index: FileIndex, scope: SymbolNode, ref: str, depth: int) -> list[Target]:
        if depth > _MAX_DEPTH:
            return []
        receiver, dot, member = ref.partition(".")
        if not dot:
            found = self._resolve_plain(index, scope, ref, depth)
            spec = BY_NAME[index.language]
            if spec.bang_macros and any(spec.is_macro(t.symbol) for t in found):
                found = spec.drop_uninvoked_macros(self._text(index.path), scope, ref, found)
            return found
        if not receiver:
            # A member of something the reference does not name (`make().run`): never a guess (see
            # may_mean), but the scope's code may show a chain of declared types (`a.b[i].run`).
            return self._unnamed_receiver(index, scope, member.rpartition(".")[2])
        spec = BY_NAME[index.language]
        if "." in member:
            # A chain (`c.server.logf`, `p.a.b`, `this.logger.log`): link by link, through declared types.
            *links, last = member.split(".")
            found = self._typed(index, scope, [receiver, *links], last)
            if not found and (b"::" in spec.long_separators or spec.namespace_paths):
                # A path (`pat::parsing::multi_pat`, `ast::ErrorKind::GroupNameDuplicate`): `a.b` resolved,
                # then each further part a member of what it names (an inline module, a type, an enum).
                found = self.resolve(index, scope, f"{receiver}.{links[0]}", depth + 1)
                for part in [*links[1:], last]:
                    found = [t for f in found for t in self._member_kept(index, f, part, depth + 1)]
                    found = list({(t.path, t.symbol and t.symbol.id): t for t in found}.values())
            return found
        if receiver == "super" and spec.super_calls_base:
            return self._base_member(index, scope, member, depth)
        if receiver in spec.self_names or receiver == spec.receiver_name(scope):
            return self._self_member(index, scope, member, depth)
        if self._binds_locally(index, scope, receiver) or self._bound_by_lambda(index, scope, receiver):
            # A parameter or a local (`p->a`, `options.onLeft`): a member of the type it is declared with,
            # never of a definition of the same name elsewhere.
            return self._typed(index, scope, [receiver], member)
        out: list[Target] = []
        values: list[Target] = []
        receivers = self._resolve_plain(index, scope, receiver, depth)
        for target in receivers:
            out.extend(self._member_kept(index, target, member, depth + 1))
            if target.symbol is not None and target.symbol.kind in _HOLDS_TYPE:
                values.append(target)
        if out:
            return out + import_lines(index, receivers) + self._augmenting(receivers)
        # A field or variable (`engine.start` in a Java method): a member of the type it is declared with.
        return self.inference.members_held_by(values, member, depth + 1) if values else []

    def _augmenting(self, receivers: list[Target]) -> list[Target]:
        """What other files declare into the modules among a member's receivers (`declare module
        "./Effect.js"` blocks): part of the module, shown with what is reached through it."""
        out: list[Target] = []
        for target in receivers:
            index = self.memory.file(target.path) if target.symbol is not None else None
            if index is not None and target.symbol is not None and target.symbol.kind is SymbolKind.MODULE:
                out.extend(BY_NAME[index.language].module_augmentations(self, target.path))
        return out

    def may_mean(self, index: FileIndex, ref: str, symbol: SymbolNode) -> bool:
        """True when `ref`, used in `index`, is a member of something unknown (`.run`) named like `symbol`, a
        member of a class, namespace or impl of the same language family: a probable use of it, which only
        types could confirm (a method called on the result of a call)."""
        if not ref.startswith(".") or ref[1:] != symbol.name:
            return False
        language = self._member_language.get(symbol.id)
        if language is None:
            owner = None if symbol.parent is None else self.memory.symbol(symbol.parent)
            other = self.memory.file(symbol.path)
            is_member = owner is not None and (
                owner.kind not in CALLABLE_KINDS | {SymbolKind.MODULE}
                # Defined outside its type: a Go method, C++'s `T::m`, JavaScript's `T.prototype.m = ...`.
                or symbol.qualname
                != (symbol.name if owner.kind is SymbolKind.MODULE else f"{owner.qualname}.{symbol.name}")
            )
            language = self._member_language[symbol.id] = (
                other.language if is_member and other is not None else ""
            )
        return bool(language) and same_family(language, index.language)

    def definitions(self, index: FileIndex, scope: SymbolNode, ref: str) -> list[SymbolNode]:
        """Only the definitions (not import lines) a reference leads to."""
        return [t.symbol for t in self.resolve(index, scope, ref) if t.symbol is not None]

    def members(self, index: FileIndex, cls: SymbolNode, name: str, depth: int = 0) -> list[Target]:
        """`name` as a member of class `cls` or its bases; kept for the request (every method asks, in Java)."""
        key = (index.path, index.content_hash, cls.id, name, depth)
        if key not in self._members:
            self._members[key] = self._class_members(index, cls, name, depth)
        return list(self._members[key])

    def _class_members(self, index: FileIndex, cls: SymbolNode, name: str, depth: int) -> list[Target]:
        if depth > _MAX_DEPTH:
            return []
        qualname = f"{cls.qualname}.{name}"
        found = [Target(index.path, s) for s in index.by_qualname.get(qualname, ())]
        found = found or self._elsewhere(index, qualname, name)
        if found:
            return found
        bases = ((self.memory.file(base.path), base) for base in self.bases(index, cls, depth))
        return next((f for i, b in bases if i is not None and (f := self.members(i, b, name, depth + 1))), [])

    def bases(self, index: FileIndex, cls: SymbolNode, depth: int = 0) -> list[SymbolNode]:
        """Base classes of `cls` that the workspace defines (from the names in its header)."""
        out: list[SymbolNode] = []
        module = index.symbols[0]
        refs = cls.refs
        spec = BY_NAME[index.language]
        if spec.embedded_fields_are_bases:
            # Only an embedded field's type lends its members; the types of named fields do not.
            refs = spec.embedded_types(index, cls)
        elif spec.impl_blocks and cls.kind in (SymbolKind.STRUCT, SymbolKind.ENUM):
            return []  # a struct's names are its field types, never a base: traits come through its impls
        else:
            # Names the class's header gives: its body's own statements (Java's `static {}` naming
            # `LockSupport.class`) name no base.
            header = frozenset(_WORD.findall(cls.signature))
            refs = tuple(ref for ref in refs if all(part in header for part in ref.split(".") if part))
        # A base is named where the class is declared: a nested class's sibling (`KeySpliterator extends
        # IdentityHashMapSpliterator`, both inside IdentityHashMap) is found in the class around it.
        owner = index.by_id.get(cls.parent) if cls.parent is not None else None
        scope = owner if owner is not None and owner.kind in CLASS_KINDS else module
        for ref in refs:
            if ref in cls.decorators or any(d.lstrip("@").startswith(ref) for d in cls.decorators):
                continue
            for target in self.resolve(index, scope, ref, depth + 1):
                if (
                    target.symbol is not None
                    and target.symbol.kind in CLASS_KINDS
                    and target.symbol.id != cls.id
                ):
                    out.append(target.symbol)
        return out

    def resolve_import(self, index: FileIndex, imp: Import, depth: int = 0) -> list[Target]:
        """The definition an import binds, when it is in the workspace (kept for the request, as `resolve`'s
        answers are: every name an import binds asks for its module again)."""
        if depth > _MAX_DEPTH:
            return []
        key = (index.path, index.content_hash, imp, depth)
        found = self._imported.get(key)
        if found is None:
            found = self._imported[key] = BY_NAME[index.language].resolve_import(self, index, imp, depth)
        return list(found)

    # -- plain names ----------------------------------------------------------------------------------

    def _resolve_plain(self, index: FileIndex, scope: SymbolNode, name: str, depth: int) -> list[Target]:
        chain = [scope, *index.enclosing(scope)]
        spec = BY_NAME[index.language]
        implicit_members = spec.implicit_members
        for i, s in enumerate(chain):
            if s.kind is SymbolKind.MODULE:
                break
            if s.kind in CLASS_KINDS and i > 0 and not implicit_members:
                continue  # a method does not see its class's names unqualified (Python, JS)
            if s.kind in CLASS_KINDS and implicit_members:
                found = no_constructors(self.members(index, s, name, depth + 1))
            else:
                qualname = f"{s.qualname}.{name}"
                found = [Target(index.path, c) for c in index.by_qualname.get(qualname, ())]
                if not found and s.kind is SymbolKind.NAMESPACE:
                    # What the language keeps private to its file (C's `static`) is not seen from another.
                    reopened = self._elsewhere(index, qualname, name)
                    found = [
                        t for t in reopened if t.symbol is None or not spec.private_to_its_file(t.symbol)
                    ]
            if found and s.kind in _HOLDS_TYPE and not spec.value_members_scoped:
                # An object literal's methods are no names to its code (JS); a function declared in the value's
                # lambdas is.
                found = [t for t in found if t.symbol is None or t.symbol.kind is not SymbolKind.METHOD]
            if found and spec.impl_blocks and impls_of_a_top_level_type(index, name, found):
                continue  # `impl Parse for ExprLet` in `mod parsing` defines no ExprLet: the struct above does
            if found:
                return found
        # Past the scopes around it, only an out-of-line member's type (the prefix, where members are reached
        # bare) tells two scopes apart: the siblings, the body being written and the window ask for the same
        # names from a dozen scopes, and the next packing asks them again (`kept_answers.py`).
        prefix = scope.qualname.rpartition(".")[0] if implicit_members else ""
        kept = self._answers(index)
        outside = kept.outside_of(index, (prefix, name, depth))
        if outside is None:
            outside = kept.outside.store(
                (prefix, name, depth), index, self._resolve_outside(index, prefix, name, depth)
            )
        # What the use's own scope adds is asked per scope, never kept: a C call above its body, a Rust name
        # only its function's struct literals or paths bind.
        found, top, unbound = outside
        if top:
            return found + self._declared_above(index, scope, name, top)
        if unbound:
            return spec.unbound_name(self, index, scope, name)
        return list(found)

    def _resolve_outside(self, index: FileIndex, prefix: str, name: str, depth: int) -> Outside:
        """`name` past the scopes around its use: the file's top level, then the members of the type
        `prefix` names (an out-of-line member's), its imports and the namespace files share; with the
        top-level definitions found and whether nothing binds it, for what the use's scope adds."""
        spec = BY_NAME[index.language]
        implicit_members = spec.implicit_members
        top = index.by_qualname.get(name)
        if top and spec.impl_blocks:
            # An impl block is not a definition of its type's name: the struct, enum or trait is, wherever
            # in the crate it is (its members are found from it, impls included). Only a type the crate
            # does not define answers with its impls, and a blanket `impl<E> Trait for E` never does.
            types = [s for s in top if s.kind is not SymbolKind.OBJECT]
            if not types:
                found = self._shared(index, name)
                if found:
                    return found, [], False
                types = [s for s in top if not spec.blanket_impl(s)]
            top = types
        if top:
            found = [Target(index.path, s) for s in top]
            # `const util = require('./util')` declares a variable and imports at once: the module's
            # members are reached through the import.
            for imp in self._imports_binding(index, name):
                if imp.bound == name and any(s.start[0] == imp.line for s in top):
                    found.extend(self.resolve_import(index, imp, depth + 1))
            return found, top, False
        # Out-of-line members (C++ `Class::method`) see their type's members; a Go method only through its
        # receiver: `rand` in `(c *Config) rand()` is the package `crypto/rand`, not the method itself.
        # (`prefix` is empty in languages with neither.)
        if prefix and implicit_members:
            found = [Target(index.path, s) for s in index.by_qualname.get(f"{prefix}.{name}", ())]
            if not found and implicit_members:
                found = self._members_of(index, prefix, name, depth)
            if found:
                return found, [], False
        out: list[Target] = []
        # An #include binds no name (its file's stem is not one): included names come from the shared
        # namespace below.
        for imp in self._imports_binding(index, name) if spec.imports_bind_names else ():
            if imp.bound == name or (imp.name == "*" and spec.star_import_binds_names):
                resolved = self.resolve_import(index, imp, depth + 1)
                # A star import binds every name of its module; `import * as ns` binds the module itself.
                if imp.name == "*" and imp.alias is None:
                    out.extend(t for t in self.star(resolved, name) if t.symbol is not None)
                    continue
                out.append(Target(index.path, None, imp.line))
                out.extend(resolved)
        if out:
            return out, [], False
        if spec.shared_namespace and not spec.imports_bind_names:
            # A definition beside the includer wins (a header's prototype is no body); otherwise included
            # headers decide among same-named definitions, with the files beside them (an implementation).
            shared = self._shared(index, name)
            here = directory(index.path)
            if any(directory(t.path) == here for t in shared):
                return self._seen_through_includes(index, name, shared), [], False
            found = self.included(index, name)
            if found:
                dirs = {directory(t.path) for t in found}
                return found + [t for t in shared if directory(t.path) in dirs and t not in found], [], False
            return shared, [], False
        shared = self._shared(index, name) if spec.shared_namespace else []
        return shared, [], not shared

    def star(self, modules: list[Target], name: str) -> list[Target]:
        out: list[Target] = []
        for target in modules:
            index = self.memory.file(target.path)
            if index is not None and BY_NAME[index.language].star_import_is_package:
                out.extend(BY_NAME[index.language].module_member(self, index, name, 0))
                continue
            out.extend(self.top_level(target.path, name))
        return out

    def _shared(self, index: FileIndex, name: str) -> list[Target]:
        here = directory_name(index.path)
        spec = BY_NAME[index.language]
        paths = [
            p
            for p in self.memory.files_defining(name)
            if p != index.path and spec.shares_names_with(self, p, index.path)
        ]
        # The files beside this one first, and the others only when those define nothing: reading the
        # memory of every file that defines a common name (Go's `String`) costs more than the packing.
        same_dir = self._defined_in(index, name, [p for p in paths if directory_name(p) == here], None)
        if same_dir or spec.package_is_directory:
            return same_dir
        return self._defined_in(index, name, [p for p in paths if directory_name(p) != here], 8)

    def _defined_in(self, index: FileIndex, name: str, paths: list[str], limit: int | None) -> list[Target]:
        """`name`'s top-level definitions in `paths` (read if `defining_top_level`) of `index`'s family, the first `limit`."""
        out: list[Target] = []
        for path in defining_top_level(self.memory, name, paths):
            if limit is not None and len(out) >= limit:
                break
            other = self.memory.file(path)
            if other is None or not same_family(other.language, index.language):
                continue
            for s in other.by_qualname.get(name, ()):
                if s.kind is SymbolKind.OBJECT and BY_NAME[other.language].impl_blocks:
                    continue  # `impl<E> Trait for E` defines no `E`; the type itself is found elsewhere
                out.append(Target(path, s))
        return out[:limit] if limit is not None else out

    # -- members --------------------------------------------------------------------------------------

    def _self_member(self, index: FileIndex, scope: SymbolNode, member: str, depth: int) -> list[Target]:
        for s in [scope, *index.enclosing(scope)]:
            if s.kind in CLASS_KINDS:
                return self.members(index, s, member, depth + 1)
        # A method defined outside its type (Go receivers, Rust impls, C++ `T::m`): T's members by name.
        prefix = scope.qualname.rpartition(".")[0]
        while prefix:
            found = [Target(index.path, s) for s in index.by_qualname.get(f"{prefix}.{member}", ())]
            if not found:
                found = self._members_of(index, prefix, member, depth)
            if found:
                return found
            prefix = prefix.rpartition(".")[0]
        return []

    def _typed(self, index: FileIndex, scope: SymbolNode, chain: list[str], member: str) -> list[Target]:
        """`member` of what the receiver `chain` holds, as `inference.Inference` infers it from declared types."""
        text = self._text(index.path)
        if text is None:
            return []
        return self.inference.member_targets(index, text, scope, None, chain, member) or []

    def _unnamed_receiver(self, index: FileIndex, scope: SymbolNode, member: str) -> list[Target]:
        """`member` where the code of `scope` reaches it through calls and subscripts (see inference.py)."""
        if scope.kind is SymbolKind.MODULE:
            return []  # top-level code would mean reading the whole file for one name
        text = self._text(index.path)
        return [] if text is None else self.inference.unnamed_receiver(index, text, scope, member)

    def _binds_locally(self, index: FileIndex, scope: SymbolNode, name: str) -> bool:
        if scope.kind not in CALLABLE_KINDS and not any(
            s.kind in CALLABLE_KINDS for s in index.enclosing(scope)
        ):
            return False
        text = self._text(index.path)
        return text is not None and self.inference.binds_locally(index, text, scope, name)

    def _bound_by_lambda(self, index: FileIndex, scope: SymbolNode, name: str) -> bool:
        """Whether a lambda in `scope` binds `name` (`dual(2, (self: Option<A>) => self.value)`, where no
        function is around): it means that binding, typed or not."""
        text = self._text(index.path)
        return text is not None and bool(self.inference.lambda_spans(index, text, scope, None, name))

    @property
    def inference(self) -> Inference:
        """The type inference of this resolver (one per resolver, sharing its caches)."""
        if self._inference is None:
            from .inference import Inference  # inference reads scopes, which read this module

            self._inference = Inference(self)
        return self._inference

    def remember_text(self, path: str, text: bytes) -> None:
        """Use `text` as the text of `path` (a caller that has read it spares the resolver a second read)."""
        self._texts[path] = text

    def _text(self, path: str) -> bytes | None:
        if path not in self._texts:
            self._texts[path] = self.memory.text(path)
        return self._texts[path]

    def _base_member(self, index: FileIndex, scope: SymbolNode, member: str, depth: int) -> list[Target]:
        """`super.member` in a method: the member of a base class of the class around it, never its own
        (an override calling the method it overrides)."""
        for s in [scope, *index.enclosing(scope)]:
            if s.kind in CLASS_KINDS:
                for base in self.bases(index, s, depth + 1):
                    base_index = self.memory.file(base.path)
                    found = [] if base_index is None else self.members(base_index, base, member, depth + 1)
                    if found:
                        return found
                return []
        return []

    def _members_of(self, index: FileIndex, qualname: str, member: str, depth: int) -> list[Target]:
        """`member` of the types called `qualname` (a method's receiver or out-of-line class) wherever
        they are defined: in other files of the package or crate, and in their embedded or base types."""
        if not BY_NAME[index.language].members_elsewhere:
            return []
        types = [Target(index.path, s) for s in index.by_qualname.get(qualname, ())]
        types += self._elsewhere(index, qualname, qualname.rpartition(".")[2])
        for target in types:
            other = self.memory.file(target.path)
            if other is not None and target.symbol is not None and target.symbol.kind in CLASS_KINDS:
                found = self.members(other, target.symbol, member, depth + 1)
                if found:
                    return found
        return []

    def _elsewhere(self, index: FileIndex, qualname: str, name: str) -> list[Target]:
        """The definitions called `qualname` (last part `name`) in the other files of `index`'s package
        (Go: its directory), crate or C++ program, for languages that spread a type over files."""
        spec = BY_NAME[index.language]
        if not spec.members_elsewhere:
            return []
        here = directory_name(index.path)
        out: list[Target] = []
        others = (p for p in self.memory.files_defining(name) if p != index.path)
        paths = [p for p in others if not spec.package_is_directory or directory_name(p) == here]
        # Only the files whose search rows hold the qualified name are read (most define another `name`).
        for path in defining(self.memory, name, qualname, paths, index.path):
            other = self.memory.file(path)
            if other is not None and same_family(other.language, index.language):
                out.extend(Target(path, s) for s in other.by_qualname.get(qualname, ()))
        return out

    def _answers(self, index: FileIndex) -> Answers:
        """The answers kept for `index`'s file (`kept_answers.py`), looked up once a request."""
        key = (index.path, index.content_hash)
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = answers(self.memory, index)
        return found

    def _member_kept(self, index: FileIndex, target: Target, member: str, depth: int) -> list[Target]:
        """`_member_of_target`, kept with the answers of `index`'s file, where the name was used."""
        if target.symbol is None:
            return []
        kept = self._answers(index)
        key = (target.path, target.symbol.id, member, depth)
        found = kept.members_of(index, key)
        if found is None:
            found = kept.members.store(key, index, self._member_of_target(target, member, depth))
        return list(found)

    def _member_of_target(self, target: Target, member: str, depth: int) -> list[Target]:
        symbol = target.symbol
        if symbol is None:
            return []
        index = self.memory.file(target.path)
        if index is None:
            return []
        if symbol.kind is SymbolKind.MODULE:
            return BY_NAME[index.language].module_member(self, index, member, depth)
        if symbol.kind in CLASS_KINDS or symbol.kind in (SymbolKind.ENUM, SymbolKind.NAMESPACE):
            return self.members(index, symbol, member, depth)
        # A member assigned from outside (`Point.origin = ...` of a JavaScript constructor function).
        return [Target(target.path, s) for s in index.by_qualname.get(f"{symbol.qualname}.{member}", ())]
