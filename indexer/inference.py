"""Instance types: the class a receiver holds, inferred from declarations the memory can read, so that
`console.get_style(...)`, `c.server.logf(...)`, `p->a.b` and `c = Console(); c.print()` lead to the member.

The rules, as far as a syntax tree and the memory tell (the language says how a binding reads its type, in
`LanguageSpec.declared_type_patterns` and `declared_type_before_patterns`, through `declared_type_at`):
- `self`/`this` holds the class around the method (`Self` in a declared type too);
- a parameter, receiver or local holds the type it is declared with (`console: Console`, `struct conn *p`,
  `c *Conn`), the class it is constructed from (`c = Console()`, `new Foo()`, `&Conn{}`), the declared
  result of the function it is assigned from (`c := newConn()`), or what a chain of fields holds, read at its
  first binding in the function;
- a field or a module-level variable holds the type its own definition says; a field of an anonymous struct
  holds its own members;
- a type alias holds what it names (`typedef struct conn_s conn_t`); a class name holds the class itself;
- a chain (`self.options.update`) applies the rules link by link, through calls and subscripts too: a
  call's link holds the declared result (`mk(x)->c`), a subscript's the element type the declaration says
  (`element_type_patterns`: `peers []*Conn`, `items: list[Item]`; C's `Db *aDb` indexes to a Db), also
  through a local bound to a chain (`all := t.all; all[i]`); the value of Go's `for _, v := range xs` holds an
  element of `xs`, as a local bound to one does (`i := &m.p.Inst[pc]`, `q, ok := t.wait[k]`, `v := <-c.ch`).
Anything else (a result no signature declares, a function value called, a cast, a name bound twice to
different types) is unknown: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .chains import CONTINUATION, receiver_chain
from .declared_types import declared_type, enclosing_class, inline_type_member, typename_at, unique_classes
from .fileindex import FileIndex
from .lambda_context import lambda_argument, parameter_type
from .languages import BY_NAME
from .scopes import FunctionScope
from .symbols import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from .target import Target

if TYPE_CHECKING:
    from .resolver import Resolver

_HOLDS_TYPE = frozenset({SymbolKind.FIELD, SymbolKind.VARIABLE, SymbolKind.CONSTANT})
# A member right after a call or a subscript, possibly further along a chain of names (`a[i].b.c`).
_AFTER_CALL_OR_SUBSCRIPT = re.compile(rb"[)\]](?:[ \t]*(?:\??\.|->)[ \t]*[A-Za-z_$][\w$]*)+")
_MEMBER_NAME = re.compile(rb"[A-Za-z_$][\w$]*")
# How many aliases and declared results one link may go through (`conn_t` -> `struct conn_s`, `mk()` -> `T`).
_MAX_HOPS = 6
# How deep inferring one receiver may ask for others' (a local declared as another local's member's result).
_MAX_NESTING = 8
_CONTINUED_MEMBER = re.compile(rb"\n[ \t]*(?:\?\.|\.(?!\.)|->)[ \t]*([A-Za-z_$][\w$]*)")
# How far before a lambda parameter the call it is passed to is read.
_CALL_WINDOW = 6_000
# How many unannotated lambdas of one scope binding a name are each read from their callee (to agree).
_AGREEING = 4


def split_link(link: str) -> tuple[str, str]:
    """A chain link's name and what follows it (`("items", "()[]")` for `items()[]`)."""
    cut = min(c for c in (link.find("("), link.find("["), len(link)) if c >= 0)
    return link[:cut], link[cut:]


class Inference:
    """Infers receivers' classes with one resolver (and its caches); create one per request."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.memory = resolver.memory
        # One parse per function: the scope is that of the outermost function around the use.
        self._functions: dict[tuple[str, str], FunctionScope | None] = {}
        self._scope_of: dict[tuple[str, str], FunctionScope | None] = {}  # by the scope asked about
        # What each definition holds, once per request (a struct's field is read by every use of it).
        self._held: dict[tuple[str, str], list[tuple[FileIndex, SymbolNode]]] = {}
        self._nesting = 0
        # Per scope: where members follow a call or a subscript (`unnamed_receiver`).
        self._places: dict[tuple[str, str], dict[str, list[int]]] = {}
        # The scope a receiver is inferred in, whose headers bind generic parameters (`impl<F: Formatter>`).
        self._origin: tuple[FileIndex, SymbolNode] | None = None
        self._asked: dict[tuple[object, ...], list[tuple[FileIndex, SymbolNode]]] = {}

    def member_targets(
        self,
        index: FileIndex,
        text: bytes,
        scope: SymbolNode,
        byte: int | None,
        chain: list[str],
        member: str,
    ) -> list[Target] | None:
        """`member` of the classes `chain` holds at `byte` (anywhere in `scope` when None); None when no class
        could be inferred (an inferred class without such a member answers [], which says the use is of
        something else)."""
        classes = self.classes(index, text, scope, byte, chain)
        if not classes:
            return self._inline_member(index, text, scope, byte, chain, member) or None
        return [t for cls_index, cls in classes for t in self.resolver.members(cls_index, cls, member)]

    def members_held_by(self, values: list[Target], member: str, depth: int = 0) -> list[Target]:
        """`member` of the types the fields or variables `values` are declared with (`depth`: the
        resolver's, carried on so that a base named through a value ends, as every other path does)."""
        return [
            target
            for held_index, cls in unique_classes(
                [held for value in values for held in self._held_by(value, "name")]
            )
            for target in self.resolver.members(held_index, cls, member, depth)
        ]

    def classes(
        self, index: FileIndex, text: bytes, scope: SymbolNode, byte: int | None, chain: list[str]
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes the receiver `chain` (in `scope` of `index`, used at `byte`) holds."""
        if not chain or self._nesting > _MAX_NESTING:
            return []
        # Asked from outside, kept for the request (`unbound.py` asks `self.<field>.<name>` for 8 names a field).
        key = (index.path, index.content_hash, scope.id, scope.start_byte, byte, tuple(chain))
        if self._nesting == 0:
            self._origin = (index, scope)  # where generic parameters' bounds are read (`_bound`)
            if key in self._asked:
                return list(self._asked[key])
        # A declared type may name a local again (`x := x.Next()`): the nesting bound ends such loops.
        self._nesting += 1
        try:
            found = self._first_link(index, text, scope, byte, chain[0])
            for link in chain[1:]:
                name, ops = split_link(link)
                found = [
                    held
                    for cls_index, cls in found
                    for target in self.resolver.members(cls_index, cls, name)
                    for held in self._held_through(target, ops, "member")
                ]
                if not found:
                    break
            found = unique_classes(found)
            if self._nesting == 1:
                self._asked[key] = found
            return list(found)
        finally:
            self._nesting -= 1

    def unnamed_receiver(self, index: FileIndex, text: bytes, scope: SymbolNode, member: str) -> list[Target]:
        """`member` where the code of `scope` reaches it through calls and subscripts (`db->aDb[i].pBt`,
        `mk(x)->c`, `s.items()[0].x`), as far as declared types say: the extractor records such a use as
        `.member` alone, so the places are read from the text."""
        out: dict[tuple[str, str | None], Target] = {}
        continued = BY_NAME[index.language].chains_continue_on_lines
        for byte in self._member_places(index, text, scope).get(member, ()):
            chain = receiver_chain(text, byte, continued)
            line_head = text[text.rfind(b"\n", 0, byte) + 1 : byte].lstrip()
            crosses_lines = continued and CONTINUATION.match(line_head) is not None
            if chain is None or not (crosses_lines or any(split_link(link)[1] for link in chain)):
                continue  # a chain of plain names on one line is recorded as a reference of its own
            for target in self.member_targets(index, text, scope, byte, chain, member) or ():
                out.setdefault((target.path, None if target.symbol is None else target.symbol.id), target)
        return list(out.values())

    def _member_places(self, index: FileIndex, text: bytes, scope: SymbolNode) -> dict[str, list[int]]:
        """Member name -> where `scope`'s code reaches it after a call or a subscript (`)`/`]` then a
        separator), read once per scope and request."""
        key = (index.path, scope.id)
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = {}
            for m in _AFTER_CALL_OR_SUBSCRIPT.finditer(text, scope.start_byte, scope.end_byte):
                for name in _MEMBER_NAME.finditer(text, m.start(), m.end()):
                    found.setdefault(name.group().decode("utf-8", "replace"), []).append(name.start())
            if BY_NAME[index.language].chains_continue_on_lines:
                # A member at the start of a line, on a chain the line above began (`self` / `.formatter`).
                for m in _CONTINUED_MEMBER.finditer(text, scope.start_byte, scope.end_byte):
                    found.setdefault(m.group(1).decode("utf-8", "replace"), []).append(m.start(1))
        return found

    def binds_locally(
        self, index: FileIndex, text: bytes, scope: SymbolNode, name: str, at: int | None = None
    ) -> bool:
        """Whether `name`, used in `scope` (at byte `at`, when known), is a parameter or a local of the function
        around it (so that it means that binding, never a definition of the same name elsewhere)."""
        function = self._function(index, text, scope, at)
        return function is not None and function.shadows(name, scope, at)

    def _function(
        self, index: FileIndex, text: bytes, scope: SymbolNode, byte: int | None
    ) -> FunctionScope | None:
        asked = (index.path, scope.id)  # ~130 asks a request, of a few scopes: each chain walked once
        if asked not in self._scope_of:
            callables = [s for s in (scope, *index.enclosing(scope)) if s.kind in CALLABLE_KINDS]
            key = (index.path, callables[-1].id if callables else "")  # the outermost function's scope
            if callables and key not in self._functions:
                at = scope.start_byte if byte is None else byte
                self._functions[key] = FunctionScope.at_byte(self.memory, index, text, at)
            self._scope_of[asked] = self._functions.get(key)
        return self._scope_of[asked]

    def _first_link(
        self, index: FileIndex, text: bytes, scope: SymbolNode, byte: int | None, link: str
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes the first link of a chain holds: a name, or a call's result or an element of it
        (`mk()`, `aDb[]`, `get()[]`)."""
        name, ops = split_link(link)
        if not ops:
            return self._first(index, text, scope, byte, name)
        function = self._function(index, text, scope, byte)
        if function is not None and function.shadows(name, scope, byte):
            if ops.strip("[]"):
                return []  # a local called: a function value, whose result no declaration here says
            spec = BY_NAME[index.language]
            typename = self._local_type(index, text, function, scope, name, spec.element_type_at)
            if typename is None and spec.subscript_keeps_type:
                typename = self._local_type(index, text, function, scope, name, spec.declared_type_at)
            elif typename is None:
                # A local bound to a chain of values (`stack := p.stack`): an element of its last link's.
                chain = self._local_type(index, text, function, scope, name, spec.declared_type_at)
                if chain is not None and "." in chain:
                    *links, last = chain.split(".")
                    return self.classes(index, text, scope, byte, [*links, last + ops])
            return self._type_named(index, scope, typename, _MAX_HOPS)
        return [
            held
            for target in self.resolver.resolve(index, scope, name)
            for held in self._held_through(target, ops, "name")
        ]

    def lambda_spans(
        self, index: FileIndex, text: bytes, scope: SymbolNode, byte: int | None, name: str
    ) -> list[tuple[int, int]]:
        """Where a lambda in `scope` binds `name` (a parameter of `(self: Option<A>) => ...` passed to a
        call, in a function or not): the innermost around `byte`, or every one in `scope` when None."""
        around = [scope, *index.enclosing(scope)]
        if any(s.kind in CALLABLE_KINDS for s in around):
            # Read in the function's own scope (that of the outermost function around `scope`), never in one
            # built at whichever function of the same class was asked first.
            lambdas = self._function(index, text, scope, byte)
        else:
            # Outside any function (`export const map = dual(2, (self: Option<A>) => ...)`): the definition.
            outer = next((s for s in reversed(around) if s.kind is not SymbolKind.MODULE), None)
            if outer is None:
                return []
            key = (index.path, outer.id + "#lambdas")
            if key not in self._functions:
                at = scope.start_byte if byte is None else byte
                self._functions[key] = FunctionScope.at_byte(
                    self.memory, index, text, at, any_definition=True
                )
            lambdas = self._functions[key]
        within = (scope.start_byte, scope.end_byte)  # with no `byte`, those starting in `scope` alone
        spans = [] if lambdas is None else lambdas.lambda_bindings(name, byte, within)
        return spans[:1] if byte is not None else spans

    def _inline_member(
        self,
        index: FileIndex,
        text: bytes,
        scope: SymbolNode,
        byte: int | None,
        chain: list[str],
        member: str,
    ) -> list[Target]:
        """`member` of a parameter or local declared with an inline object type (`options: { readonly
        onLeft: (e: E) => B }`): the line of the type literal that declares it, which no symbol stands for."""
        if len(chain) != 1:
            return []
        spans = self.lambda_spans(index, text, scope, byte, chain[0])
        function = self._function(index, text, scope, byte)
        if not spans and function is not None and function.shadows(chain[0], scope, byte):
            spans = [span for span in [function.binding(chain[0], scope)] if span is not None]
        found = next(
            (f for f in (inline_type_member(text, span[1], member) for span in spans) if f is not None), None
        )
        if found is None:
            return []
        return [Target(index.path, None, self._row(index, text, found[0]), found)]

    def _row(self, index: FileIndex, text: bytes, byte: int) -> int:
        """The 0-based line of `byte` in `text`: from the editor's line index when `text` is its buffer
        (counting the line breaks before it cost 1.7 ms a member in a 700 KB file, a dozen a packing)."""
        doc = self.memory.document(index.path)
        if doc is not None and doc.text is text:
            return doc.lines.point(byte)[0]
        return text.count(b"\n", 0, byte)

    def _first(
        self, index: FileIndex, text: bytes, scope: SymbolNode, byte: int | None, name: str
    ) -> list[tuple[FileIndex, SymbolNode]]:
        spec = BY_NAME[index.language]
        if name in spec.self_names:
            return enclosing_class(index, scope)
        lambdas = self.lambda_spans(index, text, scope, byte, name) if byte is not None else []
        if lambdas:
            # The innermost binding around the use is a lambda's: it hides the function's own.
            typename = typename_at(spec.declared_type_at, text, lambdas[0], name)
            if typename is None:
                return self._from_callee(index, text, scope, lambdas[0])
            return self._type_named(index, scope, typename, _MAX_HOPS)
        function = self._function(index, text, scope, byte)
        if function is not None and function.shadows(name, scope, byte):
            typename = self._local_type(index, text, function, scope, name, spec.declared_type_at)
            span = function.binding(name, scope)
            if typename is None and span is not None:
                return self._from_callee(index, text, scope, span)
            if typename is not None and typename.endswith("[]"):
                # An element of a chain of values (Go's `for _, v := range c.peers`): its last link's.
                *links, last = typename[:-2].split(".")
                return self.classes(index, text, scope, byte, [*links, last + "[]"])
            return self._type_named(index, scope, typename, _MAX_HOPS)
        if byte is None:
            # Used somewhere in `scope` (references keep no positions): the lambdas there binding `name`
            # must agree on its type, or it stays unknown.
            spans = self.lambda_spans(index, text, scope, None, name)
            typenames = {typename_at(spec.declared_type_at, text, span, name) for span in spans} - {None}
            if len(typenames) > 1:
                return []
            if typenames:
                return self._type_named(index, scope, typenames.pop(), _MAX_HOPS)
            if 0 < len(spans) <= _AGREEING:  # each from its callee; kept if all agree (two `(fiber) =>`)
                held = [{c.id: (i, c) for i, c in self._from_callee(index, text, scope, s)} for s in spans]
                if all(h.keys() == held[0].keys() for h in held):
                    return list(held[0].values())
        out: list[tuple[FileIndex, SymbolNode]] = []
        for target in self.resolver.resolve(index, scope, name):
            out.extend(self._held_by(target, "name"))
        return out

    def _from_callee(
        self, index: FileIndex, text: bytes, scope: SymbolNode, span: tuple[int, int]
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes an unannotated lambda parameter (bound at `span`) holds by the declaration of the
        callee the lambda is passed to (lambda_context.py), read in the callee's file."""
        line_start = text.rfind(b"\n", 0, max(0, span[0] - _CALL_WINDOW)) + 1
        head = text[line_start : span[1] + 400].decode("utf-8", "replace")
        start = len(text[line_start : span[0]].decode("utf-8", "replace"))
        name_end = start + len(text[span[0] : span[1]].decode("utf-8", "replace"))
        call = lambda_argument(head, start, name_end, BY_NAME[index.language].keywords)
        if call is None:
            return []
        found: list[tuple[FileIndex, SymbolNode]] = []
        for called in self.resolver.resolve(index, scope, call[0]):
            # `new Observable((subscriber) => ...)`: a class called is its constructor.
            constructors = self._constructors(called)
            target = constructors[0] if constructors else called
            callee, callee_index = target.symbol, self.memory.file(target.path)
            callee_text = self.memory.text(target.path) if callee_index is not None else None
            if (
                callee is None
                or callee_index is None
                or callee_text is None
                or callee.kind not in CALLABLE_KINDS | _HOLDS_TYPE
            ):
                continue
            declaration = callee_text[callee.start_byte : callee.end_byte].decode("utf-8", "replace")
            typename = parameter_type(declaration, call[1], call[2])
            if typename is not None:
                found.extend(self._named_around(callee_index, callee, typename, _MAX_HOPS))
                continue
            # The call's own type arguments (`dual<L, F>(2, (self) => ...)`) name types where it is written.
            spec = BY_NAME[index.language]
            bound = spec.lambda_parameter_type(head, start, declaration, call[1], call[2])
            found.extend(self._type_named(index, scope, bound, _MAX_HOPS))
        return unique_classes(found)

    def _constructors(self, target: Target) -> list[Target]:
        symbol, index = target.symbol, self.memory.file(target.path)
        if symbol is None or index is None or symbol.kind not in CLASS_KINDS:
            return []
        return self.resolver.members(index, symbol, "constructor")

    def _local_type(
        self,
        index: FileIndex,
        text: bytes,
        function: FunctionScope,
        scope: SymbolNode,
        name: str,
        read: Callable[[str, int, int], str | None],
    ) -> str | None:
        """The type a parameter or local of `scope` is declared with, as `read` finds it at its binding's
        line."""
        span = function.binding(name, scope)
        return None if span is None else typename_at(read, text, span, name)

    def _held_through(self, target: Target, ops: str, reached_as: str) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes a definition reached as a link holds, after the link's calls and subscripts: a
        function's declared result (`conn()`), an element of a field's or of a result's declared array,
        slice or map (`aDb[]`, `items()[]`). Other combinations (an element called) are unknown."""
        if not ops:
            return self._held_by(target, reached_as)
        if ops == "()":
            symbol = target.symbol
            callable_ = symbol is not None and (
                symbol.kind in CALLABLE_KINDS or symbol.kind in CLASS_KINDS or symbol.kind in _HOLDS_TYPE
            )
            return self._held_by(target, "type") if callable_ else []
        called = ops.startswith("()")
        subscripts = ops[2:] if called else ops
        if subscripts.strip("[]"):
            return []
        return self._element_held_by(target, called, len(subscripts) // 2)

    def _element_held_by(
        self, target: Target, called: bool, depth: int
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes an element of what `target` holds (or, `called`, returns) is: the element type its
        declaration says (Go's `[]*Conn`, `map[string]Conn`), or, where subscripting a pointer or an array
        keeps the type the declaration names (C), what the definition itself holds."""
        symbol = target.symbol
        index = self.memory.file(target.path)
        if symbol is None or index is None:
            return []
        if symbol.kind not in (CALLABLE_KINDS if called else _HOLDS_TYPE):
            return []
        spec = BY_NAME[index.language]
        typename = declared_type(spec, symbol, spec.element_type_at) if depth == 1 else None
        if typename is not None:
            return self._named_around(index, symbol, typename, _MAX_HOPS)
        if spec.subscript_keeps_type:
            return self._held_by(target, "type" if called else "member")
        return []

    def _held_by(
        self, target: Target, reached_as: str = "member", hops: int = _MAX_HOPS
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes a definition holds, by how it was reached: as a member (`c.server`: a field's or
        variable's declared type), as a name (`Console.x`, `config.x`: a class itself too) or as a type or a
        callee (`x: conn_t`, `x := NewConn()`: a class, what an alias names, a function's declared result)."""
        symbol = target.symbol
        index = self.memory.file(target.path)
        if symbol is None or index is None or hops <= 0:
            return []
        if symbol.kind in CLASS_KINDS or symbol.kind is SymbolKind.ENUM:
            # An enum holds its methods too (Rust's `impl Primitive`, a Java enum's body).
            return [(index, symbol)] if reached_as != "member" else []
        key = (symbol.id, reached_as)
        if key in self._held:
            return self._held[key]
        self._held[key] = []  # a definition that names itself (`typedef struct T T`) holds nothing more
        owner = index.by_id.get(symbol.parent) if symbol.parent is not None else None
        scope = owner or index.symbols[0]
        found: list[tuple[FileIndex, SymbolNode]] = []
        if symbol.kind is SymbolKind.TYPE_PARAMETER and reached_as != "member" and symbol.children:
            # An alias of an object type (`type Opts = { readonly onLeft: ... }`, also `Base & {...}`) holds
            # its own members, and those of the types it names as its bases (`Resolver.members`).
            found = [(index, symbol)]
        elif (
            symbol.kind is SymbolKind.TYPE_PARAMETER
            and reached_as != "member"
            and BY_NAME[index.language].alias_is_union(symbol.signature)
        ):
            # A union (`type AST = Declaration | Literal | ...`) holds what every type it names holds: a
            # member any of them declares is the one the code reached, narrowed by `switch (ast._tag)`.
            named = [ref for ref in symbol.refs if not ref.startswith(".")]
            found = unique_classes(
                [held for ref in named for held in self._type_named(index, scope, ref, hops - 1)]
            )
        elif symbol.kind is SymbolKind.TYPE_PARAMETER and reached_as != "member":
            # A type alias (`typedef struct conn_s conn_t`, `type Opts = Options`) holds what it names first.
            named = [ref for ref in symbol.refs if not ref.startswith(".")]
            found = self._type_named(index, scope, named[0] if named else None, hops - 1)
            if not found and len(named) > 1:
                # `type Either<R, L> = Left<L, R> | Right<L, R>`: the first name is a type parameter; the
                # value is one of the types named after it, whose members it has.
                found = [held for ref in named[1:] for held in self._type_named(index, scope, ref, hops - 1)]
            if BY_NAME[index.language].receiver_methods:
                # A named type of no class (Go's `type Header map[string][]string`) has methods of its own,
                # before any its element type has (`type nat []Word`: `z.mant.shl` is nat's, not Word's).
                found = [(index, symbol), *found]
        elif symbol.kind in _HOLDS_TYPE and reached_as != "type" and symbol.children:
            # A field of an anonymous struct or union (C's `union { ExprList *pList; } x;`) holds its own
            # members (`Expr.x.pList`).
            found = [(index, symbol)]
        elif (symbol.kind in _HOLDS_TYPE and reached_as != "type") or (
            symbol.kind in CALLABLE_KINDS and reached_as == "type"
        ):
            # A field's type or a function's result, read in the class first (a nested class, Rust's
            # `Self`), then around it: Go's field `server *server` and method `Header() Header` name a type,
            # not themselves.
            typename = declared_type(BY_NAME[index.language], symbol)
            found = self._named_around(index, symbol, typename, hops - 1)
        elif symbol.kind in _HOLDS_TYPE:
            # A constant holding a function, called (`Cause.failureOrCause(c)`, declared `failureOrCause: <E>(self:
            # Cause<E>) => Either<..>`): the result its function type declares, where the language says one.
            spec = BY_NAME[index.language]
            typename = declared_type(spec, symbol, spec.function_result_at)
            found = self._named_around(index, symbol, typename, hops - 1)
        self._held[key] = found
        return found

    def _named_around(
        self, index: FileIndex, symbol: SymbolNode, typename: str | None, hops: int
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes a type named in `symbol`'s declaration is, read in its class first (a nested class,
        Rust's `Self`), then around it."""
        owner = index.by_id.get(symbol.parent) if symbol.parent is not None else None
        if owner is not None and owner.kind is SymbolKind.ENUM and symbol.kind is SymbolKind.CONSTANT:
            # A variant's wrapped type (Rust's `CaptureName(CaptureName)`) is named outside its enum.
            owner = index.by_id.get(owner.parent) if owner.parent is not None else None
        scope = owner or index.symbols[0]
        found: list[tuple[FileIndex, SymbolNode]] = []
        for around in [scope, *index.enclosing(scope)]:
            found = self._type_named(index, around, typename, hops)
            if found or around.kind not in CLASS_KINDS:
                break
        return found

    def _type_named(
        self, index: FileIndex, scope: SymbolNode, typename: str | None, hops: int
    ) -> list[tuple[FileIndex, SymbolNode]]:
        """The classes a type reference in `scope` names: a class, what an alias names, or, for a callee
        (`c = Console()`, `x := NewConn()`), the class it is or the type its signature says it returns."""
        if not typename or hops <= 0:
            return []
        if typename in BY_NAME[index.language].self_type_names:
            return enclosing_class(index, scope)
        targets = self.resolver.resolve(index, scope, typename)
        if not targets and self._origin is not None:
            return self._bound(typename, hops)
        out = [held for target in targets for held in self._held_by(target, "type", hops)]
        if not out and "." in typename:
            # A chain of values (`cc := b.cs.cc`), not a type: what its last field holds.
            out = [held for target in targets for held in self._held_by(target, "name", hops)]
        return out

    def _bound(self, parameter: str, hops: int) -> list[tuple[FileIndex, SymbolNode]]:
        """A generic parameter (`F` of a field `formatter: F`): the type its bound names in the headers
        around the code being read (`impl<W, F> .. where F: Formatter`), whose members its values have."""
        assert self._origin is not None
        index, scope = self._origin
        spec = BY_NAME[index.language]
        for around in [scope, *index.enclosing(scope)]:
            bound = spec.generic_bound(around.signature, parameter)
            if bound is not None and bound != parameter:
                return self._type_named(index, around, bound, hops - 1)
        return []
