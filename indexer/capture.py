"""Definition capture: one pass of a language's query over a byte range finds its definitions, imports and
the spans to mask (strings, comments, literals, import statements).

The chunking (`chunking.py`) decides which captured definitions are symbols and where their names and docs
come from; this module only reads the query's matches and the nodes around them.
"""

from __future__ import annotations

import bisect
import re
from typing import cast

import tree_sitter as ts

from .languages import LanguageSpec
from .languages.spec import text_of
from .records import Import, Point, SymbolKind

_QUERY_KINDS: dict[str, SymbolKind] = {
    "class": SymbolKind.CLASS,
    "interface": SymbolKind.INTERFACE,
    "struct": SymbolKind.STRUCT,
    "enum": SymbolKind.ENUM,
    "impl": SymbolKind.OBJECT,
    "module": SymbolKind.NAMESPACE,
    "function": SymbolKind.FUNCTION,
    "method": SymbolKind.METHOD,
    "constructor": SymbolKind.CONSTRUCTOR,
    "field": SymbolKind.FIELD,
    "variable": SymbolKind.VARIABLE,
    "constant": SymbolKind.CONSTANT,
    "type": SymbolKind.TYPE_PARAMETER,
}

# Node types that wrap a definition without being one (decorators, export, templates).
WRAPPER_TYPES = frozenset({"decorated_definition", "export_statement", "template_declaration"})


class Capture:
    """Reads one language's definitions query. Stateless apart from the compiled query; safe to share."""

    def __init__(self, spec: LanguageSpec) -> None:
        self.spec = spec
        self._scan = spec.extraction_query
        masks = spec.masks_query
        # The definitions' patterns come first, the masks' follow. Counted from the masks query, which is
        # cheap to compile, where the definitions query alone takes as long as the joined one (30 ms for C).
        # An attribute at run time, though tree-sitter's stubs declare a method.
        self.def_patterns = cast(int, self._scan.pattern_count) - cast(int, masks.pattern_count)
        # Whether the grammar's queries define functions by assignment (`Foo.prototype.bar = function ...`).
        captures = cast(int, self._scan.capture_count)
        self.assigns = any(self._scan.capture_name(i) == "owner" for i in range(captures))
        # C and C++ need repairs of what macros and `#if` branches make the grammar misread.
        self.c_family = spec.repairs_preprocessor

    def definitions(
        self, root: ts.Node, lo: int, hi: int
    ) -> tuple[DefTable, list[tuple[int, Import]], list[tuple[int, int]]]:
        """Definitions starting in [lo, hi), imports, and the spans to mask: strings, comments and other
        literals, and import statements (the names an import binds are not uses). One pass of one query."""
        cursor = ts.QueryCursor(self._scan)
        cursor.set_byte_range(lo, hi)
        found: dict[int, tuple[int, Def]] = {}
        imports: list[tuple[int, Import]] = []
        masks: list[tuple[int, int]] = []
        def_patterns = self.def_patterns
        for pattern, caps in cursor.matches(root):
            if pattern >= def_patterns:
                node = caps["mask"][0]
                masks.append((node.start_byte, node.end_byte))
                continue
            if "import" in caps:
                node = caps["import"][0]
                if lo <= node.start_byte < hi:
                    row = node.start_point[0]
                    imports.extend((node.start_byte, imp) for imp in self.spec.read_imports(node, row))
                    masks.append((node.start_byte, node.end_byte))
                continue
            def_kind = next((k for k in caps if k.startswith("def.")), None)
            if def_kind is None:
                continue
            node = caps[def_kind][0]
            name_node = caps["name"][0]
            if (
                name_node.start_byte < lo
                or name_node.start_byte >= hi
                or (self.c_family and self._misparsed(node, name_node))
            ):
                continue
            key = name_node.start_byte
            if key in found and found[key][0] <= pattern:
                # The earliest pattern wins for a name: functions are listed before variables.
                continue
            body = caps["body"][0] if "body" in caps else None
            receiver = text_of(caps["receiver"][0]) if "receiver" in caps else None
            if "this_member" in caps:
                # A parameter that declares a field (TypeScript's `constructor(readonly x: T)`) is a member
                # of the class, as if the constructor said `this.x = x`.
                receiver = min(self.spec.self_names)
            kind = _QUERY_KINDS[def_kind[4:]]
            owner: tuple[str, ...] = ()
            if self.assigns and "owner" in caps:
                owned = _assigned_owner(text_of(caps["owner"][0]))
                if owned is None:
                    continue
                kind, owner = (SymbolKind.METHOD, owned[0]) if owned[1] else (kind, owned[0])
            found[key] = (pattern, self._make_def(kind, node, name_node, body, receiver, owner))
        imports.sort(key=lambda item: item[0])
        defs = sorted((d for _, d in found.values()), key=lambda d: (d.start_byte, -d.end_byte))
        return DefTable(defs), imports, masks

    def _misparsed(self, node: ts.Node, name_node: ts.Node) -> bool:
        """What the C/C++ grammar takes for a definition where macros or `#if` branches cut the code: a
        function named `if` (`#if A ... else if (x) {` inside a body), a macro call in a class body."""
        return (
            text_of(name_node) in self.spec.keywords
            or _macro_in_class(node, name_node)
            or _recovered_variable(node)
        )

    def _make_def(
        self,
        kind: SymbolKind,
        node: ts.Node,
        name_node: ts.Node,
        body: ts.Node | None,
        receiver: str | None,
        owner: tuple[str, ...] = (),
    ) -> Def:
        outer = node
        if node.type in _DECLARATION_TYPES and name_node.parent is not None:
            declarators = [c for c in node.named_children if c.type == "variable_declarator"]
            if len(declarators) > 1:
                # `let a = 1, b = () => 2`: the function is its own declarator, or `a` would lie inside it
                # and be dropped as a local. Its doc comment and wrappers stay the statement's.
                node = name_node.parent
        elif node.type in _TAG_TYPES and node.parent is not None and node.parent.type == "type_definition":
            # `typedef struct node {...} node_t;`: the struct's doc comment is the typedef's.
            outer = node.parent
        while outer.parent is not None and outer.parent.type in WRAPPER_TYPES:
            outer = outer.parent
        decorators = _decorators(outer, node)
        if self.c_family:
            name_node = _past_calling_convention(name_node)
            if name_node.type == "template_type":
                # A specialization (`struct call_guard<T, Ts...>`) is named as its template: `call_guard`.
                name_node = name_node.child_by_field_name("name") or name_node
        name = text_of(name_node)
        extra = owner
        # Only C++ names are qualified with `::` here; a Rust impl's type keeps its text (`[A::Item]`).
        if "::" in name and name_node.type in ("qualified_identifier", "nested_namespace_specifier"):
            name_node, name, extra = _unqualified(name_node, name)
        recv_type = self.spec.method_receiver(node)
        if recv_type:
            extra = (recv_type,)
        if kind is SymbolKind.OBJECT:
            name = squash(name)
        if kind is SymbolKind.FUNCTION and node.type in ("method_definition",):
            kind = SymbolKind.METHOD
        if kind is SymbolKind.TYPE_PARAMETER and node.type == "type_definition":
            # `typedef struct {...} point_t;`: the typedef is the only name of the struct it defines.
            tag = node.child_by_field_name("type")
            if tag is not None and tag.child_by_field_name("name") is None and body_of(tag) is not None:
                kind = _TAG_KINDS.get(tag.type, kind)
        return Def(kind, name, node, name_node, body, outer, tuple(decorators), receiver, extra)


def _decorators(outer: ts.Node, node: ts.Node) -> list[str]:
    """The decorators, annotations and attributes of a definition (`node`, inside its wrappers `outer`)."""
    if outer.type == "decorated_definition":
        return [squash(text_of(c)) for c in outer.named_children if c.type == "decorator"]
    # JS/TS decorators hang on the export statement around a class, on the definition itself, or
    # (TypeScript class members) precede it as siblings, like Rust attributes.
    holders = (outer, node) if outer is not node else (node,)
    decorators = [squash(text_of(c)) for h in holders for c in h.named_children if c.type == "decorator"]
    modifiers = next((c for c in node.named_children if c.type == "modifiers"), None)
    if modifiers is not None:
        decorators += [squash(text_of(c)) for c in modifiers.named_children if "annotation" in c.type]
    prev = outer.prev_named_sibling
    attrs: list[str] = []
    while prev is not None and prev.type in ("attribute_item", "decorator"):
        attrs.insert(0, squash(text_of(prev)))
        prev = prev.prev_named_sibling
    return attrs + decorators


def _unqualified(name_node: ts.Node, name: str) -> tuple[ts.Node, str, tuple[str, ...]]:
    """A C++ qualified name (`Shape::area`) as its last part, the node of that part, and its qualifiers."""
    parts = [p for p in name.split("::") if p]
    name, extra = (parts[-1] if parts else name), tuple(parts[:-1])
    # The name range covers the name, not its qualifiers (`area` of `Shape::area`, `net` of
    # `namespace app::net`).
    while name_node.type == "qualified_identifier":
        inner = name_node.child_by_field_name("name")
        if inner is None:
            break
        name_node = inner
    if name_node.type == "nested_namespace_specifier" and name_node.named_child_count:
        name_node = name_node.named_children[-1]
    # A specialization (`Conv::StringTo<double>`) is named as its calls name it: `StringTo`.
    template = name_node.child_by_field_name("name") if name_node.type == "template_function" else None
    if template is not None:
        name_node, name = template, text_of(template)
    return name_node, name, extra


_DOTTED_NAME = re.compile(r"[\w$]+(?:\.[\w$]+)*")
# What a module's own exports are reached through in CommonJS: `exports.parse = ...` defines `parse`.
_EXPORTS = (("module", "exports"), ("exports",))


def _assigned_owner(text: str) -> tuple[tuple[str, ...], bool] | None:
    """The scope of a function assigned to a member (`Foo.prototype` of `Foo.prototype.bar = ...`) and whether
    it is a method (through a prototype); None when the object is not a plain dotted name (`a().b`)."""
    if not _DOTTED_NAME.fullmatch(text):
        return None
    parts = tuple(text.split("."))
    if "prototype" in parts:
        return parts[: parts.index("prototype")], True
    for prefix in _EXPORTS:
        if parts[: len(prefix)] == prefix:
            return parts[len(prefix) :], False
    return parts, False


# Declarations that may bind several names (`let a = 1, b = () => 2`).
_DECLARATION_TYPES = frozenset({"lexical_declaration", "variable_declaration"})
# C and C++ struct, union and enum specifiers: what a typedef may define and name at once.
_TAG_KINDS = {
    "struct_specifier": SymbolKind.STRUCT,
    "union_specifier": SymbolKind.STRUCT,
    "enum_specifier": SymbolKind.ENUM,
}
_TAG_TYPES = frozenset(_TAG_KINDS)


class Def:
    """A definition the query found, with the nodes the extraction reads."""

    __slots__ = (
        "body",
        "decorators",
        "end_byte",
        "end_point",
        "extra_scope",
        "kind",
        "name",
        "name_node",
        "node",
        "outer",
        "receiver",
        "start_byte",
        "start_point",
    )

    def __init__(
        self,
        kind: SymbolKind,
        name: str,
        node: ts.Node,
        name_node: ts.Node,
        body: ts.Node | None,
        outer: ts.Node,
        decorators: tuple[str, ...],
        receiver: str | None,
        extra_scope: tuple[str, ...],
    ) -> None:
        self.kind = kind
        self.name = name
        self.node = node
        self.name_node = name_node
        self.body = body
        self.outer = outer
        self.decorators = decorators
        self.receiver = receiver
        self.extra_scope = extra_scope
        # A decorated definition starts at its decorators.
        first = outer if outer.type == "decorated_definition" else node
        self.start_byte: int = first.start_byte
        self.end_byte: int = node.end_byte
        self.start_point: Point = first.start_point
        self.end_point: Point = node.end_point


class DefTable:
    def __init__(self, defs: list[Def]) -> None:
        self.defs = defs
        self.starts = [d.start_byte for d in defs]

    def within(self, lo: int, hi: int) -> list[Def]:
        i = bisect.bisect_left(self.starts, lo)
        j = bisect.bisect_left(self.starts, hi)
        return [d for d in self.defs[i:j] if d.end_byte <= hi]


def _past_calling_convention(name_node: ts.Node) -> ts.Node:
    """The name of a C function declared with a macro before it (`PyObject *FASTCALL_MSVC decode_true(...)`,
    `int WINAPI main(...)`): the grammar takes the macro for the name and leaves the name in an error node
    right before the parameters."""
    parent = name_node.parent
    if name_node.type != "identifier" or parent is None or parent.type != "function_declarator":
        return name_node
    after = name_node.next_sibling
    if after is None or after.type != "ERROR" or after.named_child_count != 1:
        return name_node
    name = after.named_children[0]
    return name if name.type == "identifier" else name_node


def _macro_in_class(node: ts.Node, name_node: ts.Node) -> bool:
    """A macro call in a C++ class body (`DISALLOW_COPY_AND_ASSIGN(Bignum);`): it parses as a declaration
    without a type, as a constructor does, but is not named after the class."""
    if node.type != "declaration" or name_node.type != "identifier" or node.child_by_field_name("type"):
        return False
    body = node.parent
    owner = body.parent if body is not None and body.type == "field_declaration_list" else None
    name = owner.child_by_field_name("name") if owner is not None else None
    return name is not None and text_of(name) != text_of(name_node)


# What a variable declaration the grammar read whole starts with, where the error node's rule (c.scm) keeps it.
_STORAGE = re.compile(rb"(?:static|extern)[ \t]|[A-Z][A-Z0-9_]*[ \t]+(?:static|extern|const)[ \t]")


def _recovered_variable(node: ts.Node) -> bool:
    """A file-level "declaration" whose own parts hold an error or a token the grammar made up (a `;` after
    `PCRE2_EXP_DEFN pcre2_code` where a macro cut a function's head, `STRING_plb0 STRING_napla0` in a table of
    string macros pasted together) is the recovery's reading of code a macro cut: read as in an error node,
    a variable only when `static` or `extern`, or its names (`pcre2_code`) would shadow the macros they are.
    An error inside its value (a string being typed) leaves it a variable."""
    if node.type != "declaration" or not node.has_error or node.parent is None or node.parent.type == "ERROR":
        return False
    declarator = node.child_by_field_name("declarator")
    while declarator is not None and declarator.type == "pointer_declarator":
        declarator = declarator.child_by_field_name("declarator")
    if declarator is not None and declarator.type == "function_declarator":
        return False  # a prototype: the rule is the variables'
    kind = node.child_by_field_name("type")
    cut = (kind is not None and kind.has_error) or any(c.is_missing or c.is_error for c in node.children)
    return cut and not _STORAGE.match(node.text or b"")


def body_of(node: ts.Node) -> ts.Node | None:
    return node.child_by_field_name("body")


def squash(text: str) -> str:
    return " ".join(text.split())
