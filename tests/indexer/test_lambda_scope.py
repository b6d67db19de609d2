"""The scope of a definition read whole for its lambdas (a class, a constant outside any function): a name is
looked for inside its lambdas, inline functions and comprehensions alone, and the answers are those of a
search of every mention, on the buffer's tree after random edits as on a file parsed alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from archmem.indexer.scopes import FunctionScope
from archmem.indexer.workspace import Memory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.documents import PIECES
from tests.support.memory import indexed

FILES = {
    "ctx.py": (
        "import functools\n\n\n"
        "class Context:\n"
        '    """A context with lambdas and comprehensions at its class level."""\n\n'
        "    rounding = None\n"
        "    table = {context: len(context) for context in ('a', 'bb')}\n"
        "    pick = staticmethod(lambda context, *rest, **kw: (context, rest, kw))\n"
        "    nested = [lambda x, context=context: [y for y in x if y != context] for context in 'ab']\n"
        "    key = functools.partial(sorted, key=lambda item: item.context)\n\n"
        "    def __init__(self, context=None, rounding=None):\n"
        "        self.context = context\n"
        "        self.rounding = [r for r in (rounding or ()) if r]\n\n"
        "    def copy(self):\n"
        "        context = self.context\n"
        "        return Context(context, sorted(self.rounding, key=lambda context: context))\n"
    ),
    "opt.ts": (
        "import { dual } from './dual';\n\n"
        "export const map = dual(2, (self: Option<A>, f: (a: A) => B) => self.map((a) => f(a)));\n"
        "export class Box {\n"
        "  handlers = [(self) => self.value, function (other) { return other; }];\n"
        "  value = 1;\n"
        "  get(self: Box) {\n"
        "    return [1, 2].map((x) => x + self.value);\n"
        "  }\n"
        "}\n"
    ),
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("lambda_scope"), FILES)


def _answers(
    scope: FunctionScope, names: list[str], places: list[int], parts: list[tuple[int, int]]
) -> dict[str, list[object]]:
    return {
        # The parts first: once every lambda binding of a name is known, they answer from it.
        name: [scope.lambda_bindings(name, None, part) for part in parts]
        + [scope.lambda_bindings(name, at) for at in [None, *places]]
        for name in names
    }


def _check(memory: Memory, path: str, text: bytes, places: list[int]) -> None:
    """Compares, at each of `places`, the definition's scope (read from the buffer's tree, and parsed alone)
    with one searching every mention, the way before."""
    index, doc, spec = memory.file(path), memory.document(path), memory.spec(path)
    assert index is not None and doc is not None and doc.text == text and spec is not None
    names = sorted({m.decode() for m in re.findall(rb"[\w$]+", text)})
    # Parts of the definition read whole (its lambdas there alone): each place's line, a few bytes from it.
    lines = [(text.rfind(b"\n", 0, at) + 1, text.find(b"\n", at) % (len(text) + 1)) for at in places]
    parts = [*lines, *((at, at + 7) for at in places)]
    for at in places:
        for tree, buffer in ((doc.tree, doc), (None, None)):
            scope = FunctionScope(index, spec, text, at, tree, True, buffer)
            every = FunctionScope(index, spec, text, at, tree, True, buffer)
            every._lambdas_only = False
            assert _answers(scope, names, places, parts) == _answers(every, names, places, parts), (
                text.decode(),
                at,
            )


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(sorted(FILES)), data=st.data())
def test_a_definitions_lambda_bindings_equal_a_search_of_every_mention_after_random_edits(
    memory: Memory, path: str, data: st.DataObject
) -> None:
    text = FILES[path]
    try:
        for version in range(1, data.draw(st.integers(1, 4)) + 1):
            if version > 1:
                start = data.draw(st.integers(0, len(text)))
                end = min(len(text), start + data.draw(st.sampled_from([0, 0, 1, 3, 20])))
                text = (
                    text[:start] + data.draw(st.sampled_from([*PIECES, "lambda q: q", " for "])) + text[end:]
                )
            raw = text.encode()
            # Anywhere: outside a function the definition around is read whole (inside one, its own scope).
            places = [data.draw(st.integers(0, max(0, len(raw) - 1))) for _ in range(3)]
            places.append(max(0, raw.find(b"= None" if path.endswith(".py") else b"value = 1")))
            memory.open_document(path, text, version)
            _check(memory, path, raw, places)
    finally:
        memory.close_document(path)


def test_a_class_read_for_its_lambdas_is_not_indexed_whole(memory: Memory) -> None:
    """The definition's identifiers are not indexed (for a 64 KB class that cost 3 ms at every edit of its
    file), and every lambda binding is still found."""
    text = FILES["ctx.py"].encode()
    index = memory.file("ctx.py")
    assert index is not None
    at = text.index(b"rounding = None")
    scope = FunctionScope.at_byte(memory, index, text, at, any_definition=True)
    assert scope is not None
    spans = scope.lambda_bindings("context", None)
    found = [text[start:end] for start, end in spans]
    assert found == [b"context"] * 5
    # `table`'s loop variable, `pick`'s parameter, `nested`'s default (not its value, a use) and loop variable,
    # `copy`'s lambda's parameter (not `__init__`'s: a method's, no lambda's).
    first = text.index(b"lambda context") + len("lambda ")
    assert spans[1] == (first, first + len("context"))
    assert scope.lambda_bindings("item", text.index(b"item.context")) == [
        (text.index(b"item:"), text.index(b"item:") + 4)
    ]
    assert scope._runs is None


def test_a_part_of_a_definition_read_whole_queries_the_lambdas_there_alone(memory: Memory) -> None:
    """Asked about one definition of the one read whole (`table` of the class), the scope reads the lambdas
    meeting it and not those of the whole class (a 119 KB Rust module's cost ~9 ms), with the same answer."""
    text = FILES["ctx.py"].encode()
    index = memory.file("ctx.py")
    assert index is not None
    line = text.index(b"    table =")
    part = (line, text.index(b"\n", line))
    scope = FunctionScope.at_byte(memory, index, text, line + 4, any_definition=True)
    assert scope is not None
    first = text.index(b"for context") + len("for ")
    assert scope.lambda_bindings("context", None, part) == [(first, first + len("context"))]
    assert scope._inline_spans is None  # the class's lambdas were not all read
    assert scope.lambda_bindings("context", None)[0] == (first, first + len("context"))
