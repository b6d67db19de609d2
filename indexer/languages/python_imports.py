"""Where a new import statement goes in Python source (`PythonSpec.import_edit`): the surgery every action
adding an import shares (offline fixes, a model fix's hoisted imports, scaffolds); and which lines of a model's
answer are imports to hoist so (`PythonSpec.leading_imports`)."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from tree_sitter import Node

_IMPORT_LINE = re.compile(r"(import\s+\S|from\s+\S+\s+import\s)")
# An edit as the server's TextEdit holds it: replace bytes [start, end) by the text.
Placed = tuple[int, int, str]


def import_edit(root: Node, text: bytes, statement: str) -> Placed | None:
    """The edit adding one import statement to Python source `text` (whose tree's root is `root`), None when
    the file has it already.

    `from m import x` joins an existing one-line `from m import ...`; anything else goes on its own line
    after the file's leading imports (after its docstring when there are none, at the top otherwise).
    """
    wanted = " ".join(statement.split())
    lead: list[Node] = []
    for index, node in enumerate(root.children):
        docstring = index == 0 and node.type == "expression_statement" and _is_string(node)
        if node.type not in _PY_IMPORTS and node.type != "comment" and not docstring:
            break
        lead.append(node)
    imports = [node for node in lead if node.type in _PY_IMPORTS]
    for node in imports:
        if " ".join(_node_text(text, node).split()) == wanted:
            return None
    joined = _join_from_import(text, imports, wanted)
    if joined is not None:
        return joined
    if imports:
        return _place_import(text, imports, wanted)
    if lead and lead[0].type == "expression_statement":
        end = _line_end(text, lead[0].end_byte)
        return (end, end, "\n\n" + wanted)
    first_code = next((node for node in root.children if node.type != "comment"), None)
    if first_code is None:
        separator = "\n" if text and not text.endswith(b"\n") else ""
        return (len(text), len(text), separator + wanted + "\n")
    start = text.rfind(b"\n", 0, first_code.start_byte) + 1
    # Blank lines between the leading comments (or the start) and the code give way to the import.
    comments = [node for node in root.children if node.type == "comment" and node.end_byte <= start]
    gap_start = _line_end(text, comments[-1].end_byte) + 1 if comments else 0
    gap_start = min(gap_start, start)
    spacing = "\n\n\n" if first_code.type in _PY_DEFINITIONS else "\n"
    return (gap_start, start, wanted + spacing)


def _place_import(text: bytes, imports: Sequence[Node], wanted: str) -> Placed:
    """Put a standard-library import among the file's standard-library imports of the same form, in
    alphabetical order where they are sorted; anything else after the last import."""
    module = _imported_module(wanted)
    if module.split(".")[0] in sys.stdlib_module_names:
        same = [
            node
            for node in imports
            if _imported_module(_node_text(text, node)).split(".")[0] in sys.stdlib_module_names
            and _node_text(text, node).split()[0] == wanted.split()[0]
        ]
        for node in same:
            if _imported_module(_node_text(text, node)) > module:
                start = text.rfind(b"\n", 0, node.start_byte) + 1
                return (start, start, wanted + "\n")
        if same:
            end = _line_end(text, same[-1].end_byte)
            return (end, end, "\n" + wanted)
    end = _line_end(text, imports[-1].end_byte)
    return (end, end, "\n" + wanted)


def _imported_module(statement: str) -> str:
    words = statement.split()
    return words[1] if len(words) > 1 else ""


_PY_IMPORTS = frozenset({"import_statement", "import_from_statement", "future_import_statement"})
_PY_DEFINITIONS = frozenset({"function_definition", "class_definition", "decorated_definition"})
_FROM_IMPORT = re.compile(r"from\s+(\S+)\s+import\s+(.+)")


def _node_text(text: bytes, node: Node) -> str:
    return text[node.start_byte : node.end_byte].decode("utf-8", "replace")


def _is_string(node: Node) -> bool:
    return node.named_child_count == 1 and node.named_children[0].type in ("string", "concatenated_string")


def _line_end(text: bytes, offset: int) -> int:
    end = text.find(b"\n", offset)
    return len(text) if end == -1 else end


def _join_from_import(text: bytes, imports: Sequence[Node], wanted: str) -> Placed | None:
    match = _FROM_IMPORT.fullmatch(wanted)
    if match is None or "(" in wanted or "," in match.group(2):
        return None
    for node in imports:
        existing = _node_text(text, node)
        found = _FROM_IMPORT.fullmatch(existing)
        if (
            node.type == "import_from_statement"
            and found is not None
            and found.group(1) == match.group(1)
            and "\n" not in existing
            and not any(mark in existing for mark in ("(", "\\", "*", "#"))
        ):
            return (node.end_byte, node.end_byte, ", " + match.group(2).strip())
    return None


def leading_imports(code: str) -> tuple[list[str], str]:
    """Import lines a model put before the definition it returns, and the definition."""
    lines = code.split("\n")
    imports: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _IMPORT_LINE.match(line) and "(" not in line and not line.rstrip().endswith("\\"):
            imports.append(line.strip())
        elif line.strip() and not line.lstrip().startswith("#"):
            break
        index += 1
    if not imports:
        return [], code
    return imports, "\n".join(lines[index:])
