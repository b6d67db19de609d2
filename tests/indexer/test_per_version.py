"""Answers kept per version of a file (`indexer/per_version.py`): computed once per version and argument, and gone
with the version."""

from __future__ import annotations

import gc
import weakref

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.per_version import per_version

from tests.support.memory import index_text

CALLS: list[tuple[str, str]] = []


@per_version
def _names_with(index: FileIndex, prefix: str) -> tuple[str, ...]:
    CALLS.append((index.content_hash, prefix))
    return tuple(s.name for s in index.symbols[1:] if s.name.startswith(prefix))


def test_an_answer_is_computed_once_per_version_and_argument() -> None:
    CALLS.clear()
    first = index_text("m.py", "def run(): pass\ndef rest(): pass\ndef stop(): pass\n")
    assert _names_with(first, "r") == ("run", "rest")
    assert _names_with(first, "r") == ("run", "rest")
    assert _names_with(first, "s") == ("stop",)
    # A new version of the same file (same path) is asked anew, whatever the old one answered.
    second = index_text("m.py", "def run(): pass\ndef reset(): pass\n")
    assert _names_with(second, "r") == ("run", "reset")
    assert [prefix for _, prefix in CALLS] == ["r", "s", "r"]


def test_a_version_is_not_kept_alive_by_its_answers() -> None:
    version = index_text("m.py", "def run(): pass\n")
    assert _names_with(version, "r") == ("run",)
    gone = weakref.ref(version)
    del version
    gc.collect()
    assert gone() is None
