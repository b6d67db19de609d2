"""Completion's context prepared as the cursor arrives (`inline_ahead.prepare`): the first request in the
function then packs nothing and its prompt is the one it would have built alone; an edit outside the
function, or another file's, is never answered from the prepared context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from archmem.indexer.context.pack import Packer
from archmem.indexer.context.result import PackedContext
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import ContextCache, FimPrompt, prompt_at
from archmem.server.actions.inline_ahead import function_places, prepare, prepare_functions

HELPERS = "".join(
    f"def helper_{i}(value):\n    '''Helper {i}.'''\n    return value * {i}\n\n\n" for i in range(300)
)
SOURCE = (
    "from pkg.spirals import Spiral\n\n\n"
    + HELPERS
    + "def spiral(n):\n    s = Spiral(n)\n    s.unwind(helper_7(n))\n    \n    return s\n\n\n"
    + "def other(n):\n    # a comment here\n    return helper_3(n)\n"
)
SPIRALS = "class Spiral:\n    def __init__(self, turns):\n        self.turns = turns\n\n    def unwind(self, reach):\n        return min(self.turns, reach)\n"
CURSOR = SOURCE.index("    \n    return s") + 4
BUDGET = 600


class CountingPacker(Packer):
    """The real packer, counting its packings."""

    packs = 0

    def pack(self, *args: Any, **kwargs: Any) -> PackedContext:
        self.packs += 1
        return super().pack(*args, **kwargs)


def _memory(root: Path, source: str = SOURCE) -> Memory:
    (root / "pkg").mkdir(parents=True)
    (root / "pkg/__init__.py").write_text("")
    (root / "pkg/spirals.py").write_text(SPIRALS)
    (root / "long.py").write_text(source)
    memory = Memory(root, persist=False)
    memory.index_all()
    memory.open_document("long.py", source, 1)
    return memory


def _alone(root: Path, text: str, byte: int) -> FimPrompt:
    """The prompt a memory that never prepared anything builds at `byte` of `text`."""
    memory = _memory(root)
    memory.open_document("long.py", text, 2)
    return prompt_at(memory, Packer(memory), "long.py", text.encode(), byte, BUDGET, ContextCache())


def test_the_first_request_after_the_cursor_arrived_packs_nothing_and_builds_the_same_prompt(
    tmp_path: Path,
) -> None:
    memory = _memory(tmp_path / "ahead")
    packer, contexts = CountingPacker(memory), ContextCache()
    assert prepare(memory, packer, "long.py", CURSOR, BUDGET, contexts)
    assert not prepare(memory, packer, "long.py", CURSOR, BUDGET, contexts)  # kept: not packed twice
    assert packer.packs == 1
    prompt = prompt_at(memory, packer, "long.py", SOURCE.encode(), CURSOR, BUDGET, contexts)
    assert packer.packs == 1
    assert "def helper_7(value):" in prompt.context and "class Spiral:" in prompt.context
    assert prompt == _alone(tmp_path / "alone", SOURCE, CURSOR)


def test_an_edit_outside_the_function_is_packed_anew(tmp_path: Path) -> None:
    memory = _memory(tmp_path / "ahead")
    packer, contexts = CountingPacker(memory), ContextCache()
    assert prepare(memory, packer, "long.py", CURSOR, BUDGET, contexts)
    # Before the request, a helper the function uses is renamed far above it.
    edited = SOURCE.replace("def helper_7(value):", "def helper_7b(value):")
    memory.open_document("long.py", edited, 2)
    byte = edited.index("    \n    return s") + 4
    prompt = prompt_at(memory, packer, "long.py", edited.encode(), byte, BUDGET, contexts)
    assert packer.packs == 2
    assert prompt == _alone(tmp_path / "alone", edited, byte)


def test_nothing_is_prepared_in_a_comment_or_a_closed_document(tmp_path: Path) -> None:
    memory = _memory(tmp_path / "ahead")
    packer, contexts = CountingPacker(memory), ContextCache()
    comment = SOURCE.index("# a comment here") + 5
    assert not prepare(memory, packer, "long.py", comment, BUDGET, contexts)
    memory.close_document("long.py")
    assert not prepare(memory, packer, "long.py", CURSOR, BUDGET, contexts)
    assert packer.packs == 0


def test_the_functions_nearest_the_edit_are_prepared_first_and_their_first_requests_pack_nothing(
    tmp_path: Path,
) -> None:
    memory = _memory(tmp_path / "ahead")
    packer, contexts = CountingPacker(memory), ContextCache(kept=8)
    near = SOURCE.index("def helper_150(")
    places = function_places(memory, "long.py", near)
    assert len(places) == 302  # the helpers, `spiral` and `other`: every function outside any other
    # Nearest first: the function holding `near`, then its neighbours either side.
    names = [SOURCE[SOURCE.rfind("def ", 0, p) :].split("(")[0] for p in places[:3]]
    assert names == ["def helper_150", "def helper_149", "def helper_151"]
    assert prepare_functions(memory, packer, "long.py", near, BUDGET, contexts, 4) == (4, True)
    assert packer.packs == 4
    # A second pass finds them kept: nothing packed again.
    assert prepare_functions(memory, packer, "long.py", near, BUDGET, contexts, 4) == (0, True)
    # The first request in a prepared function packs nothing; in one beyond the `most` nearest, it packs.
    byte = SOURCE.index("    return value * 151") + 4
    prompt_at(memory, packer, "long.py", SOURCE.encode(), byte, BUDGET, contexts)
    assert packer.packs == 4
    far = SOURCE.index("    return value * 160") + 4
    prompt_at(memory, packer, "long.py", SOURCE.encode(), far, BUDGET, contexts)
    assert packer.packs == 5


def test_a_pass_stops_when_the_editor_is_no_longer_quiet(tmp_path: Path) -> None:
    memory = _memory(tmp_path / "ahead")
    packer, contexts = CountingPacker(memory), ContextCache()
    answers = iter([True, True, False])
    assert prepare_functions(memory, packer, "long.py", 0, BUDGET, contexts, 10, lambda: next(answers)) == (
        2,
        False,
    )
    assert packer.packs == 2
