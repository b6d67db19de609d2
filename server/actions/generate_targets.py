"""What generate can do at the cursor or a selection, listed instantly without a model: stub bodies,
TODO/FIXME comments and selections (model targets), and offline scaffolds (missing members, docstring and
test skeletons). generate.py runs a target."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME
from archmem.indexer.positions import LineIndex
from archmem.indexer.resolve import enclosing_callable
from archmem.indexer.symbols import CLASS_KINDS, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.locate import innermost_at, locate
from archmem.server.actions.scaffold_docs import docstring_scaffold
from archmem.server.actions.scaffold_members import missing_members
from archmem.server.actions.scaffold_tests import can_test, test_kind, test_path_for
from archmem.server.actions.stubs import parse, stub_reason, todo_at

TargetKind = Literal["body", "todo", "selection", "members", "docstring", "test"]
MODEL_KINDS: frozenset[TargetKind] = frozenset({"body", "todo", "selection"})


@dataclass(frozen=True)
class GenerateTarget:
    """A place generate can fill, found at a position of `path` whose text hashed to `content_hash`.

    Model targets (`body`, `todo`, `selection`) replace bytes [start_byte, end_byte) with what the model
    writes; scaffolds (`members`, `docstring`, `test`) are built offline for the definition `symbol_id`.
    """

    kind: TargetKind
    path: str
    content_hash: str
    symbol_id: str | None
    start_byte: int
    end_byte: int
    # Where the context is packed around: in the body to write, at the TODO, at the selection.
    anchor_byte: int
    title: str
    reason: str

    @property
    def needs_model(self) -> bool:
        return self.kind in MODEL_KINDS

    def to_json(self) -> dict[str, object]:
        """A plain value for a code action's `data` or a command's arguments."""
        return {
            "kind": self.kind,
            "path": self.path,
            "contentHash": self.content_hash,
            "symbolId": self.symbol_id,
            "startByte": self.start_byte,
            "endByte": self.end_byte,
            "anchorByte": self.anchor_byte,
            "title": self.title,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: object) -> GenerateTarget:
        """The target `to_json` described; ValueError saying what is wrong with anything else."""
        if not isinstance(data, Mapping):
            raise ValueError("a generate target must be an object")
        kind = next((k for k in get_args(TargetKind) if k == data.get("kind")), None)
        if kind is None:
            known = ", ".join(get_args(TargetKind))
            raise ValueError(f"unknown generate target kind {data.get('kind')!r}; known: {known}")
        texts = {name: data.get(name) for name in ("path", "contentHash", "title", "reason")}
        for name, value in texts.items():
            if not isinstance(value, str):
                raise ValueError(f"generate target field {name} must be a string")
        numbers = {name: data.get(name) for name in ("startByte", "endByte", "anchorByte")}
        for name, value in numbers.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"generate target field {name} must be a non-negative integer")
        symbol_id = data.get("symbolId")
        if symbol_id is not None and not isinstance(symbol_id, str):
            raise ValueError("generate target field symbolId must be a string or null")
        start, end, anchor = (int(str(numbers[name])) for name in ("startByte", "endByte", "anchorByte"))
        if end < start:
            raise ValueError("generate target ends before it starts")
        return cls(
            kind=kind,
            path=str(texts["path"]),
            content_hash=str(texts["contentHash"]),
            symbol_id=symbol_id,
            start_byte=start,
            end_byte=end,
            anchor_byte=anchor,
            title=str(texts["title"]),
            reason=str(texts["reason"]),
        )


# How list_generate_targets' helpers add a target: kind, symbol, (start, end, anchor) bytes, title, reason.
_Add = Callable[[TargetKind, SymbolNode | None, tuple[int, int, int], str, str], None]


def list_generate_targets(
    memory: Memory,
    path: str,
    line0: int,
    col_byte: int,
    selection: tuple[tuple[int, int], tuple[int, int]] | None = None,
    *,
    with_model: bool = True,
) -> list[GenerateTarget]:
    """What generate can do at the cursor (0-based line, UTF-8 byte column) or `selection` (start, end),
    best first. No model is called; model targets are left out when `with_model` is False."""
    if selection is not None:
        (line0, col_byte), selection_end = selection
        where = locate(memory, path, line0, col_byte, selection_end)
    else:
        where = locate(memory, path, line0, col_byte)
    index, text = where.index, where.text
    tree = parse(index.language, text)
    found: list[GenerateTarget] = []

    def add(
        kind: TargetKind,
        symbol: SymbolNode | None,
        span: tuple[int, int, int],
        title: str,
        reason: str,
    ) -> None:
        if with_model or kind not in MODEL_KINDS:
            start, end, anchor = span
            symbol_id = symbol.id if symbol else None
            found.append(
                GenerateTarget(
                    kind, index.path, index.content_hash, symbol_id, start, end, anchor, title, reason
                )
            )

    if where.is_selection:
        begin, stop, first, last = _selected_lines(where.lines, where.start_byte, where.end_byte)
        if stop > begin:
            add(
                "selection",
                None,
                (begin, stop, begin),
                f"Generate code for lines {first}-{last}",
                "the selected lines",
            )
    byte = where.start_byte
    scope = innermost_at(where)
    function = enclosing_callable(index, scope)
    todo = todo_at(index.language, tree, text, byte)
    stub = stub_reason(index.language, tree, text, function) if function is not None else None
    if function is not None and stub is not None:
        span = (function.start_byte, function.end_byte, function.body_start_byte)
        add("body", function, span, f"Generate the body of `{function.qualname}`", stub)
    elif todo is not None:
        line = todo.first_line + 1
        if function is not None:
            title = f"Implement the TODO at line {line} in `{function.qualname}`"
            add("todo", function, (function.start_byte, function.end_byte, todo.start_byte), title, todo.text)
        else:
            comment = text[todo.start_byte : todo.end_byte]
            begin = todo.start_byte + len(comment) - len(comment.lstrip())
            stop = todo.start_byte + len(comment.rstrip(b"\r\n"))
            add("todo", None, (begin, stop, begin), f"Implement the TODO at line {line}", todo.text)
    cls = next((s for s in [scope, *index.enclosing(scope)] if s.kind in CLASS_KINDS), None)
    if cls is not None:
        missing = missing_members(memory, index, cls)
        if missing:
            names = ", ".join(f"`{m.name}`" for m, _ in missing)
            title = f"Declare what `{cls.qualname}` owes its bases: {names}"
            span = (cls.start_byte, cls.end_byte, cls.start_byte)
            add("members", cls, span, title, f"{len(missing)} abstract or protocol members")
    if function is not None:
        _skeleton_targets(memory, index, text, function, add)
    return found


def _skeleton_targets(memory: Memory, index: FileIndex, text: bytes, function: SymbolNode, add: _Add) -> None:
    """The documentation and test skeletons `function` can get (see `list_generate_targets`)."""
    span = (function.start_byte, function.end_byte, function.start_byte)
    if docstring_scaffold(index, text, function) is not None:
        what = "JSDoc" if BY_NAME[index.language].jsdoc else "docstring"
        add(
            "docstring",
            function,
            span,
            f"Add a {what} skeleton to `{function.qualname}`",
            "it has no documentation",
        )
    if can_test(index, function, text):
        test_path = test_path_for(memory, index)
        title = f"Add a test skeleton for `{function.qualname}` in {test_path}"
        add("test", function, span, title, test_kind(index.language))


def _selected_lines(lines: LineIndex, start: int, end: int) -> tuple[int, int, int, int]:
    """The selection widened to whole lines: from the first line's first token to the last line's end
    (a selection ending at the start of a line leaves that line out); and the 1-based line numbers."""
    first = lines.point(start)[0]
    last_line, last_col = lines.point(end)
    if last_col == 0 and last_line > first:
        last_line -= 1
    first_text = lines.line_text(first)
    begin = lines.line_start(first) + len(first_text) - len(first_text.lstrip())
    stop = lines.line_end(last_line)
    return begin, max(begin, stop), first + 1, last_line + 1


def describe_targets(targets: Sequence[GenerateTarget]) -> str:
    """One line per target, for the command line's `--list`."""
    return "\n".join(
        f"{t.kind:<10} {t.title} ({t.reason.splitlines()[0] if t.reason else ''})" for t in targets
    )
