"""The store is read as hostile and written without secrets: unsigned blobs are never unpickled, a cache
directory inside the workspace is refused, and no secret value reaches the SQLite file in clear text."""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path

from archmem.indexer.store import default_store_path, store_key_path
from archmem.indexer.workspace import Memory

from tests.context.test_redact import CORPUS


class _Poison:
    """A pickle that, when loaded, writes a marker file: what a hostile store would do with `os.system`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.write_text, (self.marker, "the store ran code"))


def _store_bytes(memory: Memory) -> bytes:
    path = memory.store.path
    assert path is not None
    memory.close()
    return b"".join(
        Path(str(path) + suffix).read_bytes() for suffix in ("", "-wal") if Path(str(path) + suffix).exists()
    )


def test_secret_values_never_reach_the_store_file(tmp_path: Path) -> None:
    rows = CORPUS
    source = ['"""Settings of the app."""', ""]
    for number, (_fmt, line, _secret) in enumerate(rows):
        # Each line as a module-level constant, a function's default argument and a docstring line. (A
        # secret written as a bare name, not in a string, would be kept as a name: the memory's job.)
        source += [f"def f{number}(value={line!r}):", f'    """Example: {line}"""', "    return value", ""]
        source += [f"SETTING_{number} = {line!r}", ""]
    root = tmp_path / "ws"
    root.mkdir()
    (root / "settings.py").write_text("\n".join(source), encoding="utf-8")
    memory = Memory(root, cache_dir=tmp_path / "cache")
    memory.index_all()
    index = memory.file("settings.py")
    assert index is not None and any(s.name == "f0" for s in index.symbols)
    stored = _store_bytes(memory)
    assert b"f0" in stored
    leaked = [fmt for fmt, _line, secret in rows if secret.encode() in stored]
    assert len(rows) >= 40 and not leaked


def test_a_poisoned_store_is_never_unpickled_and_the_file_is_indexed_again(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "app.py").write_text("def handler():\n    return 1\n", encoding="utf-8")
    memory = Memory(root, cache_dir=tmp_path / "cache")
    memory.index_all()
    path = memory.store.path
    assert path is not None
    memory.close()
    marker = tmp_path / "marker"
    poison = pickle.dumps(_Poison(marker))
    db = sqlite3.connect(path)
    # Unsigned, and signed with 32 bytes that are not this user's signature.
    db.execute("UPDATE files SET blob = ? WHERE path = 'app.py'", (poison,))
    db.commit()
    db.close()
    for blob in (poison, os.urandom(32) + poison):
        db = sqlite3.connect(path)
        db.execute("UPDATE files SET blob = ? WHERE path = 'app.py'", (blob,))
        db.commit()
        db.close()
        again = Memory(root, cache_dir=tmp_path / "cache")
        index = again.file("app.py")
        again.close()
        assert not marker.exists()
        assert index is not None and [s.name for s in index.symbols[1:]] == ["handler"]
    assert store_key_path().stat().st_mode & 0o077 == 0


def test_a_cache_directory_inside_the_workspace_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / ".archmem").mkdir(parents=True)
    for inside in (root / ".archmem", root):
        path = default_store_path(root, inside)
        assert root.resolve() not in path.resolve().parents
    assert default_store_path(root, tmp_path / "cache").parent == tmp_path / "cache"
