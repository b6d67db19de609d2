"""Generate mode: the file's own top-level names waiting for their first use (`waiting_names._waiting_top`) are read
from a table kept per version (the places of the names nothing uses) and the body's own references, not from every
`static` of the file at every packing. They must be the names the plain rule gives: each of `internal_top`'s but the
body's whose uses in the file are no more than the body's own, in the file's order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from archmem.indexer.context.pack import Packer
from archmem.indexer.context.tables import internal_top, name_uses
from archmem.indexer.context.waiting_names import waiting_names
from archmem.indexer.workspace import Memory

from tests.support.generate import chosen_build

SOURCE = """\
static int lonely;
static int shared_count;
static int only_walk;
static void helper(void);
static int twice(int x);

static int twice(int x) {
    return x * 2;
}

static void helper(void) {
    shared_count++;
}

static int walk(int n) {
    only_walk += twice(n);
    return only_walk + n;
}

static void spare(void) {
    shared_count--;
}

int main(void) {
    helper();
    return walk(3);
}
"""


def _plain(index, target_id: str | None, refs: tuple[str, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    """The rule as written before the table: every top-level own name tested at every packing."""
    keys, uses, _members = name_uses(index)
    own_uses: Counter[str] = Counter()
    for ref in refs:
        own_uses.update(keys.get(ref, ()))
    return [
        name
        for sid, name in internal_top(index)
        if sid != target_id and uses.get(name, 0) <= own_uses.get(name, 0)
    ]


def test_the_waiting_top_level_names_are_the_plain_rules_at_every_function(tmp_path: Path) -> None:
    (tmp_path / "walk.c").write_text(SOURCE)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        lines = SOURCE.splitlines()
        checked = Counter[str]()
        for row, line in enumerate(lines, 1):
            if not line.endswith("{"):
                continue
            # Inside each function's body: the one just written and, as an edit would leave it, its text kept.
            build = chosen_build(Packer(memory), "walk.c", row + 1)
            target = build.target
            assert target is not None
            expected = _plain(build.index, target.id, target.refs)
            found = waiting_names(build, None)
            assert found == expected, target.name
            checked.update(found)
        # The cases the table must get right: a name nothing uses waits everywhere (but in its own body), one only
        # a body uses waits there (`only_walk` at `walk`), a name used elsewhere never; and a prototype with its
        # body both wait where nothing else calls it.
        assert checked["lonely"] == 5
        assert checked["only_walk"] == 1
        assert checked["shared_count"] == 0
        assert checked["spare"] == 4
    finally:
        memory.close()
