"""Rust's crate root of a file (`rust._crate_dir`, asked for every definition the resolver meets in a Rust file) is
read from a workspace-relative path's text by `rpartition`; it must answer what the directories `PurePosixPath`
lists answer, for plain paths and for the unusual ones (absolute, `.` and `..` parts, doubled slashes)."""

from __future__ import annotations

import random
from pathlib import PurePosixPath

from archmem.indexer.languages.rust import _crate_dir


def _by_parents(known: set[str], path: str) -> PurePosixPath | None:
    for directory in PurePosixPath(path).parents:
        prefix = "" if str(directory) == "." else f"{directory}/"
        if f"{prefix}lib.rs" in known or f"{prefix}main.rs" in known:
            return directory
    return None


def test_crate_dirs_as_the_parents_say() -> None:
    rng = random.Random(3)
    parts = ["a", "b", "src", "tests", ".", "..", "", "lib.rs", "main.rs", "x.rs", "a.b", "..."]
    for _ in range(50_000):
        path = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 5)))
        if rng.random() < 0.1:
            path = "/" + path
        known = {
            "/".join(rng.choice(parts) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 6))
        }
        if rng.random() < 0.2:
            known.add("lib.rs")
        expected = _by_parents(known, path)
        found = _crate_dir(known, path)
        assert found == expected and str(found) == str(expected), (path, known)


def test_a_crate_root_above_a_module() -> None:
    known = {"serde_json-1.0.87/src/lib.rs", "serde_json-1.0.87/src/value/mod.rs", "build.rs"}
    assert str(_crate_dir(known, "serde_json-1.0.87/src/value/mod.rs")) == "serde_json-1.0.87/src"
    assert _crate_dir(known, "build.rs") is None
    assert str(_crate_dir(known | {"main.rs"}, "build.rs")) == "."
