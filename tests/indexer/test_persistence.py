"""The store: a restart re-reads only what changed; a damaged or foreign store is rebuilt, never fatal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from archmem.indexer.store import SCHEMA_VERSION, Store, decode, encode
from archmem.indexer.workspace import Memory

from tests.support.memory import REALISTIC, index_fixture, touch_later, write_tree

FILES = {
    "app/__init__.py": "from .models import User\n",
    "app/models.py": 'class User:\n    """A user."""\n\n    def greet(self):\n        return "hi " + self.name\n',
    "app/views.py": "from .models import User\n\n\ndef show(uid):\n    user = User()\n    return user.greet()\n",
    "web/main.ts": "import { h } from './h';\nexport function main() { return h(); }\n",
    "web/h.ts": "export function h() { return 1; }\n",
    "cmd/main.go": 'package main\n\nfunc main() { println("x") }\n',
    "lib/util.c": "int twice(int x) { return 2 * x; }\n",
    "lib/Util.java": "class Util { static int one() { return 1; } }\n",
    "src/lib.rs": "pub fn answer() -> u32 { 42 }\n",
}


def _workspace(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "ws", FILES)


def _open(root: Path, store: Path) -> Memory:
    return Memory(root, store_path=store)


def _cold(root: Path, store: Path, jobs: int = 1) -> None:
    memory = _open(root, store)
    report = memory.index_all(jobs=jobs)
    assert report.parsed == len(FILES)
    memory.close()


def test_round_trip_reuses_everything_on_a_warm_start(tmp_path: Path) -> None:
    root, store = _workspace(tmp_path), tmp_path / "store.sqlite"
    # jobs=2 takes the process-pool path of the cold index.
    _cold(root, store, jobs=2)

    memory = _open(root, store)
    report = memory.index_all(jobs=1)
    assert (report.parsed, report.reused, report.removed) == (0, len(FILES), 0)
    assert memory.files() == sorted(FILES)
    user = memory.file("app/models.py")
    assert user is not None
    assert user.by_qualname["User.greet"][0].refs == ("self.name",)
    assert memory.files_defining("twice") == ["lib/util.c"]
    assert memory.files_referencing("greet") == ["app/views.py"]
    assert report.store_bytes > 0
    memory.close()


def test_one_changed_file_is_the_only_one_parsed_again(tmp_path: Path) -> None:
    root, store = _workspace(tmp_path), tmp_path / "store.sqlite"
    _cold(root, store)
    touch_later(root / "web/h.ts", "export function h2() { return 2; }\n")

    memory = _open(root, store)
    parsed: list[str] = []
    report = memory.index_all(jobs=1, progress=lambda done, total, path: parsed.append(path))
    assert parsed == ["web/h.ts"]
    assert (report.parsed, report.reused) == (1, len(FILES) - 1)
    assert memory.files_defining("h") == []
    assert memory.files_defining("h2") == ["web/h.ts"]
    memory.close()


def test_deleted_file_is_removed_from_the_store(tmp_path: Path) -> None:
    root, store = _workspace(tmp_path), tmp_path / "store.sqlite"
    _cold(root, store)
    (root / "app/views.py").unlink()

    memory = _open(root, store)
    report = memory.index_all(jobs=1)
    assert report.removed == 1
    assert "app/views.py" not in memory.files()
    assert memory.files_referencing("greet") == []
    memory.close()
    assert "app/views.py" not in Store(store).files()


def test_file_with_invalid_utf8_is_not_parsed_again_on_a_warm_start(tmp_path: Path) -> None:
    root, store = _workspace(tmp_path), tmp_path / "store.sqlite"
    (root / "latin1.py").write_bytes("NAME = 'caf\xe9'\n\ndef f():\n    return NAME\n".encode("latin-1"))
    memory = _open(root, store)
    assert memory.index_all(jobs=1).parsed == len(FILES) + 1
    memory.close()

    memory = _open(root, store)
    report = memory.index_all(jobs=1)
    assert report.parsed == 0
    assert report.reused == len(FILES) + 1
    memory.close()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"this is not a database" * 200, id="garbage"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(
            # The header and the first pages stay readable; the rest is scrambled.
            lambda data: data[: len(data) // 2] + bytes(b ^ 0x5A for b in data[len(data) // 2 :]),
            id="scrambled-pages",
        ),
    ],
)
def test_corrupt_store_is_rebuilt(tmp_path: Path, damage: object) -> None:
    root, store = _workspace(tmp_path), tmp_path / "store.sqlite"
    _cold(root, store)
    assert callable(damage)
    store.write_bytes(damage(store.read_bytes()))
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)

    memory = _open(root, store)
    report = memory.index_all(jobs=1)
    assert report.store_rebuilt_because
    assert report.parsed == len(FILES)
    assert memory.files_defining("answer") == ["src/lib.rs"]
    memory.close()
    # The rebuilt store serves the next start.
    memory = _open(root, store)
    assert memory.index_all(jobs=1).reused == len(FILES)
    memory.close()


def test_store_of_another_schema_version_is_rebuilt(tmp_path: Path) -> None:
    root, store = _workspace(tmp_path), tmp_path / "store.sqlite"
    _cold(root, store)
    db = sqlite3.connect(store)
    db.execute("UPDATE meta SET value = 'archmem-store-0' WHERE key = 'schema'")
    db.commit()
    db.close()

    memory = _open(root, store)
    report = memory.index_all(jobs=1)
    assert report.store_rebuilt_because is not None
    assert SCHEMA_VERSION in report.store_rebuilt_because
    assert report.parsed == len(FILES)
    memory.close()


def test_damaged_row_is_indexed_again(tmp_path: Path) -> None:
    root, store = _workspace(tmp_path), tmp_path / "store.sqlite"
    _cold(root, store)
    db = sqlite3.connect(store)
    db.execute("UPDATE files SET blob = x'00ff00ff' WHERE path = 'app/models.py'")
    db.commit()
    db.close()

    memory = _open(root, store)
    memory.index_all(jobs=1)
    models = memory.file("app/models.py")
    assert models is not None
    assert [s.qualname for s in models.symbols[1:]] == ["User", "User.greet"]
    memory.close()
    # ... and stored again, readable by the next start.
    again = Store(store).load("app/models.py")
    assert again is not None
    assert again.content_hash == models.content_hash


def test_store_without_a_path_keeps_nothing_on_disk(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    memory = Memory(root, persist=False, cache_dir=tmp_path / "cache")
    memory.index_all(jobs=1)
    assert memory.store.path is None
    assert not (tmp_path / "cache").exists()
    memory.close()


def test_default_store_lives_in_the_cache_dir_and_differs_per_root(tmp_path: Path) -> None:
    a = write_tree(tmp_path / "a" / "proj", {"x.py": "X = 1\n"})
    b = write_tree(tmp_path / "b" / "proj", {"x.py": "X = 1\n"})
    cache = tmp_path / "cache"
    ma, mb = Memory(a, cache_dir=cache), Memory(b, cache_dir=cache)
    assert ma.store.path is not None and mb.store.path is not None
    assert ma.store.path.parent == cache
    assert ma.store.path != mb.store.path
    assert ma.store.path.name.startswith("proj-")
    ma.close()
    mb.close()


@pytest.mark.parametrize("fixture", sorted(p.name for p in REALISTIC.iterdir()))
def test_a_stored_memory_reads_back_equal(fixture: str) -> None:
    index = index_fixture(REALISTIC / fixture)
    again = decode(encode(index))
    assert again is not None
    assert again.chunks == index.chunks
    assert again.snapshot_key() == index.snapshot_key()
    assert [type(d) for c in again.chunks for d in c.defs] == [type(d) for c in index.chunks for d in c.defs]


def _indexes(store: Path) -> set[str]:
    db = sqlite3.connect(store)
    try:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        db.close()


def test_a_large_cold_index_answers_by_name_and_keeps_its_indexes(tmp_path: Path) -> None:
    """Hundreds of files go through the store's bulk load: every name is found, the indexes are back."""
    files = {f"pkg/m{i}.py": f"def f{i}():\n    return g{i + 1}()\n" for i in range(300)}
    root = write_tree(tmp_path / "ws", files)
    store = tmp_path / "store.sqlite"
    memory = _open(root, store)
    report = memory.index_all(jobs=1)
    assert report.parsed == 300
    assert memory.files_defining("f150") == ["pkg/m150.py"]
    assert memory.files_referencing("g151") == ["pkg/m150.py"]
    memory.close()
    assert {"names_by_name", "refs_by_name", "symbols_by_name", "names_by_path", "refs_by_path"} <= _indexes(
        store
    )


def test_an_interrupted_bulk_load_gets_its_indexes_back(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    first = Store(store)
    with pytest.raises(KeyboardInterrupt), first.bulk():
        assert "names_by_name" not in _indexes(store)
        raise KeyboardInterrupt
    assert "names_by_name" in _indexes(store)
    first.close()
    # A process killed inside the bulk load leaves the indexes dropped: the next open builds them.
    db = sqlite3.connect(store)
    db.execute("DROP INDEX names_by_name")
    db.execute("DROP INDEX refs_by_name")
    db.commit()
    db.close()
    Store(store).close()
    assert {"names_by_name", "refs_by_name"} <= _indexes(store)
