"""Python: its grammar, imports (absolute, relative, star), module names of packages, and conventions."""

from __future__ import annotations

import keyword
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..records import Import
from . import python_imports
from .risky import CODE, DELETE, NETWORK, PROCESS
from .spec import LanguageSpec, text_of

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..resolver import Resolver
    from ..target import Target

# A Python module's docstring: its first statement, a triple-quoted string after comments and blank lines.
_MODULE_DOCSTRING = re.compile(
    rb'(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*[rRuU]?(?:"{3}.*?"{3}|\'{3}.*?\'{3})', re.DOTALL
)
_HASH_COMMENT_LINE = re.compile(rb"[ \t]*#")
# Keywords that may begin an expression; the rest of the grammar's keywords but the infix ones begin a
# statement (`return`, `if`, `match`), and the infix ones (`and`, `in`, `as`) follow an expression.
_EXPRESSION_KEYWORDS = frozenset({"None", "True", "False", "not", "lambda", "await", "yield"})
_INFIX_KEYWORDS = frozenset({"and", "or", "in", "is", "as"})
_STATEMENT_KEYWORDS = frozenset([*keyword.kwlist, *keyword.softkwlist]) - _INFIX_KEYWORDS - {"_"}


# After a container type's name, its item (the value of a mapping), as group 1.
_ELEMENT = (
    r"(?:typing\.)?(?:(?:list|List|Sequence|MutableSequence|tuple|Tuple|set|Set|frozenset|FrozenSet|deque|Deque)"
    r"\[|(?:dict|Dict|Mapping|MutableMapping|defaultdict|DefaultDict|OrderedDict)\[[^\[\],]+,)"
    r"\s*[\"']?([A-Za-z_][\w.]*)(?![\w.\[])"
)


class PythonSpec(LanguageSpec):
    """Python 3, `.py` and `.pyi`."""

    line_comment = "#"
    import_types: ClassVar[frozenset[str]] = frozenset(
        {"import_statement", "import_from_statement", "future_import_statement"}
    )
    import_like_types = import_types
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "False",
            "None",
            "True",
            "and",
            "as",
            "assert",
            "async",
            "await",
            "break",
            "class",
            "continue",
            "def",
            "del",
            "elif",
            "else",
            "except",
            "finally",
            "for",
            "from",
            "global",
            "if",
            "import",
            "in",
            "is",
            "lambda",
            "nonlocal",
            "not",
            "or",
            "pass",
            "raise",
            "return",
            "try",
            "while",
            "with",
            "yield",
            "self",
            "cls",
            "match",
            "case",
            "type",
            "print",
        ]
    )
    star_import_binds_names = True
    global_declarations = True
    member_style = "indent"
    pyflakes = True
    offside_rule = True
    host_compiles = True
    not_implemented = "raise NotImplementedError"
    structural_protocols = True
    test_framework = "pytest"
    fence_tags = frozenset({"python", "py", "python3", "py3"})
    checkers = ("python", ("ruff", "mypy", "pyright", "basedpyright", "pylint", "flake8"))
    project_markers = ("pyproject.toml", "setup.py", "setup.cfg")
    declaration_suffixes = (".pyi",)
    # Patterns over references resolved through the file's imports (`sp.run` after `import subprocess as sp`).
    risky_calls = (
        *((p, PROCESS) for p in ("os.system", "os.popen", "os.exec*", "os.spawn*", "os.posix_spawn*")),
        *((p, PROCESS) for p in ("os.fork*", "subprocess.*", "pty.*", "asyncio.create_subprocess_*")),
        *((p, NETWORK) for p in ("socket.*", "urllib.*", "http.client*", "requests.*")),
        *((p, NETWORK) for p in ("httpx.*", "aiohttp.*", "ftplib.*", "smtplib.*", "telnetlib.*")),
        *((p, CODE) for p in ("eval", "exec", "compile", "__import__", "importlib.import_module")),
        *((p, DELETE) for p in ("os.remove", "os.unlink", "os.rmdir", "os.removedirs", "shutil.rmtree")),
        # Path(...).unlink() and friends: a member call on something only a type checker could name.
        *((p, DELETE) for p in ("*.unlink", "*.rmdir", "*.rmtree")),
    )
    stub_statements = (
        (re.compile(r"pass"), "`pass`"),
        (re.compile(r"\.\.\."), "`...`"),
        (re.compile(r"raise NotImplementedError(?:\(.*\))?", re.S), "`raise NotImplementedError`"),
    )

    declared_type_patterns = (
        # `console: Console`, `self.x: Optional[Console] = None`, `x: "Console"`, `x: Console | None`.
        re.compile(r"[\w.]+\s*:\s*[\"']?(?:(?:typing\.)?Optional\[)?([A-Za-z_][\w.]*)(?![\w.\[])"),
        # `c = Console(...)`, `self.x = mod.Console(...)`.
        re.compile(r"[\w.]+\s*=\s*([A-Za-z_][\w.]*)\s*\("),
        # A function's result: `make() -> Console:`, `def get(self) -> "Console":`.
        re.compile(r"\w+\s*\([^()]*\)\s*->\s*[\"']?(?:(?:typing\.)?Optional\[)?([A-Za-z_][\w.]*)(?![\w.\[])"),
    )
    self_type_names = frozenset({"Self"})
    # What `x[i]` holds: a sequence's item or a mapping's value, annotated or a declared result
    # (`items: list[Item]`, `by_name: dict[str, Item]`, `def rows(self) -> Sequence[Row]:`).
    element_type_patterns = (
        re.compile(r"[\w.]+\s*:\s*[\"']?" + _ELEMENT),
        re.compile(r"\w+\s*\([^()]*\)\s*->\s*[\"']?" + _ELEMENT),
    )

    @property
    def standard_names(self) -> frozenset[str]:
        """None for the name guard: Python's checker knows the builtins. Completion reads them
        (globals/python.txt, through `completion_names`)."""
        return frozenset()

    def completion_keywords(self, statement_start: bool) -> frozenset[str]:
        return _STATEMENT_KEYWORDS if statement_start else _EXPRESSION_KEYWORDS

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        t = node.type
        if t == "import_statement":
            out = []
            for c in node.named_children:
                if c.type == "aliased_import":
                    name, alias = c.child_by_field_name("name"), c.child_by_field_name("alias")
                    out.append(
                        Import(text_of(name) if name else "", None, text_of(alias) if alias else None, line)
                    )
                elif c.type == "dotted_name":
                    out.append(Import(text_of(c), None, None, line))
            return out
        if t == "future_import_statement":
            return [
                Import("__future__", text_of(c), None, line)
                for c in node.named_children
                if c.type == "dotted_name"
            ]
        module_node = node.child_by_field_name("module_name")
        module = text_of(module_node) if module_node is not None else ""
        out = []
        for i, c in enumerate(node.children):
            field = node.field_name_for_child(i)
            if field != "name":
                continue
            if c.type == "aliased_import":
                name, alias = c.child_by_field_name("name"), c.child_by_field_name("alias")
                out.append(
                    Import(module, text_of(name) if name else "", text_of(alias) if alias else None, line)
                )
            else:
                out.append(Import(module, text_of(c), None, line))
        if any(c.type == "wildcard_import" for c in node.named_children):
            out.append(Import(module, "*", None, line))
        return out

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """Absolute and relative imports, through packages' re-exports and star imports."""
        from ..target import Target

        memory = resolver.memory
        module = imp.module
        if module.startswith("."):
            dots = len(module) - len(module.lstrip("."))
            package = (
                index.module.split(".")
                if index.path.endswith("__init__.py")
                else index.module.split(".")[:-1]
            )
            if dots > 1:
                package = package[: len(package) - (dots - 1)] if dots - 1 <= len(package) else []
            rest = module[dots:]
            full = ".".join([*package, *([rest] if rest else [])])
        else:
            full = module
        if imp.name is None or imp.name == "*":
            # `import a.b.c` binds `a`; `import a.b.c as x` and `from a.b.c import *` the module a.b.c.
            target_module = full if imp.alias or imp.name == "*" else full.split(".")[0]
            path = memory.module_path(target_module)
            return [Target(path, resolver.module_symbol(path))] if path else []
        sub = memory.module_path(f"{full}.{imp.name}" if full else imp.name)
        if sub is not None:
            return [Target(sub, resolver.module_symbol(sub))]
        path = memory.module_path(full)
        if path is None:
            return []
        found = resolver.top_level(path, imp.name)
        if found:
            return found
        # Re-exported through an import in that module (`from .impl import name` in a package).
        other = memory.file(path)
        if other is not None:
            for reexport in other.imports:
                if reexport.bound == imp.name:
                    return resolver.resolve_import(other, reexport, depth + 1)
            for reexport in other.imports:
                if reexport.name == "*":
                    found = resolver.star(resolver.resolve_import(other, reexport, depth + 1), imp.name)
                    if found:
                        return found
        return []

    def module_member(self, resolver: Resolver, index: FileIndex, member: str, depth: int) -> list[Target]:
        # `pkg.name` finds what `from pkg import name` would: a definition, a submodule, or a name the
        # package re-exports from its modules.
        return self.resolve_import(resolver, index, Import(index.module, member, None, 0), depth)

    def module_name(self, path: str) -> str:
        """The dotted module name (a package's `__init__.py` is the package)."""
        p = PurePosixPath(path)
        parts = list(p.with_suffix("").parts)
        if parts and parts[-1] == "__init__":
            parts.pop()
        return ".".join(parts) or p.stem

    def import_edit(self, text: bytes, statement: str) -> tuple[int, int, str] | None:
        """Joined to a one-line `from m import ...` of the same module, else after the leading imports
        (`python_imports.py`)."""
        return python_imports.import_edit(self.parse(text).root_node, text, statement)

    def leading_imports(self, code: str) -> tuple[list[str], str]:
        """One-line `import` and `from ... import` lines before the definition (`python_imports.py`)."""
        return python_imports.leading_imports(code)

    def importable_names(self, path: str) -> tuple[str, ...]:
        """A `.py` or `.pyi` file's module name, and without a `src.`, `lib.` or `Lib.` prefix: src/ layouts
        import their packages without it."""
        if not path.endswith((".py", ".pyi")):
            return ()
        name = self.module_name(path)
        return (name, *(name[len(p) :] for p in ("src.", "lib.", "Lib.") if name.startswith(p)))

    def test_file(self, root: Path, path: str) -> str:
        """`tests/test_<stem>.py` where the workspace has `tests/`, else beside the module (a package's
        `__init__.py` is tested as `test_<package>.py`)."""
        source = PurePosixPath(path)
        stem = source.stem
        name = f"test_{stem}.py" if stem != "__init__" else f"test_{source.parent.name}.py"
        if (root / "tests").is_dir():
            return f"tests/{name}"
        return str(source.parent / name) if str(source.parent) != "." else name

    def is_test_file(self, path: str) -> bool:
        """pytest's `test_*.py`."""
        return PurePosixPath(path).name.startswith("test_")

    def is_package_module(self, path: str) -> bool:
        """A package's `__init__.py` (its imports are the package's public interface)."""
        return PurePosixPath(path).name == "__init__.py"

    def on_comment_line(self, text: bytes, line_start: int, byte: int) -> bool:
        """A `#` comment line, or the module's docstring."""
        docstring = _MODULE_DOCSTRING.match(text)
        return _HASH_COMMENT_LINE.match(text, line_start) is not None or (
            docstring is not None and byte < docstring.end()
        )
