"""Offline generate's test skeleton, created or appended to: pytest for a Python function or method (in
`tests/test_<module>.py` when the workspace has a `tests/` folder, next to the module otherwise), `node:test`
for an exported JavaScript or TypeScript function (`<module>.test.<ext>` beside it), Go's `testing` for a Go
function or method (`<file>_test.go` beside it, same package). Its placeholders (`...`, a fresh `Symbol`, a
`t.Errorf`) make the new test run and fail until it is filled in. TSX components are left out: they need a
renderer to be tested, which no standard test runner has."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import tree_sitter as ts
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME
from archmem.indexer.symbols import CALLABLE_KINDS, CLASS_KINDS, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.edits import TextEdit
from archmem.server.actions.scaffolds import (
    Scaffold,
    function_node,
    import_edits,
    js_params,
    node_text,
    python_param_name,
)
from archmem.server.actions.stubs import parse


def test_path_for(memory: Memory, index: FileIndex) -> str:
    """Where the test of a module goes: `tests/test_<stem>.py` if the workspace has `tests/`, else beside it
    (Python); `<stem>.test.<ext>` (JavaScript, TypeScript) or `<stem>_test.go` (Go) beside it, where those
    languages' test runners look."""
    return BY_NAME[index.language].test_file(memory.root, index.path)


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
    spec = BY_NAME[index.language]
    framework = spec.test_framework
    if symbol.kind not in CALLABLE_KINDS or not framework or PurePosixPath(index.path).is_absolute():
        return False
    if spec.is_test_file(index.path):
        return False
    if framework == "node:test":
        return symbol.parent == index.module_id and _js_exported(index, text, symbol)
    if framework == "go test":
        return symbol.parent == index.module_id
    if symbol.name.startswith("test") or symbol.name.startswith("__") or "-" in index.module:
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
    tree = parse(index.language, text)
    function = function_node(tree, text, symbol)
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
    is_async = node_text(function).lstrip().startswith("async")
    call_args = _call_arguments(function, skip_first=is_method and not _is_static(symbol))
    lines = [f"def {test_name}() -> None:"]
    if is_method and owner is not None:
        receiver = owner.name
        if not _is_static(symbol) and not _is_classmethod(symbol):
            init = index.by_qualname.get(f"{owner.qualname}.__init__")
            init_fn = function_node(tree, text, init[0]) if init else None
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
    edits_list = import_edits(
        BY_NAME[index.language], before, [line for line in imports if not _has_line(before, line)]
    )
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
        code = node_text(child)
        if child.type == "export_statement":
            if child.start_byte <= symbol.start_byte < child.end_byte:
                return "export default" not in code
            if re.search(r"^export\s*\{[^}]*\b" + re.escape(name) + r"\b(?!\s+as\b)", code):
                return True
        elif re.match(r"(?:module\.)?exports\b", code) and re.search(rf"\b{re.escape(name)}\b", code):
            return True
    return False


def _node_test_scaffold(memory: Memory, index: FileIndex, text: bytes, symbol: SymbolNode) -> Scaffold | None:
    function = function_node(parse(index.language, text), text, symbol)
    if function is None:
        return None
    path = test_path_for(memory, index)
    before = _existing(memory, path)
    source = PurePosixPath(index.path)
    # The test imports the module the way the module itself is written: CommonJS or ES modules.
    common_js = BY_NAME[index.language].requires_modules(index.path, text)
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
        f"/* {name} */ undefined" for name in js_params(function) if not name.startswith("...")
    )
    is_async = node_text(function).lstrip().startswith("async")
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
    tree = parse(index.language, text)
    function = function_node(tree, text, symbol)
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
        receiver_type = node_text(declared.child_by_field_name("type") if declared else None).lstrip("*")
        if not receiver_type or "[" in receiver_type:
            return None
        lines.append(f"\tvar receiver {receiver_type}")
        call = f"receiver.{symbol.name}"
    names: list[str] = []
    params = function.child_by_field_name("parameters")
    for declaration in params.named_children if params is not None else []:
        type_text = node_text(declaration.child_by_field_name("type"))
        variadic = declaration.type == "variadic_parameter_declaration"
        given = [node_text(n) for n in declaration.named_children if n.type == "identifier"] or [""]
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
        content = f'package {node_text(package.named_children[-1])}\n\nimport "testing"\n\n' + code
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
        types += [node_text(declaration.child_by_field_name("type"))] * count
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
        name = python_param_name(child)
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
