"""Generate mode's module namesakes (`context/module_namesakes.py`): the members of a module whose words are a set of
the body's name's words are found by searching the module's lower-cased names first (`_members_named`), which must
find exactly those a split of every name into words finds, whatever the names' casing, plurals, acronyms and digits."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.context.members import words
from archmem.indexer.context.module_namesakes import _VALUE_KINDS, _members_named, _subsets
from archmem.indexer.workspace import Memory

from tests.support.memory import index_text, write_tree

_NAMES = [
    "OP_EXTEND_SCOPE",
    "extendScopes",
    "extendScope",
    "ExtendScope",
    "fromEffectContext",
    "FROM_EFFECT",
    "fromEffect",
    "HTTPServerStates",
    "getHTTPS",
    "processes",
    "PROCESSES",
    "process2Scope",
    "make$Effect",
    "scopeMake",
    "map",
    "flatMap",
    "flatMaps",
    "ñandúScope",
]
MODULE_TS = "".join(f"export const {name} = (n: number): number => n\n\n" for name in _NAMES) + (
    "export interface ExtendScopeShape {\n  readonly id: number\n}\n\n"
    "export class Inner {\n  extendScope(): number {\n    return 1\n  }\n}\n"
)
_BODIES = [
    "extendScope",
    "provideExtendScope",
    "fromEffectContext",
    "effectFrom",
    "getHttpServerState",
    "process",
    "processScopes",
    "makeEffect",
    "flatMap",
    "scope",
    "zebraCrossing",
]


@pytest.mark.parametrize("body", _BODIES)
def test_the_members_found_by_their_lower_case_are_those_their_words_name(body: str) -> None:
    module = index_text("Effect.ts", MODULE_TS)
    own = frozenset(words(body))
    wanted = _subsets(own)
    expected = {
        s.name
        for s in module.symbols[1:]
        if s.parent == module.module_id and s.kind in _VALUE_KINDS and frozenset(words(s.name)) in wanted
    }
    assert _members_named([("Effect", module)], own, wanted) == {("Effect", name) for name in expected}
    # The cases say something: most bodies name a member (`zebraCrossing`'s words are in no name).
    assert expected or body in ("effectFrom", "scope", "process", "zebraCrossing")


def test_a_member_added_to_the_module_is_found_in_its_next_version(tmp_path: Path) -> None:
    """The lower-cased names are kept per version of the module (`_lowered_names`): an edit of the module that adds a
    member named by the body's words is seen at once."""
    write_tree(tmp_path, {"Effect.ts": "export const map = (n: number): number => n\n"})
    memory = Memory.open(tmp_path)
    own = frozenset(words("extendScope"))
    before = memory.file("Effect.ts")
    assert before is not None and _members_named([("Effect", before)], own, _subsets(own)) == set()
    edited = (
        "export const map = (n: number): number => n\n\nexport const extendScope = (n: number): number => n\n"
    )
    memory.open_document(str(tmp_path / "Effect.ts"), edited)
    after = memory.file("Effect.ts")
    assert after is not None and _members_named([("Effect", after)], own, _subsets(own)) == {
        ("Effect", "extendScope")
    }
