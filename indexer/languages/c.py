"""C: its grammar, `#include` (which binds no name: the program shares one namespace), macro repairs."""

from __future__ import annotations

import json
import re
import shlex
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..records import Import, SymbolKind
from .c_branches import Repair, repair
from .risky import DELETE, NETWORK, PROCESS
from .spec import LanguageSpec, text_of

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..records import SymbolNode
    from ..resolver import Resolver
    from ..target import Target


class CSpec(LanguageSpec):
    """C: every file of the program sees every other's top-level names; headers are included by path."""

    # Single quotes delimit a character literal, not a string.
    char_literals = True
    # A header (.h) may be C or C++: models tag it either way.
    fence_tags = frozenset({"c", "h"})
    checkers = ("c/c++", ("clang", "gcc", "clang-tidy", "cppcheck"))
    project_markers = ("CMakeLists.txt", "compile_commands.json")
    risky_calls = (
        *((p, PROCESS) for p in ("system", "popen", "fork", "vfork", "exec[lv]*", "posix_spawn*")),
        *((p, NETWORK) for p in ("socket", "connect", "getaddrinfo")),
        *((p, DELETE) for p in ("unlink", "unlinkat", "remove", "rmdir")),
    )
    import_types: ClassVar[frozenset[str]] = frozenset({"preproc_include"})
    import_like_types = import_types
    member_separators: ClassVar[tuple[bytes, ...]] = (rb"\.", rb"->")
    long_separators = frozenset({b"->"})
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "auto",
            "break",
            "case",
            "char",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extern",
            "float",
            "for",
            "goto",
            "if",
            "inline",
            "int",
            "long",
            "register",
            "restrict",
            "return",
            "short",
            "signed",
            "sizeof",
            "static",
            "struct",
            "switch",
            "typedef",
            "union",
            "unsigned",
            "void",
            "volatile",
            "while",
            "define",
            "include",
            "ifdef",
            "ifndef",
            "endif",
            "elif",
            "undef",
            "pragma",
            "NULL",
        ]
    )
    repairs_preprocessor = True
    family = "c"
    # `struct Conn *p`, `const Outer *o`, a field's `Inner a;`, a function's `static foo_t *make(`: the last
    # word before the declarator's stars, after `struct`/`union`/`enum` (`untyped_words` are the keywords).
    declared_type_before_patterns = (re.compile(r"\b([A-Za-z_][\w:]*)\s*(?:<[^<>]*>)?[\s*&]*[\s*&]$"),)
    imports_bind_names = False
    shared_namespace = True
    parameter_declaration = r"\b{type}\s*[*\s]\s*(?:const\s+)?([A-Za-z_]\w*)\s*[,)\[]"  # `Expr *pExpr,`
    waiting_scope = "region"
    # An amalgamation is many programs in a row: what a far part of the file uses says little (`sections.py`). Its
    # parts are often a few dozen functions long: 20 either side (session 17; 40 before) measured better on the
    # bench's tuned part (530 / 566, 529 with 40) and the sqlite3.c-shaped dev set (319-321 / 441, 317 with 40).
    section_siblings = 20
    # An include line follows the predictions, just before the first predicted definition of the file it includes
    # (`context/included_order.py`): sqlean's files, extensions in a row, spent ~306 tokens of a 2,048-token
    # generate prompt on their include lines before any prediction.
    imports_follow_predictions = True
    # `Db *aDb` and `Db aDb[4]` both read as Db: `aDb[i].x` is a Db's member.
    subscript_keeps_type = True
    # A tag (and an enumerator) declared in a struct's body has file scope (C11 6.2.1): only a block or a
    # parameter list gives a tag a scope of its own.
    file_scope_nested_kinds = frozenset({SymbolKind.STRUCT, SymbolKind.ENUM, SymbolKind.CONSTANT})

    # The last text repaired and its repair: a document asks for the repair, then parses the same text; the
    # next text (an edit of it, as a rule) is repaired from it by the change alone where that holds.
    _last_repair: Repair | None = None

    def waits_uncalled(self, name: str, signature: str, class_signatures: list[str]) -> bool:
        """A prototype: a function's header ended by `;` without a body (an included header's declaration)."""
        return signature.rstrip().endswith(";")

    def private_to_its_file(self, symbol: SymbolNode) -> bool:
        """A `static` at namespace level (C++ reopens namespaces across files) is private to its own file."""
        return symbol.signature.startswith("static ")

    def parse(self, text: bytes, old_tree: ts.Tree | None = None) -> ts.Tree:
        """The tree of `text` with only the first branch of a conditional group whose branches open braces
        unevenly (`first_branches_only`): the grammar reads every branch, and would nest what follows."""
        return super().parse(self.repaired(text), old_tree)

    def repaired(self, text: bytes) -> bytes:
        found = self._last_repair = repair(text, self._last_repair)
        return found.out

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        path = node.child_by_field_name("path")
        if path is None:
            return []
        return [Import(text_of(path).strip('"<>'), None, None, line)]

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """The included file: beside the includer, else in an include directory of the workspace's
        `compile_commands.json` (its -I/-iquote/-isystem flags), else any file whose path ends so."""
        from ..target import Target

        path = _find_include(resolver, index.path, imp.module)
        return [Target(path, resolver.module_symbol(path))] if path else []


# Where build systems leave the compilation database, relative to the workspace root.
_COMPILE_COMMANDS = ("compile_commands.json", "build/compile_commands.json")
_INCLUDE_FLAGS = ("-I", "-iquote", "-isystem", "-idirafter")


def _find_include(resolver: Resolver, from_path: str, include: str) -> str | None:
    root = resolver.memory.root
    # Read once a request (the resolver's): the databases' two `stat`s at every include were ~140 a packing of
    # sqlite3.c, whose include closure is read at each.
    dirs = resolver.cached("c include dirs", lambda: include_dirs(str(root), _stamp(root)))
    return resolver.find_include(from_path, include, dirs)


def _stamp(root: Path) -> tuple[int, ...]:
    """The modification times of the compilation databases, so that a rebuilt one is read again."""
    out = []
    for name in _COMPILE_COMMANDS:
        try:
            out.append((root / name).stat().st_mtime_ns)
        except OSError:
            out.append(0)
    return tuple(out)


@lru_cache(maxsize=16)
def include_dirs(root: str, stamp: tuple[int, ...]) -> tuple[str, ...]:
    """The workspace-relative include directories that `compile_commands.json` (at the root or in build/)
    passes to any compilation, in order of first appearance; directories outside the workspace are left
    out (their files are not the memory's). A damaged database gives none."""
    base = Path(root)
    real = base.resolve()
    out: dict[str, None] = {}
    for name, mtime in zip(_COMPILE_COMMANDS, stamp, strict=True):
        if not mtime:
            continue
        try:
            entries = json.loads((base / name).read_text(encoding="utf-8", errors="replace"))
        except (OSError, ValueError):
            continue
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict):
                for directory in _entry_dirs(entry):
                    resolved = (base / directory).resolve()  # an absolute directory stays itself
                    if resolved.is_relative_to(real):
                        out[resolved.relative_to(real).as_posix()] = None
    return tuple(out)


def _entry_dirs(entry: dict[str, object]) -> list[str]:
    """The include directories of one compile command, relative to its `directory`."""
    arguments = entry.get("arguments")
    command = entry.get("command")
    if isinstance(arguments, list):
        words = [str(a) for a in arguments]
    elif isinstance(command, str):
        try:
            words = shlex.split(command)
        except ValueError:
            return []
    else:
        return []
    where = entry.get("directory")
    cwd = Path(where) if isinstance(where, str) else Path()
    out: list[str] = []
    for i, word in enumerate(words):
        for flag in _INCLUDE_FLAGS:
            if word == flag and i + 1 < len(words):
                out.append(str(cwd / words[i + 1]))
            elif word.startswith(flag) and len(word) > len(flag):
                out.append(str(cwd / word[len(flag) :]))
    return out
