"""Watching a workspace on disk: file-system events turned into debounced batches of changed paths.

One save is several events (editors write a temporary file and rename it over the original; a plain write is
a modify and a close), so events are gathered until the tree has been quiet for `delay` seconds (or at most
`max_wait` seconds after the first one) and handed over as one set of workspace-relative POSIX paths. Events
from reading files (open, close without writing) are never watched: the memory's own reads would otherwise
wake it up again. Callbacks run on the watcher's thread, or on an asyncio loop through
`call_soon_threadsafe` when one is given.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

log = logging.getLogger(__name__)

ChangeCallback = Callable[[set[str]], None]
"""Receives the workspace-relative POSIX paths of files and directories that changed."""

IgnorePredicate = Callable[[str], bool]
"""True for a workspace-relative path whose events are dropped (excluded, ignored, secret)."""

# Reads (FileOpenedEvent, FileClosedNoWriteEvent) are left out on purpose, see the module docstring.
_WATCHED: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class Watcher:
    """Reports debounced batches of changed paths under `root` until `stop()`."""

    def __init__(
        self,
        root: str | Path,
        on_change: ChangeCallback,
        *,
        ignore: IgnorePredicate | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
        delay: float = 0.2,
        max_wait: float = 2.0,
    ) -> None:
        self.root = Path(root).resolve()
        self._on_change = on_change
        self._ignore = ignore
        self._loop = loop
        self._delay = delay
        self._max_wait = max_wait
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._first = 0.0
        self._last = 0.0
        self._stopped = False
        self._observer = Observer()
        self._flusher = threading.Thread(target=self._flush_loop, name="archmem-watch-flush", daemon=True)

    def start(self) -> None:
        """Begin watching (recursively). Raises OSError when the root cannot be watched."""
        self._observer.schedule(_Handler(self), str(self.root), recursive=True, event_filter=_WATCHED)
        self._observer.daemon = True
        self._observer.start()
        self._flusher.start()

    def stop(self) -> None:
        """Stop watching; changes still pending are dropped (the caller is going away)."""
        with self._cond:
            self._stopped = True
            self._pending.clear()
            self._cond.notify_all()
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._flusher.is_alive():
            self._flusher.join(timeout=5)

    def _relative(self, raw: str | bytes) -> str | None:
        path = os.fsdecode(raw)
        try:
            rel = Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return None  # outside the root (a move out of the workspace reports only its source)
        if rel in ("", "."):
            return None
        if self._ignore is not None and self._ignore(rel):
            return None
        return rel

    def _add(self, event: FileSystemEvent) -> None:
        paths = [event.src_path]
        if event.dest_path:
            paths.append(event.dest_path)
        found = [rel for rel in (self._relative(p) for p in paths) if rel is not None]
        if not found:
            return
        now = time.monotonic()
        with self._cond:
            if self._stopped:
                return
            if not self._pending:
                self._first = now
            self._pending.update(found)
            self._last = now
            self._cond.notify_all()

    def _flush_loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped:
                    if not self._pending:
                        self._cond.wait()
                        continue
                    due = min(self._last + self._delay, self._first + self._max_wait)
                    wait = due - time.monotonic()
                    if wait <= 0:
                        break
                    self._cond.wait(wait)
                if self._stopped:
                    return
                batch, self._pending = self._pending, set()
            self._deliver(batch)

    def _deliver(self, batch: set[str]) -> None:
        try:
            if self._loop is None:
                self._on_change(batch)
            elif not self._loop.is_closed():
                self._loop.call_soon_threadsafe(self._on_change, batch)
        except Exception:
            # A failing consumer must not stop the watcher: later changes still need reporting.
            log.exception("file change callback failed for %d paths", len(batch))


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._watcher._add(event)
