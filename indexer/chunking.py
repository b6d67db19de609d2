"""Chunking: the statements of a body (module or container) become chunks of definitions, their names used,
their docs and imports, with positions relative to each chunk's origin.

Which definitions are symbols (locals are not; `self.x = ...` fields belong to methods), what each one owns
of the names its text uses, its signature and doc are decided here, from what `capture.py` found.
"""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter as ts

from .capture import WRAPPER_TYPES, Capture, Def, DefTable, body_of, squash
from .docs import DIRECTIVE, first_doc_line, strip_comment
from .languages import COMMENT_TYPES, IMPORT_TYPES, LanguageSpec
from .languages.spec import text_of
from .records import CALLABLE_KINDS, CONTAINER_KINDS, Chunk, Import, RawDef, SymbolKind
from .references import RefTable, masked

_BINDING_KINDS = frozenset({SymbolKind.VARIABLE, SymbolKind.CONSTANT})
_OWNERLESS = frozenset({SymbolKind.VARIABLE, SymbolKind.CONSTANT, SymbolKind.FIELD})
# The preprocessor's definitions: file-scoped wherever they stand (C, C++).
_MACRO_TYPES = frozenset({"preproc_def", "preproc_function_def"})
_MAX_SIGNATURE = 400
# A signature is read from at most this many bytes after its definition's start: the squashed header is cut
# at _MAX_SIGNATURE characters anyway, and a bound keeps an edit deep inside a huge literal (a 700 KB dict
# assigned to one name) from touching the text its signature was read from.
SIGNATURE_BYTES = 1024

# Node types that are containers whose body members become chunks of their own.
_CONTAINER_NODE_TYPES = frozenset(
    {
        "class_definition",
        "class_declaration",
        "abstract_class_declaration",
        "class",
        "interface_declaration",
        "record_declaration",
        "internal_module",
        "trait_item",
        "impl_item",
        "mod_item",
        "class_specifier",
        "struct_specifier",
        "namespace_definition",
    }
)


class ChunkBuilder:
    """Builds one language's chunks from statement nodes. Stateless apart from its compiled query; safe to
    share."""

    def __init__(self, spec: LanguageSpec) -> None:
        self.spec = spec
        self.capture = Capture(spec)
        self._assigns = self.capture.assigns
        self._c_family = self.capture.c_family

    def chunk_children(self, body: ts.Node) -> Iterator[ts.Node]:
        for child in body.named_children:
            if child.type not in COMMENT_TYPES:
                yield child

    def container_def(self, node: ts.Node) -> ts.Node | None:
        """The container definition a chunk-level statement is, if it is one (unwrapping decorators etc.)."""
        inner = _unwrap(node)
        body = body_of(inner)
        if body is None or inner.type not in _CONTAINER_NODE_TYPES:
            return None
        return inner

    def container_name(self, node: ts.Node) -> str | None:
        name = node.child_by_field_name("name") or node.child_by_field_name("type")
        return None if name is None else text_of(name)

    def extract_nodes(
        self, nodes: list[ts.Node], scope: tuple[str, ...], depth: int, source: bytes, root: ts.Node
    ) -> list[Chunk]:
        if not nodes:
            return []
        lo, hi = nodes[0].start_byte, nodes[-1].end_byte
        defs, imports, masks = self.capture.definitions(root, lo, hi)
        refs = RefTable(masked(source, lo, hi, masks), lo, imports, self.spec)
        out: list[Chunk] = []
        # Depth first with an explicit stack, not recursion: containers nest thousands deep in generated
        # code, far past Python's recursion limit.
        stack = [(node, scope, depth) for node in reversed(nodes)]
        while stack:
            node, node_scope, node_depth = stack.pop()
            members = self._emit(node, node_scope, node_depth, source, defs, refs, out)
            stack.extend(reversed(members))
        return out

    def _emit(
        self,
        node: ts.Node,
        scope: tuple[str, ...],
        depth: int,
        source: bytes,
        defs: DefTable,
        refs: RefTable,
        out: list[Chunk],
    ) -> list[tuple[ts.Node, tuple[str, ...], int]]:
        """Append the chunk of `node` to `out`; a container's members are returned, to be emitted next."""
        inner = self.container_def(node)
        if inner is not None and (name := self.container_name(inner)) is not None:
            body = body_of(inner)
            assert body is not None
            header_defs = [
                d
                for d in defs.within(node.start_byte, node.end_byte)
                if d.node.start_byte == inner.start_byte
            ]
            if header_defs:
                # The header: the container itself, references in its header and in any docstring.
                raw = self._raw_defs(node, header_defs[:1], refs, source, header_only=body)
                out.append(self._chunk(node, scope, depth, True, raw, refs, body))
                member_scope = (*scope, name)
                return [(member, member_scope, depth + 1) for member in self.chunk_children(body)]
        raw = self._raw_defs(
            node, defs.within(node.start_byte, node.end_byte), refs, source, header_only=None
        )
        out.append(self._chunk(node, scope, depth, False, raw, refs, None))
        return []

    def _chunk(
        self,
        node: ts.Node,
        scope: tuple[str, ...],
        depth: int,
        is_container: bool,
        raw: tuple[tuple[RawDef, ...], tuple[str, ...]],
        refs: RefTable,
        body: ts.Node | None,
    ) -> Chunk:
        start, end = node.start_byte, node.end_byte
        origin_row = node.start_point[0]
        imports = tuple(
            Import(imp.module, imp.name, imp.alias, imp.line - origin_row)
            for imp in refs.imports_within(start, end if body is None else body.start_byte)
        )
        return Chunk(
            start,
            origin_row,
            end - start,
            node.end_point[0] - origin_row,
            scope,
            depth,
            is_container,
            raw[0],
            raw[1],
            imports,
        )

    def _raw_defs(
        self,
        chunk: ts.Node,
        found: list[Def],
        refs: RefTable,
        source: bytes,
        header_only: ts.Node | None,
    ) -> tuple[tuple[RawDef, ...], tuple[str, ...]]:
        """RawDefs of a chunk (positions relative to it) and the chunk's loose references."""
        kept, parents, tagged = self._nest(found)
        if not kept and chunk.type in IMPORT_TYPES:
            return (), ()  # the names an import binds are not uses
        ref_end = chunk.end_byte if header_only is None else header_only.start_byte
        per_def, loose = self._owned_names(chunk, kept, parents, tagged, refs, ref_end)
        out = [
            self._raw_def(
                d, parents[i], kept[parents[i]] if parents[i] >= 0 else None, per_def[i], chunk, source
            )
            for i, d in enumerate(kept)
        ]
        return tuple(out), loose

    def _nest(self, found: list[Def]) -> tuple[list[Def], list[int], list[tuple[int, Def]]]:
        """The definitions that are symbols, the index of each one's parent among them (-1 for none), and
        the typedefs paired with the named structs they define beside them."""
        kept: list[Def] = []
        parents: list[int] = []
        stack: list[int] = []  # indexes into kept
        tagged: list[tuple[int, Def]] = []  # (typedef, the named struct it defines beside it)
        for d in found:
            # One declaration can define several names (`a, b = 1, 2`, `int x, y;`): definitions spanning
            # exactly the same text are siblings, not one nested in the other.
            while stack and (
                kept[stack[-1]].end_byte <= d.start_byte
                or (kept[stack[-1]].start_byte, kept[stack[-1]].end_byte) == (d.start_byte, d.end_byte)
            ):
                stack.pop()
            parent = stack[-1] if stack else -1
            if parent >= 0 and d.outer is not d.node and d.outer == kept[parent].node:
                # `typedef struct node {...} node_t;` defines `node` beside `node_t`, both found by name.
                tagged.append((parent, d))
                parent = parents[parent]
            elif (
                self._c_family
                and parent >= 0
                and d.node.type == "enumerator"
                and _unscoped_enum(kept[parent].node)
            ):
                # A C (or plain C++) enumerator is a name of the scope around its enum: `RED`, not `color.RED`;
                # of the struct around the field an enum declares (`struct s { enum e {RED} c; }`).
                parent = parents[parent]
                while parent >= 0 and kept[parent].kind is SymbolKind.FIELD:
                    parent = parents[parent]
            elif self._c_family and parent >= 0 and d.node.type in _MACRO_TYPES:
                # A `#define` inside a function body defines the macro for the rest of the file, not a local.
                while parent >= 0 and kept[parent].kind in CALLABLE_KINDS:
                    parent = parents[parent]
            parent_kind = kept[parent].kind if parent >= 0 else None
            if not self._keep(d, parent_kind):
                continue
            kept.append(d)
            parents.append(parent)
            stack.append(len(kept) - 1)
        return kept, parents, tagged

    def _owned_names(
        self,
        chunk: ts.Node,
        kept: list[Def],
        parents: list[int],
        tagged: list[tuple[int, Def]],
        refs: RefTable,
        ref_end: int,
    ) -> tuple[list[tuple[str, ...]], tuple[str, ...]]:
        """The names each definition uses, and the chunk's loose ones (used outside every definition)."""
        # Each definition owns the names in its text minus the text of the definitions nested in it.
        # Bindings inside functions (`self.x = ...`) leave their names to the function around them.
        owner_of: list[int] = []  # nearest enclosing owner of each kept def, -1 for the chunk
        is_owner = [not (d.kind in _OWNERLESS and parents[i] >= 0) for i, d in enumerate(kept)]
        for i in range(len(kept)):
            p = parents[i]
            while p >= 0 and not is_owner[p]:
                p = parents[p]
            owner_of.append(p)
        holes: dict[int, list[tuple[int, int]]] = {}
        for i, d in enumerate(kept):
            if is_owner[i]:
                holes.setdefault(owner_of[i], []).append((d.start_byte, min(d.end_byte, ref_end)))
        for i, d in enumerate(kept if self._assigns else ()):
            if (
                d.kind in CALLABLE_KINDS
                and d.node.type == "expression_statement"
                and d.name_node.parent is not None
            ):
                # `Foo.prototype.bar = function ...` uses `Foo`; the rest of the left side names the definition.
                left = d.name_node.parent
                root = left
                while root.type == "member_expression" and root.named_child_count:
                    root = root.named_children[0]
                holes.setdefault(i, []).append((root.end_byte, left.end_byte))
        for typedef, tag in tagged:
            # The typedef refers to the struct it names (`node`), not to what the struct's body uses.
            body = tag.body.start_byte if tag.body is not None else tag.end_byte
            holes.setdefault(typedef, []).append((body, min(tag.end_byte, ref_end)))
        if len(holes.get(-1, ())) == 1 and kept[0].start_byte <= chunk.start_byte and len(holes) == 1:
            # The common chunk: one definition spanning it, nothing nested that owns names.
            return [refs.names(chunk.start_byte, ref_end, (), kept[0].name), *(() for _ in kept[1:])], ()
        per_def = [
            refs.names(d.start_byte, min(d.end_byte, ref_end), holes.get(i, ()), d.name)
            if is_owner[i]
            else ()
            for i, d in enumerate(kept)
        ]
        return per_def, refs.names(chunk.start_byte, ref_end, holes.get(-1, ()), None)

    def _raw_def(
        self,
        d: Def,
        parent: int,
        parent_def: Def | None,
        names: tuple[str, ...],
        chunk: ts.Node,
        source: bytes,
    ) -> RawDef:
        """One definition's record, its positions relative to the chunk's origin."""
        origin_b, origin_r = chunk.start_byte, chunk.start_point[0]
        node = d.node
        sig_end = min(
            d.body.start_byte if d.body is not None else node.end_byte, d.start_byte + SIGNATURE_BYTES
        )
        signature = _header(
            source[node.start_byte : max(sig_end, node.start_byte)].decode("utf-8", "replace")
        )
        name_start, name_end = d.name_node.start_point, d.name_node.end_point
        body_start, body_end = (
            (d.body.start_byte, d.body.end_byte) if d.body is not None else (node.end_byte, node.end_byte)
        )
        # Positional: keywords cost a fifth more per definition.
        return RawDef(
            d.kind,
            d.name,
            parent,
            d.start_byte - origin_b,
            d.end_byte - origin_b,
            (d.start_point[0] - origin_r, d.start_point[1]),
            (d.end_point[0] - origin_r, d.end_point[1]),
            (name_start[0] - origin_r, name_start[1]),
            (name_end[0] - origin_r, name_end[1]),
            body_start - origin_b,
            body_end - origin_b,
            signature[:_MAX_SIGNATURE],
            self._doc(d, source),
            d.decorators,
            names,
            d.extra_scope,
            self._weak_field(d, parent_def),
        )

    def _keep(self, d: Def, parent_kind: SymbolKind | None) -> bool:
        """Local variables are not symbols; fields set through `self.` belong to methods of containers.
        Constants of an enum (Java's enum constants) are its members."""
        if d.kind in _BINDING_KINDS:
            return parent_kind is None or parent_kind in CONTAINER_KINDS or parent_kind is SymbolKind.ENUM
        if d.kind is SymbolKind.FIELD and d.receiver is not None:
            return d.receiver in self.spec.self_names and parent_kind in CALLABLE_KINDS
        return True

    def _weak_field(self, d: Def, parent: Def | None) -> bool:
        """Python names its receiver: `self.x = ...` in a method whose first parameter is not `self` (an
        instance built in `__new__` or a classmethod) is a weaker site for the field than one in a method."""
        return (
            d.kind is SymbolKind.FIELD
            and d.receiver is not None
            and parent is not None
            and self.spec.doc_style == "docstring"
            and _first_param(parent.node) != d.receiver
        )

    def _doc(self, d: Def, source: bytes) -> str:
        if self.spec.doc_style == "docstring":
            if d.body is None or d.kind not in CALLABLE_KINDS | CONTAINER_KINDS:
                return ""
            first = d.body.named_child(0) if d.body.named_child_count else None
            if first is not None and first.type == "expression_statement":
                string = first.named_child(0)
                if string is not None and string.type == "string":
                    return first_doc_line(text_of(string).strip("rRbBuUfF").strip("\"'"))
            return ""
        # Comments right above the definition (or above its wrapper), skipping attributes/annotations.
        node = d.outer
        prev = node.prev_named_sibling
        while prev is not None and prev.type in ("attribute_item", "decorator"):
            prev = prev.prev_named_sibling
        lines: list[str] = []
        expected_row = node.start_point[0]
        while (
            prev is not None
            and prev.type in COMMENT_TYPES
            and prev.end_point[0] >= expected_row - 1
            # Rust's inner doc comments (`//!`, `/*!`) document the enclosing module, not what follows.
            and not text_of(prev).startswith(("//!", "/*!"))
        ):
            text = text_of(prev)
            # `// tslint:disable:max-line-length` above a method speaks to a linter, not to its reader.
            if not DIRECTIVE.match(first_doc_line(strip_comment(text))):
                lines.insert(0, text)
            expected_row = prev.start_point[0]
            prev = prev.prev_named_sibling
        return first_doc_line(strip_comment("\n".join(lines))) if lines else ""


def _unscoped_enum(node: ts.Node) -> bool:
    """A C or C++ `enum` whose enumerators are names of the scope around it (not an `enum class`), or the
    typedef that names such an anonymous enum."""
    if node.type == "type_definition":
        node = node.child_by_field_name("type") or node
    return node.type == "enum_specifier" and not any(c.type in ("class", "struct") for c in node.children)


def _first_param(function: ts.Node) -> str | None:
    params = function.child_by_field_name("parameters")
    if params is None:
        return None
    for child in params.named_children:
        name = child if child.type == "identifier" else child.child_by_field_name("name")
        if name is None and child.named_child_count:
            name = child.named_child(0)
        return text_of(name) if name is not None and name.type == "identifier" else None
    return None


def _unwrap(node: ts.Node) -> ts.Node:
    while node.type in WRAPPER_TYPES:
        inner = node.child_by_field_name("definition") or node.child_by_field_name("declaration")
        if inner is None:
            inner = node.named_children[-1] if node.named_child_count else None
        if inner is None:
            return node
        node = inner
    return node


def _header(text: str) -> str:
    """A definition's header on one line, without the comments between it and its body."""
    lines = text.rstrip().splitlines()
    while len(lines) > 1 and lines[-1].lstrip().startswith(("#", "//", "/*", "*")):
        lines.pop()
    return squash("\n".join(lines))
