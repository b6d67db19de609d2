"""The versions edits replace are freed at idle moments, not inside the request whose cache lets go of them last
(`indexer/retired.py`): held until `release`, which frees only those nothing else holds, at most `KEPT` waiting;
and the server's quiet tick releases them."""

from __future__ import annotations

import asyncio
import gc
import weakref
from pathlib import Path

from archmem.indexer import retired
from archmem.indexer.context import Packer
from archmem.indexer.document import Document
from archmem.indexer.languages import language_for
from archmem.indexer.workspace import Memory
from archmem.server.lsp.collector import Collector

TEXT = b"static int one(int a) {\n  return a + 1;\n}\n\nstatic int two(int b) {\n  return one(b) * 2;\n}\n"


def _document() -> Document:
    spec = language_for("small.c", TEXT)
    assert spec is not None
    # Start with none waiting: earlier tests' versions may still be held by the caches (the scopes kept, the
    # carried tables) and would wait here, and these tests count what waits.
    retired._retired.clear()
    return Document("small.c", spec, TEXT)


def _edit(doc: Document, n: int) -> None:
    at = doc.text.index(b"a + ") + 4
    doc.replace(at, doc.text.index(b";", at), str(n + 2))


def test_a_replaced_version_lives_until_the_idle_release_then_is_freed() -> None:
    doc = _document()
    old = weakref.ref(doc.index)
    _edit(doc, 0)
    gc.collect()
    # Nothing but the retired versions holds it: without `retire` it was freed by the edit itself.
    assert old() is not None
    assert retired.release() >= 1
    assert old() is None
    assert retired.held() == 0


def test_a_version_another_holder_keeps_waits_for_a_later_release() -> None:
    doc = _document()
    holder = [doc.index]
    old = weakref.ref(doc.index)
    _edit(doc, 0)
    assert retired.release() == 0
    assert old() is not None and retired.held() == 1
    holder.clear()  # the cache lets go inside a request: not freed there
    gc.collect()
    assert old() is not None
    assert retired.release() == 1
    assert old() is None


def test_at_most_kept_versions_wait_the_oldest_freed_where_it_falls() -> None:
    doc = _document()
    versions = [weakref.ref(doc.index)]
    for n in range(retired.KEPT + 3):
        _edit(doc, n)
        versions.append(weakref.ref(doc.index))
    gc.collect()
    assert retired.held() == retired.KEPT
    # The current version and the KEPT last replaced ones are alive; the older ones are gone.
    alive = [v() is not None for v in versions]
    assert alive == [False] * (len(versions) - retired.KEPT - 1) + [True] * (retired.KEPT + 1)
    assert retired.release() == retired.KEPT
    assert [v() is not None for v in versions] == [False] * (len(versions) - 1) + [True]


def test_the_servers_quiet_tick_frees_the_replaced_versions() -> None:
    async def quiet() -> None:
        collector = Collector(idle_s=0.01)
        try:
            collector.touch()
            for _ in range(200):
                if retired.held() == 0:
                    return
                await asyncio.sleep(0.01)
        finally:
            collector.stop()

    doc = _document()
    old = weakref.ref(doc.index)
    _edit(doc, 0)
    assert retired.held() == 1
    asyncio.run(quiet())
    assert old() is None


def test_the_packers_view_of_the_text_before_an_edit_is_freed_at_the_idle_release(tmp_path: Path) -> None:
    """`FileViews.of` hands the view of the replaced text to `retired.drop`: alive after the packing that made the
    new view (without `drop` it went there, with its line index), gone at the release, which frees the version it
    held in the same pass; the new view reads the new text."""
    path = tmp_path / "small.c"
    path.write_text(TEXT.decode())
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), TEXT.decode(), 1)
        retired.release()
        packer = Packer(memory)
        first = memory.file("small.c")
        assert first is not None
        old_view = weakref.ref(packer.views.of(first))
        old_index = weakref.ref(first)
        del first
        edited = TEXT.replace(b"a + 1", b"a + 2").decode()
        memory.open_document(str(path), edited, 2)
        after = memory.file("small.c")
        assert after is not None
        view = packer.views.of(after)
        assert view.lines[1] == "  return a + 2;"
        gc.collect()
        assert old_view() is not None
        retired.release()
        gc.collect()
        assert old_view() is None
        assert old_index() is None
    finally:
        memory.close()
