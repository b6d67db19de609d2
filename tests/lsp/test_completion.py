"""Offline completion end to end: names in scope and members after `x.`, from the memory, in four languages."""

from __future__ import annotations

from typing import Any

import pytest
from lsprotocol import types

from tests.lsp.conftest import Served
from tests.lsp.harness import close_document, open_document, position_of, uri

pytestmark = pytest.mark.asyncio(loop_scope="session")

PYTHON = '''\
from pkg.shapes import Circle
from pkg.util import double


class Ring(Circle):
    """A circle with a hole."""

    def __init__(self, radius: float, hole: float) -> None:
        super().__init__(radius)
        self.hole = hole

    def inner(self, factor: float) -> float:
        scaled = factor * 2
        return self.
'''

TYPESCRIPT = """\
export class Account {
  balance = 0;
  /** Put money in. */
  deposit(amount: number): void {
    this.balance += amount;
  }
  withdraw(amount: number): void {
    this.
  }
}

export function audit(limit: number): number {
  const acct = new Account();
  acct.
  return lim
}
"""

GO = """\
package bank

type Ledger struct {
	entries []int
}

func (l *Ledger) Total() int {
	sum := 0
	return l.
}

func Use(count int) int {
	var ledger Ledger
	return co
}
"""

C = """\
struct point { int x; int y; };

static int square(int value) { return value * value; }

int norm(struct point p, int scale) {
    int result = 0;
    return sq
}
"""


async def complete_at(served: Served, document_uri: str, text: str, needle: str, shift: int) -> list[Any]:
    position = position_of(text, needle, served.encoding, shift=shift)
    found = await served.client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=document_uri), position=position
        )
    )
    assert isinstance(found, types.CompletionList)
    return list(found.items)


def labels(items: list[Any]) -> list[str]:
    return [item.label for item in items]


async def test_completion_is_advertised_with_member_triggers(served: Served) -> None:
    provider = served.result.capabilities.completion_provider
    assert provider is not None and "." in (provider.trigger_characters or [])


async def test_python_self_members_come_from_the_class_and_its_bases(served: Served) -> None:
    path = served.root / "pkg/ring.py"
    document_uri = open_document(served.client, path, PYTHON)
    try:
        items = await complete_at(served, document_uri, PYTHON, "self.\n", 5)
        found = labels(items)
        # Ring's own members, then Circle's (pkg/shapes.py, another file), then Shape's.
        assert {"inner", "hole", "radius", "area", "name"} <= set(found)
        assert found.index("hole") < found.index("radius")
        area = next(item for item in items if item.label == "area")
        assert area.kind == types.CompletionItemKind.Method and "def area" in area.detail
    finally:
        close_document(served.client, document_uri)


async def test_python_names_in_scope_include_locals_params_and_imports(served: Served) -> None:
    text = PYTHON.replace("return self.\n", "return d\n")
    document_uri = open_document(served.client, served.root / "pkg/ring.py", text)
    try:
        items = await complete_at(served, document_uri, text, "return d\n", 8)
        double = next(item for item in items if item.label == "double")
        # The imported name carries its definition's signature and first doc line from pkg/util.py.
        assert "def double" in double.detail and double.documentation == "Twice x."
        whole = text.replace("return d\n", "return \n")
        document_uri = open_document(served.client, served.root / "pkg/ring.py", whole, version=2)
        everything = labels(await complete_at(served, document_uri, whole, "return \n", 7))
        assert {"scaled", "factor", "Ring", "Circle", "double"} <= set(everything)
        assert everything.index("scaled") < everything.index("Ring")
        assert "hole" not in everything  # a class's names are not in scope unqualified in Python
    finally:
        close_document(served.client, document_uri)


async def test_a_name_matching_the_typed_case_comes_before_a_local_that_does_not(served: Served) -> None:
    # `circ` is a local (locals rank first), but `Ci` was typed: the class is the likelier name.
    text = PYTHON.replace("        return self.\n", "        circ = 1\n        return Ci\n")
    document_uri = open_document(served.client, served.root / "pkg/ring.py", text)
    try:
        found = labels(await complete_at(served, document_uri, text, "return Ci\n", 9))
        assert found[:2] == ["Circle", "circ"]
    finally:
        close_document(served.client, document_uri)


BUILTINS = """\
def check(value, lenient):
    leftover = value
    if not isinst
    ret
    total = sum(value, le
    fallback = No
    return max(value,
               ret
"""


async def test_python_builtins_and_keywords_come_offline_below_the_code_s_own_names(served: Served) -> None:
    document_uri = open_document(served.client, served.root / "pkg/check.py", BUILTINS)
    try:
        items = await complete_at(served, document_uri, BUILTINS, "isinst\n", 6)
        assert labels(items)[:1] == ["isinstance"]
        assert items[0].detail == "standard name"
        # The parameter and the local come before the builtin `len` with the same two letters typed.
        found = labels(await complete_at(served, document_uri, BUILTINS, "value, le\n", 9))
        assert set(found[:2]) == {"lenient", "leftover"} and found[2] == "len"
        # A keyword that begins a statement at a statement's start, not inside an open call's arguments.
        items = await complete_at(served, document_uri, BUILTINS, "    ret\n    total", 7)
        assert labels(items) == ["return"] and items[0].kind == types.CompletionItemKind.Keyword
        inside = labels(await complete_at(served, document_uri, BUILTINS, " " * 15 + "ret", 18))
        assert "return" not in inside
        # `None` where an expression goes, with the builtin classes that start the same way.
        found = labels(await complete_at(served, document_uri, BUILTINS, "= No\n", 4))
        assert found[0] == "None" and "NotImplementedError" in found and "not" in found
    finally:
        close_document(served.client, document_uri)


INLINE_SCOPES_TS = """\
export function wait(ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    setTimeout(() => re
  });
}
"""

INLINE_SCOPES_PY = """\
def evens(values):
    return [item for item in values if it]
"""


async def test_parameters_of_the_arrow_function_or_comprehension_around_the_cursor(served: Served) -> None:
    document_uri = open_document(served.client, served.root / "wait.ts", INLINE_SCOPES_TS)
    try:
        found = labels(await complete_at(served, document_uri, INLINE_SCOPES_TS, "=> re\n", 5))
        # The arrow function's parameters, before the DOM's `removeEventListener` and the like.
        assert found[:2] == ["reject", "resolve"]
    finally:
        close_document(served.client, document_uri)
    document_uri = open_document(served.client, served.root / "pkg/evens.py", INLINE_SCOPES_PY)
    try:
        found = labels(await complete_at(served, document_uri, INLINE_SCOPES_PY, "if it]", 5))
        assert found[:1] == ["item"]
    finally:
        close_document(served.client, document_uri)


async def test_typescript_this_members_and_a_local_of_a_known_class(served: Served) -> None:
    document_uri = open_document(served.client, served.root / "bank.ts", TYPESCRIPT)
    try:
        this_items = await complete_at(served, document_uri, TYPESCRIPT, "this.\n", 5)
        assert {"balance", "deposit", "withdraw"} <= set(labels(this_items))
        deposit = next(item for item in this_items if item.label == "deposit")
        assert deposit.documentation == "Put money in."
        local = labels(await complete_at(served, document_uri, TYPESCRIPT, "acct.\n", 5))
        assert {"balance", "deposit", "withdraw"} <= set(local)
        scoped = labels(await complete_at(served, document_uri, TYPESCRIPT, "return lim", 10))
        assert scoped == ["limit"]
    finally:
        close_document(served.client, document_uri)


async def test_go_receiver_members_and_parameters(served: Served) -> None:
    document_uri = open_document(served.client, served.root / "bank.go", GO)
    try:
        members = labels(await complete_at(served, document_uri, GO, "l.\n", 2))
        assert {"entries", "Total"} <= set(members)
        scoped = labels(await complete_at(served, document_uri, GO, "return co", 9))
        assert "count" in scoped
    finally:
        close_document(served.client, document_uri)


async def test_c_names_in_scope(served: Served) -> None:
    document_uri = open_document(served.client, served.root / "geometry.c", C)
    try:
        items = await complete_at(served, document_uri, C, "return sq", 9)
        square = next(item for item in items if item.label == "square")
        assert square.kind == types.CompletionItemKind.Function
        assert square.text_edit.range.start.character == 11  # replaces the typed `sq`
        everything = labels(await complete_at(served, document_uri, C, "return sq", 7))
        assert {"result", "scale", "p", "square", "norm"} <= set(everything)
    finally:
        close_document(served.client, document_uri)


async def test_bad_positions_and_unopened_documents_answer_empty(served: Served) -> None:
    unopened = uri(served.root / "pkg/util.py")
    nothing = await served.client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=unopened),
            position=types.Position(line=3, character=4),
        )
    )
    assert isinstance(nothing, types.CompletionList) and not nothing.items
    document_uri = open_document(served.client, served.root / "geometry.c", C)
    try:
        # Past the last line: nothing; past the end of a line: the end of that line (`return sq`): the
        # file's function, then C's standard names.
        for position, expected in (
            (types.Position(line=999, character=0), []),
            (types.Position(line=6, character=999), ["square", "sqrt", "sqrtf", "sqrtl"]),
        ):
            found = await served.client.text_document_completion_async(
                types.CompletionParams(
                    text_document=types.TextDocumentIdentifier(uri=document_uri), position=position
                )
            )
            assert isinstance(found, types.CompletionList)
            assert labels(list(found.items)) == expected
    finally:
        close_document(served.client, document_uri)
