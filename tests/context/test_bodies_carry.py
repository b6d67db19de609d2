"""Generate mode's carried tables across an edit that empties a body or gives one back (`carry.Change.bodies`): a
generate packing hides the body being written (`def f(self):` and a blank line: no body at all), the next one
restores it. Along random edits of a Python file doing so, and changing what bodies use, every carried table
equals the one built from the edited index alone (they read nothing but it), those edits are carried rather than
rebuilt, and an edit adding a definition is rebuilt. The siblings' and the resolver's kept
answers, which read which functions have a body, are still told such an edit is no edit of references alone."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from archmem.indexer.context import made, members, similar, small_structs, tables
from archmem.indexer.context.carry import definitions_changed, references_changed
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.records import CALLABLE_KINDS, SymbolKind
from archmem.indexer.workspace import Memory

_METHODS = ("alpha_step", "beta_step", "gamma_read", "delta_read", "epsilon")
_USES = (
    "self.limit",
    "helper(x)",
    "Path.cwd()",
    "os.sep",
    "os.getcwd()",
    "self.alpha_step(x)",
    "x + 1",
    "_private(x)",
)


def _program(bodies: dict[str, str | None]) -> str:
    out = ["import os\nfrom pathlib import Path\n\n\ndef helper(x):\n    return x\n\n\n"]
    out.append("def _private(x):\n    return os.sep + x\n\n\nclass Counter_:\n    limit = 3\n\n")
    for name in _METHODS:
        body = bodies[name]
        # None: the body being written, hidden as the bench's generate scenario hides it.
        out.append(
            f"    def {name}(self, x: Path, n: int):\n" + ("        \n" if body is None else body) + "\n"
        )
    out.append("\ndef tail(x, n: int):\n    return helper(x)\n")
    return "".join(out)


def _body(rng: random.Random, fresh: int) -> str:
    uses = rng.sample(_USES, rng.randint(1, 3)) + [f"new_{fresh}_{k}" for k in range(rng.randint(0, 4))]
    return "".join(f"        v{k} = {use}\n" for k, use in enumerate(uses)) + "        return x\n"


def _assert_as_built(index: FileIndex) -> None:
    assert tables.top_level(index) == tuple(s for s in index.symbols[1:] if s.parent == index.module_id)
    assert dict(members.ref_counts(index)) == dict(Counter(r for s in index.symbols for r in s.refs))
    assert tables.file_habits(index) == tables._build_habits(index, None)
    keys, uses, users = tables.name_uses(index)
    fresh_keys, fresh_uses, fresh_users = tables._build_uses(index, None)
    assert (dict(keys), dict(uses), users) == (fresh_keys, dict(fresh_uses), fresh_users)
    callables = tuple(s.id for s in tables.top_level(index) if s.kind in CALLABLE_KINDS)
    methods = tuple(s.id for s in index.symbols if s.kind is SymbolKind.METHOD)
    for ids in (callables, methods):
        assert dict(tables.sibling_totals(index, ids)) == dict(tables._build_sibling_totals(index, ids))
        assert dict(tables.far_table(index, ids)) == tables._build_far_table(index, ids)
    assert tables.internal_top(index) == tables._build_internal_top(index, None)
    assert members._REACHED.get(index, None) == members._build_reached(index, None)
    assert made._struct_names(index) == made._build_struct_names(index, None)
    assert small_structs._small_structs(index) == small_structs._build_small_structs(index, None)
    # Which functions have a body: the likeness table lists those alone, in the file's order.
    assert similar._TABLES.get(index, None) == similar._build_table(index, None)
    with_body = [s.id for s in index.symbols if s.kind in CALLABLE_KINDS and s.has_body]
    assert [f[0] for f in similar._TABLES.get(index, None)[1]] == with_body


def test_tables_carried_across_bodies_emptied_and_given_are_those_built_anew(tmp_path: Path) -> None:
    rng = random.Random(20)
    bodies: dict[str, str | None] = {name: "        return x\n" for name in _METHODS}
    path = tmp_path / "m.py"
    path.write_text(_program(bodies))
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), _program(bodies), 1)
        before = memory.file(str(path))
        assert before is not None
        _assert_as_built(before)
        flips = carried = 0
        for number in range(2, 80):
            hidden_before = {name for name, body in bodies.items() if body is None}
            for name in rng.sample(_METHODS, rng.randint(1, 2)):
                bodies[name] = None if rng.random() < 0.5 else _body(rng, number)
            memory.set_document(str(path), _program(bodies), number)
            index = memory.file(str(path))
            assert index is not None
            change = definitions_changed(before, index)
            hidden = {name for name, body in bodies.items() if body is None}
            if hidden != hidden_before:
                flips += 1
                # Carried, with the functions whose body came or went named; no edit of references alone.
                assert change is not None and change.bodies
                assert {index.symbols[i].name for i in change.bodies} == hidden ^ hidden_before
                assert references_changed(before, index) is None
            carried += change is not None
            _assert_as_built(index)
            before = index
        assert flips >= 30 and carried >= 70
        # A definition added: rebuilt, and the tables still the fresh ones.
        memory.set_document(str(path), _program(bodies) + "\n\ndef added(y):\n    return y\n", 200)
        added = memory.file(str(path))
        assert added is not None and definitions_changed(before, added) is None
        _assert_as_built(added)
    finally:
        memory.close()
