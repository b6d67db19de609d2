"""LanguageSpec: the questions archmem asks about a language, answered by each language's own module.

A language module (python.py, go.py, ...) subclasses LanguageSpec and overrides what is true of its
language: the grammar and queries (constructor fields), its node types, how its imports read and resolve,
its scope rules and its conventions for stubs and test skeletons (class attributes and methods). Callers
ask the spec; they never branch on a language's name (tests/architecture/test_languages_in_one_place.py).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar, Literal

import tree_sitter as ts

from ..records import Import, SymbolKind
from .generate_rules import GenerateRules
from .grammars import QUERIES, grammar, query
from .grammars import source_query as source_query  # the language modules import these from here
from .grammars import standard_names as standard_names
from .grammars import text_of as text_of
from .grammars import walk as walk

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..records import SymbolNode
    from ..resolver import Resolver
    from ..target import Target
    from ..workspace import Memory


@dataclass(frozen=True)
class LanguageSpec(GenerateRules):
    """What archmem knows about one language: its grammar, queries and conventions."""

    name: str
    extensions: tuple[str, ...]
    grammar_module: str
    grammar_function: str
    query_name: str
    # Receivers that mean "this object" in member references (self.x, this.x).
    self_names: frozenset[str]
    # How a definition documents itself: a docstring as the first body statement, or comments before it.
    doc_style: str
    shebangs: tuple[str, ...] = ()

    # -- node types (the union over every language is what the extractor and the folds test) ----------
    # Statements that import names (the extractor reads Import records from them).
    import_types: ClassVar[frozenset[str]] = frozenset()
    # Statements that fold with the imports in the editor: the imports and declarations like them.
    import_like_types: ClassVar[frozenset[str]] = frozenset()
    # Node types that are comments.
    comment_types: ClassVar[frozenset[str]] = frozenset({"comment"})
    # Words that look like names but never reference a definition.
    keyword_list: ClassVar[frozenset[str]] = frozenset()
    # Member separators, as regular expressions: `->` is a return type or a lambda arrow outside C and C++,
    # `::` a slice in Python, `?.` optional chaining only in JS/TS.
    member_separators: ClassVar[tuple[bytes, ...]] = (rb"\.",)
    # The two-character separators among them, as they stand before a name (see references.scanner).
    long_separators: ClassVar[frozenset[bytes]] = frozenset()

    # -- extraction quirks ----------------------------------------------------------------------------
    # The grammar misreads what macros and `#if` branches make of the code, and the extractor repairs it.
    repairs_preprocessor: ClassVar[bool] = False
    # The file's own doc is its inner doc comments (`//!`, `/*!`), not its first leading comment.
    inner_doc_comments: ClassVar[bool] = False
    # The file's own doc is the comment run right above its package clause (godoc's rule).
    package_comment_doc: ClassVar[bool] = False

    # -- scope rules for the resolver -----------------------------------------------------------------
    # Languages of one family see each other's definitions (a .c file the names of a C++ header).
    family: ClassVar[str] = ""
    # `from m import *` binds every top-level name of m.
    star_import_binds_names: ClassVar[bool] = False
    # A star import names a package, a directory of files (Java's `import a.b.*`): its names are found by
    # `module_member` on any file of it, not among the one file's top-level names.
    star_import_is_package: ClassVar[bool] = False
    # Imports bind names (an #include binds none: included names come from the shared namespace).
    imports_bind_names: ClassVar[bool] = True
    # Methods see their class's members without `this.`.
    implicit_members: ClassVar[bool] = False
    # What starts a line comment: context handed to a fill-in-the-middle model is written as comments.
    line_comment: ClassVar[str] = "//"
    # Top-level names are shared between files without an import.
    shared_namespace: ClassVar[bool] = False
    # Where a helper of the kind `waits_uncalled` says, nothing of which calls it yet, waits for the body being
    # written (`context/waiting.py`): "type" (the body's type: Rust's private methods), "package" (the helpers
    # beside the body: Go's package-private ones), "region" (the declarations between the body and the function
    # defined last above it: C's prototypes); None: no such reading.
    waiting_scope: ClassVar[Literal["type", "package", "region"] | None] = None
    # Types get members in other files than their definition (Go methods, Rust impls, C++ `T::m`).
    members_elsewhere: ClassVar[bool] = False
    # Methods are declared outside their type, on a receiver, and see its members (Go).
    receiver_methods: ClassVar[bool] = False
    # A package is one directory: names are shared within it only (Go).
    package_is_directory: ClassVar[bool] = False
    # An import only the body being written uses says the body calls that package's most used members (Go).
    waiting_import_members: ClassVar[bool] = False
    # The imported packages' names sharing a part of the body's name are what it works with (Go:
    # `package_words.py`).
    package_word_members: ClassVar[bool] = False
    # The result type's package's names ending in its name that no other code of the file names wait for the body
    # (Go: `result_kin.py`).
    result_kin_types: ClassVar[bool] = False
    # An import only the body uses offers more of its package's names, and the import the body is named for is read
    # as one (`waiting_imports.py`; Go: `(c *Config) time()` -> `time.Now`).
    waiting_imports_wide: ClassVar[bool] = False
    # The members of the types the body's parameters are declared with, from every file of the type's package, are
    # what the body reaches through them (Go: `deadline time.Time` -> `deadline.Before`; `parameter_members.py`).
    parameter_type_members: ClassVar[bool] = False
    # A struct the body builds holds its small structs built in the same literal (Go: `made_fields.py`).
    built_structs_nest: ClassVar[bool] = False
    # An embedded field's type lends its members; named fields' types do not (Go).
    embedded_fields_are_bases: ClassVar[bool] = False
    # Types get traits and methods through impl blocks, which are no definitions of the type (Rust).
    impl_blocks: ClassVar[bool] = False
    # Macros are called `name!(...)`, while references are read without the `!` (Rust).
    bang_macros: ClassVar[bool] = False
    # A dotted type path walks namespaces (TypeScript's `Scope.Scope.Closeable`: a namespace import, a
    # namespace in it, a type in that), as `::` paths do.
    namespace_paths: ClassVar[bool] = False
    # `super.m()` calls the base class's `m` (Java).
    super_calls_base: ClassVar[bool] = False
    # Fields and methods are named apart: a method's own name in its body, not called (`return entrySet;`
    # in `entrySet()`), reads the field of that name, so it is a reference of the method (Java).
    own_name_reads_field: ClassVar[bool] = False
    # `global`/`nonlocal` make a function's assignment bind the outer name (Python).
    global_declarations: ClassVar[bool] = False
    # Kinds of definition that, declared inside a struct's body (not a function's), name the file scope:
    # C's struct, union and enum tags and their enumerators (`struct sqlite3_index_constraint` declared in
    # `struct sqlite3_index_info`). C++ nests them in the struct, as most languages do.
    file_scope_nested_kinds: ClassVar[frozenset[SymbolKind]] = frozenset()

    # -- conventions for stubs, members and test skeletons --------------------------------------------
    # A class declares members it owes its bases: "indent" (a Python block), "brace" ({ ... }) or "".
    member_style: ClassVar[str] = ""
    # The statement a declared-but-unwritten member's body holds.
    not_implemented: ClassVar[str] = ""
    # A method often delegates to what it overrides or wraps, a declaration of its own name in its class's
    # bases or around its class (Java's views: `s.tryAdvance(action)`, `IdentityHashMap.this.clear()`).
    delegates_to_namesakes: ClassVar[bool] = False
    # What a doc comment names as thrown (Javadoc's `@throws NoSuchElementException if ...`): the body of a
    # method overriding the one documented throws it too.
    documented_throws: ClassVar[re.Pattern[str] | None] = None
    # One level of indentation when the class has no member to copy it from.
    indent_unit: ClassVar[str] = "    "
    # Interface members are implicitly public and an implementation must say so (Java), with @Override.
    interface_members_public: ClassVar[bool] = False
    # Interface fields (properties) are owed by an implementing class (TypeScript), not only methods.
    interface_fields_owed: ClassVar[bool] = False
    # A class is a structural protocol when its bases say so (`Protocol`), not by an `abstract` keyword.
    structural_protocols: ClassVar[bool] = False
    # The framework of its test skeletons: "pytest", "node:test", "go test", or "" (none offered).
    test_framework: ClassVar[str] = ""
    # Test skeletons import a module by its name without the extension (TypeScript's `./name`).
    imports_without_extension: ClassVar[bool] = False
    # Documentation skeletons are JSDoc comments above the function.
    jsdoc: ClassVar[bool] = False
    # One statement that says "not written yet" (matched on the statement's text with whitespace collapsed
    # and any final semicolon dropped), and how to say it to a person.
    stub_statements: ClassVar[tuple[tuple[re.Pattern[str], str], ...]] = ()

    # -- checking and repairing an edit (server/checks, server/actions) --------------------------------
    # pyflakes checks its files: the checks run it after the syntax walk, the offline fixer repairs what
    # it reports (undefined names, unused imports).
    pyflakes: ClassVar[bool] = False
    # Single quotes delimit a character literal (`'a'`), so an unclosed one is no unclosed string.
    char_literals: ClassVar[bool] = False
    # Indentation makes the blocks (the off-side rule): a block header ends with `:`, an indented line
    # belongs to the block above it, and a top-level definition never starts indented.
    offside_rule: ClassVar[bool] = False
    # The running interpreter's own compiler parses it: it ranks syntax-fix candidates.
    host_compiles: ClassVar[bool] = False
    # A function testing one value, matched in its signature, group 1 the type of its one parameter (TypeScript's
    # `isZero = (n: BigDecimal): boolean`, `isSome: <A>(self: Option<A>) => self is Some<A>`): a body handed a
    # value of that type tests it so (`context/handed_types.py`). Group 2, where the signature says it, the type it
    # guards (`isLayer = (u: unknown): u is Layer<...>`): a body handed a value of that type (or of a union holding
    # it) tells it from the others so. None where no signature says it.
    predicate_parameter: ClassVar[re.Pattern[str] | None] = None
    # A type and a value may share a name in one file (TypeScript's `type OP_SYNC = typeof OP_SYNC` beside
    # `const OP_SYNC`): the type's line of a predicted name waits for the other names' (`context/type_twins.py`).
    types_share_value_names: ClassVar[bool] = False
    # -- instance types (indexer/inference.py) ---------------------------------------------------------
    # How a binding names the type it holds, matched at the bound name (a parameter, a local, a field's
    # signature): group 1 is the type's reference (`console: Console`, `c = Console()`, `x = new Foo()`).
    declared_type_patterns: ClassVar[tuple[re.Pattern[str], ...]] = ()
    # The same where the type stands before the bound name (C's `struct Conn *p`, Java's `Engine e`, a C
    # function's `static foo_t *make(`), matched with `search` against the text before the name, from the
    # start of its declarator (after the last `(`, `,`, `;`, `{` or `}` on its line); tried first.
    declared_type_before_patterns: ClassVar[tuple[re.Pattern[str], ...]] = ()
    # Words that stand where a type would but say nothing of it (`auto`, `var`, `const`).
    untyped_words: ClassVar[frozenset[str]] = frozenset()
    # The name that means "the type this method belongs to" in a declared type (Rust's `Self`).
    self_type_names: ClassVar[frozenset[str]] = frozenset()
    # How a binding names the type of its elements (`items []*Conn`, `get() map[string]Conn`), matched at
    # the bound name like `declared_type_patterns`: what `x[i].y` and `f()[i].y` reach.
    element_type_patterns: ClassVar[tuple[re.Pattern[str], ...]] = ()
    # Subscripting keeps the type the declaration names (C's `Db *aDb` and `Db aDb[4]`: `aDb[i]` is a Db).
    subscript_keeps_type: ClassVar[bool] = False
    # A line starting with `.` continues the chain of the line above (rustfmt's layout of long chains), so
    # that `self\n.formatter\n.begin_object(..)` is read as `self.formatter.begin_object`.
    chains_continue_on_lines: ClassVar[bool] = False
    # A member access may start a line (`core` / `.readWithCause({...})`, as dprint and prettier break long
    # chains): the reference scanner reads `core.readWithCause`, not `core` and a member of something unknown.
    members_start_lines: ClassVar[bool] = False
    # An import statement that binds types only (TypeScript's `import type * as Effect`): code calls no
    # value of it, so generate mode predicts none of its functions (`context/module_namesakes.py`).
    types_only_import: ClassVar[re.Pattern[str] | None] = None
    # A file imports many modules whole, a line each (effect's internals: fifty `import * as X` lines): generate
    # mode shows an import line with the first predicted name reached through it rather than all the file's
    # imports before any prediction (`context/predicted_order.py`).
    imports_follow_predictions: ClassVar[bool] = False
    # Whether the code inside a value's members (an object literal's methods, JavaScript's `{ pipe() {}, close() {
    # return pipe(x) } }`) sees the value's other members unqualified. JavaScript's does not: the bare `pipe` is the
    # module's.
    value_members_scoped: ClassVar[bool] = True

    @property
    def language(self) -> ts.Language:
        return grammar(self.grammar_module, self.grammar_function)

    @property
    def definitions_query(self) -> ts.Query:
        return query(self.grammar_module, self.grammar_function, self.query_name)

    @property
    def masks_query(self) -> ts.Query:
        """Where strings, comments and other literals are: blanked out before names are read from the code.
        A dialect may have masks of its own (TSX's JSX text) while it shares its definitions query."""
        return query(self.grammar_module, self.grammar_function, self._masks_name)

    @property
    def extraction_query(self) -> ts.Query:
        """The definitions query followed by the masks query, as one: extraction walks the tree once.
        Its first `definitions_query.pattern_count` patterns are the definitions'."""
        return query(self.grammar_module, self.grammar_function, self.query_name, self._masks_name)

    @property
    def _masks_name(self) -> str:
        own = self.name + "-masks"
        return own if (QUERIES / f"{own}.scm").exists() else self.query_name + "-masks"

    @property
    def keywords(self) -> frozenset[str]:
        return self.keyword_list

    @property
    def standard_names(self) -> frozenset[str]:
        """Names the language's standard library and runtime give every file without a definition or an
        import (JavaScript's `JSON`, Go's `len`, Rust's `Vec`, Java's `System`, C's `printf`), read once
        from globals/<query_name>.txt; scripts/standard_names.py regenerates those files and says where
        each list comes from. Empty for Python, whose checker knows its builtins."""
        return standard_names(self.query_name)

    @property
    def completion_names(self) -> frozenset[str]:
        """Names offline completion offers wherever a name may be typed, below the file's own: the standard
        names, or globals/<query_name>.txt where the checker keeps those empty (Python's builtins)."""
        return self.standard_names or standard_names(self.query_name)

    def completion_keywords(self, statement_start: bool) -> frozenset[str]:
        """Keywords offline completion offers: at the start of a statement (`statement_start`) those that
        may begin one, else those that may begin an expression (`None`, `not`). None by default."""
        return frozenset()

    def names_opened_at(self, tree: ts.Tree, start_byte: int, end_byte: int) -> frozenset[str]:
        """Names a directive like C++'s `using namespace N;` makes usable unqualified in the code from
        `start_byte` to `end_byte`. Empty for languages without such directives (see cpp.py)."""
        return frozenset()

    def parse(self, text: bytes, old_tree: ts.Tree | None = None) -> ts.Tree:
        """The syntax tree of `text` (reparsed from `old_tree` after an edit). A language whose grammar
        misreads valid code may repair the text first, keeping every byte where it is (see typescript.py)."""
        parser = self.parser()
        return parser.parse(text) if old_tree is None else parser.parse(text, old_tree)

    def repaired(self, text: bytes) -> bytes:
        """The bytes `parse` gives the grammar for `text`, of the same length (`text` itself where nothing is
        repaired). A document compares the old and new repaired texts: a repair can change bytes away from an
        edit (c_branches.py blanks a branch when an edit makes its group uneven)."""
        return text

    def parser(self) -> ts.Parser:
        """A parser for this language owned by the calling thread (parsers are not thread-safe)."""
        parsers: dict[str, ts.Parser] | None = getattr(_local, "parsers", None)
        if parsers is None:
            parsers = _local.parsers = {}
        parser = parsers.get(self.name)
        if parser is None:
            parser = parsers[self.name] = ts.Parser(self.language)
        return parser

    # -- imports --------------------------------------------------------------------------------------

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        """The names an import statement (a node of `import_types`) binds, at 0-based `line`."""
        return []

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """The definition an import of a file of this language binds, when it is in the workspace."""
        return []

    def library_dirs(self) -> tuple[Path, ...]:
        """Directories outside the workspace whose files the memory may read, on demand and never stored,
        because imports name them: the language's own standard library (Go's GOROOT/src). Empty here."""
        return ()

    def module_member(self, resolver: Resolver, index: FileIndex, member: str, depth: int) -> list[Target]:
        """`module.member`, where `module` is the file `index`: a top-level definition of it."""
        return resolver.top_level(index.path, member)

    def lambda_parameter_type(
        self, text: str, start: int, declaration: str, argument: int, param: int
    ) -> str | None:
        """The type reference of parameter `param` of a lambda passed as argument `argument` (the name at
        `start` of `text`), read where the callee's `declaration` gives no plain function type for it (see
        lambda_context): TypeScript's explicit type arguments (`dual<L, F>(2, (self) => ...)`). None here."""
        return None

    def alias_is_union(self, signature: str) -> bool:
        """Whether a type alias's `signature` names a union (TypeScript's `type AST = Declaration | Literal`),
        whose values have the members of every type it names; no union here."""
        return False

    def module_augmentations(self, resolver: Resolver, path: str) -> list[Target]:
        """Declarations in other files that add to the module file `path` (TypeScript's `declare module
        "./m.js" { ... }`), shown with a member reached through the module; none here."""
        return []

    def parameters_part(self, header: str) -> str:
        """The part of a function's `header` naming the types of what it is handed, without the result it
        declares; all of it here."""
        return header

    def generic_bound(self, header: str, parameter: str) -> str | None:
        """The type a generic `parameter` is bound to in `header` (a definition's text up to its body), whose
        members its values have (Rust's `F: Formatter`); None here."""
        return None

    def internal_member(self, member_signature: str, class_signatures: list[str]) -> bool:
        """Whether a member of a class, by its signature and those of its class and the classes around it
        (innermost first), is meant for the code of its own file only, so that one nothing uses yet waits for a body still to be written to use it. No language
        says so here; Python's `_private` names are read by the packer itself."""
        return False

    def waits_uncalled(self, name: str, signature: str, class_signatures: list[str]) -> bool:
        """Whether a helper, by its name, its signature and those of the classes around it (innermost first), is
        of the kind that, where nothing in its `waiting_scope` calls it, waits for the body being written (Rust's
        `fn` without `pub` in an inherent `impl`, dead code rustc warns of; Go's unexported names; C's
        prototypes). No kind where the language has no `waiting_scope`."""
        return False

    def file_private(self, line: str) -> bool | None:
        """Whether a top-level definition, by the line it starts on, is visible in its own file only (True:
        TypeScript's unexported `const retryUpdate = ...`, so that one nothing in the file calls yet waits for
        a body still to be written to call it) or exported for other files (False: an API, unused in its own
        file by design, so waiting for nothing). None where the language's lines do not say (here; C's
        `static` is read by the packer)."""
        return None

    def exported(self, name: str) -> bool:
        """Whether a top-level name of a package can be reached from another package by its name alone (Go's
        capitalised names); True here, where visibility is not written in the name."""
        return True

    def implemented_trait(self, header: str) -> str | None:
        """The trait or interface a block whose header is `header` implements for a type named apart from it
        (Rust's `impl Parse for ExprLet`), whose other such blocks hold the same methods; None here."""
        return None

    def built_type(self, header: str) -> str | None:
        """The type a function whose header is `header` builds and returns, so that its body sets that type's
        fields (Rust's `fn parse(..) -> Result<Self>` ending in `Ok(ExprLet { attrs, let_token, .. })`), `::`
        read as `.`; None where a language's functions build nothing their header names (here)."""
        return None

    def type_switch_arms(self, code: str) -> list[tuple[str, str]]:
        """Per arm of a type switch in `code` (a function's text) that names one type, that type and the members
        the arm reaches through the switch's binding (Go's `case *ast.BinaryExpr:` reading `x.X`), as
        `(type, member)` pairs: the binding holds a different type in each arm, which no declaration says.
        None here."""
        return []

    def keyed_literal_fields(self, code: str) -> list[tuple[str, str]]:
        """Per key of a keyed literal in `code` (a function's text) that names its type, that type and the key (Go's
        `&ast.BadExpr{From: pos, To: end}`: `(ast.BadExpr, From)`), a field of that type the bare key names. None
        here."""
        return []

    def unbound_name(
        self, resolver: Resolver, index: FileIndex, scope: SymbolNode, name: str
    ) -> list[Target]:
        """What a plain `name` used in `scope` means when no scope, import or shared name binds it (Rust: a
        field a struct literal sets). Nothing here."""
        return []

    def package_names(self, memory: Memory, path: str) -> tuple[str, ...]:
        """The names another file reaches through an import of the package `path` (a file of it) stands for,
        where a package is several files (`waiting_import_members`): none here."""
        return ()

    def type_members(self, memory: Memory, path: str) -> dict[str, tuple[str, ...]]:
        """Each type's members of the package `path` (a file of it) stands for, wherever the package declares them
        (`parameter_type_members`): none here."""
        return {}

    def parameters(self, header: str) -> tuple[tuple[str, str], ...]:
        """The named parameters of a function header and the type each is declared with (`parameter_type_members`):
        none here."""
        return ()

    def shares_names_with(self, resolver: Resolver, path: str, other: str) -> bool:
        """Whether the file at `other` sees the top-level names the file at `path` defines without an
        import, in a language whose files share a namespace (`shared_namespace`): here, every file."""
        return True

    # -- names and files ------------------------------------------------------------------------------

    def module_name(self, path: str) -> str:
        """The module name of a workspace-relative path: the path without its suffix."""
        return "/".join(PurePosixPath(path).with_suffix("").parts)

    def method_receiver(self, node: ts.Node) -> str | None:
        """The type a method declared outside its type belongs to (Go's receiver), else None."""
        return None

    def receiver_name(self, scope: SymbolNode) -> str | None:
        """The name a method binds to the value it is called on, where the method names it itself (Go's
        `func (c *Conn) Close()`: `c`), read from its signature; None where `self_names` say it."""
        return None

    def declared_type(self, binding: str) -> str | None:
        """The reference to the type a binding holds, read from its text starting at the bound name (to the
        end of its line): its annotation or the class it is constructed from; None when the text says
        neither. Languages declare how in `declared_type_patterns`."""
        for pattern in self.declared_type_patterns:
            match = pattern.match(binding)
            if match is not None:
                return match.group(1)
        return None

    def declared_type_at(self, text: str, start: int, end: int) -> str | None:
        """The reference to the type the name at `start`..`end` of `text` is declared with (a parameter, a
        local, a field's or a function's signature): the type before the name (C, C++, Java), else what
        `declared_type` reads from the name on. `::` reads as `.`, the way references are recorded."""
        line_start = text.rfind("\n", 0, start) + 1
        head = text[line_start:start]
        cut = max(head.rfind(c) for c in "(,;{}")
        before = head[cut + 1 :]
        for pattern in self.declared_type_before_patterns:
            match = pattern.search(before)
            if match is not None and match.group(1) not in self.untyped_words | self.keywords:
                return match.group(1).replace("::", ".")
        line_end = text.find("\n", end)
        found = self.declared_type(text[start : len(text) if line_end < 0 else line_end])
        return None if found is None or found in self.untyped_words else found.replace("::", ".")

    def function_result_at(self, text: str, start: int, end: int) -> str | None:
        """The result type of the function type the name at `start`..`end` of `text` is declared with
        (TypeScript's `fail: (issue: Issue) => Either<never, Issue>`): what calling it holds; None here."""
        return None

    def element_type_at(self, text: str, start: int, end: int) -> str | None:
        """The reference to the element type of what the name at `start`..`end` of `text` is declared with
        (by `element_type_patterns`), or None."""
        line_end = text.find("\n", end)
        binding = text[start : len(text) if line_end < 0 else line_end]
        for pattern in self.element_type_patterns:
            match = pattern.match(binding)
            if match is not None and match.group(1) not in self.untyped_words | self.keywords:
                return match.group(1).replace("::", ".")
        return None

    def on_comment_line(self, text: bytes, line_start: int, byte: int) -> bool:
        """Whether `byte`, in top-level code on the line starting at `line_start`, is in a comment line."""
        return _SLASH_COMMENT_LINE.match(text, line_start) is not None

    def same_family(self, other: LanguageSpec) -> bool:
        """Whether files of `other` see this language's definitions (C and C++, JavaScript and TypeScript)."""
        return self.name == other.name or (bool(self.family) and self.family == other.family)

    def is_macro(self, symbol: SymbolNode | None) -> bool:
        """Whether a definition is a macro called `name!` (`bang_macros`): none here."""
        return False

    def drop_uninvoked_macros(
        self, text: bytes | None, scope: SymbolNode, name: str, found: list[Target]
    ) -> list[Target]:
        """`found` without the macros `scope` (of the file whose text is `text`) never invokes: all of it here."""
        return found

    def blanket_impl(self, impl: SymbolNode) -> bool:
        """Whether an impl block is for one of its own type parameters (`impl_blocks`): none here."""
        return False

    def private_to_its_file(self, symbol: SymbolNode) -> bool:
        """Whether a definition in a namespace another file reopens is hidden from that file: none here."""
        return False

    def embedded_types(self, index: FileIndex, struct: SymbolNode) -> tuple[str, ...]:
        """The types a struct embeds, as references (`embedded_fields_are_bases`): none here."""
        return ()

    def package_names_elsewhere(self, memory: Memory, path: str) -> tuple[str, ...]:
        """The top-level names of the other files of `path`'s package, where a package is several files sharing
        their names (`package_word_pairs.py`): none here."""
        return ()

    # -- what the server asks of a language (server/actions, server/models, server/doctor) ---------------
    # Risky calls a verified edit's unit adds (server/actions/confine.py): fnmatch patterns over references
    # resolved through the file's imports, each with what it does (labels in `risky.py`). None here.
    risky_calls: ClassVar[tuple[tuple[str, str], ...]] = ()
    # The info strings models write on a fenced block of this language (server/models/replies.py); empty:
    # the language's name alone.
    fence_tags: ClassVar[frozenset[str]] = frozenset()
    # The checker programs people configure for it (`archmem doctor`), under a label shared by a family.
    checkers: ClassVar[tuple[str, tuple[str, ...]]] = ("", ())
    # How a macro's signature starts, where `bang_macros` (context/macros.py reads it per symbol).
    macro_prefix: ClassVar[str] = ""
    # The files that mark the top of a project of this language (server/roots.py).
    project_markers: ClassVar[tuple[str, ...]] = ()
    # How the names of files that only declare end (type stubs): no import a fix adds leans on one.
    declaration_suffixes: ClassVar[tuple[str, ...]] = ()

    def test_file(self, root: Path, path: str) -> str:
        """Where the test skeleton of the file at `path` goes, under the workspace `root`: none here."""
        return ""

    def is_test_file(self, path: str) -> bool:
        """Whether the file's name says it is a test: none here."""
        return False

    def is_package_module(self, path: str) -> bool:
        """Whether the file is its package's own module, which relative imports start from: none here."""
        return False

    def requires_modules(self, path: str, text: bytes) -> bool:
        """Whether the file loads modules by calls (CommonJS's `require`), not import statements: no."""
        return False

    def importable_names(self, path: str) -> tuple[str, ...]:
        """The dotted names an import statement reaches the workspace file `path` by, where imports name
        modules so (Python's `pkg.mod`, workspace.Memory.module_path): none here."""
        return ()

    def import_edit(self, text: bytes, statement: str) -> tuple[int, int, str] | None:
        """The edit (start byte, end byte, new text) adding import `statement` to the file's import block,
        None when the file has it already or the language places none (here)."""
        return None

    def leading_imports(self, code: str) -> tuple[list[str], str]:
        """The import statements a model put before the definition it returns (a fix hoists them to the file's
        imports with `import_edit`), and the definition: none here, `code` whole."""
        return [], code


_local = threading.local()
# What a message saying "not written yet" says.
NOT_YET = r"(?:not[\s_-]*(?:yet[\s_-]*)?implemented|unimplemented|todo)"
# The not-implemented throws of the brace languages with exceptions (JavaScript, TypeScript, Java, C++).
THROW_STUBS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"throw (?:new )?(?:[\w.]+\.)?\w*(?:Error|Exception)\s*\(\s*(['\"`])[^'\"`]*"
            + NOT_YET
            + r"[^'\"`]*\1\s*\)",
            re.I | re.S,
        ),
        "a not-implemented throw",
    ),
    (
        re.compile(
            r"throw (?:new )?(?:[\w.]+\.)?(?:NotImplemented\w*|UnsupportedOperationException)\s*\(.*\)", re.S
        ),
        "a not-implemented throw",
    ),
)
_SLASH_COMMENT_LINE = re.compile(rb"[ \t]*(?://|/\*|\*)")
