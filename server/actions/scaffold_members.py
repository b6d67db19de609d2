"""Offline generate's members scaffold: the members a class still owes its bases (`abc.abstractmethod` and
`Protocol` members in Python; abstract and interface members in TypeScript, JavaScript and Java), each
declared at the end of the class with a not-implemented body and any import it needs."""

from __future__ import annotations

import builtins
import keyword
import re
import textwrap
from collections.abc import Iterator

import tree_sitter as ts
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME, LanguageSpec
from archmem.indexer.resolve import Resolver
from archmem.indexer.symbols import CALLABLE_KINDS, CLASS_KINDS, Import, SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.edits import TextEdit, line_indent
from archmem.server.actions.facts import is_abstract
from archmem.server.actions.scaffolds import (
    IDENTIFIER,
    Scaffold,
    dedented,
    import_edits,
    indent_of_line,
    line_end,
)
from archmem.server.actions.stubs import parse, stub_reason

_PROTOCOL_BASE = re.compile(r"\bProtocol\b")
_ABSTRACT_DECORATOR = re.compile(r"^\s*@\s*(?:[\w.]+\.)?abstract\w*\s*$")
_BUILTIN_NAMES = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | {"self", "cls"}
_MAX_BASE_DEPTH = 8


def missing_members(memory: Memory, index: FileIndex, cls: SymbolNode) -> list[tuple[SymbolNode, SymbolNode]]:
    """(member, base) for every abstract or protocol/interface member of the workspace bases of `cls` that
    neither `cls` nor a concrete base defines."""
    if cls.kind not in CLASS_KINDS or cls.kind is SymbolKind.INTERFACE or _declares_abstract(index, cls):
        return []
    resolver = Resolver(memory)
    concrete = {index.by_id[c].name for c in cls.children if c in index.by_id}
    required: dict[str, tuple[SymbolNode, SymbolNode]] = {}
    for base_index, base in _all_bases(memory, resolver, index, cls):
        interface = base.kind is SymbolKind.INTERFACE or (
            BY_NAME[base_index.language].structural_protocols
            and _PROTOCOL_BASE.search(base.signature) is not None
        )
        tree = parse(base_index.language, memory.text(base.path) or b"") if interface else None
        for child_id in base.children:
            member = base_index.by_id.get(child_id)
            if member is None or not _is_member(member, base_index.language):
                continue
            if _owed(member, base_index, interface, tree, memory):
                required.setdefault(member.name, (member, base))
            else:
                concrete.add(member.name)
    return [pair for name, pair in required.items() if name not in concrete]


def _declares_abstract(index: FileIndex, cls: SymbolNode) -> bool:
    """An abstract class or a protocol: it may leave its bases' members unwritten."""
    if BY_NAME[index.language].structural_protocols:
        return _PROTOCOL_BASE.search(cls.signature) is not None
    return "abstract" in cls.signature.split("{")[0].split()


def _all_bases(
    memory: Memory, resolver: Resolver, index: FileIndex, cls: SymbolNode
) -> Iterator[tuple[FileIndex, SymbolNode]]:
    seen = {cls.id}
    frontier = [(index, cls)]
    for _ in range(_MAX_BASE_DEPTH):
        following: list[tuple[FileIndex, SymbolNode]] = []
        for owner_index, owner in frontier:
            for base in resolver.bases(owner_index, owner):
                base_index = memory.file(base.path)
                if base.id in seen or base_index is None:
                    continue
                seen.add(base.id)
                yield base_index, base
                following.append((base_index, base))
        if not following:
            return
        frontier = following


def _is_member(member: SymbolNode, language: str) -> bool:
    if member.kind in CALLABLE_KINDS:
        return not (member.name.startswith("__") and member.name.endswith("__"))
    # A TypeScript interface's properties must be declared by a class implementing it; Python protocol
    # attributes and Java interface constants need nothing from the class.
    return member.kind is SymbolKind.FIELD and BY_NAME[language].interface_fields_owed


def _owed(
    member: SymbolNode, index: FileIndex, interface: bool, tree: ts.Tree | None, memory: Memory
) -> bool:
    if is_abstract(member):
        return True
    if not interface:
        return False
    if "?" in member.signature.split("(")[0].split(":")[0]:
        return False  # optional in a TypeScript interface
    if not member.has_body or tree is None:
        return True
    # A protocol method with a real body (or a Java default method) is inherited, not owed.
    return stub_reason(index.language, tree, memory.text(member.path) or b"", member) is not None


def members_scaffold(
    memory: Memory,
    index: FileIndex,
    text: bytes,
    cls: SymbolNode,
    missing: list[tuple[SymbolNode, SymbolNode]],
) -> Scaffold | None:
    """Declarations of the missing members at the end of `cls`'s body, with any import they need."""
    spec = BY_NAME[index.language]
    if not missing or not spec.member_style:
        return None
    indent = _member_indent(index, text, cls)
    blocks: list[str] = []
    needed: dict[str, str] = {}
    for member, base in missing:
        base_index = memory.file(base.path)
        base_text = memory.text(base.path)
        if base_index is None or base_text is None:
            continue
        if spec.member_style == "indent":
            block = _python_member(member, base_text)
            for statement in _imports_needed(block, base_index, index).values():
                needed.setdefault(statement, statement)
        else:
            block = _brace_member(member, base_text, spec)
        blocks.append(textwrap.indent(block, indent))
    if not blocks:
        return None
    edits: list[TextEdit] = []
    if needed:
        edits.extend(import_edits(spec, text, needed))
    if spec.member_style == "indent":
        at = line_end(text, cls.end_byte)
        edits.append(TextEdit(at, at, "".join(f"\n\n{b}" for b in blocks)))
    else:
        closing = cls.body_end_byte - 1
        at = text.rfind(b"\n", cls.body_start_byte, closing) + 1 or closing
        if text[at:closing].strip():
            at = closing
            edits.append(
                TextEdit(at, at, "\n" + "\n\n".join(blocks) + "\n" + line_indent(text, cls.start_byte))
            )
        else:
            edits.append(TextEdit(at, at, "\n" + "\n\n".join(blocks) + "\n"))
    names = ", ".join(f"`{m.name}`" for m, _ in missing)
    description = f"declare {names} owed to the base classes"
    whole_class = TextEdit(cls.start_byte, cls.end_byte, "")
    return Scaffold(index.path, text, tuple(edits), False, description, (*edits[:-1], whole_class))


def _python_member(member: SymbolNode, base_text: bytes) -> str:
    head = dedented(base_text, member.start_byte, member.body_start_byte).rstrip()
    lines = [line for line in head.split("\n") if not _ABSTRACT_DECORATOR.match(line)]
    body_indent = "    "
    body = [f'{body_indent}"""{member.doc}"""'] if member.doc else []
    body.append(f"{body_indent}raise NotImplementedError")
    return "\n".join([*lines, *body])


def _brace_member(member: SymbolNode, base_text: bytes, spec: LanguageSpec) -> str:
    if member.has_body:
        head = dedented(base_text, member.start_byte, member.body_start_byte).rstrip()
    else:
        head = dedented(base_text, member.start_byte, member.end_byte).rstrip().rstrip(";,").rstrip()
    head = re.sub(r"^(\s*(?:public\s+|protected\s+)?)abstract\s+", r"\1", head)
    if member.kind is SymbolKind.FIELD:
        return head + ";"
    if spec.interface_members_public:
        # Interface methods are implicitly public, and an implementation may not narrow that.
        if not re.match(r"\s*(?:@\w+\s+)*(?:public|protected|private)\b", head):
            head = "public " + head
        return f"@Override\n{head} {{\n    {spec.not_implemented}\n}}"
    return f"{head} {{\n  {spec.not_implemented}\n}}"


def _member_indent(index: FileIndex, text: bytes, cls: SymbolNode) -> str:
    for child_id in cls.children:
        child = index.by_id.get(child_id)
        if child is not None:
            return line_indent(text, child.start_byte) or indent_of_line(text, child.start_byte)
    outer = indent_of_line(text, cls.start_byte)
    unit = "\t" if outer.startswith("\t") else BY_NAME[index.language].indent_unit
    return outer + unit


def _imports_needed(code: str, source: FileIndex, target: FileIndex) -> dict[str, str]:
    """Import statements `target` needs for the names in `code` that `source` binds (by import or
    definition) and `target` does not."""
    bound = {imp.bound for imp in target.imports} | {
        s.name for s in target.symbols[1:] if s.parent == target.module_id
    }
    out: dict[str, str] = {}
    for name in dict.fromkeys(IDENTIFIER.findall(code)):
        if name in bound or name in _BUILTIN_NAMES:
            continue
        statement = _import_for(name, source)
        if statement is not None:
            out[name] = statement
    return out


def _import_for(name: str, source: FileIndex) -> str | None:
    for imp in source.imports:
        if imp.bound == name:
            return _render_import(imp, source)
    if any(s.name == name and s.parent == source.module_id for s in source.symbols[1:]):
        return f"from {source.module} import {name}"
    return None


def _render_import(imp: Import, source: FileIndex) -> str:
    module = imp.module
    if module.startswith("."):
        dots = len(module) - len(module.lstrip("."))
        package = source.module.split(".")
        if not BY_NAME[source.language].is_package_module(source.path):
            package = package[:-1]
        package = package[: len(package) - (dots - 1)] if dots > 1 else package
        module = ".".join([*package, module[dots:]] if module[dots:] else package)
    alias = f" as {imp.alias}" if imp.alias else ""
    if imp.name is None:
        return f"import {module}{alias}"
    return f"from {module} import {imp.name}{alias}"
