"""The file's small structs (`small_structs._small_structs`) are carried across an edit of bodies, not walked again:
along random edits of a C file (bodies changed, a field or a struct added, a struct grown past the small ones),
each answer equals the one built from the edited index alone, and it is the carried table (the same object)
exactly when the edit changed only bodies."""

from __future__ import annotations

import random
from pathlib import Path

from archmem.indexer.context import small_structs
from archmem.indexer.workspace import Memory


def _program(structs: dict[str, list[str]], bodies: list[str]) -> str:
    out = [
        f"struct {name} {{ {' '.join(f'int {f};' for f in fields)} }};\n" for name, fields in structs.items()
    ]
    out += [f"static int fn{i}(struct pair *p) {{\n  return {body};\n}}\n" for i, body in enumerate(bodies)]
    return "".join(out)


def test_small_structs_carried_along_random_edits_equal_a_fresh_build(tmp_path: Path) -> None:
    rng = random.Random(11)
    structs = {"pair": ["a", "b"], "one": ["x"], "wide": ["w0", "w1", "w2", "w3", "w4", "w5"]}
    bodies = ["p->a"] * 6
    path = tmp_path / "prog.c"
    path.write_text(_program(structs, bodies))
    memory = Memory.open(tmp_path)
    try:
        before = memory.file(str(path))
        assert before is not None
        last = small_structs._small_structs(before)
        carried = 0
        for number in range(1, 61):
            shape = number % 7 == 0
            if shape:
                name = rng.choice([*structs, f"s{number}"])
                structs.setdefault(name, []).append(f"f{number}")
            else:
                bodies[rng.randrange(len(bodies))] = rng.choice(
                    ["p->a", "p->b + 1", "fn1(p)", "0", "p->a * p->b"]
                )
            memory.set_document(str(path), _program(structs, bodies), number)
            index = memory.file(str(path))
            assert index is not None
            found = small_structs._small_structs(index)
            assert found == small_structs._build_small_structs(index, None)
            if not shape:
                assert found is last
                carried += 1
            last = found
        assert carried >= 45
    finally:
        memory.close()
