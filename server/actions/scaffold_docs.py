"""Offline generate's docstring scaffold: a skeleton from a function's signature (Google style
Args/Returns/Yields/Raises for Python, JSDoc `@param`/`@returns` for JavaScript and TypeScript)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter as ts
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME
from archmem.indexer.positions import LineIndex
from archmem.indexer.symbols import CALLABLE_KINDS, SymbolKind, SymbolNode
from archmem.server.actions.edits import TextEdit
from archmem.server.actions.scaffolds import (
    IDENTIFIER,
    Scaffold,
    function_node,
    indent_of_line,
    js_params,
    node_text,
    python_param_name,
)
from archmem.server.actions.stubs import parse

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


def docstring_scaffold(index: FileIndex, text: bytes, symbol: SymbolNode) -> Scaffold | None:
    """A docstring (Python) or JSDoc comment (JavaScript, TypeScript) skeleton from the signature."""
    if symbol.kind not in CALLABLE_KINDS or symbol.doc or not symbol.has_body:
        return None
    tree = parse(index.language, text)
    function = function_node(tree, text, symbol)
    if function is None:
        return None
    summary = _summary(symbol.name)
    spec = BY_NAME[index.language]
    if spec.doc_style == "docstring":
        if LineIndex(text).point(symbol.body_start_byte)[0] == symbol.name_start[0]:
            return None  # `def f(): return 1`: no line to put a docstring on
        body_indent = indent_of_line(text, symbol.body_start_byte)
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
    indent = indent_of_line(text, statement.start_byte)
    lines = ["/**", f" * {summary}"]
    params = js_params(function)
    if params or _js_returns(function):
        lines.append(" *")
    lines += [f" * @param {p} ..." for p in params]
    if _js_returns(function):
        lines.append(" * @returns ...")
    lines.append(" */")
    at = text.rfind(b"\n", 0, statement.start_byte) + 1
    comment = "".join(f"{indent}{line}\n" for line in lines)
    return Scaffold(index.path, text, (TextEdit(at, at, comment),), False, "JSDoc skeleton")


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
        name = python_param_name(child)
        if name:
            names.append(name)
    if symbol.kind is SymbolKind.METHOD and names and names[0] in ("self", "cls"):
        names = names[1:]
    return names


def _python_result(function: ts.Node) -> str | None:
    """ "Returns", "Yields" or None, from the return annotation and the body."""
    body = function.child_by_field_name("body")
    kinds = {n.type for n in _own_nodes(body)} if body is not None else set()
    if "yield" in kinds:
        return "Yields"
    annotation = function.child_by_field_name("return_type")
    if annotation is not None:
        return None if node_text(annotation).strip() in ("None", "NoReturn", "Never") else "Returns"
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
        name = node_text(raised)
        if IDENTIFIER.fullmatch(name.rpartition(".")[2]) and name != "NotImplementedError":
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


def _js_returns(function: ts.Node) -> bool:
    annotation = function.child_by_field_name("return_type")
    if annotation is not None:
        shown = node_text(annotation).lstrip(":").strip()
        return shown not in ("void", "Promise<void>", "never")
    body = function.child_by_field_name("body")
    if body is not None and body.type != "statement_block":
        return True  # an arrow function's expression body is its result
    return any(n.type == "return_statement" and n.named_child_count for n in _own_nodes(body))
