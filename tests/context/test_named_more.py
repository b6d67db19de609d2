"""Generate mode: the helpers named after the body (`named._named_more`: the siblings whose names hold every word of
the body's and more, `parse_hex_digits` beside `parse_hex`) are read from the siblings' names by word in a module of
thousands of functions. They must be the siblings the plain test picks, in order, in a long list and a short one."""

from __future__ import annotations

import random
from pathlib import Path

from archmem.indexer.context.members import name_words
from archmem.indexer.context.named import _WORDS_INDEXED, _named_more
from archmem.indexer.context.tables import top_level_of
from archmem.indexer.records import CALLABLE_KINDS
from archmem.indexer.workspace import Memory

WORDS = ("parse", "hex", "digits", "read", "btree", "page", "sqlite3", "x")


def test_the_helpers_named_more_are_the_plain_tests_in_long_and_short_lists(tmp_path: Path) -> None:
    rng = random.Random(7)
    names = {"_".join(rng.sample(WORDS, rng.randint(1, 4))) for _ in range(2 * _WORDS_INDEXED)}
    names |= {"parse_hex", "parse_hex_digits", "sqlite3BtreePage", "sqlite3BtreePageRead"}
    source = "".join(f"static int {name}(void) {{\n    return 0;\n}}\n\n" for name in sorted(names))
    (tmp_path / "many.c").write_text(source)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        index = memory.file("many.c")
        assert index is not None
        siblings = list(top_level_of(index, CALLABLE_KINDS))
        assert len(siblings) > _WORDS_INDEXED
        owns = [name_words(s.name) for s in siblings[::7]] + [frozenset(), frozenset({"unheard"})]
        for own in owns:
            for listed in (siblings, siblings[:40]):
                plain = [s for s in listed if own < name_words(s.name)]
                assert [s.id for s in _named_more(listed, own)] == [s.id for s in plain], own
        found = [s.name for s in _named_more(siblings, name_words("parse_hex"))]
        assert "parse_hex_digits" in found and "parse_hex" not in found
        found = [s.name for s in _named_more(siblings, name_words("sqlite3BtreePage"))]
        assert "sqlite3BtreePageRead" in found and "sqlite3BtreePage" not in found
    finally:
        memory.close()
