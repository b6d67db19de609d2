"""Local scopes: the names a function binds itself (parameters, assignments, loop variables, declarations),
which mean that binding inside it and never a definition of the same name elsewhere."""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING

import tree_sitter as ts

from .definition_facts import go_receiver
from .fileindex import FileIndex
from .global_names import DECLARES_GLOBAL as _DECLARES_GLOBAL
from .global_names import declared_global as _declared_global
from .inline_scopes import IDENTIFIER as _IDENTIFIER  # as `_mentions` indexes it
from .inline_scopes import INLINE_SCOPES, InlineScopes, inline_scopes, inline_spans_within
from .inline_scopes import alone as _alone
from .inline_scopes import mentions_in as _mentions_in
from .languages import BY_NAME, LanguageSpec
from .records import CALLABLE_KINDS, SymbolKind, SymbolNode

if TYPE_CHECKING:
    from .document import Document
    from .workspace import Memory


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
        "object_assignment_pattern", "assignment_pattern",  # `{ a = b }`, `[a = b]`: `b` is a use (`right`)
        "arrow_function",  # `a => a.b`: a bare parameter (its body and return type are uses)
        # Go
        "short_var_declaration", "var_spec", "const_spec", "parameter_declaration", "range_clause",
        # Rust
        "let_declaration", "parameter", "closure_parameters", "tuple_struct_pattern", "field_pattern",
        # Java
        "formal_parameter", "catch_formal_parameter", "enhanced_for_statement", "inferred_parameters",
        "local_variable_declaration", "resource",
        # C / C++
        "init_declarator", "declaration",
    }
)  # fmt: skip
# The nodes a bound name is: Rust's `Compound::Map { ser, .. }` binds `ser` as a shorthand field.
_BOUND_NODE_TYPES = frozenset(
    {"identifier", "shorthand_property_identifier_pattern", "shorthand_field_identifier"}
)
# What a name inside is the object of: an assignment to its member or item uses it.
_ACCESSES = frozenset(
    {
        "attribute", "subscript", "call", "member_expression", "subscript_expression", "call_expression",
        "field_expression", "selector_expression", "index_expression", "field_access", "array_access",
        "method_invocation", "scoped_identifier", "qualified_identifier",
        # Rust's `GroupState::Group { group, .. }` pattern: the path names a variant, binds nothing
        "scoped_type_identifier",
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
        self,
        index: FileIndex,
        spec: LanguageSpec,
        text: bytes,
        at: int,
        tree: ts.Tree | None = None,
        any_definition: bool = False,
        buffer: Document | None = None,
    ) -> None:
        scope = index.symbol_at(at)
        callables = [s for s in [scope, *index.enclosing(scope)] if s.kind in CALLABLE_KINDS]
        definition_only = not callables and any_definition
        if definition_only:
            # Lambdas outside any function (`export const map = dual(2, (self: Option<A>) => ...)`) bind
            # names too: the definition around them is read instead (see `lambda_bindings`).
            callables = [s for s in [scope, *index.enclosing(scope)] if s.kind is not SymbolKind.MODULE]
        self._index = index
        self._found: dict[str, list[tuple[int, int, bool, bool]]] = {}
        # Names a function header of it uses (not binds), with the outermost functions whose headers do: a
        # method read with its whole class (`_whole_class`) must not take another method's header for its own.
        self._header_uses: dict[str, set[str]] = {}
        # Per binding's start, the function it is made in; per scope asked about, its functions' ids.
        self._owners: dict[int, str | None] = {}
        self._chains: dict[str, set[str]] = {}
        self._whole_class = False
        # Parsed here, or read from the editor's `buffer` (`tree` is its tree), which is not kept alive: a
        # kept scope holding an edited-away buffer's tree (18x a file's size) made the next packing pay for
        # freeing it, 80-130 ms for sqlite3.c, instead of the edit.
        self._parsed: ts.Node | None = None
        self._buffer: weakref.ref[Document] | None = None
        self._content_hash = index.content_hash
        self._spec = spec
        self._self_names = spec.self_names
        self._runs: dict[bytes, list[tuple[int, int]]] | None = None  # the source's identifiers, by text
        self._declares_global: bool | None = None  # whether a `global`/`nonlocal` is in the source
        self._scanned = 0  # names searched for one by one in a long source not indexed yet
        # A definition read whole because no function is around (a class): only its lambdas are asked of it,
        # so a name is looked for inside its lambdas and comprehensions alone (`_inline_bindings`).
        self._lambdas_only = definition_only
        self._found_inline: dict[str, list[tuple[int, int, bool, bool]]] = {}
        self._found_within: dict[tuple[str, int, int], list[tuple[int, int, bool, bool]]] = {}
        self._inline_spans: tuple[bool, InlineScopes] | None = None
        if not callables:
            return
        outer = callables[-1]
        self._begin = text.rfind(b"\n", 0, outer.start_byte) + 1
        self._source = text[self._begin : outer.end_byte]
        if tree is not None and buffer is not None:
            self._buffer = weakref.ref(buffer)
        else:
            self._parsed = spec.parse(self._source).root_node
        top = [s for s in index.enclosing(outer) if s.kind is not SymbolKind.MODULE]
        if self._parsed is not None and self._parsed.has_error and top:
            # A method alone is no program in some grammars (TypeScript's `run(o: T): void {}`): its class is.
            self._begin = text.rfind(b"\n", 0, top[-1].start_byte) + 1
            self._source = text[self._begin : top[-1].end_byte]
            self._parsed = spec.parse(self._source).root_node
            self._whole_class = True
        self._shift = 0 if self._buffer is None else self._begin
        self._global_declarations = spec.global_declarations

    @property
    def _root(self) -> ts.Node | None:
        """The syntax tree of the function: the buffer's while it still holds this text, else its own parse
        (a buffer edited or closed while a request still reads the scope; `at_byte` keeps no such scope)."""
        if self._buffer is None:
            return self._parsed
        doc = self._buffer()
        if doc is not None and doc.index.content_hash == self._content_hash:
            return doc.tree.root_node
        self._buffer = None
        self._parsed = self._spec.parse(self._source).root_node
        self._shift = 0
        return self._parsed

    def reads(self, buffer: Document | None) -> bool:
        """Whether this scope reads the tree of `buffer` (False for one that parsed its function itself)."""
        return self._buffer is not None and buffer is not None and self._buffer() is buffer

    @classmethod
    def at_byte(
        cls, memory: Memory, index: FileIndex, text: bytes, at: int, any_definition: bool = False
    ) -> FunctionScope | None:
        """The scope of the function around `at` in `index` (whose text is `text`), read from the editor's
        tree when the document is open with that text; None for a language archmem does not parse. With
        `any_definition`, the definition around `at` when no function is (for `lambda_bindings`).

        The scopes of the last few functions asked about are kept, by file content and outermost function:
        each request asks again, and parsing a function and indexing its identifiers is most of a packing's
        time in a long one (an edit gives the file a new content hash, and so a new scope)."""
        spec = BY_NAME.get(index.language)
        if spec is None:
            return None
        doc = memory.document(index.path)
        tree = doc.tree if doc is not None and (doc.text is text or doc.text == text) else None
        scope = index.symbol_at(at)
        outer = next(
            (s for s in reversed([scope, *index.enclosing(scope)]) if s.kind in CALLABLE_KINDS), None
        )
        buffer = doc if tree is not None else None
        if outer is None:
            return cls(index, spec, text, at, tree, any_definition, buffer)
        key = (
            index.path,
            index.content_hash,
            outer.id,
            outer.start_byte,
            outer.end_byte,
            tree is None,
            any_definition,
        )
        with _KEPT_LOCK:
            found = _KEPT.get(key)
            # One read from a buffer since replaced by another of the same text is read again from the new.
            if found is not None and (tree is None or found.reads(buffer)):
                _KEPT.move_to_end(key)
                return found
        found = cls(index, spec, text, at, tree, any_definition, buffer)
        with _KEPT_LOCK:
            _KEPT[key] = found
            while len(_KEPT) > _KEPT_SCOPES:
                _KEPT.popitem(last=False)
        return found

    def lambda_bindings(
        self, name: str, at: int | None, within: tuple[int, int] | None = None
    ) -> list[tuple[int, int]]:
        """The byte spans of the mentions binding `name` in a lambda or an inline function (a parameter of
        `(self: Option<A>) => ...` passed to a call), innermost first among those around byte `at`; all of
        them, in text order, when `at` is None (those starting `within` a byte range alone, when given then)."""
        if self._root is None:
            return []
        found: list[tuple[int, int, int]] = []
        within = None if at is not None else within
        if self._lambdas_only and within is not None and name not in self._found_inline:
            bindings = self._inline_bindings_within(name, within)
        else:
            bindings = self._inline_bindings(name) if self._lambdas_only else self._bindings(name)
        if within is not None:
            bindings = [b for b in bindings if within[0] <= b[0] < within[1]]
        for start, end, is_import, inline in bindings:
            if is_import or not inline:
                continue
            node = self._root.descendant_for_byte_range(
                start - self._begin + self._shift, end - self._begin + self._shift
            )
            while node is not None and node.type not in INLINE_SCOPES:
                node = node.parent
            if node is None:
                continue
            lo, hi = node.start_byte - self._shift + self._begin, node.end_byte - self._shift + self._begin
            if at is None or lo <= at < hi:
                found.append((0 if at is None else hi - lo, start, end))
        return [(start, end) for _size, start, end in sorted(found)]

    def binding(self, name: str, scope: SymbolNode | None = None) -> tuple[int, int] | None:
        """The byte span of the first mention of `name` that binds it anywhere in the function, or None.
        With `scope`, the first binding a use in `scope` means (`shadows`): a method read with its whole
        class (one that does not parse alone) must not read another method's parameter of the same name."""
        found = self._bindings(name)
        if scope is None:
            return found[0][:2] if found else None
        return self._own_binding(found, scope)

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
        header_uses = self._header_uses.get(name, _NO_IDS)
        if (
            at is None
            and header_uses
            and (not self._whole_class or outermost_function(self._index, scope).id in header_uses)
        ):
            return False
        if at is not None and scope.kind in CALLABLE_KINDS and at < scope.body_start_byte:
            return False
        return self._own_binding(found, scope) is not None

    def _own_binding(
        self, found: list[tuple[int, int, bool, bool]], scope: SymbolNode
    ) -> tuple[int, int] | None:
        """The first of `found` made in `scope` or a function around it (not by an import, a lambda or a
        nested function of its own)."""
        index, owners = self._index, self._owners
        chain = self._chains.get(scope.id)
        if chain is None:
            chain = self._chains[scope.id] = {
                s.id for s in [scope, *index.enclosing(scope)] if s.kind in CALLABLE_KINDS
            }
        for start, end, is_import, inline in found:
            if is_import or inline:
                continue
            if start not in owners:  # a name's bindings are read for every use asked about (~60 a request)
                holder = index.symbol_at(start)
                owner = next(
                    (s for s in [holder, *index.enclosing(holder)] if s.kind in CALLABLE_KINDS), None
                )
                owners[start] = None if owner is None else owner.id
            if owners[start] in chain:
                return start, end
        return None

    def inline_binding_around(self, name: str, at: int) -> tuple[int, int] | None:
        """The byte span of a binding of `name` made before `at` by a lambda, an inline function or a
        comprehension whose code holds byte `at` (the cursor in `(resolve, reject) => { ... re| }`), or
        None: such a name is in scope there only, which `shadows` leaves out."""
        if self._root is None:
            return None
        here = self._shift + at - self._begin
        for start, end, _import, inline in self._bindings(name):
            if not inline or start >= at:
                continue
            node = self._root.descendant_for_byte_range(
                self._shift + start - self._begin, self._shift + end - self._begin
            )
            scope = None if node is None else _inline_scope_node(node)
            if scope is not None and scope.start_byte <= here <= scope.end_byte:
                return start, end
        return None

    def hides(self, ref: str, scope: SymbolNode) -> bool:
        """Whether `ref`, used in `scope` inside the function, starts with a name the function binds itself,
        so that it cannot mean a definition elsewhere. A receiver (`self`, `this`, a Go method's) is bound
        too, but the resolver follows it to its class, as it follows a member of a parameter or a local
        (`p.a`, `options.onLeft`) to the type it is declared with (`Resolver.resolve`)."""
        head, dot, _member = ref.partition(".")
        if dot or head in self._self_names:
            return False
        # Most of the ~260 names a packing asks about the body never mentions: their (empty) bindings answer
        # before the receiver's name is worked out.
        return bool(self._bindings(head)) and head != go_receiver(scope) and self.shadows(head, scope)

    def _bindings(self, name: str) -> list[tuple[int, int, bool, bool]]:
        found = self._found.get(name)
        if found is None:
            # The mentions first: most names a packing asks about are nowhere in the function (no tree read).
            mentions = (
                None if self._buffer is None and self._parsed is None else self._mentions(name.encode())
            )
            root = self._root if mentions else None
            found = self._found[name] = [] if root is None else self._search(root, name, mentions=mentions)
        return found

    def _inline_bindings(self, name: str) -> list[tuple[int, int, bool, bool]]:
        """Those of `_bindings(name)` made inside a lambda, an inline function or a comprehension (and
        perhaps some of its other bindings), found by reading only the mentions inside such code: a class read whole has
        hundreds of mentions of a name like `context` (each looked up in the tree cost ~1.9 ms a name in
        `_pydecimal.Context`) and a handful of lambdas, and it is read again at every edit of the file."""
        found = self._found.get(name)
        if found is not None:
            return found
        found = self._found_inline.get(name)
        if found is None:
            root = self._root
            found = self._found_inline[name] = (
                [] if root is None else self._search(root, name, inline_only=True)
            )
        return found

    def _inline_bindings_within(
        self, name: str, within: tuple[int, int]
    ) -> list[tuple[int, int, bool, bool]]:
        """Those of `_inline_bindings(name)` made in the lambdas meeting `within` (absolute bytes): a
        definition's own, read without querying the lambdas of the whole text read around it."""
        lo, hi = max(0, within[0] - self._begin), min(len(self._source), within[1] - self._begin)
        if (lo <= 0 and hi >= len(self._source)) or self._root is None:
            return self._inline_bindings(name)
        if hi <= lo:
            return []  # no part of the text: nothing starts there
        key = (name, lo, hi)
        found = self._found_within.get(key)
        if found is None:
            spans = inline_spans_within(
                self._spec.language, self._root, self._shift, len(self._source), (lo, hi)
            )
            mentions = _mentions_in(self._source, name.encode(), spans)
            found = self._found_within[key] = self._search(
                self._root, name, inline_only=True, mentions=mentions
            )
        return found

    def _search(
        self,
        root: ts.Node,
        name: str,
        inline_only: bool = False,
        mentions: list[tuple[int, int]] | None = None,
    ) -> list[tuple[int, int, bool, bool]]:
        """Every binding mention of `name`: (start, end, made by an import, made inside a lambda, an inline
        function or a comprehension), in text order, absolute bytes; none when a Python `global`/`nonlocal`
        declares it. With `inline_only`, only the mentions inside the function's lambdas, inline functions
        and comprehensions are read (every binding made inside one is among them)."""
        source, shift, word = self._source, self._shift, name.encode()
        if mentions is None:
            mentions = self._mentions_inline(root, word) if inline_only else self._mentions(word)
        if not mentions:
            return []  # most names a packing asks about: the function never mentions them
        if self._declares_global is None:
            # Once per scope, not per name asked: a packing asks about hundreds of names.
            self._declares_global = bool(self._global_declarations and _DECLARES_GLOBAL.search(source))
        if self._declares_global and _declared_global(source, word):
            return []
        out: list[tuple[int, int, bool, bool]] = []
        for first, last in mentions:
            node = root.descendant_for_byte_range(shift + first, shift + last)
            if node is None or node.type not in _BOUND_NODE_TYPES:
                continue
            # On its own line: a comment line ending in a full stop does not make the name a member.
            if _after_access(source, first):
                continue
            how = _binds(node)
            start, end = self._begin + first, self._begin + last
            if how is not None:
                out.append((start, end, "import" in how, _inline_scope(node)))
            else:
                holder = self._index.symbol_at(start)
                if holder.kind in CALLABLE_KINDS and start < holder.body_start_byte:
                    self._header_uses.setdefault(name, set()).add(outermost_function(self._index, holder).id)
        return out

    def _mentions(self, word: bytes) -> list[tuple[int, int]]:
        """The spans of `word` standing alone in the source (not part of a longer identifier), in order.
        The source's identifiers are indexed once per scope: a request asks about hundreds of names, and a
        scan (and a compiled pattern) per name cost more than the rest of packing. A long source (a whole
        class read for the lambdas around a base's name) is searched word by word for the first few names
        asked: indexing 400 KB of Java for one name cost 35 ms."""
        runs = self._runs
        if runs is not None and word in runs:
            return runs[word]  # an identifier the source holds (no other word is among the runs)
        if not _IDENTIFIER.fullmatch(word):
            return [m.span() for m in _alone(word).finditer(self._source)]
        if self._runs is None:
            if len(self._source) > _SCAN_ABOVE and self._scanned < _SCANNED_WORDS:
                with _KEPT_LOCK:
                    kept = _RUNS.get(self._source)
                if kept is None:
                    self._scanned += 1
                    return find_word(self._source, word)
            self._runs = _identifier_runs(self._source)
        return self._runs.get(word, [])

    def _mentions_inline(self, root: ts.Node, word: bytes) -> list[tuple[int, int]]:
        """The spans of `word` standing alone in the source inside its lambdas, inline functions and
        comprehensions (`INLINE_SCOPES`), in order: what `_mentions` holds there."""
        read_alone = self._buffer is None
        if self._inline_spans is None or self._inline_spans[0] != read_alone:
            self._inline_spans = (
                read_alone,
                inline_scopes(self._spec.language, root, self._shift, self._source),
            )
        found = self._inline_spans[1]
        if _IDENTIFIER.fullmatch(word):
            return found.words().get(word, [])
        return _mentions_in(self._source, word, found.spans)


_NO_IDS: frozenset[str] = frozenset()


def outermost_function(index: FileIndex, symbol: SymbolNode) -> SymbolNode:
    """The outermost function around `symbol` (or itself, when none is): whose scope its names are read in."""
    return next((s for s in reversed([symbol, *index.enclosing(symbol)]) if s.kind in CALLABLE_KINDS), symbol)


# The scopes `FunctionScope.at_byte` keeps, most recently asked last (a few large functions' texts).
_KEPT_SCOPES = 16
_KEPT: OrderedDict[tuple[str, str, str, int, int, bool, bool], FunctionScope] = OrderedDict()
_KEPT_LOCK = threading.Lock()


# The identifier runs of the function sources indexed last, by their text, up to this many bytes of text:
# an edit elsewhere in the file gives the file a new content hash and so new scopes, whose functions are
# mostly the same bytes (a sibling of 700 KB in sqlite3.c cost 50 ms to index again after each keystroke).
_KEPT_RUNS_BYTES = 2 << 20
_RUNS: OrderedDict[bytes, dict[bytes, list[tuple[int, int]]]] = OrderedDict()
_runs_held = 0  # the bytes of text _RUNS holds


# A source longer than this is searched for its first _SCANNED_WORDS names before it is indexed whole.
_SCAN_ABOVE = 1 << 16
_SCANNED_WORDS = 32


def find_word(source: bytes, word: bytes) -> list[tuple[int, int]]:
    """The spans of identifier `word` where it is a whole run of `_IDENTIFIER` in `source`, in order: what
    its entry in `_identifier_runs(source)` holds, found by searching for it alone. The word leads the
    pattern (the byte before it is looked behind for after it matched), so the regex engine skips ahead to
    each occurrence as `bytes.find` does, and the occurrences inside longer names (`a` in `Arrays`: most of
    a short name's, thousands in a long file) are passed over in C, not one by one here."""
    return [m.span() for m in re.finditer(_word_pattern(word), source)]


def _word_pattern(word: bytes) -> bytes:
    """The pattern `find_word` searches with: `word` first, the bytes around it looked at after it matched."""
    escaped = re.escape(word)
    return escaped + rb"(?![\w$])(?<![\w$]" + escaped + rb")"


def _identifier_runs(source: bytes) -> dict[bytes, list[tuple[int, int]]]:
    """Where each identifier of `source` stands (spans relative to it), shared by every scope of the same
    text; read only."""
    with _KEPT_LOCK:
        found = _RUNS.get(source)
        if found is not None:
            _RUNS.move_to_end(source)
            return found
    runs: dict[bytes, list[tuple[int, int]]] = {}
    for m in _IDENTIFIER.finditer(source):
        runs.setdefault(m.group(), []).append(m.span())
    global _runs_held
    with _KEPT_LOCK:
        if source not in _RUNS:
            _runs_held += len(source)
        _RUNS[source] = runs
        while _runs_held > _KEPT_RUNS_BYTES and len(_RUNS) > 1:
            _runs_held -= len(_RUNS.popitem(last=False)[0])
    return runs


def _after_access(source: bytes, at: int) -> bool:
    """Whether the text before byte `at` (spaces and tabs aside) ends in a member access (`.`, `->`,
    `::`, not an ellipsis), read in place: copying the text before each mention was quadratic."""
    end = at
    while end and source[end - 1] in b" \t":
        end -= 1
    tail = source[max(0, end - 3) : end]
    return tail.endswith((b".", b"->", b"::")) and not tail.endswith(b"...")


def _inline_scope(node: ts.Node) -> bool:
    return _inline_scope_node(node) is not None


def _inline_scope_node(node: ts.Node) -> ts.Node | None:
    """The lambda, inline function or comprehension `node` is in, inside its function, if any."""
    parent = node.parent
    while parent is not None:
        if parent.type in INLINE_SCOPES:
            # `const f = (x) => ...`, `handler = function (x) {...}` in a class: a named function, a
            # symbol of its own whose parameters are its bindings, not an inline lambda's.
            holder = parent.parent
            if holder is None or holder.type not in _NAMING_PARENTS:
                return parent
            # One typed with its overloads (`const dual: { ... } = function (...) {}`) is a variable, whose
            # function is a lambda like any other (see queries/typescript.scm).
            annotation = holder.child_by_field_name("type")
            typed = annotation is not None and any(c.type == "object_type" for c in annotation.named_children)
            return parent if typed else None
        if parent.type in _FUNCTION_NODES:
            return None
        parent = parent.parent
    return None


# What makes a lambda a named function (JavaScript's and TypeScript's `const f = () => {}`).
_NAMING_PARENTS = frozenset({"variable_declarator", "public_field_definition"})
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
            fields = ("value", "default", "type", "body", "right", "return_type")
            uses = (parent.child_by_field_name(f) for f in fields)
            return None if any(u is not None and _within(node, u) for u in uses) else parent.type
        parent = parent.parent
    return None


def _within(node: ts.Node, outer: ts.Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte
