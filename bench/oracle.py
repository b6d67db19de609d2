"""The in-file oracle: which source lines a function needs, from Python's own `ast` and `symtable`.

It shares no code with archmem (never imports it). For a target function it lists the units the code
depends on (BENCH_CONTEXT.md, "Oracle"): module-level bindings of the names it loads (walking module-level
if/try/with/for/while/match blocks, never into def/class bodies), the enclosing function's binding of each
free variable, `self.X`/`cls.X` members of the enclosing class then of its in-file bases, `C.X` members of
classes of this file, and the headers of every enclosing class and function. Builtins are left out. A
unit is a set of alternatives (a name bound several times); a site is the header lines of a def/class
(decorators excluded) or the first line of an assignment/import.
"""

from __future__ import annotations

import ast
import builtins
import io
import symtable
import tokenize
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

_BUILTINS = frozenset(dir(builtins))
_FuncNode = ast.FunctionDef | ast.AsyncFunctionDef
_ScopeNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
_Add = Callable[[str, ast.AST, str], None]  # records a binding: (name, node, what)
_Keep = Callable[["Unit"], None]


@dataclass(frozen=True)
class Site:
    """One place a name is bound: `lines` (1-based) must all be shown for the site to count."""

    path: str
    lines: tuple[int, ...]
    what: str  # def, class, assign, import, for, with, except, param, self-assign, ...


@dataclass(frozen=True)
class Unit:
    """Something the target needs; covered when every line of any one alternative is included."""

    kind: str  # global, free, member, inherited, class-attr, scope, xfile, xfile-member
    name: str
    alternatives: tuple[Site, ...]


@dataclass(frozen=True)
class Target:
    """A function or method to edit or generate, with the positions both scenarios need (1-based lines)."""

    path: str
    qualname: str
    def_line: int  # the `def` line (decorators excluded)
    header_end: int  # the line holding the header's closing ':'
    body_start: int  # first line hidden in the generate scenario (after the docstring, if any)
    end_line: int
    edit_line: int  # the last statement of the body: the edit cursor
    edit_col: int  # its UTF-8 byte column
    body_indent: str  # indentation of the body's first hidden statement


@dataclass
class _ClassInfo:
    node: ast.ClassDef
    members: dict[str, list[Site]] = field(default_factory=dict)
    bases: list[str] = field(default_factory=list)


class _Table:
    """A symtable node with its parent: symtable hands out fresh wrapper objects, so we keep our own tree."""

    def __init__(self, table: symtable.SymbolTable, parent: _Table | None) -> None:
        self.table = table
        self.parent = parent
        self.children = [_Table(c, self) for c in table.get_children()]

    def subtree(self) -> Iterator[_Table]:
        yield self
        for c in self.children:
            yield from c.subtree()

    def binds(self, name: str) -> bool:
        """True when `name` is a local (or cell) binding of this function scope."""
        if self.table.get_type() != "function":
            return False
        try:
            sym = self.table.lookup(name)
        except KeyError:
            return False
        return sym.is_local() and not sym.is_global()


class ModuleOracle:
    """Everything the oracle knows about one module; build once per file, then ask per target."""

    def __init__(self, source: str, path: str) -> None:
        self.path = path
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.tree = ast.parse(source)
        self.unresolved: list[str] = []  # names the oracle could not place (star imports, dynamic globals)
        self._colon_rows = header_colon_rows(source)
        self._parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self._parents[child] = node
        self.module_bindings: dict[str, list[Site]] = {}
        _walk_bindings(self.tree.body, self._adder(self.module_bindings))
        self.classes: dict[ast.ClassDef, _ClassInfo] = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ClassDef):
                self.classes[node] = self._class_info(node)
        self.module_classes: dict[str, ast.ClassDef] = {
            s.name: s for s in _flat_module_statements(self.tree.body) if isinstance(s, ast.ClassDef)
        }
        self._root = _Table(symtable.symtable(source, path, "exec"), None)
        self._tables = {
            (t.table.get_name(), t.table.get_lineno()): t
            for t in self._root.subtree()
            if t.table.get_type() == "function"
        }

    # ---- sites -------------------------------------------------------------------------------------
    def header_lines(self, node: _ScopeNode) -> tuple[int, ...]:
        """The def/class line(s) up to the header's ':' (decorators excluded)."""
        end = self._colon_rows.get(node.lineno, node.lineno)
        return tuple(range(node.lineno, end + 1))

    def _adder(self, into: dict[str, list[Site]]) -> _Add:
        def add(name: str, node: ast.AST, what: str) -> None:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                lines = self.header_lines(node)
            else:
                lines = (getattr(node, "lineno", 0),)
            site = Site(self.path, lines, what)
            bucket = into.setdefault(name, [])
            if site not in bucket:
                bucket.append(site)

        return add

    def _class_info(self, node: ast.ClassDef) -> _ClassInfo:
        info = _ClassInfo(node)
        add = self._adder(info.members)
        _walk_bindings(node.body, add)
        for stmt in _flat_module_statements(node.body):
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                selfname = first_param(stmt)
                if selfname is not None:
                    for target_stmt, attr in _self_stores(stmt, selfname):
                        add(attr, target_stmt, "self-assign")
        info.bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
        return info

    # ---- targets -----------------------------------------------------------------------------------
    def targets(self, min_lines: int = 3, max_lines: int = 80) -> list[Target]:
        """Every function/method of `min_lines`..`max_lines` lines whose body can be hidden."""
        out: list[Target] = []
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            end = node.end_lineno or node.lineno
            if not min_lines <= end - node.lineno + 1 <= max_lines:
                continue
            header_end = self.header_lines(node)[-1]
            body = list(node.body)
            if body[0].lineno <= header_end:
                continue  # code on the header line: nothing to hide line-wise
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    body = body[1:]
                    if not body or body[0].lineno <= (first.end_lineno or first.lineno):
                        continue
                    body_start = (first.end_lineno or first.lineno) + 1
                else:
                    body_start = header_end + 1
            else:
                body_start = header_end + 1
            hidden_first = body[0]
            indent_line = self.lines[hidden_first.lineno - 1]
            indent = indent_line[: len(indent_line) - len(indent_line.lstrip())]
            last = node.body[-1]
            out.append(
                Target(
                    path=self.path,
                    qualname=self._qualname(node),
                    def_line=node.lineno,
                    header_end=header_end,
                    body_start=body_start,
                    end_line=end,
                    edit_line=last.lineno,
                    edit_col=last.col_offset,
                    body_indent=indent,
                )
            )
        out.sort(key=lambda t: t.def_line)
        return out

    def _qualname(self, node: ast.AST) -> str:
        parts: list[str] = []
        cur: ast.AST | None = node
        while cur is not None and not isinstance(cur, ast.Module):
            if isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                parts.append(cur.name)
            cur = self._parents.get(cur)
        return ".".join(reversed(parts))

    def function_node(self, target: Target) -> _FuncNode:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.lineno == target.def_line:
                return node
        raise LookupError(f"{self.path}:{target.def_line}: no function")

    def enclosing(self, node: ast.AST) -> list[_ScopeNode]:
        """The def/class nodes around `node`, innermost first (excluding `node`)."""
        out: list[_ScopeNode] = []
        cur = self._parents.get(node)
        while cur is not None:
            if isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                out.append(cur)
            cur = self._parents.get(cur)
        return out

    def _table_of(self, node: _FuncNode) -> _Table:
        found = self._tables.get((node.name, node.lineno))
        if found is None:
            raise LookupError(f"{self.path}:{node.lineno}: no symbol table for {node.name}")
        return found

    # ---- the oracle --------------------------------------------------------------------------------
    def units(self, target: Target) -> tuple[list[Unit], list[Unit]]:
        """(definition units, scope units) the target needs."""
        func = self.function_node(target)
        defs: dict[tuple[Site, ...], Unit] = {}

        def keep(unit: Unit) -> None:
            if unit.alternatives and unit.alternatives not in defs:
                defs[unit.alternatives] = unit

        ftab = self._table_of(func)
        outer = [n for n in self.enclosing(func) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for t in ftab.subtree():
            for sym in t.table.get_symbols():
                name = sym.get_name()
                if name == "__class__":
                    continue
                if sym.is_global():
                    if sym.is_referenced() or sym.is_declared_global():
                        self._resolve_global(name, keep)
                elif (
                    sym.is_free()
                    and (sym.is_referenced() or sym.is_nonlocal())
                    and not self._bound_inside(t, ftab, name)
                ):
                    self._resolve_free(name, outer, keep)
        self._members(func, keep)
        # Sites inside the target's own body are the code being written, not something it needs; a unit
        # bound only there (a method setting then reading self._x) is self-contained and dropped.
        own = range(target.body_start, target.end_line + 1)
        needed: list[Unit] = []
        for unit in defs.values():
            outside = tuple(a for a in unit.alternatives if a.path != self.path or a.lines[0] not in own)
            if outside:
                needed.append(Unit(unit.kind, unit.name, outside))
        scopes = [
            Unit("scope", n.name, (Site(self.path, self.header_lines(n), _scope_what(n)),))
            for n in [func, *self.enclosing(func)]
        ]
        return needed, scopes

    def _resolve_global(self, name: str, keep: _Keep) -> None:
        sites = self.module_bindings.get(name)
        if sites:
            keep(Unit("global", name, tuple(sites)))
        elif name not in _BUILTINS:
            self.unresolved.append(name)

    @staticmethod
    def _bound_inside(t: _Table, ftab: _Table, name: str) -> bool:
        """Whether a free name of scope `t` is bound by a function between `t` and the target (inclusive)."""
        cur: _Table | None = t.parent if t is not ftab else None
        while cur is not None:
            if cur.binds(name):
                return True
            if cur is ftab:
                return False
            cur = cur.parent
        return False

    def _resolve_free(self, name: str, outer: Sequence[_FuncNode], keep: _Keep) -> None:
        for g in outer:
            if not self._table_of(g).binds(name):
                continue
            sites: dict[str, list[Site]] = {}
            add = self._adder(sites)
            if name in _param_names(g):
                add(name, g, "param")
            _walk_function_bindings(g.body, add)
            if name in sites:
                keep(Unit("free", name, tuple(sites[name])))
            else:
                self.unresolved.append(name)
            return
        self.unresolved.append(name)

    def _members(self, func: _FuncNode, keep: _Keep) -> None:
        method, cls = self.method_context(func)
        selfname = first_param(method) if method is not None else None
        if method is not None and method is not func and selfname is not None:
            # A closure inside a method reaches `self` only as a free variable.
            try:
                if not self._table_of(func).table.lookup(selfname).is_free():
                    selfname = None
            except KeyError:
                selfname = None
        ftab = self._table_of(func)
        for node in (n for stmt in func.body for n in _walk_no_classes(stmt, include_self=True)):
            if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Name):
                continue
            if not _is_read(node, self._parents):
                continue
            base = node.value.id
            if cls is not None and base == selfname:
                self._member_unit(cls, node.attr, f"{base}.{node.attr}", keep, own_kind="member")
            elif base in self.module_classes and not ftab.binds(base):
                self._member_unit(
                    self.module_classes[base], node.attr, f"{base}.{node.attr}", keep, own_kind="class-attr"
                )

    def has_member(self, cls: ast.ClassDef, attr: str) -> bool:
        """Whether the class or one of its in-file bases defines `attr`."""
        return any(attr in self.classes[c].members for c in self.linearize(cls))

    def table_binds(self, func: _FuncNode, name: str) -> bool:
        """Whether `name` is a local binding of the function (parameter, assignment, import, def)."""
        return self._table_of(func).binds(name)

    def _member_unit(self, cls: ast.ClassDef, attr: str, label: str, keep: _Keep, own_kind: str) -> None:
        for i, c in enumerate(self.linearize(cls)):
            sites = self.classes[c].members.get(attr)
            if sites:
                keep(Unit(own_kind if i == 0 else "inherited", label, tuple(sites)))
                return
        self.unresolved.append(label)  # set by a subclass, inherited from a base in another module, dynamic

    def linearize(self, cls: ast.ClassDef) -> list[ast.ClassDef]:
        """The class then its in-file bases, depth first in base order (an approximation of the MRO)."""
        seen: list[ast.ClassDef] = []

        def visit(c: ast.ClassDef) -> None:
            if c in seen:
                return
            seen.append(c)
            for b in self.classes[c].bases:
                base = self.module_classes.get(b)
                if base is not None:
                    visit(base)

        visit(cls)
        return seen

    def method_context(self, func: _FuncNode) -> tuple[_FuncNode | None, ast.ClassDef | None]:
        """The nearest function (func itself or an enclosing one) defined directly in a class, and that class."""
        chain: list[ast.AST] = [func, *self.enclosing(func)]
        for node in chain:
            if isinstance(node, ast.ClassDef):
                return None, None  # a class nested inside the function's chain before any method
            parent = self._parents.get(node)
            while parent is not None and not isinstance(
                parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module
            ):
                parent = self._parents.get(parent)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and isinstance(parent, ast.ClassDef):
                return node, parent
        return None, None


def _scope_what(node: ast.AST) -> str:
    return "class" if isinstance(node, ast.ClassDef) else "def"


def header_colon_rows(source: str) -> dict[int, int]:
    """Map the row of each `def`/`class` keyword to the row of the ':' that ends its header."""
    out: dict[int, int] = {}
    pending: list[tuple[int, int]] = []  # (row of keyword, bracket depth at keyword)
    depth = 0
    toks = tokenize.generate_tokens(io.StringIO(source).readline)
    for tok in toks:
        if tok.type == tokenize.NAME and tok.string in ("def", "class"):
            pending.append((tok.start[0], depth))
        elif tok.type == tokenize.OP:
            if tok.string in "([{":
                depth += 1
            elif tok.string in ")]}":
                depth -= 1
            elif tok.string == ":" and pending and pending[-1][1] == depth:
                row, _ = pending.pop()
                out.setdefault(row, tok.start[0])
    return out


def _target_names(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Name):
        yield node.id
    elif isinstance(node, ast.Tuple | ast.List):
        for e in node.elts:
            yield from _target_names(e)
    elif isinstance(node, ast.Starred):
        yield from _target_names(node.value)


def _walk_bindings(stmts: Sequence[ast.stmt], add: _Add) -> None:
    """Record the bindings of a module or class body, through compound blocks but not into def/class."""
    for s in stmts:
        if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef):
            add(s.name, s, "def")
        elif isinstance(s, ast.ClassDef):
            add(s.name, s, "class")
        elif isinstance(s, ast.Assign):
            for t in s.targets:
                for n in _target_names(t):
                    add(n, s, "assign")
        elif isinstance(s, ast.AnnAssign | ast.AugAssign):
            for n in _target_names(s.target):
                add(n, s, "assign")
        elif isinstance(s, ast.Import | ast.ImportFrom):
            for alias in s.names:
                if alias.name != "*":
                    add(alias.asname or alias.name.split(".")[0], s, "import")
        elif isinstance(s, ast.For | ast.AsyncFor):
            for n in _target_names(s.target):
                add(n, s, "for")
            _walk_bindings(s.body, add)
            _walk_bindings(s.orelse, add)
        elif isinstance(s, ast.While | ast.If):
            _walk_bindings(s.body, add)
            _walk_bindings(s.orelse, add)
        elif isinstance(s, ast.With | ast.AsyncWith):
            for item in s.items:
                if item.optional_vars is not None:
                    for n in _target_names(item.optional_vars):
                        add(n, s, "with")
            _walk_bindings(s.body, add)
        elif isinstance(s, ast.Try | ast.TryStar):
            _walk_bindings(s.body, add)
            for h in s.handlers:
                if h.name:
                    add(h.name, h, "except")
                _walk_bindings(h.body, add)
            _walk_bindings(s.orelse, add)
            _walk_bindings(s.finalbody, add)
        elif isinstance(s, ast.Match):
            for case in s.cases:
                _walk_bindings(case.body, add)


def _walk_function_bindings(stmts: Sequence[ast.stmt], add: _Add) -> None:
    """Bindings of a function body: like a module body, plus walrus targets, not into nested scopes."""
    _walk_bindings(stmts, add)
    for s in stmts:
        for node in _walk_no_scopes(s):
            if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                add(node.target.id, node, "walrus")


def _walk_no_scopes(node: ast.AST) -> Iterator[ast.AST]:
    yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        yield from _walk_no_scopes(child)


def _walk_no_classes(node: ast.AST, include_self: bool = False) -> Iterator[ast.AST]:
    """`node`'s descendants (and `node` itself if asked), not entering nested class bodies."""
    if include_self:
        yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            continue
        yield child
        yield from _walk_no_classes(child)


def _flat_module_statements(stmts: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements of a body, descending into if/try/with/for/while blocks but not into def/class."""
    for s in stmts:
        yield s
        for fieldname in ("body", "orelse", "finalbody"):
            if not isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = getattr(s, fieldname, None)
                if isinstance(inner, list):
                    yield from _flat_module_statements([x for x in inner if isinstance(x, ast.stmt)])
        if isinstance(s, ast.Try | ast.TryStar):
            for h in s.handlers:
                yield from _flat_module_statements(h.body)


def first_param(func: _FuncNode) -> str | None:
    """The name `self`/`cls` has in a method; None for staticmethods and parameterless functions."""
    for d in func.decorator_list:
        if isinstance(d, ast.Name) and d.id == "staticmethod":
            return None
    params = [*func.args.posonlyargs, *func.args.args]
    return params[0].arg if params else None


def _param_names(func: _FuncNode) -> set[str]:
    a = func.args
    names = {p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]}
    if a.vararg:
        names.add(a.vararg.arg)
    if a.kwarg:
        names.add(a.kwarg.arg)
    return names


def _self_stores(method: _FuncNode, selfname: str) -> Iterator[tuple[ast.stmt, str]]:
    """(statement, attribute) for every `self.X = ...` (also annotated/augmented) in a method."""
    for node in _walk_no_classes(method):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        else:
            continue
        stack = targets
        while stack:
            t = stack.pop()
            if isinstance(t, ast.Tuple | ast.List):
                stack.extend(t.elts)
            elif isinstance(t, ast.Starred):
                stack.append(t.value)
            elif isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == selfname:
                yield node, t.attr


def _is_read(node: ast.Attribute, parents: dict[ast.AST, ast.AST]) -> bool:
    """Loads, and augmented-assignment targets (which read before they write)."""
    if isinstance(node.ctx, ast.Load):
        return True
    parent = parents.get(node)
    return isinstance(parent, ast.AugAssign) and parent.target is node
