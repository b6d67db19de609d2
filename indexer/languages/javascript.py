"""JavaScript: its grammar, ES and CommonJS imports, relative module resolution, and node:test skeletons."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..records import Import
from .risky import CODE, DELETE, NETWORK, PROCESS
from .spec import THROW_STUBS, LanguageSpec, text_of, walk
from .ts_modules import module_file, resolve_bare

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..resolver import Resolver
    from ..target import Target

# CommonJS's exports: `module.exports = ...`, `exports.f = ...` at a line's start.
_EXPORTS = re.compile(rb"^\s*(?:module\.)?exports\b", re.M)


class JavaScriptSpec(LanguageSpec):
    """JavaScript (ES modules and CommonJS, JSX)."""

    import_types: ClassVar[frozenset[str]] = frozenset({"import_statement"})
    members_start_lines: ClassVar[bool] = True
    # An object literal's methods do not see its other members unqualified (`resolver._resolve_plain`).
    value_members_scoped: ClassVar[bool] = False
    import_like_types = import_types
    member_separators = (rb"\.", rb"\?\.")
    declared_type_patterns = (
        # `x = new Foo(...)`, `this.x = new ns.Foo()`; TypeScript's `x: Foo`, `private x?: Foo`, and
        # `x: Foo<T>` (a generic class is still the class; `Foo[]` is an array).
        re.compile(r"[\w$.]+\s*(?::[^=]*)?=\s*new\s+([A-Za-z_$][\w$.]*)"),
        re.compile(r"[\w$.]+[?!]?\s*:\s*([A-Za-z_$][\w$.]*)(?![\w$.\[])"),
        # `const cache = this.cache;`, `const c = ctx.conn`: what the chain holds.
        re.compile(r"[\w$]+\s*=\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)\s*(?:$|[;,/])"),
        # `const o = make()`, `const o = await api.load()`: the callee, whose declared result it holds.
        re.compile(r"[\w$.]+\s*=\s*(?:await\s+)?([A-Za-z_$][\w$.]*)\s*\("),
        # A function's result: `make(): Options`, `load<T>(k: string): Store`.
        re.compile(r"[\w$]+\s*(?:<[^()]*>)?\s*\([^()]*\)\s*:\s*([A-Za-z_$][\w$.]*)(?![\w$.\[])"),
    )
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "debugger",
            "default",
            "delete",
            "do",
            "else",
            "export",
            "extends",
            "finally",
            "for",
            "function",
            "if",
            "import",
            "in",
            "instanceof",
            "let",
            "new",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "try",
            "typeof",
            "var",
            "void",
            "while",
            "with",
            "yield",
            "async",
            "await",
            "of",
            "static",
            "get",
            "set",
            "null",
            "undefined",
            "true",
            "false",
            "require",
            "from",
        ]
    )
    family = "javascript"
    member_style = "brace"
    not_implemented = 'throw new Error("not implemented");'
    indent_unit = "  "
    interface_fields_owed = True
    test_framework = "node:test"
    fence_tags = frozenset({"javascript", "js", "jsx", "mjs", "cjs", "node"})
    checkers = ("typescript/javascript", ("tsc", "eslint", "biome", "node"))
    project_markers: ClassVar[tuple[str, ...]] = ("package.json",)
    risky_calls = (
        *((p, PROCESS) for p in ("child_process*", "*.execSync", "*.execFile*", "*.spawn", "*.spawnSync")),
        *((p, NETWORK) for p in ("fetch", "XMLHttpRequest", "WebSocket", "net.*", "http.*", "https.*")),
        *((p, CODE) for p in ("eval", "Function", "vm.*")),
        *((p, DELETE) for p in ("fs.rm*", "fs.unlink*", "fs/promises.rm*", "fs/promises.unlink*")),
    )
    jsdoc = True
    stub_statements = THROW_STUBS

    def test_file(self, root: Path, path: str) -> str:
        """`<stem>.test.<ext>` beside the module, where node's test runner looks."""
        source = PurePosixPath(path)
        return str(source.with_name(f"{source.stem}.test{source.suffix}"))

    def is_test_file(self, path: str) -> bool:
        """`*.test.*`."""
        return ".test." in PurePosixPath(path).name

    def requires_modules(self, path: str, text: bytes) -> bool:
        """A `.cjs` file, or one assigning `exports` that is not `.mjs` (ES modules by their name)."""
        suffix = PurePosixPath(path).suffix
        return suffix == ".cjs" or (suffix != ".mjs" and _EXPORTS.search(text) is not None)

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        """`import ... from "m"` and `const x = require("m")` (with destructuring)."""
        source = None
        for c in walk(node):
            if c.type == "string" and (
                c.parent == node or (c.parent is not None and c.parent.type == "arguments")
            ):
                source = text_of(c).strip("'\"`")
                break
        if source is None:
            return []
        out = []
        if node.type == "import_statement":
            for c in walk(node):
                if c.type == "import_specifier":
                    name, alias = c.child_by_field_name("name"), c.child_by_field_name("alias")
                    out.append(
                        Import(source, text_of(name) if name else "", text_of(alias) if alias else None, line)
                    )
                elif c.type == "namespace_import":
                    ident = next((x for x in c.named_children if x.type == "identifier"), None)
                    out.append(Import(source, "*", text_of(ident) if ident else None, line))
                elif c.type == "identifier" and c.parent is not None and c.parent.type == "import_clause":
                    out.append(Import(source, "default", text_of(c), line))
            return out or [Import(source, None, None, line)]
        declarator = next((c for c in node.named_children if c.type == "variable_declarator"), None)
        name = declarator.child_by_field_name("name") if declarator is not None else None
        if name is not None and name.type == "identifier":
            return [Import(source, None, text_of(name), line)]
        if name is not None and name.type == "object_pattern":
            out = []
            for c in name.named_children:
                if c.type == "object_assignment_pattern":  # { a = default }
                    c = c.child_by_field_name("left") or c
                if c.type == "shorthand_property_identifier_pattern":
                    out.append(Import(source, text_of(c), None, line))
                elif c.type == "pair_pattern":  # { name: alias }
                    key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
                    if key is not None and value is not None and value.type == "identifier":
                        out.append(Import(source, text_of(key), text_of(value), line))
            return out
        return [Import(source, None, None, line)]

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """A relative import (`./util`), or a bare specifier (`effect/Option`) the workspace holds through
        tsconfig.json `paths` or a package's package.json (see ts_modules)."""
        from ..target import Target

        if imp.module.startswith("."):
            base = PurePosixPath(index.path).parent / imp.module
            path = module_file(resolver, base)
        else:
            path = resolver.cached(
                f"ts-bare:{index.path}:{imp.module}", lambda: resolve_bare(resolver, index.path, imp.module)
            )
        if path is None:
            return []
        if imp.name in (None, "*"):
            return [Target(path, resolver.module_symbol(path))]
        if imp.name == "default":
            other = resolver.memory.file(path)
            if other is None:
                return []
            named = [s for s in other.symbols[1:] if s.parent == other.module_id and s.name == imp.alias]
            return [Target(path, s) for s in named] or [Target(path, resolver.module_symbol(path))]
        return resolver.top_level(path, imp.name) or self._reexported(resolver, path, imp.name, depth)

    def module_member(self, resolver: Resolver, index: FileIndex, member: str, depth: int) -> list[Target]:
        """`ns.member` of `import * as ns`: a top-level definition of the module, or a name it re-exports
        (`export { member } from`, `export * as member from`, `export * from`, an imported name exported)."""
        return resolver.top_level(index.path, member) or self._reexported(resolver, index.path, member, depth)

    def _reexported(self, resolver: Resolver, path: str, name: str, depth: int) -> list[Target]:
        """Where the module `path` gets the `name` it exports without defining it: through its re-export
        statements, then through its own imports (`import { x } from "./a"; export { x }`)."""
        from ..target import Target

        if depth > _MAX_REEXPORT_DEPTH:
            return []
        other = resolver.memory.file(path)
        if other is None:
            return []
        stars: list[Import] = []
        for reexport in reexports(path, other.content_hash, lambda: resolver.memory.text(path) or b""):
            if reexport.bound == name:
                return resolver.resolve_import(other, reexport, depth + 1)
            if reexport.name == "*" and reexport.alias is None:
                stars.append(reexport)
        for reexport in stars:
            modules = resolver.resolve_import(other, reexport, depth + 1)
            for module in modules:
                module_index = resolver.memory.file(module.path)
                found = (
                    []
                    if module_index is None
                    else self.module_member(resolver, module_index, name, depth + 1)
                )
                if found:
                    return found
        for imp in other.imports:
            if imp.bound == name:
                return resolver.resolve_import(other, imp, depth + 1)
        local = local_export_aliases(path, other.content_hash, lambda: resolver.memory.text(path) or b"")
        if name in local:
            # `export { _void as void }`: a keyword cannot name a constant, so it is exported renamed; the
            # line renaming it comes along, as an import line does (it says why `Effect.void` is `_void`).
            found = resolver.top_level(path, local[name]) or self._reexported(
                resolver, path, local[name], depth + 1
            )
            text = resolver.memory.text(path) or b""
            line = export_line(path, other.content_hash, text, local[name], name)
            renaming = [] if line is None else [Target(path, None, line, companion=True)]
            return found + renaming if found else []
        return []


# `export { a as b, c }` with no `from`: the module's own definitions exported under another name.
_LOCAL_EXPORT = re.compile(rb"(?:^|[;}\n])[ \t]*export\s*\{([^}]*)\}(?!\s*from\b)")
_LOCAL_EXPORTS: dict[tuple[str, str], dict[str, str]] = {}
_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)


def local_export_aliases(path: str, content_hash: str, read: Callable[[], bytes]) -> dict[str, str]:
    """Exported name -> the module's own name, for each `export { own as exported }` of the module (no
    `from`), cached by content hash: `read` gives the text."""
    key = (path, content_hash)
    found = _LOCAL_EXPORTS.get(key)
    if found is not None:
        return found
    found = {}
    for match in _LOCAL_EXPORT.finditer(read()):
        names = _COMMENT.sub(" ", match.group(1).decode("utf-8", "replace"))
        for item in names.split(","):
            words = [w for w in item.split() if w != "type"]
            if len(words) == 3 and words[1] == "as":
                found[words[2]] = words[0]
    if len(_LOCAL_EXPORTS) > 4096:
        _LOCAL_EXPORTS.clear()
    _LOCAL_EXPORTS[key] = found
    return found


_EXPORT_LINES: dict[tuple[str, str, str], int | None] = {}


def export_line(path: str, content_hash: str, text: bytes, own: str, exported: str) -> int | None:
    """The 0-based line of `own as exported` in the module's `export { ... }` (no `from`), cached by content
    hash, or None."""
    key = (path, content_hash, exported)
    if key not in _EXPORT_LINES:
        pattern = re.compile(
            rb"(?<![\w$])" + re.escape(own.encode()) + rb"\s+as\s+" + re.escape(exported.encode())
        )
        line = None
        for block in _LOCAL_EXPORT.finditer(text):
            found = pattern.search(text, block.start(1), block.end(1))
            if found is not None:
                line = text.count(b"\n", 0, found.start())
                break
        if len(_EXPORT_LINES) > 4096:
            _EXPORT_LINES.clear()
        _EXPORT_LINES[key] = line
    return _EXPORT_LINES[key]


# Re-exports read from a module's text: `export * from "m"`, `export * as ns from "m"`,
# `export { a, b as c, type T } from "m"` (strings and comments are rare enough there not to mask them).
_REEXPORT = re.compile(
    rb"(?:^|[;}\n])\s*export\s+(?:type\s+)?(\*(?:\s+as\s+([\w$]+))?|\{([^}]*)\})\s*from\s*(['\"])([^'\"\n]+)\4"
)
_MAX_REEXPORT_DEPTH = 8
_REEXPORTS: dict[tuple[str, str], tuple[Import, ...]] = {}


def reexports(path: str, content_hash: str, read: Callable[[], bytes]) -> tuple[Import, ...]:
    """The re-export statements of a module as imports of what they export (`name` re-exported as
    `bound`; `*` with no alias for `export * from`), cached by content hash: `read` gives the text."""
    key = (path, content_hash)
    found = _REEXPORTS.get(key)
    if found is not None:
        return found
    text = read()
    out: list[Import] = []
    for match in _REEXPORT.finditer(text):
        line = text.count(b"\n", 0, match.start(1))
        source = match.group(5).decode("utf-8", "replace")
        if match.group(3) is None:
            alias = match.group(2)
            out.append(Import(source, "*", alias.decode() if alias else None, line))
            continue
        for item in match.group(3).decode("utf-8", "replace").split(","):
            words = item.split()
            if words and words[0] == "type":
                words = words[1:]
            if len(words) == 3 and words[1] == "as":
                out.append(Import(source, words[0], words[2], line))
            elif len(words) == 1:
                out.append(Import(source, words[0], None, line))
    if len(_REEXPORTS) > 4096:
        _REEXPORTS.clear()
    found = _REEXPORTS[key] = tuple(out)
    return found
