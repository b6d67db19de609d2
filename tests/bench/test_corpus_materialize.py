"""bench/corpus.py's `_materialize`: the workspace root ends holding exactly the corpus, and a file already right
is never deleted and written again, so a second run that materializes the corpus while a first one indexes it
(spawned workers re-running an unguarded script, two benches of one worktree) cannot make files vanish under
that indexing and change its prompts."""

from __future__ import annotations

import os
from pathlib import Path

from bench.corpus import _materialize

FILES = {
    "locale.py": "def localeconv():\n    return {}\n",
    "collections/__init__.py": "def namedtuple(typename, field_names):\n    return tuple\n",
}


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_root_holds_exactly_the_corpus(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "stale" / "deep").mkdir(parents=True)
    (root / "stale" / "deep" / "old.py").write_text("x = 1\n")
    (root / "extra.py").write_text("y = 2\n")
    (root / "locale.py").write_text("def localeconv():\n    return None\n")  # an older text: rewritten
    _materialize(root, FILES)
    assert _tree(root) == {rel: text.encode() for rel, text in FILES.items()}
    assert not (root / "stale").exists()


def test_a_file_already_right_is_left_as_it_is(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _materialize(root, FILES)
    # A second name for the file's inode: if the file were removed and written again, the path would name
    # a new inode while the link kept the old one.
    link = tmp_path / "kept_locale.py"
    os.link(root / "locale.py", link)
    changed = dict(FILES, **{"collections/__init__.py": "def namedtuple(typename):\n    return tuple\n"})
    _materialize(root, changed)
    assert os.path.samefile(link, root / "locale.py")
    assert (root / "collections" / "__init__.py").read_text() == changed["collections/__init__.py"]
