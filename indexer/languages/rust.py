"""Rust: its grammar, `use` trees, impl blocks and macros, inner doc comments, `todo!()` as a stub."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..records import Import
from .risky import DELETE, NETWORK, PROCESS
from .rust_types import FunctionLiterals, pattern_field, trait_bound
from .spec import LanguageSpec, text_of

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..records import SymbolNode
    from ..resolver import Resolver
    from ..target import Target


class RustSpec(LanguageSpec):
    """Rust: a crate shares its top-level names; a type's members come from impl blocks anywhere in it."""

    # Single quotes delimit a character literal, not a string.
    char_literals = True
    import_types: ClassVar[frozenset[str]] = frozenset({"use_declaration"})
    import_like_types = import_types
    # `mod net;` (no body) is read as an import of the module file; a `mod` with a body is a definition.
    import_types = import_types | {"mod_item"}
    comment_types: ClassVar[frozenset[str]] = frozenset({"line_comment", "block_comment"})
    member_separators = (rb"\.", rb"::")
    long_separators = frozenset({b"::"})
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "as",
            "async",
            "await",
            "break",
            "const",
            "continue",
            "crate",
            "dyn",
            "else",
            "enum",
            "extern",
            "false",
            "fn",
            "for",
            "if",
            "impl",
            "in",
            "let",
            "loop",
            "match",
            "mod",
            "move",
            "mut",
            "pub",
            "ref",
            "return",
            "self",
            "Self",
            "static",
            "struct",
            "super",
            "trait",
            "true",
            "type",
            "unsafe",
            "use",
            "where",
            "while",
        ]
    )
    inner_doc_comments = True
    shared_namespace = True
    waiting_scope = "type"
    members_elsewhere = True
    impl_blocks = True
    bang_macros = True
    macro_prefix = "macro_rules!"
    fence_tags = frozenset({"rust", "rs"})
    checkers = ("rust", ("cargo", "rustc"))
    project_markers = ("Cargo.toml",)
    # A path resolved through a `use` keeps its `::` (`std::process.Command.new`), one written out reads `.`.
    risky_calls = tuple(
        (f"std{sep}{p}", why)
        for sep in (".", "::")
        for p, why in (
            ("process.Command*", PROCESS),
            ("net.*", NETWORK),
            ("fs.remove_*", DELETE),
        )
    )
    parameters_read_whole = True
    literals_set_every_field = True
    names_by_analogy = True
    declared_type_patterns = (
        # `e: &Engine`, `x: &'a mut Engine`, a field's `spare: Box<Engine>` (Box, Rc and Arc dereference to it).
        re.compile(r"\w+\s*:\s*&?(?:'\w+\s+)?(?:mut\s+)?(?:(?:Box|Rc|Arc)<)?([A-Za-z_][\w:]*)(?![\w:(])"),
        # `let x = Engine::new()`, `let x = Engine { .. }`, `let x = make()`: the struct or the callee; a
        # method's too (`let cursor = self.cursor();`: what `fn cursor(&self) -> Cursor<'a>` declares).
        re.compile(r"\w+\s*=\s*&?(?:mut\s+)?([A-Za-z_][\w:]*(?:\.[A-Za-z_]\w*)*)\s*[({]"),
        # A function's result: `fn new() -> Self`, `fn engine(&self) -> &Engine`; what a `Result` or an
        # `Option` holds, which `?` hands on (`let prim = self.parse_item()?;` with `-> Result<Primitive>`).
        re.compile(
            r"\w+\s*(?:<[^()]*>)?\s*\([^()]*\)\s*->\s*&?(?:'\w+\s+)?(?:mut\s+)?"
            r"(?:(?:Box|Rc|Arc|Result|Option)<\s*&?(?:'\w+\s+)?(?:mut\s+)?)?([A-Za-z_][\w:]*)"
        ),
        # A one-element tuple variant holds what it wraps: `CaptureName(CaptureName)`, `Group(Box<Group>)`.
        re.compile(r"\w+\s*\(\s*(?:(?:Box|Rc|Arc)<\s*)?([A-Za-z_][\w:]*)\s*>?\s*\)\s*,?\s*$"),
    )
    self_type_names = frozenset({"Self"})
    chains_continue_on_lines = True
    stub_statements = ((re.compile(r"(?:todo|unimplemented)!\s*[\(\[\{].*[\)\]\}]", re.S), "`todo!()`"),)

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        if node.type == "mod_item":
            name = node.child_by_field_name("name")
            return [Import("self", text_of(name), None, line)] if name is not None else []
        arg = node.child_by_field_name("argument")
        return _use(arg, "", line) if arg is not None else []

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """A used path, by the crate's module tree (`crate::a::b::C` in src/a/b.rs or src/a/b/mod.rs,
        `super::`, `self::`, `mod x;`, re-exports through `pub use`); else, for other crates' paths and
        anything the tree does not settle, the top-level definition of that name in some `.rs` file."""
        if not imp.name:
            return []
        if imp.name == "*":
            return _glob(resolver, index, imp, depth)
        found = _by_module_tree(resolver, index.path, imp, depth)
        if found:
            return found
        for path in resolver.memory.files_defining(imp.name):
            if path.endswith(".rs") and _may_be_named(resolver, index.path, path, imp.module):
                found = _types_first(resolver.top_level(path, imp.name))
                if found:
                    return found
        return []

    def module_member(self, resolver: Resolver, index: FileIndex, member: str, depth: int) -> list[Target]:
        """`module::member`: a top-level definition of the module's file, a module beside it, or a name it
        re-exports (`pub use`)."""
        return resolver.top_level(index.path, member) or _by_module_tree(
            resolver, index.path, Import("self", member, None, 0), depth
        )

    def declared_type_at(self, text: str, start: int, end: int) -> str | None:
        """What the declaration says (`LanguageSpec.declared_type_at`), or, for a name a struct pattern binds
        (`Compound::Map { ser, state } =>`), the field it takes (`Compound.Map.ser`), whose type it holds."""
        found = super().declared_type_at(text, start, end)
        if found is not None:
            return found
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        return pattern_field(text[line_start : len(text) if line_end < 0 else line_end], start - line_start)

    def shares_names_with(self, resolver: Resolver, path: str, other: str) -> bool:
        """A crate's names are its own: another crate reaches them only through a `use` path naming the
        crate (resolved by `resolve_import`), so a generic `T` or a local `value` never lands in a table of
        another crate (`T` of regex-syntax's unicode tables, read from serde_json). Files outside any crate
        (no lib.rs or main.rs above them) share with every file, as before."""
        crate = _crate_of(resolver, other)
        return crate is None or crate == _crate_of(resolver, path)

    def built_type(self, header: str) -> str | None:
        """What `-> T`, `-> Result<T>`, `-> Option<T>` or `-> Box<T>` names: a struct literal must set every
        field of its struct, so a function returning one built it from all of them."""
        match = _RETURNED.search(header)
        return None if match is None else match.group(1).replace("::", ".")

    def implemented_trait(self, header: str) -> str | None:
        """`Parse` of `impl Parse for ExprLet`, `ser::SerializeMap` of `impl<'a, W, F> ser::SerializeMap for
        Compound<'a, W, F>` (`::` read as `.`); None for an inherent `impl ExprLet`."""
        match = _IMPLEMENTS.match(header)
        return None if match is None else match.group(1).replace("::", ".")

    def waits_uncalled(self, name: str, signature: str, class_signatures: list[str]) -> bool:
        """A method of an inherent `impl` block without `pub`: private to its module, so one nothing calls is
        dead code rustc warns of, unless the body being written calls it (`push_class_op` beside
        `parse_set_class`). A trait's methods and those of `impl Trait for T` are the trait's, never private."""
        inner = class_signatures[0] if class_signatures else ""
        return (
            _PRIVATE_FN.match(signature) is not None
            and inner.lstrip().startswith("impl")
            and _IMPLEMENTS.match(inner) is None
        )

    def generic_bound(self, header: str, parameter: str) -> str | None:
        return trait_bound(header, parameter)

    def is_macro(self, symbol: SymbolNode | None) -> bool:
        return symbol is not None and symbol.signature.startswith(self.macro_prefix)

    def drop_uninvoked_macros(
        self, text: bytes | None, scope: SymbolNode, name: str, found: list[Target]
    ) -> list[Target]:
        """`found` without its `macro_rules!` macros unless `scope` invokes `name!`: references are read without
        the `!`, and a parameter or local named like a macro (anyhow's `backtrace`) is no use of it."""
        code = b"" if text is None else text[scope.start_byte : scope.end_byte]
        if re.search(rb"(?<![\w$])" + re.escape(name.encode()) + rb"\s*!\s*[(\[{]", code):
            return found
        return [t for t in found if not self.is_macro(t.symbol)]

    def blanket_impl(self, impl: SymbolNode) -> bool:
        """`impl<E> Trait for E`: an impl for one of its own type parameters."""
        match = _IMPL_PARAMS.match(impl.signature)
        return match is not None and impl.name in (p.split(":")[0].strip() for p in match.group(1).split(","))

    def private_to_its_file(self, symbol: SymbolNode) -> bool:
        """A `static` without `pub`: private to its module, which another file's `mod` of that path is not."""
        return symbol.signature.startswith("static ")

    def unbound_name(
        self, resolver: Resolver, index: FileIndex, scope: SymbolNode, name: str
    ) -> list[Target]:
        """A module of the crate root (`pat` of `pat::parsing::multi_pat(..)`, a 2015-style path), and a field
        a struct literal in the function sets (`ExprLet { let_token: input.parse()?, .. }`, the shorthand
        `Conn { addr }`): that struct's field, or the field of an enum variant's (`Compound::Map { ser }`)."""
        from ..records import CALLABLE_KINDS, CLASS_KINDS
        from ..target import Target

        text = resolver.cached(f"rust text:{index.path}", lambda: resolver.memory.text(index.path))
        if text is None or scope.kind not in CALLABLE_KINDS:
            return []
        read = resolver.cached(
            f"rust literals:{index.path}:{scope.id}:{scope.start_byte}",
            lambda: FunctionLiterals(text, scope.start_byte, scope.end_byte),
        )
        out: list[Target] = []
        if name in read.heads:
            known = resolver.known_files()
            crate = _crate_dir(known, index.path)
            module = None if crate is None else _module_file(known, crate, [name])
            out += [Target(module, resolver.module_symbol(module))] if module is not None else []
        for typename in read.fields(name) if name in read.setters else ():
            owners = (
                [Target(index.path, s) for s in index.enclosing(scope) if s.kind in CLASS_KINDS][:1]
                if typename in self.self_type_names
                else resolver.resolve(index, scope, typename)
            )
            for target in owners:
                owner, where = target.symbol, resolver.memory.file(target.path)
                if owner is None or where is None:
                    continue
                if owner.kind in CLASS_KINDS:
                    out += resolver.members(where, owner, name)
                else:  # an enum variant's fields are its own children
                    out += [
                        Target(where.path, s) for s in where.by_qualname.get(f"{owner.qualname}.{name}", ())
                    ]
        return out


# A trait impl's header: `impl<..> path::Trait<..> for Type` (generics of the impl skipped by their brackets,
# one level of nesting: `impl<'a, W: io::Write>`).
_IMPLEMENTS = re.compile(
    r"\s*(?:unsafe\s+)?impl\s*(?:<(?:[^<>]|<[^<>]*>)*>)?\s*!?((?:[A-Za-z_]\w*::)*[A-Za-z_]\w*)[^{]*?\sfor\s"
)

# A function's result type, through the wrappers that hand it on (`-> Result<ast::Literal>`, `-> Self`).
# A function's header without `pub`: `fn`, `const fn`, `unsafe fn`, `async fn`, `extern "C" fn`.
_PRIVATE_FN = re.compile(r'\s*(?:(?:const|async|unsafe|extern(?:\s*"[^"]*")?)\s+)*fn\b')
_RETURNED = re.compile(r"->\s*(?:(?:Result|Option|Box)<\s*)?([A-Za-z_][\w:]*)")
# An impl's own type parameters: `impl<E: Display, T>`.
_IMPL_PARAMS = re.compile(r"(?:unsafe\s+)?impl\s*<([^>]*)>")


def _crate_dir(known: set[str], path: str) -> PurePosixPath | None:
    """The directory of the crate root (lib.rs or main.rs) the file at `path` belongs to."""
    if _PLAIN_PATH.fullmatch(path):
        # A workspace-relative path (all but an outside file's): its directories read by `rpartition`, one path made
        # for the answer (a PurePosixPath per directory cost a first packing in regex-syntax's tests ~1 ms).
        parent, slash = path, "/"
        while slash:
            parent, slash, _name = parent.rpartition("/")
            prefix = f"{parent}/" if slash else ""
            if f"{prefix}lib.rs" in known or f"{prefix}main.rs" in known:
                return PurePosixPath(parent or ".")
        return None
    for directory in PurePosixPath(path).parents:
        prefix = "" if str(directory) == "." else f"{directory}/"
        if f"{prefix}lib.rs" in known or f"{prefix}main.rs" in known:
            return directory
    return None


# A relative path of plain parts: no leading or doubled `/`, no `.` or `..` part.
_PLAIN_PATH = re.compile(r"(?!\.{1,2}(?:/|$))[^/]+(?:/(?!\.{1,2}(?:/|$))[^/]+)*")


def _crate_of(resolver: Resolver, path: str) -> PurePosixPath | None:
    """`_crate_dir` of `path` among the request's files, once per request: the resolver asks whether two
    files share names for every definition of a name it meets (thousands of times a packing)."""
    return resolver.cached(f"rust crate:{path}", lambda: _crate_dir(resolver.known_files(), path))


def _may_be_named(resolver: Resolver, path: str, other: str, module: str) -> bool:
    """Whether a `use` of `module` in the file at `path` may mean a definition of the file at `other`: one
    of its own crate, or of the crate the path names first (`regex_syntax::ast` names the crate in
    regex-syntax-0.6.27/); `use serde::de::Unexpected` never means syn's `Unexpected` beside it. Files
    outside any crate may mean any. The crates are read once per request (`_crate_of`): a common name (`Result`)
    is defined in hundreds of files."""
    mine, theirs = _crate_of(resolver, path), _crate_of(resolver, other)
    if mine is None or theirs is None or mine == theirs:
        return True
    home = theirs.parent if theirs.name == "src" else theirs
    crate = re.sub(r"-\d+(?:\.\d+)*.*$", "", home.name).replace("-", "_")
    return module.split("::", 1)[0] == crate


def _module_file(known: set[str], crate: PurePosixPath, segments: list[str]) -> str | None:
    """The file of module `crate::a::b` (segments a, b): a/b.rs, a/b/mod.rs, or the crate root."""
    if not segments:
        for root in ("lib.rs", "main.rs"):
            candidate = _rel(crate / root)
            if candidate in known:
                return candidate
        return None
    base = crate.joinpath(*segments)
    for candidate in (_rel(base.with_name(base.name + ".rs")), _rel(base / "mod.rs")):
        if candidate in known:
            return candidate
    return None


def _rel(path: PurePosixPath) -> str:
    return str(path).removeprefix("./")


def _by_module_tree(resolver: Resolver, path: str, imp: Import, depth: int) -> list[Target]:
    """`imp` resolved through the crate's files: its module path walked from the crate root, `self` (the
    file's own module) or `super`, down to the file that holds the name or is the module named."""
    from ..target import Target

    name = imp.name
    known = resolver.known_files()
    crate = _crate_dir(known, path)
    if crate is None or not name:
        return []
    own = list(PurePosixPath(path).relative_to(crate).with_suffix("").parts)
    if (own and own[-1] == "mod") or own in (["lib"], ["main"]):
        own = own[:-1]
    parts = [p for p in imp.module.split("::") if p]
    if parts and parts[0] == "crate":
        segments, parts = [], parts[1:]
    elif parts and parts[0] in ("self", "super"):
        segments = own
        while parts and parts[0] in ("self", "super"):
            if parts.pop(0) == "super":
                segments = segments[:-1]
    elif parts and _module_file(known, crate, parts[:1]) is not None:
        segments = []  # a module of the crate root named without `crate::` (2015 paths, the root's own)
    else:
        return []
    # Walk down while files exist; what remains is an inline `mod` inside the last file.
    walked = list(segments)
    file = _module_file(known, crate, walked)
    inline: list[str] = []
    for part in parts:
        deeper = None if inline else _module_file(known, crate, [*walked, part])
        if deeper is not None:
            walked.append(part)
            file = deeper
        else:
            inline.append(part)
    if file is None:
        return []
    if not inline:
        sub = _module_file(known, crate, [*walked, name])
        if sub is not None:
            found = _types_first(resolver.top_level(file, name))
            return found or [Target(sub, resolver.module_symbol(sub))]
    qualname = ".".join([*inline, name])
    found = _types_first(resolver.top_level(file, qualname))
    if found:
        return found
    other = resolver.memory.file(file)
    if other is not None and not inline and depth < 8:
        for reexport in other.imports:
            if reexport.bound == name:
                return resolver.resolve_import(other, reexport, depth + 1)
    return []


def _glob(resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
    """The module or type a glob import reads its names from: `use crate::ast::*` the module `ast`,
    `use self::Primitive::*` the enum; `use super::*` the parent module (the file itself inside an inline
    `mod parsing { use super::*; }`, whose parent is the file's own module)."""
    from ..symbols import SymbolKind
    from ..target import Target

    module, _, last = imp.module.rpartition("::")
    if last not in ("self", "super", "crate"):
        return _types_first(resolver.resolve_import(index, Import(module, last, None, imp.line), depth + 1))
    known = resolver.known_files()
    crate = _crate_dir(known, index.path)
    if crate is None:
        return []
    parts = imp.module.split("::")
    # `super` inside an inline module first leaves that module, staying in this file.
    inline = sum(
        1 for s in index.symbols[1:] if s.kind is SymbolKind.NAMESPACE and s.start[0] < imp.line <= s.end[0]
    )
    own = list(PurePosixPath(index.path).relative_to(crate).with_suffix("").parts)
    if (own and own[-1] == "mod") or own in (["lib"], ["main"]):
        own = own[:-1]
    for part in parts:
        if part == "crate":
            own, inline = [], 0
        elif part == "super" and inline > 0:
            inline -= 1
        elif part == "super":
            own = own[:-1]
    file = index.path if inline > 0 else _module_file(known, crate, own)
    return [] if file is None else [Target(file, resolver.module_symbol(file))]


def _types_first(found: list[Target]) -> list[Target]:
    """A used type is its struct, enum or trait, not also its impl blocks (their methods are found from the
    type): `use crate::buffer::Cursor` names `struct Cursor`, so `Cursor`'s members are not listed twice."""
    from ..symbols import SymbolKind

    types = [t for t in found if t.symbol is None or t.symbol.kind is not SymbolKind.OBJECT]
    return types or found


def _use(node: ts.Node, prefix: str, line: int) -> list[Import]:
    t = node.type
    if t == "scoped_use_list":
        path = node.child_by_field_name("path")
        base = prefix + (text_of(path) if path is not None else "")
        lst = node.child_by_field_name("list")
        out: list[Import] = []
        if lst is not None:
            for c in lst.named_children:
                out += _use(c, base + "::", line)
        return out
    if t == "use_list":
        out = []
        for c in node.named_children:
            out += _use(c, prefix, line)
        return out
    if t == "use_as_clause":
        path, alias = node.child_by_field_name("path"), node.child_by_field_name("alias")
        module, name = _path(prefix + (text_of(path) if path is not None else ""))
        return [Import(module, name, text_of(alias) if alias is not None else None, line)]
    if t == "use_wildcard":
        return [Import(prefix + text_of(node).removesuffix("::*").removesuffix("*"), "*", None, line)]
    module, name = _path(prefix + text_of(node))
    return [Import(module, name, None, line)]


def _path(full: str) -> tuple[str, str]:
    """(module, name) of a used path; `a::b::self` (from `use a::b::{self}`) binds `b` of `a`."""
    module, _, name = full.rpartition("::")
    if name == "self" and module:
        module, _, name = module.rpartition("::")
    return module, name or full
