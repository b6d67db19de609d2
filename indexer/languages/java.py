"""Java: its grammar, imports resolved by package path, `super`, implicit members, interface conventions."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from ..records import Import
from .risky import CODE, DELETE, NETWORK, PROCESS
from .spec import THROW_STUBS, LanguageSpec, text_of

if TYPE_CHECKING:
    from ..fileindex import FileIndex
    from ..resolver import Resolver
    from ..target import Target


class JavaSpec(LanguageSpec):
    """Java: a package shares its names; methods see their class's members without `this.`."""

    # Single quotes delimit a character literal, not a string.
    char_literals = True
    fence_tags = frozenset({"java"})
    checkers = ("java", ("javac",))
    project_markers = ("pom.xml", "build.gradle", "build.gradle.kts")
    # java.lang's classes need no import (`ProcessBuilder`); `Runtime.getRuntime().exec(..)` reads `.exec`.
    risky_calls = (
        *((p, PROCESS) for p in ("ProcessBuilder", "java.lang.ProcessBuilder", "*.exec")),
        *((p, NETWORK) for p in ("java.net.*", "javax.net.*")),
        *((p, CODE) for p in ("javax.script.*",)),
        *((p, DELETE) for p in ("java.nio.file.Files.delete*",)),
    )
    import_types: ClassVar[frozenset[str]] = frozenset({"import_declaration"})
    import_like_types = import_types
    comment_types: ClassVar[frozenset[str]] = frozenset({"line_comment", "block_comment"})
    member_separators = (rb"\.", rb"::")
    long_separators = frozenset({b"::"})
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
        ]
    )
    implicit_members = True
    shared_namespace = True
    star_import_binds_names = True
    star_import_is_package = True
    super_calls_base = True
    own_name_reads_field = True
    delegates_to_namesakes = True
    documented_throws = re.compile(r"@(?:throws|exception)\s+([A-Za-z_][\w.]*)")
    # `Engine e`, `final List<Engine> xs` (the list, not its elements), a method's `public Engine make(`.
    declared_type_before_patterns = (re.compile(r"\b([A-Za-z_][\w.]*)\s*(?:<.*>)?\s+$"),)
    # `var x = new Foo()`, `var x = make()`: the class constructed or the method called.
    declared_type_patterns = (re.compile(r"\w+\s*=\s*(?:new\s+)?([A-Za-z_][\w.]*)\s*[(<]"),)
    untyped_words = frozenset({"var"})
    member_style = "brace"
    not_implemented = 'throw new UnsupportedOperationException("not implemented");'
    interface_members_public = True
    stub_statements = THROW_STUBS

    def declared_type_at(self, text: str, start: int, end: int) -> str | None:
        """As for every language, once type arguments are blanked out: the comma of `IdentityHashMap<K,V> map`
        separates no declarations, and the type is `IdentityHashMap`."""
        line_start = text.rfind("\n", 0, start) + 1
        head = text[line_start:start]
        if "<" in head:
            text = text[:line_start] + _blank_type_arguments(head) + text[start:]
        return super().declared_type_at(text, start, end)

    def internal_member(self, member_signature: str, class_signatures: list[str]) -> bool:
        """A `private` member, or a member not declared public of a nested class neither public nor protected
        (`static final class BufferedSubscription<T>`'s `final void closeOnComplete(..)`); a top-level class's
        package-private members serve the other files of its package."""
        member = _modifiers(member_signature)
        if "private" in member:
            return True
        nested = len(class_signatures) > 1
        return nested and not ({"public", "protected"} & (_modifiers(class_signatures[0]) | member))

    def read_imports(self, node: ts.Node, line: int) -> list[Import]:
        names = [c for c in node.named_children if c.type in ("scoped_identifier", "identifier")]
        if not names:
            return []
        full = text_of(names[0])
        if any(c.type == "asterisk" for c in node.named_children):
            return [Import(full, "*", None, line)]
        package, _, short = full.rpartition(".")
        return [Import(package, short, None, line)]

    def resolve_import(self, resolver: Resolver, index: FileIndex, imp: Import, depth: int) -> list[Target]:
        """`import a.b.C`: the file a/b/C.java under the importing file's source root (the ancestor
        directory its own package path hangs from), else anywhere in the workspace, and its class C;
        without such a file, member C of class b (`import static a.b.C`, a nested type or a static member).
        `import a.b.*`: the package, as one file of its directory (see `module_member`)."""
        from ..target import Target

        if not imp.name:
            return []
        package = imp.module.replace(".", "/")
        if imp.name == "*":
            path = _package_file(resolver, index.path, package)
            return [Target(path, resolver.module_symbol(path))] if path else []
        found = _class_file(resolver, index.path, package, imp.name)
        if found is not None:
            return found
        # A member of a class (`import static java.util.concurrent.Flow.Subscriber`, `import java.util.Map.Entry`):
        # the class's file, and the member inside it.
        outer, _, cls = package.rpartition("/")
        return _class_file(resolver, index.path, outer, cls, f"{cls}.{imp.name}") or []

    def module_member(self, resolver: Resolver, index: FileIndex, member: str, depth: int) -> list[Target]:
        """A type of the package whose file is `index`: top-level `member` in any file of its directory."""
        found = resolver.top_level(index.path, member)
        if found:
            return found
        here = PurePosixPath(index.path).parent
        for path in resolver.memory.files_defining(member):
            if path.endswith(".java") and path != index.path and PurePosixPath(path).parent == here:
                found.extend(resolver.top_level(path, member))
        return found


@lru_cache(maxsize=1 << 14)
def _modifiers(signature: str) -> frozenset[str]:
    """The access words of a declaration's signature, read before its name's parameters or body. Kept by the
    signature: a generate packing asks it of every member of the class around the body (`Arrays`: ~220)."""
    return frozenset(_ACCESS.findall(signature.split("(", 1)[0].split("{", 1)[0]))


_ACCESS = re.compile(r"\b(?:public|protected|private)\b")
# Innermost type arguments (`<K,V>`, `<? super K>`, `<int[]>`), blanked repeatedly to reach nested ones.
_TYPE_ARGUMENTS = re.compile(r"<[\w\s,.?&\[\]]*>")


def _blank_type_arguments(text: str) -> str:
    """`text` with its type arguments replaced by as many spaces (positions kept)."""
    while True:
        blanked = _TYPE_ARGUMENTS.sub(lambda m: " " * len(m.group()), text)
        if blanked == text:
            return text
        text = blanked


def _class_file(
    resolver: Resolver, importer: str, package: str, cls: str, qualname: str | None = None
) -> list[Target] | None:
    """Class `cls` of `package` (a path) in the file cls.java under the importer's source root (the ancestor
    directory its own package path hangs from), else anywhere in the workspace: the definition `qualname`
    (the class itself by default) or, when the file has none, the file. None when there is no such file."""
    from ..target import Target

    if not cls:
        return None
    suffix = f"{package}/{cls}.java" if package else f"{cls}.java"
    known = resolver.known_files()
    path = next((c for c in _under_ancestors(importer, suffix) if c in known), None)
    path = path or resolver.find_suffix(suffix)
    if not path:
        return None
    return resolver.top_level(path, qualname or cls) or [Target(path, resolver.module_symbol(path))]


def _under_ancestors(path: str, suffix: str) -> list[str]:
    """`suffix` joined to each directory above `path`, nearest first: one of them is its source root."""
    out = []
    for directory in PurePosixPath(path).parents:
        out.append(suffix if str(directory) == "." else f"{directory}/{suffix}")
    return out


def _package_file(resolver: Resolver, path: str, package: str) -> str | None:
    """A Java file of the package directory `package`, under a source root above `path`, else anywhere."""
    directories = resolver.cached("java package directories", lambda: _java_dirs(resolver.known_files()))
    for directory in _under_ancestors(path, package):
        if directory in directories:
            return directories[directory]
    for directory, first in directories.items():
        if directory.endswith("/" + package):
            return first
    return None


def _java_dirs(known: set[str]) -> dict[str, str]:
    """Directory -> its first Java file, for every directory of the workspace holding one."""
    out: dict[str, str] = {}
    for path in sorted(known):
        if path.endswith(".java"):
            out.setdefault(str(PurePosixPath(path).parent), path)
    return out
