"""Offline generate: deterministic scaffolds built from the memory and the syntax tree, with no model.

- the members a class still owes its bases: `abc.abstractmethod` members and `Protocol` members (Python),
  abstract members and interface members (TypeScript, JavaScript, Java), each with a not-implemented body;
- a docstring skeleton from a function's signature (Google style Args/Returns/Yields/Raises for Python,
  JSDoc `@param`/`@returns` for JavaScript and TypeScript);
- a test skeleton, created or appended to: pytest for a Python function or method (in
  `tests/test_<module>.py` when the workspace has a `tests/` folder, next to the module otherwise), `node:test`
  for an exported JavaScript or TypeScript function (`<module>.test.<ext>` beside it), Go's `testing` for a
  Go function or method (`<file>_test.go` beside it, same package). Its placeholders (`...`, a fresh
  `Symbol`, a `t.Errorf`) make the new test run and fail until it is filled in.
"""

from __future__ import annotations

import builtins
import keyword
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

import tree_sitter as ts
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME, LanguageSpec
from archmem.indexer.positions import LineIndex
from archmem.indexer.resolve import Resolver
from archmem.indexer.symbols import CALLABLE_KINDS, CLASS_KINDS, Import, SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.edits import TextEdit, line_indent
from archmem.server.actions.facts import is_abstract
from archmem.server.actions.stubs import parse, stub_reason

# TSX components need a renderer to be tested, which no standard test runner has.
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_PROTOCOL_BASE = re.compile(r"\bProtocol\b")
_ABSTRACT_DECORATOR = re.compile(r"^\s*@\s*(?:[\w.]+\.)?abstract\w*\s*$")
_BUILTIN_NAMES = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | {"self", "cls"}
_NESTED_SCOPES = frozenset(
    {
        "function_definition",
        "lambda",
        "class_definition",
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "class_declaration",
        "generator_function_declaration",
    }
)
_MAX_BASE_DEPTH = 8


@dataclass(frozen=True)
class Scaffold:
    """Edits to one file (`before` is the text they apply to; empty when the file is to be created)."""

    path: str
    before: bytes
    edits: tuple[TextEdit, ...]
    creates_file: bool
    description: str
    # The ranges the scaffold means to change, for verification's structural guard, when wider than the
    # edits (members appended at a class's end change the class).
    changes: tuple[TextEdit, ...] = ()

    @property
    def changed_ranges(self) -> tuple[TextEdit, ...]:
        return self.changes or self.edits


# -- missing members ----------------------------------------------------------------------------------


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
        edits.append(_import_edit(index, text, list(needed)))
    if spec.member_style == "indent":
        at = _line_end(text, cls.end_byte)
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
    head = _dedented(base_text, member.start_byte, member.body_start_byte).rstrip()
    lines = [line for line in head.split("\n") if not _ABSTRACT_DECORATOR.match(line)]
    body_indent = "    "
    body = [f'{body_indent}"""{member.doc}"""'] if member.doc else []
    body.append(f"{body_indent}raise NotImplementedError")
    return "\n".join([*lines, *body])


def _brace_member(member: SymbolNode, base_text: bytes, spec: LanguageSpec) -> str:
    if member.has_body:
        head = _dedented(base_text, member.start_byte, member.body_start_byte).rstrip()
    else:
        head = _dedented(base_text, member.start_byte, member.end_byte).rstrip().rstrip(";,").rstrip()
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
            return line_indent(text, child.start_byte) or _indent_of_line(text, child.start_byte)
    outer = _indent_of_line(text, cls.start_byte)
    unit = "\t" if outer.startswith("\t") else BY_NAME[index.language].indent_unit
    return outer + unit


# -- docstrings -----------------------------------------------------------------------------------------


def docstring_scaffold(index: FileIndex, text: bytes, symbol: SymbolNode) -> Scaffold | None:
    """A docstring (Python) or JSDoc comment (JavaScript, TypeScript) skeleton from the signature."""
    if symbol.kind not in CALLABLE_KINDS or symbol.doc or not symbol.has_body:
        return None
    tree = parse(index.language, text)
    function = _function_node(tree, text, symbol)
    if function is None:
        return None
    summary = _summary(symbol.name)
    spec = BY_NAME[index.language]
    if spec.doc_style == "docstring":
        if LineIndex(text).point(symbol.body_start_byte)[0] == symbol.name_start[0]:
            return None  # `def f(): return 1`: no line to put a docstring on
        body_indent = _indent_of_line(text, symbol.body_start_byte)
        lines = [f'"""{summary}', ""]
        params = _python_params(function, symbol)
        if params:
            lines += ["Args:", *(f"    {p}: ..." for p in params), ""]
        section = _python_result(function)
        if section:
            lines += [f"{section}:", "    ...", ""]
        raises = _raised(function)
        if raises:
            lines += ["Raises:", *(f"    {name}: ..." for name in raises), ""]
        while lines[-1] == "":
            lines.pop()
        if len(lines) == 1:
            lines = [f'"""{summary}"""']
        else:
            lines.append('"""')
        doc = "\n".join(f"{body_indent}{line}" if i and line else line for i, line in enumerate(lines))
        at = symbol.body_start_byte
        return Scaffold(
            index.path, text, (TextEdit(at, at, f"{doc}\n{body_indent}"),), False, "docstring skeleton"
        )
    if not spec.jsdoc:
        return None
    statement = function
    while statement.parent is not None and statement.parent.type in (
        "export_statement",
        "lexical_declaration",
        "variable_declarator",
        "variable_declaration",
    ):
        statement = statement.parent
    indent = _indent_of_line(text, statement.start_byte)
    lines = ["/**", f" * {summary}"]
    params = _js_params(function)
    if params or _js_returns(function):
        lines.append(" *")
    lines += [f" * @param {p} ..." for p in params]
    if _js_returns(function):
        lines.append(" * @returns ...")
    lines.append(" */")
    at = text.rfind(b"\n", 0, statement.start_byte) + 1
    comment = "".join(f"{indent}{line}\n" for line in lines)
    return Scaffold(index.path, text, (TextEdit(at, at, comment),), False, "JSDoc skeleton")


def _function_node(tree: ts.Tree, text: bytes, symbol: SymbolNode) -> ts.Node | None:
    """The function node (parameters, return type, body) of a callable symbol."""
    name = tree.root_node.descendant_for_point_range(symbol.name_start, symbol.name_end)
    if name is None:
        return None
    node = name.parent
    while node is not None and node.child_by_field_name("parameters") is None:
        value = node.child_by_field_name("value")
        if value is not None and value.child_by_field_name("parameters") is not None:
            return value
        node = node.parent
    return node


def _summary(name: str) -> str:
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").split()
    if not words:
        return "..."
    sentence = " ".join(words).lower()
    return sentence[0].upper() + sentence[1:] + "."


def _python_params(function: ts.Node, symbol: SymbolNode) -> list[str]:
    params = function.child_by_field_name("parameters")
    if params is None:
        return []
    names: list[str] = []
    for child in params.named_children:
        name = _python_param_name(child)
        if name:
            names.append(name)
    if symbol.kind is SymbolKind.METHOD and names and names[0] in ("self", "cls"):
        names = names[1:]
    return names


def _python_param_name(node: ts.Node) -> str | None:
    if node.type == "identifier":
        return _node_text(node)
    if node.type == "list_splat_pattern":
        inner = node.named_children[0] if node.named_children else None
        return f"*{_node_text(inner)}" if inner is not None else None
    if node.type == "dictionary_splat_pattern":
        inner = node.named_children[0] if node.named_children else None
        return f"**{_node_text(inner)}" if inner is not None else None
    if node.type in ("default_parameter", "typed_default_parameter"):
        field = node.child_by_field_name("name")
        return _node_text(field) if field is not None else None
    if node.type == "typed_parameter":
        first = node.named_children[0] if node.named_children else None
        return _python_param_name(first) if first is not None else None
    return None


def _python_result(function: ts.Node) -> str | None:
    """ "Returns", "Yields" or None, from the return annotation and the body."""
    body = function.child_by_field_name("body")
    kinds = {n.type for n in _own_nodes(body)} if body is not None else set()
    if "yield" in kinds:
        return "Yields"
    annotation = function.child_by_field_name("return_type")
    if annotation is not None:
        return None if _node_text(annotation).strip() in ("None", "NoReturn", "Never") else "Returns"
    returns = [n for n in _own_nodes(body) if n.type == "return_statement"] if body is not None else []
    return "Returns" if any(n.named_child_count for n in returns) else None


def _raised(function: ts.Node) -> list[str]:
    body = function.child_by_field_name("body")
    names: dict[str, None] = {}
    for node in _own_nodes(body) if body is not None else []:
        if node.type != "raise_statement" or not node.named_children:
            continue
        raised = node.named_children[0]
        if raised.type == "call":
            raised = raised.child_by_field_name("function") or raised
        name = _node_text(raised)
        if _IDENTIFIER.fullmatch(name.rpartition(".")[2]) and name != "NotImplementedError":
            names[name] = None
    return list(names)


def _own_nodes(node: ts.Node | None) -> Iterator[ts.Node]:
    """Every node under `node` that belongs to its function, not to a function or class nested in it."""
    if node is None:
        return
    stack = list(node.children)
    while stack:
        current = stack.pop()
        yield current
        if current.type not in _NESTED_SCOPES:
            stack.extend(current.children)


def _js_params(function: ts.Node) -> list[str]:
    params = function.child_by_field_name("parameters")
    if params is None:
        return []
    names: list[str] = []
    for child in params.named_children:
        node = child.child_by_field_name("pattern") or child
        if node.type == "assignment_pattern":
            node = node.child_by_field_name("left") or node
        if node.type == "rest_pattern" and node.named_children:
            names.append(f"...{_node_text(node.named_children[0])}")
        elif node.type in ("identifier", "this"):
            if node.type == "identifier":
                names.append(_node_text(node))
        elif node.type in ("object_pattern", "array_pattern"):
            names.append("options" if node.type == "object_pattern" else "items")
    return names


def _js_returns(function: ts.Node) -> bool:
    annotation = function.child_by_field_name("return_type")
    if annotation is not None:
        shown = _node_text(annotation).lstrip(":").strip()
        return shown not in ("void", "Promise<void>", "never")
    body = function.child_by_field_name("body")
    if body is not None and body.type != "statement_block":
        return True  # an arrow function's expression body is its result
    return any(n.type == "return_statement" and n.named_child_count for n in _own_nodes(body))


# -- test skeletons -------------------------------------------------------------------------------------


def test_path_for(memory: Memory, index: FileIndex) -> str:
    """Where the test of a module goes: `tests/test_<stem>.py` if the workspace has `tests/`, else beside it
    (Python); `<stem>.test.<ext>` (JavaScript, TypeScript) or `<stem>_test.go` (Go) beside it, where those
    languages' test runners look."""
    source = PurePosixPath(index.path)
    framework = BY_NAME[index.language].test_framework
    if framework == "node:test":
        return str(source.with_name(f"{source.stem}.test{source.suffix}"))
    if framework == "go test":
        return str(source.with_name(f"{source.stem}_test.go"))
    stem = source.stem
    name = f"test_{stem}.py" if stem != "__init__" else f"test_{source.parent.name}.py"
    if (memory.root / "tests").is_dir():
        return f"tests/{name}"
    return str(source.parent / name) if str(source.parent) != "." else name


def test_kind(language: str) -> str:
    """What the test skeleton for a file in `language` is, in a few words for a person."""
    framework = BY_NAME[language].test_framework
    if framework == "node:test":
        return "a node:test test with placeholder arguments"
    if framework == "go test":
        return "a Go test function with zero-value arguments"
    return "a pytest function with `...` placeholders"


def can_test(index: FileIndex, symbol: SymbolNode, text: bytes) -> bool:
    """A function or method a test can reach, not a test itself: Python's functions and methods of
    top-level classes; JavaScript's and TypeScript's exported top-level functions; Go's functions and
    methods that take no type parameters."""
    path = PurePosixPath(index.path)
    if symbol.kind not in CALLABLE_KINDS or path.is_absolute():
        return False
    framework = BY_NAME[index.language].test_framework
    if framework == "node:test":
        return (
            symbol.parent == index.module_id
            and ".test." not in path.name
            and _js_exported(index, text, symbol)
        )
    if framework == "go test":
        return symbol.parent == index.module_id and not path.name.endswith("_test.go")
    if framework != "pytest" or symbol.name.startswith("test"):
        return False
    if symbol.name.startswith("__") or path.name.startswith("test_") or "-" in index.module:
        return False
    if symbol.parent == index.module_id:
        return True
    owner = index.by_id.get(symbol.parent or "")
    return owner is not None and owner.kind in CLASS_KINDS and owner.parent == index.module_id


def test_scaffold(memory: Memory, index: FileIndex, text: bytes, symbol: SymbolNode) -> Scaffold | None:
    """A test calling `symbol` with a placeholder for each required argument that fails until filled in."""
    if not can_test(index, symbol, text):
        return None
    framework = BY_NAME[index.language].test_framework
    if framework == "node:test":
        return _node_test_scaffold(memory, index, text, symbol)
    if framework == "go test":
        return _go_test_scaffold(memory, index, text, symbol)
    tree = parse("python", text)
    function = _function_node(tree, text, symbol)
    if function is None:
        return None
    path = test_path_for(memory, index)
    existing = memory.text(path) if memory.abspath(path).is_file() else None
    before = existing or b""
    owner = index.by_id.get(symbol.parent or "")
    is_method = owner is not None and owner.kind in CLASS_KINDS
    imported = owner.name if is_method and owner is not None else symbol.name
    test_name = _free_test_name(
        before, f"test_{_snake(owner.name) + '_' if is_method and owner else ''}{symbol.name}"
    )
    is_async = _node_text(function).lstrip().startswith("async")
    call_args = _call_arguments(function, skip_first=is_method and not _is_static(symbol))
    lines = [f"def {test_name}() -> None:"]
    if is_method and owner is not None:
        receiver = owner.name
        if not _is_static(symbol) and not _is_classmethod(symbol):
            init = index.by_qualname.get(f"{owner.qualname}.__init__")
            init_fn = _function_node(tree, text, init[0]) if init else None
            init_args = _call_arguments(init_fn, skip_first=True) if init_fn is not None else ""
            lines.append(f"    instance = {owner.name}({init_args})")
            receiver = "instance"
        call = f"{receiver}.{symbol.name}({call_args})"
    else:
        call = f"{symbol.name}({call_args})"
    if is_async:
        call = f"asyncio.run({call})"
    lines += [f"    result = {call}", "    assert result == ..."]
    function_text = "\n".join(lines) + "\n"
    imports = [f"from {index.module} import {imported}"]
    if is_async:
        imports.insert(0, "import asyncio")
    if not before:
        content = "\n".join(imports) + "\n\n\n" + function_text
        edits = (TextEdit(0, 0, content),)
        return Scaffold(path, b"", edits, True, f"pytest skeleton in a new file {path}")
    edits_list: list[TextEdit] = []
    missing = [line for line in imports if not _has_line(before, line)]
    if missing:
        existing_index = memory.file(path)
        if existing_index is not None:
            edits_list.append(_import_edit(existing_index, before, missing))
    end = len(before)
    tail = before[len(before.rstrip(b"\n")) :]
    lead = "\n" * max(0, 3 - len(tail))
    edits_list.append(TextEdit(end, end, lead + function_text))
    return Scaffold(path, before, tuple(edits_list), False, f"pytest skeleton appended to {path}")


def _existing(memory: Memory, path: str) -> bytes:
    return (memory.text(path) or b"") if memory.abspath(path).is_file() else b""


def _appended(before: bytes, code: str) -> TextEdit:
    """`code` at the end of `before`, after one blank line."""
    tail = before[len(before.rstrip(b"\n")) :]
    return TextEdit(len(before), len(before), "\n" * max(0, 2 - len(tail)) + code)


def _js_exported(index: FileIndex, text: bytes, symbol: SymbolNode) -> bool:
    """Whether a module can import `symbol`: `export function f`, `export { f }`, `exports.f = ...` or
    `module.exports = { f }`."""
    tree = parse(index.language, text)
    name = symbol.name
    for child in tree.root_node.named_children:
        code = _node_text(child)
        if child.type == "export_statement":
            if child.start_byte <= symbol.start_byte < child.end_byte:
                return "export default" not in code
            if re.search(r"^export\s*\{[^}]*\b" + re.escape(name) + r"\b(?!\s+as\b)", code):
                return True
        elif re.match(r"(?:module\.)?exports\b", code) and re.search(rf"\b{re.escape(name)}\b", code):
            return True
    return False


def _node_test_scaffold(memory: Memory, index: FileIndex, text: bytes, symbol: SymbolNode) -> Scaffold | None:
    function = _function_node(parse(index.language, text), text, symbol)
    if function is None:
        return None
    path = test_path_for(memory, index)
    before = _existing(memory, path)
    source = PurePosixPath(index.path)
    # The test imports the module the way the module itself is written: CommonJS or ES modules.
    common_js = source.suffix == ".cjs" or (
        source.suffix != ".mjs" and re.search(rb"^\s*(?:module\.)?exports\b", text, re.M) is not None
    )
    # TypeScript resolves `./name` to name.ts; Node's ES modules need the file's own extension.
    target = f"./{source.stem}" if BY_NAME[index.language].imports_without_extension else f"./{source.name}"
    if common_js:
        imports = [
            'const { test } = require("node:test");',
            'const assert = require("node:assert/strict");',
            f'const {{ {symbol.name} }} = require("{target}");',
        ]
    else:
        imports = [
            'import { test } from "node:test";',
            'import assert from "node:assert/strict";',
            f'import {{ {symbol.name} }} from "{target}";',
        ]
    arguments = ", ".join(
        f"/* {name} */ undefined" for name in _js_params(function) if not name.startswith("...")
    )
    is_async = _node_text(function).lstrip().startswith("async")
    call = f"{'await ' if is_async else ''}{symbol.name}({arguments})"
    # A fresh Symbol equals nothing, so the test fails until the expected result is written in.
    code = (
        f'test("{symbol.name}", {"async " if is_async else ""}() => {{\n'
        f"  const result = {call};\n"
        '  assert.deepStrictEqual(result, Symbol("expected"));\n'
        "});\n"
    )
    missing = [line for line in imports if not _has_line(before, line)]
    if not before:
        content = "\n".join(imports) + "\n\n" + code
        return Scaffold(
            path, b"", (TextEdit(0, 0, content),), True, f"node:test skeleton in a new file {path}"
        )
    edits = [TextEdit(0, 0, "\n".join(missing) + "\n")] if missing else []
    edits.append(_appended(before, code))
    return Scaffold(path, before, tuple(edits), False, f"node:test skeleton appended to {path}")


def _go_test_scaffold(memory: Memory, index: FileIndex, text: bytes, symbol: SymbolNode) -> Scaffold | None:
    tree = parse("go", text)
    function = _function_node(tree, text, symbol)
    package = next((c for c in tree.root_node.named_children if c.type == "package_clause"), None)
    if function is None or package is None or function.child_by_field_name("type_parameters") is not None:
        return None
    path = test_path_for(memory, index)
    before = _existing(memory, path)
    lines: list[str] = []
    receiver = function.child_by_field_name("receiver")
    call = symbol.name
    if receiver is not None:
        # A zero value of the receiver's type: addressable, so pointer methods work on it too.
        declared = next(iter(receiver.named_children), None)
        receiver_type = _node_text(declared.child_by_field_name("type") if declared else None).lstrip("*")
        if not receiver_type or "[" in receiver_type:
            return None
        lines.append(f"\tvar receiver {receiver_type}")
        call = f"receiver.{symbol.name}"
    names: list[str] = []
    params = function.child_by_field_name("parameters")
    for declaration in params.named_children if params is not None else []:
        type_text = _node_text(declaration.child_by_field_name("type"))
        variadic = declaration.type == "variadic_parameter_declaration"
        given = [_node_text(n) for n in declaration.named_children if n.type == "identifier"] or [""]
        for name in given:
            name = name if name not in ("", "_") else f"arg{len(names) + 1}"
            lines.append(f"\tvar {name} {'[]' if variadic else ''}{type_text}")
            names.append(f"{name}..." if variadic else name)
    results = _go_results(function)
    call = f"{call}({', '.join(names)})"
    if results:
        lines.append(f"\t{', '.join(results)} := {call}")
        shown = ", ".join(["%v"] * len(results))
        lines.append(
            f'\tt.Errorf("{symbol.name}() = {shown}: compare with the expected result", {", ".join(results)})'
        )
    else:
        lines.append(f"\t{call}")
        lines.append(f'\tt.Errorf("{symbol.name}() ran: check what it should have done")')
    owner = symbol.qualname.split(".")[0] + "_" if receiver is not None else ""
    test_name = f"Test{owner}{symbol.name[:1].upper()}{symbol.name[1:]}"
    name, n = test_name, 2
    while re.search(rb"^func " + re.escape(name.encode()) + rb"\(", before, re.M):
        name, n = f"{test_name}{n}", n + 1
    code = f"func {name}(t *testing.T) {{\n" + "\n".join(lines) + "\n}\n"
    if not before:
        content = f'package {_node_text(package.named_children[-1])}\n\nimport "testing"\n\n' + code
        return Scaffold(path, b"", (TextEdit(0, 0, content),), True, f"Go test skeleton in a new file {path}")
    edits: list[TextEdit] = []
    if b'"testing"' not in before:
        clause = re.search(rb"^package \w+[^\n]*", before, re.M)
        at = clause.end() if clause else 0
        edits.append(TextEdit(at, at, '\n\nimport "testing"'))
    edits.append(_appended(before, code))
    return Scaffold(path, before, tuple(edits), False, f"Go test skeleton appended to {path}")


def _go_results(function: ts.Node) -> list[str]:
    """Variable names for a Go function's results: `got` for one, `got1, got2, err` for several."""
    result = function.child_by_field_name("result")
    if result is None:
        return []
    if result.type != "parameter_list":
        return ["got"]
    types: list[str] = []
    for declaration in result.named_children:
        count = max(1, sum(1 for n in declaration.named_children if n.type == "identifier"))
        types += [_node_text(declaration.child_by_field_name("type"))] * count
    if len(types) == 1:
        return ["err" if types[0] == "error" else "got"]
    names = [f"got{i + 1}" for i in range(len(types))]
    if types[-1] == "error":
        names[-1] = "err"
    return names


def _call_arguments(function: ts.Node | None, *, skip_first: bool) -> str:
    """`...` for every required argument: positional-only ones by position, the others by keyword."""
    if function is None:
        return ""
    params = function.child_by_field_name("parameters")
    if params is None:
        return ""
    names: list[str] = []
    positional_only = 0
    first = True
    for child in params.named_children:
        kind = child.type
        inner = child.named_children[0].type if kind == "typed_parameter" and child.named_children else kind
        if kind == "positional_separator":
            positional_only = len(names)
            continue
        if kind in ("keyword_separator", "list_splat_pattern", "dictionary_splat_pattern") or inner in (
            "list_splat_pattern",
            "dictionary_splat_pattern",
        ):
            continue
        name = _python_param_name(child)
        was_first, first = first, False
        if name is None or (was_first and skip_first and name in ("self", "cls")):
            continue
        if kind not in ("default_parameter", "typed_default_parameter"):
            names.append(name)
    return ", ".join("..." if i < positional_only else f"{name}=..." for i, name in enumerate(names))


def _free_test_name(text: bytes, wanted: str) -> str:
    name, n = wanted, 2
    while re.search(rb"^\s*(?:async\s+)?def " + re.escape(name.encode()) + rb"\b", text, re.M):
        name = f"{wanted}_{n}"
        n += 1
    return name


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _is_static(symbol: SymbolNode) -> bool:
    return any(d.lstrip("@").strip() == "staticmethod" for d in symbol.decorators)


def _is_classmethod(symbol: SymbolNode) -> bool:
    return any(d.lstrip("@").strip() == "classmethod" for d in symbol.decorators)


def _has_line(text: bytes, line: str) -> bool:
    return re.search(rb"^" + re.escape(line.encode()) + rb"\s*$", text, re.M) is not None


# -- imports --------------------------------------------------------------------------------------------


def _imports_needed(code: str, source: FileIndex, target: FileIndex) -> dict[str, str]:
    """Import statements `target` needs for the names in `code` that `source` binds (by import or
    definition) and `target` does not."""
    bound = {imp.bound for imp in target.imports} | {
        s.name for s in target.symbols[1:] if s.parent == target.module_id
    }
    out: dict[str, str] = {}
    for name in dict.fromkeys(_IDENTIFIER.findall(code)):
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
        package = (
            source.module.split(".") if source.path.endswith("__init__.py") else source.module.split(".")[:-1]
        )
        package = package[: len(package) - (dots - 1)] if dots > 1 else package
        module = ".".join([*package, module[dots:]] if module[dots:] else package)
    alias = f" as {imp.alias}" if imp.alias else ""
    if imp.name is None:
        return f"import {module}{alias}"
    return f"from {module} import {imp.name}{alias}"


def _import_edit(index: FileIndex, text: bytes, statements: list[str]) -> TextEdit:
    """Insert import statements after the file's last top-level import (or its docstring, or at the top)."""
    tree = parse(index.language, text)
    last: ts.Node | None = None
    first_statement: ts.Node | None = None
    for child in tree.root_node.named_children:
        if child.type == "comment":
            continue
        if first_statement is None:
            first_statement = child
        if child.type in ("import_statement", "import_from_statement", "future_import_statement"):
            last = child
    block = "\n".join(statements)
    if last is not None:
        at = _line_end(text, last.end_byte)
        return TextEdit(at, at, "\n" + block)
    if (
        first_statement is not None
        and first_statement.type == "expression_statement"
        and first_statement.named_children
        and first_statement.named_children[0].type == "string"
    ):
        at = _line_end(text, first_statement.end_byte)
        return TextEdit(at, at, "\n\n" + block)
    return TextEdit(0, 0, block + ("\n\n" if text.strip() else "\n"))


# -- text helpers ---------------------------------------------------------------------------------------


def _dedented(text: bytes, start: int, end: int) -> str:
    """Bytes [start, end) of `text`, which start at a token, moved to column 0 with the lines after it."""
    indent = _indent_of_line(text, start)
    return textwrap.dedent(indent + text[start:end].decode("utf-8", "replace"))


def _indent_of_line(text: bytes, offset: int) -> str:
    start = text.rfind(b"\n", 0, offset) + 1
    line = text[start:offset]
    return line[: len(line) - len(line.lstrip(b" \t"))].decode("utf-8", "replace")


def _line_end(text: bytes, offset: int) -> int:
    end = text.find(b"\n", offset)
    return len(text) if end < 0 else end


def _node_text(node: ts.Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")
