"""Small answers the steady packings read hundreds of times, kept or asked in C: a directory compared as text
(`includes.directory_name`, equal exactly when the directories are) and a file's module id (`FileIndex.module_id`,
kept with the memory, never pickled with it)."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import PurePosixPath

from archmem.indexer.document import Document
from archmem.indexer.includes import directory, directory_name
from archmem.indexer.languages import language_for
from hypothesis import given, settings
from hypothesis import strategies as st

# Parts that make pure paths equal under different texts (doubled slashes, `.`), differ by a trailing dot, or stand at
# the root.
_PARTS = st.sampled_from(["a", "b", "net", "http", ".", "..", "", "a.go", "x y", "é", "..."])
_PATHS = st.builds(
    lambda root, parts: root + "/".join(parts),
    st.sampled_from(["", "/", "//", "./"]),
    st.lists(_PARTS, max_size=5),
)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(a=_PATHS, b=_PATHS)
def test_directories_compare_as_text_as_they_compare_as_paths(a: str, b: str) -> None:
    assert (directory_name(a) == directory_name(b)) == (directory(a) == directory(b))
    assert directory_name(a) == str(PurePosixPath(a).parent)


def test_the_module_id_is_kept_and_left_out_of_the_pickled_memory() -> None:
    spec = language_for("m.py")
    assert spec is not None
    index = Document("pkg/m.py", spec, b"def f():\n    return 1\n").index
    assert index.module_id == "pkg/m.py::" == index.symbols[0].id
    assert index.module_id is index.module_id
    again = pickle.loads(pickle.dumps(index))
    assert "module_id" not in index.__getstate__()
    assert again.module_id == "pkg/m.py::"
    # Another path is another memory, with its own id.
    assert replace(index, path="other/m.py").module_id == "other/m.py::"
