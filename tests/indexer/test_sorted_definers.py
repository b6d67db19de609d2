"""`NameTable.files_defining` keeps each name's sorted files until that name's files change: the resolver asks it for
every name it follows (hundreds a packing; `new` or `Result` has hundreds of files to sort). The answer after any
sequence of files gaining and losing names is the sorted set a fresh table holds, and a caller changing the list it
got changes nothing kept."""

from __future__ import annotations

import random
from pathlib import Path

from archmem.indexer.search import NameTable
from archmem.indexer.workspace import Memory


def test_kept_answers_follow_every_change() -> None:
    rng = random.Random(7)
    names = [f"n{i}" for i in range(12)]
    paths = [f"d{i % 3}/f{i}.py" for i in range(20)]
    table = NameTable()
    defined: dict[str, frozenset[str]] = {}
    for step in range(3_000):
        path = rng.choice(paths)
        now = frozenset(rng.sample(names, rng.randint(0, 5))) if rng.random() < 0.9 else frozenset()
        table.set(path, now)
        defined[path] = now
        for name in rng.sample(names, 4):  # asked between changes, so that most answers are kept ones
            expected = sorted(p for p, held in defined.items() if name in held)
            got = table.files_defining(name)
            assert got == expected, (step, name)
            got.append("changed by the caller")
            assert table.files_defining(name) == expected
    assert table.files_defining("never defined") == []


def test_a_file_gaining_a_name_is_listed_at_once(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def shared():\n    return 1\n")
    (tmp_path / "b.py").write_text("def other():\n    return 2\n")
    memory = Memory.open(tmp_path)
    try:
        assert memory.files_defining("shared") == ["a.py"]
        memory.open_document(str(tmp_path / "b.py"), "def other():\n    return 2\n")
        doc = memory.document("b.py")
        assert doc is not None
        memory.set_document(str(tmp_path / "b.py"), "def shared():\n    return 3\n")
        assert memory.files_defining("shared") == ["a.py", "b.py"]
        assert memory.files_defining("other") == []
        memory.set_document(str(tmp_path / "b.py"), "def other():\n    return 2\n")
        assert memory.files_defining("shared") == ["a.py"]
        assert memory.files_defining("other") == ["b.py"]
    finally:
        memory.close()
