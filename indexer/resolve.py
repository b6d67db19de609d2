"""Name resolution: the reference graph of the memory, computed on demand.

A reference is a name as the extractor recorded it (`helper`, `self.cache`, `os.path`), or a member of
something unknown (`.run` from `make().run()`): that one resolves to nothing, since only types could say whose
`run` it is, but `used_by` and `references_to` count it, after the certain uses, as a probable use of any
class member called `run` (`Resolver.may_mean`). Resolving a reference in the
scope of a symbol follows the language's rules as far as a syntax tree can tell: enclosing scopes, the file's
top level, its imports (Python absolute and relative imports, JS/TS relative imports, C/C++ includes, Java and
Rust paths), members of the enclosing class and of its base classes in the workspace, and, for languages
whose files share a namespace (Go packages, C/C++, Java packages), definitions elsewhere in the workspace.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import tree_sitter as ts

from .fileindex import FileIndex
from .languages import BY_NAME, LanguageSpec
from .symbols import CALLABLE_KINDS, CLASS_KINDS, Import, SymbolKind, SymbolNode
from .target import Target as Target  # where it was defined before target.py

if TYPE_CHECKING:
    from .workspace import Memory

_MAX_DEPTH = 6
_GO_RECEIVER = re.compile(r"func\s*\(\s*(\w+)")
_IMPL_PARAMS = re.compile(r"(?:unsafe\s+)?impl\s*<([^>]*)>")


class Resolver:
    """Resolves references against one memory. Cheap to create; create one per request."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory
        self._imports: dict[tuple[str, str], tuple[dict[str, list[int]], list[int]]] = {}
        # Symbol id -> its file's language when it is a member of a class, namespace or impl, else "".
        self._member_language: dict[str, str] = {}
        self._texts: dict[str, bytes | None] = {}

    def _imports_binding(self, index: FileIndex, name: str) -> list[Import]:
        """The file's imports that may bind `name` (by name, or Python star imports), in file order."""
        key = (index.path, index.content_hash)
        found = self._imports.get(key)
        if found is None:
            spec = BY_NAME[index.language]
            by_name: dict[str, list[int]] = {}
            stars: list[int] = []
            for i, imp in enumerate(index.imports):
                by_name.setdefault(imp.bound, []).append(i)
                if imp.name == "*" and spec.star_import_binds_names:
                    stars.append(i)
            found = self._imports[key] = (by_name, stars)
        by_name, stars = found
        positions = by_name.get(name, [])
        if stars:
            positions = sorted({*positions, *stars})
        return [index.imports[i] for i in positions]

    # -- public ---------------------------------------------------------------------------------------

    def resolve(self, index: FileIndex, scope: SymbolNode, ref: str, depth: int = 0) -> list[Target]:
        """Where `ref`, used inside `scope` of `index`, is defined."""
        if depth > _MAX_DEPTH:
            return []
        receiver, dot, member = ref.partition(".")
        if not dot:
            found = self._resolve_plain(index, scope, ref, depth)
            if BY_NAME[index.language].bang_macros and any(_is_macro(t.symbol) for t in found):
                found = self._rust_macros(index, scope, ref, found)
            return found
        if not receiver:
            return []  # a member of something unknown: never a guess (see may_mean)
        spec = BY_NAME[index.language]
        if receiver == "super" and spec.super_calls_base:
            return self._base_member(index, scope, member, depth)
        if receiver in spec.self_names or receiver == _go_receiver(scope):
            return self._self_member(index, scope, member, depth)
        out: list[Target] = []
        for target in self._resolve_plain(index, scope, receiver, depth):
            out.extend(self._member_of_target(target, member, depth + 1))
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
        return bool(language) and _same_family(language, index.language)

    def definitions(self, index: FileIndex, scope: SymbolNode, ref: str) -> list[SymbolNode]:
        """Only the definitions (not import lines) a reference leads to."""
        return [t.symbol for t in self.resolve(index, scope, ref) if t.symbol is not None]

    def members(self, index: FileIndex, cls: SymbolNode, name: str, depth: int = 0) -> list[Target]:
        """`name` as a member of class `cls`, searching its base classes too."""
        if depth > _MAX_DEPTH:
            return []
        qualname = f"{cls.qualname}.{name}"
        found = [Target(index.path, s) for s in index.by_qualname.get(qualname, ())]
        if found:
            return found
        found = self._elsewhere(index, qualname, name)
        if found:
            return found
        for base in self.bases(index, cls, depth):
            base_index = self.memory.file(base.path)
            if base_index is not None:
                found = self.members(base_index, base, name, depth + 1)
                if found:
                    return found
        return []

    def bases(self, index: FileIndex, cls: SymbolNode, depth: int = 0) -> list[SymbolNode]:
        """Base classes of `cls` that the workspace defines (from the names in its header)."""
        out: list[SymbolNode] = []
        module = index.symbols[0]
        refs = cls.refs
        spec = BY_NAME[index.language]
        if spec.embedded_fields_are_bases:
            # Only an embedded field's type lends its members; the types of named fields do not.
            refs = tuple(_go_embedded(index, cls))
        elif spec.impl_blocks and cls.kind in (SymbolKind.STRUCT, SymbolKind.ENUM):
            return []  # a struct's names are its field types, never a base: traits come through its impls
        for ref in refs:
            if ref in cls.decorators or any(d.lstrip("@").startswith(ref) for d in cls.decorators):
                continue
            for target in self.resolve(index, module, ref, depth + 1):
                if (
                    target.symbol is not None
                    and target.symbol.kind in CLASS_KINDS
                    and target.symbol.id != cls.id
                ):
                    out.append(target.symbol)
        return out

    def resolve_import(self, index: FileIndex, imp: Import, depth: int = 0) -> list[Target]:
        """The definition an import binds, when it is in the workspace."""
        if depth > _MAX_DEPTH:
            return []
        return BY_NAME[index.language].resolve_import(self, index, imp, depth)

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
                found = self.members(index, s, name, depth + 1)
            else:
                qualname = f"{s.qualname}.{name}"
                found = [Target(index.path, c) for c in index.by_qualname.get(qualname, ())]
                if not found and s.kind is SymbolKind.NAMESPACE:
                    # A `static` at namespace level is private to its own file.
                    reopened = self._elsewhere(index, qualname, name)
                    found = [t for t in reopened if t.symbol is None or not _is_static(t.symbol)]
            if found:
                return found
        top = index.by_qualname.get(name)
        if top and spec.impl_blocks:
            # An impl block is not a definition of its type's name: the struct, enum or trait is, wherever
            # in the crate it is (its members are found from it, impls included). Only a type the crate
            # does not define answers with its impls, and a blanket `impl<E> Trait for E` never does.
            types = [s for s in top if s.kind is not SymbolKind.OBJECT]
            if not types:
                found = self._shared(index, name)
                if found:
                    return found
                types = [s for s in top if not _blanket(s)]
            top = types
        if top:
            found = [Target(index.path, s) for s in top]
            # `const util = require('./util')` declares a variable and imports at once: the module's
            # members are reached through the import.
            for imp in self._imports_binding(index, name):
                if imp.bound == name and any(s.start[0] == imp.line for s in top):
                    found.extend(self.resolve_import(index, imp, depth + 1))
            return found
        # Out-of-line members (Go methods, C++ `Class::method`) see their type's members.
        if implicit_members or spec.receiver_methods:
            prefix = scope.qualname.rpartition(".")[0]
            if prefix:
                found = [Target(index.path, s) for s in index.by_qualname.get(f"{prefix}.{name}", ())]
                if not found and implicit_members:
                    found = self._members_of(index, prefix, name, depth)
                if found:
                    return found
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
            return out
        if spec.shared_namespace:
            return self._shared(index, name)
        return []

    def star(self, modules: list[Target], name: str) -> list[Target]:
        out: list[Target] = []
        for target in modules:
            out.extend(self.top_level(target.path, name))
        return out

    def _shared(self, index: FileIndex, name: str) -> list[Target]:
        here = PurePosixPath(index.path).parent
        same_dir: list[Target] = []
        elsewhere: list[Target] = []
        for path in self.memory.files_defining(name):
            if path == index.path:
                continue
            other = self.memory.file(path)
            if other is None or not _same_family(other.language, index.language):
                continue
            for s in other.by_qualname.get(name, ()):
                if s.kind is SymbolKind.OBJECT and BY_NAME[other.language].impl_blocks:
                    continue  # `impl<E> Trait for E` defines no `E`; the type itself is found elsewhere
                (same_dir if PurePosixPath(path).parent == here else elsewhere).append(Target(path, s))
        if BY_NAME[index.language].package_is_directory:
            return same_dir
        return same_dir or elsewhere[:8]

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

    def _rust_macros(
        self, index: FileIndex, scope: SymbolNode, name: str, found: list[Target]
    ) -> list[Target]:
        """`found` without its `macro_rules!` macros unless `scope` invokes `name!`: references are read
        without the `!`, and a parameter or local named like a macro (anyhow's `backtrace`) is no use of it."""
        if index.path not in self._texts:
            self._texts[index.path] = self.memory.text(index.path)
        text = self._texts[index.path]
        code = b"" if text is None else text[scope.start_byte : scope.end_byte]
        if re.search(rb"(?<![\w$])" + re.escape(name.encode()) + rb"\s*!\s*[(\[{]", code):
            return found
        return [t for t in found if not _is_macro(t.symbol)]

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
        here = PurePosixPath(index.path).parent
        out: list[Target] = []
        for path in self.memory.files_defining(name):
            if path == index.path or (spec.package_is_directory and PurePosixPath(path).parent != here):
                continue
            other = self.memory.file(path)
            if other is not None and _same_family(other.language, index.language):
                out.extend(Target(path, s) for s in other.by_qualname.get(qualname, ()))
        return out

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

    # -- imports --------------------------------------------------------------------------------------

    def first_existing(self, base: PurePosixPath, extensions: tuple[str, ...]) -> str | None:
        """The workspace file a relative module path names: itself, with one of `extensions`, or its
        directory's index file (`.js` may be written for a `.ts` file)."""
        norm = _normalize(base)
        known = set(self.memory.files())
        candidates = [
            norm,
            *(norm + ext for ext in extensions),
            *(f"{norm}/index{ext}" for ext in extensions),
        ]
        if norm.endswith(".js"):
            candidates.insert(1, norm[:-3] + ".ts")
        for candidate in candidates:
            if candidate in known:
                return candidate
        return None

    def find_include(self, from_path: str, include: str) -> str | None:
        local = _normalize(PurePosixPath(from_path).parent / include)
        known = set(self.memory.files())
        if local in known:
            return local
        return self.find_suffix(include)

    def find_suffix(self, suffix: str) -> str | None:
        for path in self.memory.files():
            if path == suffix or path.endswith("/" + suffix):
                return path
        return None

    def top_level(self, path: str, name: str) -> list[Target]:
        index = self.memory.file(path)
        if index is None:
            return []
        return [Target(path, s) for s in index.by_qualname.get(name, ())]

    def module_symbol(self, path: str) -> SymbolNode | None:
        index = self.memory.file(path)
        return None if index is None else index.symbols[0]


def _is_macro(symbol: SymbolNode | None) -> bool:
    return symbol is not None and symbol.signature.startswith("macro_rules!")


def _blanket(impl: SymbolNode) -> bool:
    """A Rust impl for one of its own type parameters (`impl<E> Trait for E`)."""
    match = _IMPL_PARAMS.match(impl.signature)
    return match is not None and impl.name in (p.split(":")[0].strip() for p in match.group(1).split(","))


def _is_static(symbol: SymbolNode) -> bool:
    return symbol.signature.startswith("static ")


def _go_embedded(index: FileIndex, struct: SymbolNode) -> Iterator[str]:
    """The types a Go struct embeds (`routeConf`, `io.Reader` from `*io.Reader`), as references."""
    for child_id in struct.children:
        field = index.by_id.get(child_id)
        if field is None or field.kind is not SymbolKind.FIELD:
            continue
        typ = field.signature.lstrip("*").split("[")[0].strip()
        if typ.rpartition(".")[2] == field.name:
            yield typ


def _go_receiver(scope: SymbolNode) -> str | None:
    if scope.kind is not SymbolKind.METHOD or not scope.signature.startswith("func"):
        return None
    match = _GO_RECEIVER.match(scope.signature)
    return match.group(1) if match else None


def _same_family(a: str, b: str) -> bool:
    return BY_NAME[a].same_family(BY_NAME[b])


def _normalize(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


# -- questions the editor asks ------------------------------------------------------------------------

_WORD = re.compile(rb"[A-Za-z_$\x80-\xff][\w$\x80-\xff]*")
_RECEIVER_BEFORE = re.compile(rb"([A-Za-z_$\x80-\xff][\w$\x80-\xff]*)[ \t]*(?:\??\.|->|::)[ \t]*$")
# What makes the receiver (or the name) a member of something unknown: a lone dot, `->` or `::` before it.
_MEMBER_BEFORE = re.compile(rb"(?:(?<!\.)\.|->|::)[ \t]*$")


def word_at(text: bytes, byte: int) -> tuple[int, int, str, str | None] | None:
    """The identifier at `byte` (start, end, name) and the receiver before it (`os` in `os.path`): "" when it
    is a member of something unknown (`make().run`, the `c` of `a.b.c`), as the extractor records `.run`."""
    line_start = text.rfind(b"\n", 0, byte) + 1
    line_end = text.find(b"\n", byte)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    col = byte - line_start
    for m in _WORD.finditer(line):
        if m.start() <= col <= m.end():
            head = line[: m.start()]
            before = _RECEIVER_BEFORE.search(head)
            receiver: str | None = None
            if before is not None:
                # A receiver that is itself a member (`b` of `a.b.c`) is unknown too.
                member = _MEMBER_BEFORE.search(head, 0, before.start())
                receiver = "" if member else before.group(1).decode("utf-8", "replace")
            elif head.rstrip(b" \t").endswith(b".") and not head.rstrip(b" \t").endswith(b".."):
                receiver = ""
            return (
                line_start + m.start(),
                line_start + m.end(),
                m.group().decode("utf-8", "replace"),
                receiver,
            )
    return None


def mentions(refs: Sequence[str], name: str) -> list[str]:
    """The references that name `name`: itself, or as a member (`os.path`, `.run`)."""
    suffix = "." + name
    return [ref for ref in refs if ref == name or ref.endswith(suffix)]


def in_code(index: FileIndex, text: bytes, byte: int, name: str) -> bool:
    """Whether `name` at `byte` may be a use in code rather than a mention in a comment or a string: some
    definition holding the byte (or the file's top-level code) uses the name, or the file imports it and the
    byte is in top-level code on no comment line (import statements are not uses, but a reader looking for
    uses wants them). Undecided cases count as code: a definition's own name and keywords are not among its
    references. A mention in a comment or string inside a definition that also uses the name in code still
    counts: telling them apart would take a parse of the file."""
    spec = BY_NAME.get(index.language)
    if spec is not None and name in spec.keywords:
        return True
    holders = index.holders(byte)
    for s in holders:
        if s.name == name or mentions(s.refs, name):
            return True
    if holders[-1] is index.symbols[0] and any(name in (imp.bound, imp.name) for imp in index.imports):
        line_start = text.rfind(b"\n", 0, byte) + 1
        return not BY_NAME[index.language].on_comment_line(text, line_start, byte)
    return False


def definitions_at(memory: Memory, path: str, byte: int) -> list[Target]:
    """Go to definition: where the name at `byte` of `path` is defined."""
    index = memory.file(path)
    text = memory.text(path)
    if index is None or text is None:
        return []
    found = word_at(text, byte)
    if found is None:
        return []
    start, _end, name, receiver = found
    named = [s for s in index.symbols[1:] if s.name == name]
    if named:
        point = _point_of(text, start)
        for s in named:
            if s.name_start == point:
                return [Target(index.path, s)]
    scope = index.symbol_at(byte)
    ref = f"{receiver}.{name}" if receiver is not None else name
    function = FunctionScope.at_byte(memory, index, text, start) if receiver is None else None
    if function is not None and function.shadows(name, scope, start):
        # A parameter or a local named like a definition elsewhere (`total = sum(items)` beside a
        # module-level `total`) means the local.
        return _local_target(index, text, function, name)
    resolver = Resolver(memory)
    targets = resolver.resolve(index, scope, ref)
    # Prefer the definition over the import line that brought it in.
    with_symbols = [t for t in targets if t.symbol is not None and t.symbol.kind is not SymbolKind.MODULE]
    if with_symbols or targets or function is None:
        return with_symbols or targets
    return _local_target(index, text, function, name)


def _local_target(index: FileIndex, text: bytes, function: FunctionScope, name: str) -> list[Target]:
    local = function.binding(name)
    return [] if local is None else [Target(index.path, None, _point_of(text, local[0])[0], local)]


# Where a name gets bound, by grammar: the node kinds a binding identifier sits in (within three levels),
# and for assignments the field that holds the bound side.
_BINDING_PARENTS = frozenset(
    {
        # Python
        "parameters", "default_parameter", "typed_parameter", "typed_default_parameter", "lambda_parameters",
        "as_pattern_target", "global_statement", "nonlocal_statement", "aliased_import", "import_statement",
        "import_from_statement", "list_splat_pattern", "dictionary_splat_pattern",
        # JavaScript / TypeScript
        "variable_declarator", "formal_parameters", "required_parameter", "optional_parameter",
        "catch_clause", "rest_pattern", "object_pattern", "array_pattern",
        # Go
        "short_var_declaration", "var_spec", "const_spec", "parameter_declaration", "range_clause",
        # Rust
        "let_declaration", "parameter", "closure_parameters", "tuple_struct_pattern",
        # Java
        "formal_parameter", "catch_formal_parameter", "enhanced_for_statement", "inferred_parameters",
        "local_variable_declaration", "resource",
        # C / C++
        "init_declarator", "declaration",
    }
)  # fmt: skip
# What a name inside is the object of: an assignment to its member or item uses it.
_ACCESSES = frozenset(
    {
        "attribute", "subscript", "call", "member_expression", "subscript_expression", "call_expression",
        "field_expression", "selector_expression", "index_expression", "field_access", "array_access",
        "method_invocation", "scoped_identifier", "qualified_identifier",
    }
)  # fmt: skip
_ASSIGNING = {
    "assignment": "left",
    "named_expression": "name",
    "for_statement": "left",
    "for_in_clause": "left",
    "for_in_statement": "left",
    "for_expression": "pattern",
}


class FunctionScope:
    """The names the function around a byte binds itself: its parameters, assignments, loop variables and
    declarations, found on demand by parsing only the outermost enclosing function (or reading the editor's
    tree). Inside it, such a name means that binding, never a definition of the same name elsewhere; a
    Python `global` or `nonlocal` declaration says the opposite."""

    def __init__(
        self, index: FileIndex, spec: LanguageSpec, text: bytes, at: int, tree: ts.Tree | None = None
    ) -> None:
        scope = index.symbol_at(at)
        callables = [s for s in [scope, *index.enclosing(scope)] if s.kind in CALLABLE_KINDS]
        self._index = index
        self._found: dict[str, list[tuple[int, int, bool, bool]]] = {}
        self._header_uses: set[str] = set()  # names a function header of it uses (not binds)
        self._root: ts.Node | None = None
        self._self_names = spec.self_names
        if not callables:
            return
        outer = callables[-1]
        self._begin = text.rfind(b"\n", 0, outer.start_byte) + 1
        self._source = text[self._begin : outer.end_byte]
        self._root = (spec.parser().parse(self._source) if tree is None else tree).root_node
        self._shift = 0 if tree is None else self._begin
        self._global_declarations = spec.global_declarations

    @classmethod
    def at_byte(cls, memory: Memory, index: FileIndex, text: bytes, at: int) -> FunctionScope | None:
        """The scope of the function around `at` in `index` (whose text is `text`), read from the editor's
        tree when the document is open with that text; None for a language archmem does not parse."""
        spec = BY_NAME.get(index.language)
        if spec is None:
            return None
        doc = memory.document(index.path)
        return cls(index, spec, text, at, doc.tree if doc is not None and doc.text == text else None)

    def binding(self, name: str) -> tuple[int, int] | None:
        """The byte span of the first mention of `name` that binds it anywhere in the function, or None."""
        found = self._bindings(name)
        return found[0][:2] if found else None

    def shadows(self, name: str, scope: SymbolNode, at: int | None = None) -> bool:
        """Whether a use of `name` in `scope` (at byte `at`, when known) means a binding of the function
        itself: one made in `scope` or in a function around it, not in a nested function, a lambda or a
        comprehension of its own (an import inside the function binds a name too, but it still leads where
        the import does). A function's header is read outside it: `def __init__(self, box: box.Box =
        box.HEAVY_HEAD)` uses the module `box` there and the parameter in the body. Without `at`, a name
        some header of the function uses is not taken as shadowed (references keep no positions)."""
        found = self._bindings(name)
        if not found:
            return False
        if at is None and name in self._header_uses:
            return False
        if at is not None and scope.kind in CALLABLE_KINDS and at < scope.body_start_byte:
            return False
        index = self._index
        chain = {s.id for s in [scope, *index.enclosing(scope)] if s.kind in CALLABLE_KINDS}
        for start, _end, is_import, inline in found:
            if is_import or inline:
                continue
            holder = index.symbol_at(start)
            owner = next((s for s in [holder, *index.enclosing(holder)] if s.kind in CALLABLE_KINDS), None)
            if owner is not None and owner.id in chain:
                return True
        return False

    def hides(self, ref: str, scope: SymbolNode) -> bool:
        """Whether `ref`, used in `scope` inside the function, starts with a name the function binds itself,
        so that it cannot mean a definition elsewhere. A receiver (`self`, `this`, a Go method's) is bound
        too, but the resolver follows it to its class."""
        head = ref.partition(".")[0]
        return head not in self._self_names and head != _go_receiver(scope) and self.shadows(head, scope)

    def _bindings(self, name: str) -> list[tuple[int, int, bool, bool]]:
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = [] if self._root is None else self._search(self._root, name)
        return found

    def _search(self, root: ts.Node, name: str) -> list[tuple[int, int, bool, bool]]:
        """Every binding mention of `name`: (start, end, made by an import, made inside a lambda, an inline
        function or a comprehension), in text order, absolute bytes; none when a Python `global`/`nonlocal`
        declares it."""
        source, shift, word = self._source, self._shift, re.escape(name.encode())
        if self._global_declarations and re.search(
            rb"\b(?:global|nonlocal)\b[^\n]*\b" + word + rb"\b", source
        ):
            return []
        out: list[tuple[int, int, bool, bool]] = []
        for m in re.finditer(rb"(?<![\w$])" + word + rb"(?![\w$])", source):
            node = root.descendant_for_byte_range(shift + m.start(), shift + m.end())
            if node is None or node.type not in ("identifier", "shorthand_property_identifier_pattern"):
                continue
            before = source[: m.start()].rstrip()
            if before.endswith((b".", b"->", b"::")) and not before.endswith(b"..."):
                continue
            how = _binds(node)
            start, end = self._begin + m.start(), self._begin + m.end()
            if how is not None:
                out.append((start, end, "import" in how, _inline_scope(node)))
            else:
                holder = self._index.symbol_at(start)
                if holder.kind in CALLABLE_KINDS and start < holder.body_start_byte:
                    self._header_uses.add(name)
        return out


# Scopes a function holds that are not symbols of the memory: what they bind is theirs alone.
_INLINE_SCOPES = frozenset(
    {
        "lambda", "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression",
        "arrow_function", "function_expression", "function", "closure_expression", "lambda_expression",
        "func_literal",
    }
)  # fmt: skip


def _inline_scope(node: ts.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type in _INLINE_SCOPES:
            return True
        if parent.type in _FUNCTION_NODES:
            return False
        parent = parent.parent
    return False


# The syntax of a definition with a body of its own (a symbol of the memory when it has a name).
_FUNCTION_NODES = frozenset(
    {
        "function_definition", "function_declaration", "method_definition", "method_declaration",
        "function_item", "constructor_declaration", "generator_function_declaration", "class_definition",
        "class_declaration",
    }
)  # fmt: skip


def _binds(node: ts.Node) -> str | None:
    """The kind of the node that makes `node` a binding (`assignment`, `parameters`, `import_statement`,
    ...), or None when it is a use."""
    parent = node.parent
    for _ in range(3):
        if parent is None or parent.type in _ACCESSES:
            return None  # `logging.x = ...`, `items[0] = ...`: the object is used, not bound
        field = _ASSIGNING.get(parent.type)
        if field is not None:
            bound = parent.child_by_field_name(field)
            return parent.type if bound is not None and _within(node, bound) else None
        if parent.type in _BINDING_PARENTS:
            # A default value, an initializer or a type annotation is a use, not the binding.
            uses = (parent.child_by_field_name(f) for f in ("value", "default", "type", "body", "right"))
            return None if any(u is not None and _within(node, u) for u in uses) else parent.type
        parent = parent.parent
    return None


def _within(node: ts.Node, outer: ts.Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _point_of(text: bytes, byte: int) -> tuple[int, int]:
    return text.count(b"\n", 0, byte), byte - (text.rfind(b"\n", 0, byte) + 1)


def uses(memory: Memory, symbol: SymbolNode) -> list[Target]:
    """What `symbol` (and the definitions nested in it) depend on."""
    index = memory.file(symbol.path)
    if index is None:
        return []
    resolver = Resolver(memory)
    out: dict[str, Target] = {}
    text = memory.text(symbol.path)
    function = None if text is None else FunctionScope.at_byte(memory, index, text, symbol.start_byte)
    for s in [symbol, *descendants(index, symbol)]:
        for ref in s.refs:
            if function is not None and function.hides(ref, s):
                continue  # a parameter or a local, not the definition of that name elsewhere
            for target in resolver.resolve(index, s, ref):
                # A C++ definition names its own declaration (`Bignum::Clamp` declared in the header).
                if target.symbol is not None and target.symbol.qualname != symbol.qualname:
                    out.setdefault(target.symbol.id, target)
    return list(out.values())


def used_by(memory: Memory, symbol: SymbolNode, limit: int = 200) -> list[SymbolNode]:
    """The symbols whose code refers to `symbol`: first those whose references resolve to it, then those
    using a member of something unknown named like it (`make().run()` for a method `run`, see
    `Resolver.may_mean`), which only types could confirm."""
    return users_within(memory, symbol, limit)[0]


def users_within(
    memory: Memory, symbol: SymbolNode, limit: int = 200, deadline: float | None = None
) -> tuple[list[SymbolNode], bool]:
    """`used_by`, reading files until `deadline` (a `time.perf_counter()` value); says whether every
    candidate file was read."""
    resolver = Resolver(memory)
    out: dict[str, SymbolNode] = {}
    probable: dict[str, SymbolNode] = {}
    suffix = "." + symbol.name
    complete = True
    for path in _candidate_files(memory, symbol):
        if deadline is not None and time.perf_counter() > deadline:
            complete = False
            break
        index = memory.file(path)
        if index is None:
            continue
        for s in index.symbols:
            for ref in s.refs:
                if ref != symbol.name and not ref.endswith(suffix):
                    continue
                if resolver.may_mean(index, ref, symbol):
                    probable.setdefault(s.id, s)
                elif any(
                    t.symbol is not None and t.symbol.id == symbol.id for t in resolver.resolve(index, s, ref)
                ):
                    out.setdefault(s.id, s)
                    break
            if len(out) >= limit:
                return list(out.values()), complete
    return [*out.values(), *(s for sid, s in probable.items() if sid not in out)][:limit], complete


def references_to(
    memory: Memory, symbol: SymbolNode, limit: int = 1000, *, code_only: bool = True
) -> list[tuple[str, int, int]]:
    """Every place (path, start byte, end byte) the name of `symbol` is used to mean it: first the certain
    ones, then members of something unknown named like it (see `used_by`). `code_only=False` keeps the
    mentions in comments and strings too (bench/reference_noise.py counts them)."""
    resolver = Resolver(memory)
    out: list[tuple[str, int, int]] = []
    probable: list[tuple[str, int, int]] = []
    pattern = re.compile(rb"(?<![\w$\x80-\xff])" + re.escape(symbol.name.encode()) + rb"(?![\w$\x80-\xff])")
    for path in _candidate_files(memory, symbol):
        index = memory.file(path)
        text = memory.text(path)
        if index is None or text is None:
            continue
        for m in pattern.finditer(text):
            found = word_at(text, m.start())
            if found is None:
                continue
            _s, _e, name, receiver = found
            if path == symbol.path and _point_of(text, m.start()) == symbol.name_start:
                out.append((path, m.start(), m.end()))
                continue
            if code_only and not in_code(index, text, m.start(), name):
                continue
            ref = f"{receiver}.{name}" if receiver is not None else name
            if resolver.may_mean(index, ref, symbol):
                probable.append((path, m.start(), m.end()))
                continue
            scope = index.symbol_at(m.start())
            if any(
                t.symbol is not None and t.symbol.id == symbol.id for t in resolver.resolve(index, scope, ref)
            ):
                out.append((path, m.start(), m.end()))
            if len(out) >= limit:
                return out
    return [*out, *probable][:limit]


def _candidate_files(memory: Memory, symbol: SymbolNode) -> list[str]:
    files = memory.files_referencing(symbol.name)
    if symbol.path not in files:
        files.insert(0, symbol.path)
    else:
        files.remove(symbol.path)
        files.insert(0, symbol.path)
    return files


def descendants(index: FileIndex, symbol: SymbolNode) -> list[SymbolNode]:
    """Every symbol nested in `symbol`, at any depth."""
    out: list[SymbolNode] = []
    stack = list(symbol.children)
    while stack:
        child = index.by_id.get(stack.pop())
        if child is not None:
            out.append(child)
            stack.extend(child.children)
    return out


def enclosing_callable(index: FileIndex, symbol: SymbolNode) -> SymbolNode | None:
    """The innermost function or method at or around `symbol`."""
    for s in [symbol, *index.enclosing(symbol)]:
        if s.kind in CALLABLE_KINDS:
            return s
    return None
