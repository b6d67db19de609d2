"""What every offline scaffold is (`Scaffold`: edits to one file, with no model) and the syntax-tree and
text readings the three kinds share: the members a class owes (scaffold_members.py), docstring skeletons
(scaffold_docs.py) and test skeletons (scaffold_tests.py)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import tree_sitter as ts
from archmem.indexer.languages import LanguageSpec
from archmem.indexer.symbols import SymbolNode
from archmem.server.actions.edits import TextEdit, add_import

IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


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


def function_node(tree: ts.Tree, text: bytes, symbol: SymbolNode) -> ts.Node | None:
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


def python_param_name(node: ts.Node) -> str | None:
    if node.type == "identifier":
        return node_text(node)
    if node.type == "list_splat_pattern":
        inner = node.named_children[0] if node.named_children else None
        return f"*{node_text(inner)}" if inner is not None else None
    if node.type == "dictionary_splat_pattern":
        inner = node.named_children[0] if node.named_children else None
        return f"**{node_text(inner)}" if inner is not None else None
    if node.type in ("default_parameter", "typed_default_parameter"):
        field = node.child_by_field_name("name")
        return node_text(field) if field is not None else None
    if node.type == "typed_parameter":
        first = node.named_children[0] if node.named_children else None
        return python_param_name(first) if first is not None else None
    return None


def js_params(function: ts.Node) -> list[str]:
    params = function.child_by_field_name("parameters")
    if params is None:
        return []
    names: list[str] = []
    for child in params.named_children:
        node = child.child_by_field_name("pattern") or child
        if node.type == "assignment_pattern":
            node = node.child_by_field_name("left") or node
        if node.type == "rest_pattern" and node.named_children:
            names.append(f"...{node_text(node.named_children[0])}")
        elif node.type in ("identifier", "this"):
            if node.type == "identifier":
                names.append(node_text(node))
        elif node.type in ("object_pattern", "array_pattern"):
            names.append("options" if node.type == "object_pattern" else "items")
    return names


def dedented(text: bytes, start: int, end: int) -> str:
    """Bytes [start, end) of `text`, which start at a token, moved to column 0 with the lines after it."""
    indent = indent_of_line(text, start)
    return textwrap.dedent(indent + text[start:end].decode("utf-8", "replace"))


def indent_of_line(text: bytes, offset: int) -> str:
    start = text.rfind(b"\n", 0, offset) + 1
    line = text[start:offset]
    return line[: len(line) - len(line.lstrip(b" \t"))].decode("utf-8", "replace")


def line_end(text: bytes, offset: int) -> int:
    end = text.find(b"\n", offset)
    return len(text) if end < 0 else end


def node_text(node: ts.Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def import_edits(spec: LanguageSpec, text: bytes, statements: Iterable[str]) -> list[TextEdit]:
    """The edits adding each import statement to the source `text` (of `spec`'s language) that it lacks,
    placed as every action places an import (`edits.add_import`). All are against `text`: two landing at one
    offset apply in the order given."""
    return [edit for statement in statements if (edit := add_import(spec, text, statement)) is not None]
