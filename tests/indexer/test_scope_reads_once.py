"""What a request reads once and then keeps (session 18, fast12): the function a scope is in (`Inference._function`,
by the scope asked about), the function a binding is made in (`FunctionScope._own_binding`), a name's mentions
before the function's tree (`FunctionScope._bindings`), and the brackets a lambda's call is read through
(`lambda_context`, found by a pattern): each answer must be what reading it anew gives."""

from __future__ import annotations

import random
from pathlib import Path

from archmem.indexer import lambda_context
from archmem.indexer.records import SymbolNode
from archmem.indexer.resolver import Resolver
from archmem.indexer.scopes import FunctionScope
from archmem.indexer.workspace import Memory

SOURCE = """class Alpha:
    def run(self):
        return 1


class Beta:
    def run(self):
        return 2


def first():
    item = Alpha()
    return item.run()


def second():
    item = Beta()
    return item.run()


def outer():
    def inner():
        item = Beta()
        return item.run()

    item = Alpha()
    return item.run()
"""


def _memory(tmp_path: Path) -> Memory:
    (tmp_path / "m.py").write_text(SOURCE)
    return Memory.open(tmp_path)


def _symbol(memory: Memory, qualname: str) -> SymbolNode:
    index = memory.file("m.py")
    assert index is not None
    return next(s for s in index.symbols if s.qualname == qualname)


def test_one_resolver_reads_each_function_in_its_own_scope(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    index = memory.file("m.py")
    assert index is not None
    resolver = Resolver(memory)
    # One resolver (one request's inference) asked in four scopes, two of them nested in one function: a
    # scope kept for the wrong function would answer Alpha's `run` for Beta's local, or the reverse.
    asked = ["first", "second", "outer.inner", "outer", "first", "outer.inner"]
    found = {
        q: {t.symbol.qualname for t in resolver.resolve(index, _symbol(memory, q), "item.run") if t.symbol}
        for q in asked
    }
    assert found == {
        "first": {"Alpha.run"},
        "second": {"Beta.run"},
        "outer.inner": {"Beta.run"},
        "outer": {"Alpha.run"},
    }


def test_a_binding_is_the_one_made_in_the_scope_asked_about_in_any_order(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    index = memory.file("m.py")
    assert index is not None
    text = SOURCE.encode()
    outer_start = text.index(b"def outer")
    inner_binding = text.index(b"item", text.index(b"def inner"))
    outer_binding = text.index(b"item = Alpha", inner_binding)
    for order in (["outer", "outer.inner"], ["outer.inner", "outer"]):
        scope = FunctionScope(index, memory.spec("m.py"), text, outer_start)  # type: ignore[arg-type]
        for qualname in order:
            span = scope.binding("item", _symbol(memory, qualname))
            expected = inner_binding if qualname == "outer.inner" else outer_binding
            assert span == (expected, expected + len("item")), (order, qualname)


def test_a_name_first_asked_after_the_buffer_changed_is_read_from_the_function_parsed_alone(
    tmp_path: Path,
) -> None:
    memory = _memory(tmp_path)
    memory.open_document("m.py", SOURCE.encode(), 1)
    index = memory.file("m.py")
    assert index is not None
    text = SOURCE.encode()
    at = text.index(b"return item", text.index(b"def second"))
    scope = FunctionScope.at_byte(memory, index, text, at)
    assert scope is not None and scope.reads(memory.document("m.py"))
    assert scope.binding("absent") is None
    # The buffer is edited: the scope reads its own parse of the function from now on (positions in it start
    # at 0, not at the function's byte in the buffer), and a name first asked now must still be where it is.
    memory.open_document("m.py", SOURCE.encode() + b"\nlater = 1\n", 2)
    binding = text.index(b"item", text.index(b"def second"))
    assert scope.binding("item") == (binding, binding + len("item"))


def _unmatched_open(text: str, end: int, wanted: str) -> int | None:
    depth = 0
    for i in range(end - 1, max(-1, end - 1 - lambda_context._MAX_BACK), -1):
        if text[i] in ")]}":
            depth += 1
        elif text[i] in "([{":
            if depth == 0:
                return i if text[i] == wanted else None
            depth -= 1
    return None


def _matching_close(text: str, opened: int) -> int | None:
    depth = 0
    for i in range(opened, min(len(text), opened + lambda_context._MAX_BACK)):
        if text[i] in "([{":
            depth += 1
        elif text[i] in ")]}":
            depth -= 1
            if depth == 0:
                return i
    return None


def _commas(text: str, start: int, end: int) -> list[int]:
    depth = angle = 0
    found = []
    for i in range(start, end):
        if text[i] in "([{":
            depth += 1
        elif text[i] in ")]}":
            depth -= 1
        elif text[i] == "<":
            angle += 1
        elif text[i] == ">" and text[i - 1] != "=" and angle:
            angle -= 1
        elif text[i] == "," and depth == 0 and angle == 0:
            found.append(i)
    return found


TS = """export const withFiber = <A, E>(f: (fiber: Fiber<A, E>, status: Running) => Effect<A, E>): Effect<A, E> =>
  core.withFiberRuntime((state, status) => state.id() + [status, { a: (x) => x }].length, map(Array<number>(), (y) => y));
function pipe(a, b = (c, [d, e]) => c >= d, ...rest) { return rest.map((r) => r[0]).filter(Boolean) }
"""


def test_the_brackets_and_commas_are_those_a_walk_char_by_char_finds() -> None:
    text = TS * 3 + "(" * 5 + "x" * (lambda_context._MAX_BACK + 50) + ")" * 5 + TS
    rng = random.Random(0)
    spots = sorted({*range(len(TS) * 3 + 1), *(rng.randrange(len(text) + 1) for _ in range(300)), len(text)})
    opened = 0
    for at in spots:
        for wanted in "([{":
            assert lambda_context._unmatched_open(text, at, wanted) == _unmatched_open(text, at, wanted), at
            opened += _unmatched_open(text, at, wanted) is not None
        if at < len(text):
            assert lambda_context._matching_close(text, at) == _matching_close(text, at), at
        for back in (1, 40, 400):
            assert lambda_context._commas(text, max(0, at - back), at) == _commas(text, max(0, at - back), at)
    assert opened > 200
    # And a lambda's parameter read through them: `status` is the second parameter of the first argument.
    start = TS.index("status) =>")
    assert lambda_context.lambda_argument(TS, start, start + len("status"), frozenset()) == (
        "core.withFiberRuntime",
        0,
        1,
    )


def test_the_open_bracket_found_a_stretch_at_a_time_is_the_one_a_walk_finds() -> None:
    """`_unmatched_open` reads the brackets nearest first, a stretch at a time: brackets nested across the
    stretches' bounds (400, 1,600, 6,400 characters back) and past the 6,000-character bound."""
    rng = random.Random(3)
    for density in (0.02, 0.2, 0.6):
        text = "".join(rng.choice("([{}])") if rng.random() < density else "x" for _ in range(9_000))
        for at in [*rng.sample(range(len(text) + 1), 400), 0, 399, 400, 401, 2_000, 6_000, 6_001, len(text)]:
            for wanted in "([{":
                assert lambda_context._unmatched_open(text, at, wanted) == _unmatched_open(text, at, wanted)
