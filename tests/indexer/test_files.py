"""Which files the memory reads: languages, ignore rules, secrets, symlinks, size and binary checks."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.files import FileRules, discover
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree


def _skipped(root: Path, rules: FileRules | None = None) -> dict[str, list[str]]:
    return discover(root, rules or FileRules()).skipped


def test_symlink_to_a_secret_inside_the_workspace_is_never_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {".env": 'API_KEY = "sk-live-123"\n', "keys/server.pem": "-----BEGIN-----\n"})
    (tmp_path / "settings.py").symlink_to(tmp_path / ".env")
    (tmp_path / "tls.py").symlink_to(tmp_path / "keys" / "server.pem")
    found = discover(tmp_path, FileRules())
    assert found.files == []
    assert sorted(found.skipped["secret-looking file (never read)"]) == [
        ".env",
        "keys/server.pem",
        "settings.py",
        "tls.py",
    ]
    memory = Memory(tmp_path, persist=False)
    memory.index_all(jobs=1)
    assert memory.files() == []
    assert memory.files_defining("API_KEY") == []
    assert memory.file("settings.py") is None
