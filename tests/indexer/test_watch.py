"""The watcher reports real changes on disk, debounced, without the events of reading files."""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.watch import Watcher

# Generous: a loaded CI machine can be slow to deliver inotify events; a passing test never waits this long.
PATIENCE = 10.0


class Batches:
    """Collects the watcher's batches on the watcher's thread."""

    def __init__(self) -> None:
        self.queue: queue.Queue[set[str]] = queue.Queue()
        self.threads: set[str] = set()

    def __call__(self, batch: set[str]) -> None:
        self.threads.add(threading.current_thread().name)
        self.queue.put(batch)

    def until(self, wanted: set[str]) -> list[set[str]]:
        """Every batch received until the union holds `wanted`."""
        got: list[set[str]] = []
        seen: set[str] = set()
        while not wanted <= seen:
            batch = self.queue.get(timeout=PATIENCE)
            got.append(batch)
            seen |= batch
        return got

    def quiet(self, seconds: float) -> list[set[str]]:
        got: list[set[str]] = []
        try:
            while True:
                got.append(self.queue.get(timeout=seconds))
        except queue.Empty:
            return got


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Batches]]:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / ".git").mkdir()
    batches = Batches()
    watcher = Watcher(
        tmp_path, batches, ignore=lambda rel: rel.startswith(".git/") or rel == ".git", delay=0.3
    )
    watcher.start()
    try:
        yield tmp_path, batches
    finally:
        watcher.stop()


def test_a_write_is_one_batch(watched: tuple[Path, Batches]) -> None:
    root, batches = watched
    path = root / "pkg" / "a.py"
    with path.open("w") as fh:  # truncate, several writes, close: many events
        for i in range(5):
            fh.write(f"x = {i}\n")
            fh.flush()
    got = batches.until({"pkg/a.py"})
    assert got == [{"pkg/a.py"}]
    assert batches.quiet(0.5) == []
    assert batches.threads == {"archmem-watch-flush"}


def test_editor_save_by_rename_reports_the_file(watched: tuple[Path, Batches]) -> None:
    root, batches = watched
    tmp = root / "pkg" / ".a.py.swp"
    tmp.write_text("x = 2\n")
    os.replace(tmp, root / "pkg" / "a.py")
    seen = set().union(*batches.until({"pkg/a.py"}))
    assert "pkg/a.py" in seen
    assert seen <= {"pkg/a.py", "pkg/.a.py.swp"}


def test_create_delete_and_directory_moves(watched: tuple[Path, Batches]) -> None:
    root, batches = watched
    (root / "pkg" / "b.py").write_text("y = 1\n")
    batches.until({"pkg/b.py"})
    (root / "pkg" / "b.py").unlink()
    batches.until({"pkg/b.py"})
    os.rename(root / "pkg", root / "lib")
    seen = set().union(*batches.until({"pkg", "lib"}))
    assert {"pkg", "lib"} <= seen


def test_reading_files_and_ignored_paths_stay_silent(watched: tuple[Path, Batches]) -> None:
    root, batches = watched
    (root / "pkg" / "a.py").read_bytes()
    (root / ".git" / "index").write_bytes(b"\0" * 10)
    assert batches.quiet(0.6) == []


def test_a_failing_callback_does_not_stop_the_watcher(tmp_path: Path) -> None:
    received: queue.Queue[set[str]] = queue.Queue()
    failed = threading.Event()

    def flaky(batch: set[str]) -> None:
        if not failed.is_set():
            failed.set()
            raise RuntimeError("consumer broke")
        received.put(batch)

    watcher = Watcher(tmp_path, flaky, delay=0.1)
    watcher.start()
    try:
        (tmp_path / "one.py").write_text("a = 1\n")
        assert failed.wait(PATIENCE)
        (tmp_path / "two.py").write_text("b = 1\n")
        assert "two.py" in received.get(timeout=PATIENCE)
    finally:
        watcher.stop()


async def test_batches_are_handed_to_the_event_loop(tmp_path: Path) -> None:
    loop = asyncio.get_running_loop()
    got: asyncio.Queue[tuple[set[str], int]] = asyncio.Queue()
    watcher = Watcher(
        tmp_path, lambda batch: got.put_nowait((batch, threading.get_ident())), loop=loop, delay=0.1
    )
    watcher.start()
    try:
        (tmp_path / "m.py").write_text("z = 3\n")
        batch, thread = await asyncio.wait_for(got.get(), PATIENCE)
        assert "m.py" in batch
        assert thread == threading.get_ident()
    finally:
        watcher.stop()


def test_events_keep_flowing_past_max_wait(tmp_path: Path) -> None:
    """A file written without pause is still reported within max_wait, not only when writing stops."""
    batches = Batches()
    watcher = Watcher(tmp_path, batches, delay=0.3, max_wait=0.5)
    watcher.start()
    stop = threading.Event()

    def keep_writing() -> None:
        with (tmp_path / "busy.py").open("w") as fh:
            while not stop.is_set():
                fh.write("x = 1\n")
                fh.flush()
                stop.wait(0.05)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        assert "busy.py" in batches.queue.get(timeout=PATIENCE)
        assert writer.is_alive()  # reported while the writes went on
    finally:
        stop.set()
        writer.join()
        watcher.stop()
