"""Which files the memory reads: languages, ignore rules, secrets, symlinks, size and binary checks."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.files import FileRules, discover, too_large
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


def _tree(root: Path) -> Path:
    return write_tree(
        root,
        {
            ".gitignore": "build/\n*.log.py\n/rootonly.py\n",
            "rootonly.py": "X = 1\n",
            "src/rootonly.py": "X = 2\n",
            "src/app.py": "def app():\n    pass\n",
            "src/debug.log.py": "X = 3\n",
            "src/gen/.gitignore": "*.py\n!keep.py\n",
            "src/gen/out.py": "X = 4\n",
            "src/gen/keep.py": "X = 5\n",
            "build/artifact.py": "X = 6\n",
            "vendor/lib.js": "function lib() {}\n",
            "web/app.min.js": "function m(){}\n",
            "node_modules/pkg/index.js": "module.exports = 1;\n",
            ".git/hooks/pre-commit.py": "X = 7\n",
            "src/__pycache__/app.cpython-311.py": "X = 8\n",
            ".env": "TOKEN=abc\n",
            ".env.local": "TOKEN=abc\n",
            "deploy/server.pem": "-----BEGIN PRIVATE KEY-----\n",
            "deploy/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
            "deploy/id_ed25519.pub": "ssh-ed25519 AAAA\n",
            "deploy/tls.key": "key\n",
            "docs/notes.md": "# notes\n",
        },
    )


def test_gitignore_files_nested_and_negated(tmp_path: Path) -> None:
    found = discover(_tree(tmp_path), FileRules())
    paths = [c.path for c in found.files]
    assert "rootonly.py" not in paths  # /rootonly.py is anchored to the root .gitignore's directory
    assert "src/rootonly.py" in paths
    assert "src/debug.log.py" not in paths
    assert "src/gen/out.py" not in paths  # ignored by the nested .gitignore
    assert "src/gen/keep.py" in paths  # ... which re-includes keep.py
    assert "build/artifact.py" not in paths
    ignored = found.skipped["ignored by .gitignore"]
    assert sorted(ignored) == ["build/", "rootonly.py", "src/debug.log.py", "src/gen/out.py"]


def test_exclude_globs_and_default_excludes(tmp_path: Path) -> None:
    found = discover(_tree(tmp_path), FileRules(excludes=("vendor/", "*.min.js")))
    paths = [c.path for c in found.files]
    assert paths == ["src/app.py", "src/gen/keep.py", "src/rootonly.py"]
    assert sorted(found.skipped["excluded by settings"]) == ["vendor/", "web/app.min.js"]
    # Tool directories are left out without being reported as skipped.
    reported = [p for paths in found.skipped.values() for p in paths]
    assert not [p for p in reported if p.startswith(("node_modules", ".git", "src/__pycache__"))]


def test_secret_files_are_never_read_and_are_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    found = discover(root, FileRules(use_gitignore=False))
    assert sorted(found.skipped["secret-looking file (never read)"]) == [
        ".env",
        ".env.local",
        "deploy/id_ed25519.pub",
        "deploy/id_rsa",
        "deploy/server.pem",
        "deploy/tls.key",
    ]
    memory = Memory(root, persist=False)
    for secret in (".env", "deploy/id_rsa", "deploy/server.pem"):
        assert memory.is_excluded(secret) == "secret-looking file (never read)"
        assert memory.file(secret) is None
    assert memory.is_excluded("src/app.py") is None


def test_gitignore_can_be_turned_off(tmp_path: Path) -> None:
    found = discover(_tree(tmp_path), FileRules(use_gitignore=False))
    paths = [c.path for c in found.files]
    assert {"rootonly.py", "build/artifact.py", "src/gen/out.py"} <= set(paths)
    assert "ignored by .gitignore" not in found.skipped


def test_symlinks_leaving_the_workspace_are_not_followed(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {"secret_code.py": "def stolen():\n    pass\n"})
    root = write_tree(tmp_path / "ws", {"real.py": "def real():\n    pass\n"})
    (root / "link_out.py").symlink_to(outside / "secret_code.py")
    (root / "link_in.py").symlink_to(root / "real.py")
    (root / "linked_dir").symlink_to(outside, target_is_directory=True)
    (root / "dangling.py").symlink_to(tmp_path / "nowhere.py")
    found = discover(root, FileRules())
    assert [c.path for c in found.files] == ["link_in.py", "real.py"]
    assert found.skipped["symlink leaving the workspace"] == ["dangling.py", "link_out.py"]
    assert found.skipped["directory symlink (not followed)"] == ["linked_dir"]
    memory = Memory(root, persist=False)
    memory.index_all(jobs=1)
    assert memory.files_defining("stolen") == []
    assert memory.files_defining("real") == ["link_in.py", "real.py"]


def test_size_limit_and_binary_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "big.py": "X = 1\n" * 5000,
            "small.py": "X = 1\n",
            "blob.py": b"X = 1\n\x00\x01\x02\x00",
            # Only the first 8 KB are sniffed for NUL bytes.
            "late_nul.py": b"X = 1\n" + b"# pad\n" * 2000 + b"\x00",
        },
    )
    found = discover(root, FileRules(max_file_size=20_000))
    assert [c.path for c in found.files] == ["late_nul.py", "small.py"]
    assert found.skipped == {
        too_large(20_000): ["big.py"],
        "binary (NUL bytes)": ["blob.py"],
    }
    found = discover(root, FileRules(max_file_size=100_000))
    assert [c.path for c in found.files] == ["big.py", "late_nul.py", "small.py"]
