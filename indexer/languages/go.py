"""Go: its grammar, imports, receiver methods and directory packages, panics as stubs, `go test` skeletons."""

from __future__ import annotations

import os
import re
import shutil
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..lambda_context import _matching_close
from ..records import Import, SymbolKind
from . import go_modules, go_packages
from .go_build import builds_here, go_files
from .risky import DELETE, NETWORK, PROCESS
from .spec import NOT_YET, LanguageSpec, source_query, text_of

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..records import SymbolNode
    from ..resolver import Resolver
    from ..target import Target
    from ..workspace import Memory

# A method's receiver name in its signature (`func (c *Conn) Close()`: `c`).
_RECEIVER_NAME = re.compile(r"func\s*\(\s*(\w+)")
_MODULE_LINE = re.compile(rb"^\s*module\s+\"?([^\s\"/]+(?:/[^\s\"]+)?)\"?", re.MULTILINE)
# The element type after a slice, array, map or channel type's brackets (`[]*T`, `[4]T`, `map[K]T`,
# `chan T`), as group 1.
_ELEMENT = r"(?:\[[^\]]*\]|map\[[^\]]*\]|(?:<-\s*)?chan(?:\s*<-)?\s+)\*?([A-Za-z_][\w.]*)(?![\w.\[(])"
# After the value of a two-variable range clause: what it ranges over, a chain of names.
_RANGE_VALUE = re.compile(r"\s*:=\s*range\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\{")
# After a local bound to an element of a chain of names: an index (`i := &m.p.Inst[pc]`, `q, ok := t.wait[key]`,
# not a slice expression's `xs[i:j]`) or a channel's receive (`v := <-c.ch`); the chain as group 1 or 3, and the
# fields after an index (`op := p.ops[i].kind`) as group 2.
_CHAIN = r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)"
_ELEMENT_OF = re.compile(
    r"(?:\s*,\s*\w+)?\s*:?=\s*(?:&?"
    + _CHAIN
    + r"\[[^\[\]:]+\]((?:\.[A-Za-z_]\w*)*)|<-\s*"
    + _CHAIN
    + r")\s*(?:$|[;/])"
)
# A type switch that binds its value (`switch x := x.(type) {`): its indentation and the name bound.
_TYPE_SWITCH = re.compile(r"^([ \t]*)switch\s+(?:.*;\s*)?(\w+)\s*:=\s*[^\n]*\.\(type\)\s*\{", re.MULTILINE)
# A type switch's arm after its indentation: `case *ast.Ident:` (group 1, one type), `case *A, *B:`, `default:`.
_CASE = r"(?:case\s+\*?([A-Za-z_][\w.]*)\s*:|case\s[^:\n]*:|default\s*:)"
_LINE_COMMENT = re.compile(r"//[^\n]*")
# A key of a composite literal whose type is written (`&ast.BadExpr{From: pos}`, `piController{kp: 0.9}`): not a
# map's (its type is a map type) nor an element's whose type the literal around it gives (`[]T{{X: 1}}`).
_KEYED_LITERAL = """(composite_literal type: [(type_identifier) (qualified_type)] @type
  body: (literal_value (keyed_element . (literal_element (identifier) @key))))"""
# An import path whose first element has no dot is the standard library's (`time`, `net/http`).
_STD_PATH = re.compile(r"[A-Za-z0-9_\-]+(?:/[A-Za-z0-9_.\-]+)*")


class GoSpec(LanguageSpec):
    """Go: a package is a directory whose files share their top-level names; methods hang on receivers."""

    # Single quotes delimit a character literal, not a string.
    char_literals = True
    import_types: ClassVar[frozenset[str]] = frozenset({"import_declaration"})
    import_like_types = import_types
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "break",
            "case",
            "chan",
            "const",
            "continue",
            "default",
            "defer",
            "else",
            "fallthrough",
            "for",
            "func",
            "go",
            "goto",
            "if",
            "import",
            "interface",
            "map",
            "package",
            "range",
            "return",
            "select",
            "struct",
            "switch",
            "type",
            "var",
            "nil",
            "true",
            "false",
            "iota",
        ]
    )
    package_comment_doc = True
    shared_namespace = True
    members_elsewhere = True
    receiver_methods = True
    package_is_directory = True
    waiting_import_members = True
    package_word_members = True
    result_kin_types = True
    waiting_imports_wide = True
    parameter_type_members = True
    # `st *http2stream,` (a receiver too): what the file's functions taking a type read through it is what a body
    # taking one reads (`context/parameter_types.py`).
    parameter_declaration = r"\b([A-Za-z_]\w*)\s+\*?{type}\s*[,)]"
    waiting_scope = "package"
    names_by_analogy = True
    analogies_where_used = True
    built_structs_nest = True
    blank_names = frozenset({"_"})
    fit_per_token = True
    alike_in_package = True
    embedded_fields_are_bases = True
    declared_type_patterns = (
        # A type assertion: `typ, ok := x.(*ast.ChanType)`, `if name, _ := x.X.(*ast.Ident); ...` hold the type
        # asserted (read first: the literal-or-call pattern below would read `x.` as a callee). Not a type
        # switch's `x.(type)`, whose type is each arm's.
        re.compile(r"\w+(?:\s*,\s*\w+)?\s*:?=\s*[\w.\[\]]+\.\(\s*\*?(?!type\s*\))([A-Za-z_][\w.]*)\s*\)"),
        # A parameter, receiver, field or `var`: `c *Conn`, `a, b *Conn`, `mu sync.Mutex` (not `[]T`, `map`).
        re.compile(r"\w+(?:\s*,\s*\w+)*\s+\*?([A-Za-z_][\w.]*)(?![\w.\[(])"),
        # `r := new(Response)`.
        re.compile(r"\w+\s*:?=\s*new\(\s*([A-Za-z_][\w.]*)\s*\)"),
        # `cc := b.cs.cc`: what the chain holds.
        re.compile(r"\w+\s*:?=\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*(?:$|[;/])"),
        # `m := &Conn{}`, `x, err := NewConn()`, `var x = pkg.New()`: the literal's type or the callee.
        re.compile(r"\w+(?:\s*,\s*\w+)*\s*:?=\s*&?([A-Za-z_][\w.]*)\s*[({]"),
        # A function's first result: `NewConn() *Conn`, `Open(name string) (*File, error)`, a named one
        # (`readRequest(b *bufio.Reader) (req *Request, err error)`).
        re.compile(r"\w+\s*\([^()]*\)\s*(?:\(\s*(?:\w+\s+)?)?\*?([A-Za-z_][\w.]*)"),
    )
    element_type_patterns = (
        # A field, parameter or `var` of a slice, array, map or channel: `conns []*Conn`, `m map[K]Conn`.
        re.compile(r"\w+(?:\s*,\s*\w+)*\s+" + _ELEMENT),
        # A local made or written as one: `xs := make([]*Conn, n)`, `m := map[string]Conn{}`.
        re.compile(r"\w+\s*:?=\s*(?:make\(\s*)?" + _ELEMENT),
        # A function's first result: `conns() []*Conn`, `lookup(k string) (map[string]*Conn, error)`.
        re.compile(r"\w+\s*\([^()]*\)\s*\(?\s*(?:\w+\s+)?" + _ELEMENT),
    )
    test_framework = "go test"
    fence_tags = frozenset({"go", "golang"})
    checkers = ("go", ("go", "gopls", "staticcheck"))
    project_markers = ("go.mod",)
    risky_calls = (
        *((p, PROCESS) for p in ("os/exec.*", "syscall.Exec", "syscall.ForkExec", "os.StartProcess")),
        *((p, NETWORK) for p in ("net.*", "net/http.*")),
        *((p, DELETE) for p in ("os.Remove", "os.RemoveAll")),
    )
    stub_statements = (
        (re.compile(r"panic\(\s*\"[^\"]*" + NOT_YET + r"[^\"]*\"\s*\)", re.I), '`panic("not implemented")`'),
    )

    def test_file(self, root: Path, path: str) -> str:
        """`<file>_test.go` beside it, in the same package."""
        source = PurePosixPath(path)
        return str(source.with_name(f"{source.stem}_test.go"))

    def is_test_file(self, path: str) -> bool:
        """`*_test.go`."""
        return PurePosixPath(path).name.endswith("_test.go")

    def declared_type_at(self, text: str, start: int, end: int) -> str | None:
        """The declared type, or for the value of `for k, v := range xs {` an element of `xs`, read as
        `xs[]` (a lone `for i := range xs` binds the index or the key, not an element), as for a local bound to
        one (`x := &xs[i]`, `x, ok := m[k]`, `x := <-ch`: not the `ok`)."""
        found = super().declared_type_at(text, start, end)
        if found is not None:
            return found
        after_comma = text[:start].rstrip().endswith(",")
        ranged = _RANGE_VALUE.match(text, end)
        if ranged is not None and after_comma:
            return ranged.group(1) + "[]"
        element = None if after_comma else _ELEMENT_OF.match(text, end)
        if element is None or element.group(1) is None:
            return None if element is None else element.group(3) + "[]"
        return element.group(1) + "[]" + element.group(2)

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        path = node.child_by_field_name("path")
        alias = node.child_by_field_name("name")
        module = text_of(path).strip('"`') if path is not None else ""
        return [Import(module, None, text_of(alias) if alias is not None else module.split("/")[-1], line)]

    def receiver_name(self, scope: SymbolNode) -> str | None:
        if scope.kind is not SymbolKind.METHOD:
            return None
        match = _RECEIVER_NAME.match(scope.signature)
        return match.group(1) if match else None

    def method_receiver(self, node: ts.Node) -> str | None:
        """The receiver's type of a method declaration (`*T`, `T[K]` read as `T`)."""
        if node.type != "method_declaration":
            return None
        receiver = node.child_by_field_name("receiver")
        if receiver is None:
            return None
        for param in receiver.named_children:
            typ = param.child_by_field_name("type")
            while typ is not None and typ.type in ("pointer_type", "generic_type"):
                typ = typ.named_child(0) if typ.type == "pointer_type" else typ.child_by_field_name("type")
            if typ is not None:
                return text_of(typ)
        return None

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """An import path leads to its package: a directory of the module (go.mod's `module` line, or the
        module's vendor directory), or of GOROOT/src for the standard library. The package stands as one
        of its files' module symbols; `pkg.Name` then finds Name in any of them (`module_member`)."""
        from ..target import Target

        memory = resolver.memory
        if ".." in imp.module.split("/") or not imp.module:
            return []
        directory = _package_dir(memory.root, memory.abspath(index.path).parent, imp.module)
        if directory is None:
            return []
        files = go_files(str(directory))
        if not files:
            return []
        path = memory.relpath(directory / files[0])
        if PurePosixPath(path).is_absolute():
            module = _LIBRARY_MODULES.get(path)
            if module is None:
                module = _LIBRARY_MODULES[path] = Target(path, resolver.module_symbol(path))
            return [module]
        return [Target(path, resolver.module_symbol(path))]

    def exported(self, name: str) -> bool:
        return name[:1].isupper()

    def waits_uncalled(self, name: str, signature: str, class_signatures: list[str]) -> bool:
        """An unexported function or method: Go's tools flag one nothing in its package calls."""
        return not self.exported(name)

    def embedded_types(self, index: FileIndex, struct: SymbolNode) -> tuple[str, ...]:
        """The types a struct embeds (`routeConf`, `io.Reader` from `*io.Reader`): a field named as its type."""
        out: list[str] = []
        for child_id in struct.children:
            field = index.by_id.get(child_id)
            if field is None or field.kind is not SymbolKind.FIELD:
                continue
            typ = field.signature.lstrip("*").split("[")[0].strip()
            if typ.rpartition(".")[2] == field.name:
                out.append(typ)
        return tuple(out)

    def module_member(self, resolver: Resolver, index: FileIndex, member: str, depth: int) -> list[Target]:
        """`pkg.Name`: the exported top-level Name in any non-test file of the package's directory (a
        workspace package through the name table; a GOROOT one by listing its directory)."""
        if not self.exported(member):
            return []  # only exported names are reachable from another package
        here = PurePosixPath(index.path).parent
        if here.is_absolute():
            return list(_library_names(resolver, str(here)).get(member, ()))
        builds = go_files(str(resolver.memory.abspath(str(here))))
        paths = [
            p
            for p in resolver.memory.files_defining(member)
            if PurePosixPath(p).parent == here and PurePosixPath(p).name in builds
        ]
        out: list[Target] = []
        for path in paths:
            out.extend(resolver.top_level(path, member))
        return out

    def type_switch_arms(self, code: str) -> list[tuple[str, str]]:
        """`switch x := e.(type) {` then per `case T:` of one type (written as gofmt indents a switch's arms, as
        the `switch` is), the `x.member`s its arm reads outside comments, up to the next arm or the closing brace."""
        found: list[tuple[str, str]] = []
        for switch in _TYPE_SWITCH.finditer(code):
            indent, bound = re.escape(switch.group(1)), switch.group(2)
            end = re.compile(rf"^{indent}\}}", re.MULTILINE).search(code, switch.end())
            body = _LINE_COMMENT.sub("", code[switch.end() : len(code) if end is None else end.start()])
            arms = list(re.compile(rf"^{indent}{_CASE}", re.MULTILINE).finditer(body))
            reads = re.compile(rf"(?<![\w.]){re.escape(bound)}\.([A-Za-z_]\w*)")
            for arm, after in zip(arms, [*arms[1:], None], strict=True):
                if arm.group(1) is not None:  # not `default:` nor several types: those keep the value's type
                    text = body[arm.end() : len(body) if after is None else after.start()]
                    found.extend((arm.group(1), m) for m in dict.fromkeys(reads.findall(text)))
        return found

    def keyed_literal_fields(self, code: str) -> list[tuple[str, str]]:
        """The `(type, key)` pairs of the keyed literals of `code`, a function's text parsed alone."""
        root = self.parser().parse(code.encode("utf-8")).root_node
        matches = ts.QueryCursor(source_query(self, _KEYED_LITERAL)).matches(root)
        return [(text_of(found["type"][0]), text_of(found["key"][0])) for _, found in matches]

    def built_type(self, header: str) -> str | None:
        """The struct type a function's first result names (`*ast.ChanType`, `(key ticketKey)`, `(*T, error)`):
        the body most often builds it field by field, or fills the named result it declares."""
        results = _lists(header)[1]
        if not results:
            return None
        parts = [p.split() for p in _split_top(results)]
        # Named results (`(key ticketKey, err error)`, `(x, y T)`): the first one's type is the first part's
        # that names one; unnamed ones are types each.
        named = any(len(p) > 1 for p in parts)
        first = next((p for p in parts if len(p) > 1), None) if named else parts[0]
        typename = first[-1].lstrip("*") if first else ""
        return typename if _TYPE_NAME.fullmatch(typename) and typename != "error" else None

    def package_names(self, memory: Memory, path: str) -> tuple[str, ...]:
        """The exported top-level names of the files of `path`'s package directory that build here."""
        qualnames = _qualnames(memory, path)
        return tuple(q for q in qualnames if "." not in q and self.exported(q))

    def type_members(self, memory: Memory, path: str) -> dict[str, tuple[str, ...]]:
        """Each type's fields and methods declared in any file of `path`'s package directory (`Time.Before`)."""
        return go_packages.members_by_type(_qualnames(memory, path))

    def package_names_elsewhere(self, memory: Memory, path: str) -> tuple[str, ...]:
        """The top-level names of the other files of `path`'s package directory that build here."""
        directory = PurePosixPath(path).parent
        listed = [n for n in go_files(str(memory.abspath(str(directory)))) if str(directory / n) != path]
        return tuple(q for q in go_packages.package_qualnames(memory, path, listed) if "." not in q)

    def parameters(self, header: str) -> tuple[tuple[str, str], ...]:
        """The named parameters of a function header and each one's type, a pointer's pointee (`(req *Request, a,
        b time.Time)` -> req Request, a time.Time, b time.Time); not slices, maps, functions or channels."""
        found: list[tuple[str, str]] = []
        waiting: list[str] = []
        for part in _split_top(_lists(header)[0]):
            words = part.split(None, 1)
            if len(words) == 1:
                waiting.append(words[0])  # `a, b T`: named by the type after the last
                continue
            typename = words[1].strip().removeprefix("*")
            names, waiting = [*waiting, words[0]], []
            if _TYPE_NAME.fullmatch(typename):
                found.extend((name, typename) for name in names)
        return tuple(found)

    def shares_names_with(self, resolver: Resolver, path: str, other: str) -> bool:
        """Files of one directory share their top-level names only when they build together: from a file
        that builds here, a test file's names or another platform's (`lock_js.go` beside `lock_futex.go`,
        a `//go:build ignore` generator) are not there, and answering with them too spends a context's
        budget on definitions this build never sees. A file that does not build here sees them all."""
        if path.rpartition("/")[0] != other.rpartition("/")[0]:
            return True  # another directory: another package, which the resolver's directory rule leaves out
        return builds_here(resolver, path) or not builds_here(resolver, other)

    def library_dirs(self) -> tuple[Path, ...]:
        """GOROOT/src, when a Go toolchain is installed (see `goroot`), and the module cache, where the
        modules go.mod requires are (see go_modules)."""
        found = (_goroot_src(), go_modules.module_cache())
        return tuple(d for d in found if d is not None)


def _goroot_src() -> Path | None:
    return _goroot_src_for(os.environ.get("GOROOT"), os.environ.get("PATH"))


@cache
def _goroot_src_for(environment: str | None, search_path: str | None) -> Path | None:
    # Asked for every import resolved: the PATH search for `go` runs once per environment, not each time.
    root = goroot(environment, shutil.which("go", path=search_path))
    return None if root is None else root / "src"


def _package_dir(root: Path, start: Path, import_path: str) -> Path | None:
    """The directory of the package `import_path` imported from a file in `start`: inside the module that
    holds `start` (its nearest go.mod up to the workspace root), in that module's vendor directory, in a
    go.work module, a replacement or the module cache (go_modules), or in GOROOT/src for a standard import
    path."""
    found = _module_of(str(start), str(root))
    module_dir: Path | None = None
    if found is not None:
        module_dir, module = Path(found[0]), found[1]
        if import_path == module or import_path.startswith(module + "/"):
            candidate = module_dir / import_path[len(module) :].lstrip("/")
            if candidate.is_dir():
                return candidate
        vendored = module_dir / "vendor" / import_path
        if vendored.is_dir():
            return vendored
    elsewhere = go_modules.find_package(import_path, start, root, module_dir)
    if elsewhere is not None:
        return elsewhere
    first = import_path.split("/")[0]
    if "." in first or not _STD_PATH.fullmatch(import_path):
        return None
    library = _goroot_src()
    if library is None:
        return None
    candidate = library / import_path
    return candidate if candidate.is_dir() else None


@lru_cache(maxsize=4096)
def _module_of(directory: str, root: str) -> tuple[str, str] | None:
    """(directory of the nearest go.mod from `directory` up to `root`, its module path), or None. Cached
    per directory: a go.mod appearing later is seen by the next server start."""
    here = Path(directory)
    while True:
        gomod = here / "go.mod"
        if gomod.is_file():
            try:
                match = _MODULE_LINE.search(gomod.read_bytes()[:65536])
            except OSError:
                match = None
            if match is not None:
                return str(here), match.group(1).decode("utf-8", "replace")
        if str(here) == root or here.parent == here or not here.is_relative_to(root):
            return None
        here = here.parent


# A type a result names: a name or a package's (`ticketKey`, `ast.ChanType`), not a slice, map or func type.
_TYPE_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?")
_FUNC_NAME = re.compile(r"\s*[A-Za-z_]\w*\s*")


def _closing(text: str, at: int) -> int:
    """The index of the bracket closing the one at `at` (-1 when the header ends first)."""
    found = _matching_close(text, at)
    return -1 if found is None else found


def _lists(header: str) -> tuple[str, str]:
    """The parameter and result lists of a function header (`func (r *T) name[P any](params) (results) {`),
    without their parentheses; empty where the header is not read or the function returns nothing."""
    text = header.strip()
    if not text.startswith("func"):
        return "", ""
    i = len(text) - len(text[4:].lstrip())
    if text.startswith("(", i):  # the receiver
        i = _closing(text, i) + 1
        i += len(text[i:]) - len(text[i:].lstrip())
    name = _FUNC_NAME.match(text, i)
    if i <= 0 or name is None:
        return "", ""
    i = name.end()
    if text.startswith("[", i):  # type parameters
        i = _closing(text, i) + 1
    if i <= 0 or not text.startswith("(", i):
        return "", ""
    end = _closing(text, i)
    params = text[i + 1 : end] if end > 0 else ""
    rest = text[end + 1 :].split("{")[0].strip() if end > 0 else ""
    if rest.startswith("("):
        return params, rest[1 : max(_closing(rest, 0), 1)]
    return params, rest


def _qualnames(memory: Memory, path: str) -> tuple[str, ...]:
    """The qualified names of `path`'s package's files that build here (`go_packages.package_qualnames`)."""
    listed = go_files(str(memory.abspath(str(PurePosixPath(path).parent))))
    return go_packages.package_qualnames(memory, path, listed)


def _split_top(text: str) -> list[str]:
    """`text` split at its top-level commas (not those inside brackets)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


# The top-level definitions of library package directories, by name (GOROOT's files never change while we
# run): `pkg.Name` then reads no file, where the cache of loaded files would parse them again and again.
_LIBRARY_NAMES: dict[str, dict[str, tuple[Target, ...]]] = {}
# The module symbol standing for each library package (its first file's), kept for the same reason.
_LIBRARY_MODULES: dict[str, Target] = {}


def _library_names(resolver: Resolver, directory: str) -> dict[str, tuple[Target, ...]]:
    """Top-level name -> its definitions in the files of the library package `directory`."""
    from ..target import Target

    found = _LIBRARY_NAMES.get(directory)
    if found is None:
        names: dict[str, list[Target]] = {}
        for name in go_files(directory):
            path = f"{directory}/{name}"
            index = resolver.memory.file(path)
            for qualname, symbols in () if index is None else index.by_qualname.items():
                if "." not in qualname:
                    names.setdefault(qualname, []).extend(Target(path, s) for s in symbols)
        if len(_LIBRARY_NAMES) > 2048:
            _LIBRARY_NAMES.clear()
            _LIBRARY_MODULES.clear()
        found = _LIBRARY_NAMES[directory] = {k: tuple(v) for k, v in names.items()}
    return found


@cache
def goroot(environment: str | None, go: str | None) -> Path | None:
    """The Go toolchain's root: $GOROOT, else the root the `go` binary on PATH lives in (bin/go under it,
    as `go env GOROOT` answers for a default install), else what `go env GOROOT` says. The command runs
    outside any workspace with GOTOOLCHAIN=local, so no go.mod can make it fetch or run another toolchain."""
    if environment:
        path = Path(environment)
        return path if (path / "src").is_dir() else None
    if go is None:
        return None
    binary = Path(go).resolve()
    if (binary.parent.parent / "src").is_dir() and binary.parent.name == "bin":
        return binary.parent.parent
    answer = go_modules.go_env(go, "GOROOT")
    if answer is None:
        return None
    path = Path(answer)
    return path if path.is_absolute() and (path / "src").is_dir() else None
