"""The state behind the adapter: settings, one memory per workspace folder, and the thread that owns them.

Every read and write of a memory happens on one thread, the memory thread, in the order the handlers ask:
an edit sent before a request is applied before the request reads, and handlers never block the event loop
with parsing or resolution. A handler awaits `call(...)`; cancelling the handler (`$/cancelRequest`)
drops work that has not started yet. Quick reads (`read(...)`: definition, hover, an outline) run at once on
the event loop when the memory thread has nothing queued or running: the order is the same, and the hop to
the thread and back is saved. The cold index runs on its own thread and shares the memory's lock.
Long pure-Python work that needs no memory (pyflakes over a large file) runs in a worker process instead:
on a thread it would hold the interpreter lock against the memory thread and the event loop, and every
request would wait its turn for it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from archmem.indexer.context import Packer
from archmem.indexer.files import FileRules
from archmem.indexer.positions import Encoding
from archmem.indexer.store import cache_dir_refusal
from archmem.indexer.workspace import Memory
from archmem.server.checks.diagnostics import CheckerResult
from archmem.server.checks.pyflakes_check import run_pyflakes
from archmem.server.config import ServerSettings
from archmem.server.lsp import worker
from archmem.server.lsp.convert import LspPositions, path_to_uri, uri_to_path
from archmem.server.roots import marked_root

log = logging.getLogger(__name__)

T = TypeVar("T")
_POSITIONS_KEPT = 256
P = ParamSpec("P")


@dataclass(frozen=True)
class Located:
    """Where a URI belongs: the memory holding it and its key there."""

    memory: Memory
    path: str
    uri: str


class Session:
    """Settings, memories and the memory thread of one server."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.env: Mapping[str, str] = dict(os.environ if env is None else env)
        self.settings = ServerSettings()
        self.encoding = Encoding.UTF16
        self.memories: dict[Path, Memory] = {}
        self._scratch: Memory | None = None
        self._scratch_dir: str | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archmem-memory")
        # Jobs given to the memory thread and not yet seen finished (touched on the event loop only), and
        # the lock a job holds while it runs.
        self._queued = 0
        self._busy = threading.Lock()
        # `archmem serve --root`: the root when the editor gives no workspace folder.
        self.given_root: Path | None = None
        self._root_rule_ran = False
        # The refusals of a cache directory inside a workspace the user was shown (once each per session).
        self._refusals_told: set[str] = set()
        self._positions: OrderedDict[tuple[Path, str, str, Encoding], LspPositions] = OrderedDict()
        # Each memory's packer, by root: shared by the actions' packings and the idle passes (`packer`).
        self._packers: dict[Path, Packer] = {}
        self._worker: worker.WorkerProcess | None = worker.WorkerProcess()
        # Run before any job is queued (event loop): queued document edits are handed over first, so every
        # job sees exactly the edits the editor sent before it.
        self.before_call: Callable[[], None] | None = None

    # -- the memory thread ------------------------------------------------------------------------------

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> asyncio.Future[T]:
        """Run `fn` on the memory thread, after everything asked before it."""
        loop = asyncio.get_running_loop()
        if self.before_call is not None:
            self.before_call()

        def job() -> T:
            with self._busy:
                return fn(*args, **kwargs)

        self._queued += 1
        future = loop.run_in_executor(self._executor, job)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: asyncio.Future[T]) -> None:
        self._queued -= 1

    def read(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Awaitable[T]:
        """A quick read: at once when the memory thread is idle, else after what it has queued (`call`)."""
        if self.before_call is not None:
            self.before_call()  # queued edits first: then the read waits for them
        if self._queued or not self._busy.acquire(blocking=False):
            return self.call(fn, *args, **kwargs)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:  # the caller awaits it as it would the thread's answer
            future.set_exception(err)
        finally:
            self._busy.release()
        return future

    async def pyflakes(self, text: bytes, path: str) -> CheckerResult:
        """pyflakes' findings in `text`, from the worker process (see `worker`); on a thread when no worker
        process can run here."""
        if self._worker is not None:
            try:
                return await self._worker.pyflakes(text, path)
            except worker.WorkerUnavailable as err:
                log.warning("%s; running pyflakes on a thread from now on", err)
                self._worker = None
        return await asyncio.to_thread(run_pyflakes, text, path)

    # -- memories (memory thread only) --------------------------------------------------------------------

    def open_memory(self, root: Path) -> tuple[Memory, str | None]:
        """A memory of `root` under the current settings, and a warning for the user: the store cannot be
        kept, or the configured cache directory was refused (told once per session and directory: the memory
        is opened again on every change of what is indexed)."""
        rules = FileRules(excludes=self.settings.exclude, max_file_size=self.settings.max_file_size)
        cache_dir = Path(self.settings.cache_dir).expanduser() if self.settings.cache_dir else None
        refused = cache_dir_refusal(root, cache_dir)
        told = None
        if refused is not None and refused not in self._refusals_told:
            self._refusals_told.add(refused)
            told = refused
        try:
            return Memory(root, rules=rules, persist=True, cache_dir=cache_dir), told
        except OSError as err:
            where = "the user cache directory" if refused or cache_dir is None else cache_dir
            warning = f"cannot keep the index in {where} ({err.strerror or err}); indexing into memory only"
            return Memory(root, rules=rules, persist=False), "; ".join(filter(None, (told, warning)))

    def packer(self, memory: Memory) -> Packer:
        """The packer of `memory` (any thread), shared by every action's packing and the idle passes: a file's view
        and its lines' token counts, built by one packing, are read by the next, as the packing bench's one packer
        reads them (a packer per request built them afresh each time). `Packer.pack`
        runs one packing at a time; an idle pass's gives way to a request's."""
        found = self._packers.get(memory.root)
        if found is None or found.memory is not memory:
            found = self._packers[memory.root] = Packer(memory)
        return found

    def close_memories(self) -> None:
        for memory in self.memories.values():
            memory.close()
        self.memories.clear()
        self._packers.clear()
        if self._scratch is not None:
            self._scratch.close()
            self._scratch = None
        if self._scratch_dir is not None:
            shutil.rmtree(self._scratch_dir, ignore_errors=True)
            self._scratch_dir = None

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self._worker is not None:
            self._worker.close()

    def scratch(self) -> Memory:
        """The memory for files outside every workspace folder: never indexed, never persisted."""
        if self._scratch is None:
            # An empty root: every file outside the folders keeps its absolute path as its key.
            self._scratch_dir = tempfile.mkdtemp(prefix="archmem-scratch-")
            self._scratch = Memory(self._scratch_dir, persist=False)
        return self._scratch

    def root_for_first_document(self, uri: str) -> Path | None:
        """The root to open for the first document opened in a session the editor gave no workspace folder
        (and no `--root`): the nearest directory upward from it holding a project marker, as for every command
        (not the server's own current directory, which for an editor is often $HOME). None once the rule ran,
        when a folder is open, or when no marker is found (the document is then served from the scratch
        memory, as every later one outside a folder)."""
        path = uri_to_path(uri)
        if self._root_rule_ran or path is None:
            return None
        self._root_rule_ran = True
        if self.memories:
            return None
        found = marked_root(_resolved(path))
        if found is None:
            return None
        log.info("no workspace folder from the editor: %s, from the first document opened", found.describe())
        return found.path

    # -- where things are (any thread) -------------------------------------------------------------------

    def owner(self, path: Path) -> Memory:
        """The memory of the innermost workspace folder holding `path` (the scratch memory if none does)."""
        best: Memory | None = None
        for root, memory in list(self.memories.items()):
            inside = path == root or root in path.parents
            if inside and (best is None or len(root.parts) > len(best.root.parts)):
                best = memory
        return best if best is not None else self.scratch()

    def locate(self, uri: str) -> Located | None:
        """The memory and key of a document URI; None for URIs that name no file (untitled buffers)."""
        path = uri_to_path(uri)
        if path is None:
            return None
        memory = self.owner(_resolved(path))
        return Located(memory, memory.relpath(path), uri)

    def uri(self, memory: Memory, path: str) -> str:
        return path_to_uri(memory.abspath(path))

    def positions(self, memory: Memory, path: str) -> LspPositions | None:
        """Position conversion for a document asked about: the open buffer, else the file on disk as it is
        now (None when it is gone, so a deleted file gets no answers)."""
        doc = memory.document(path)
        if doc is not None:
            return LspPositions(doc.text, self.encoding, doc.lines)
        text = memory.text(path)
        return None if text is None else LspPositions(text, self.encoding)

    def result_positions(self, memory: Memory, path: str) -> LspPositions | None:
        """Position conversion for a file an answer points into (memory thread only). Kept per content hash,
        so the many results of a search or of references read each file once, and in the version the memory
        holds."""
        doc = memory.document(path)
        if doc is not None:
            return LspPositions(doc.text, self.encoding, doc.lines)
        content_hash = memory.content_hash(path)
        if content_hash is None:
            return None
        key = (memory.root, path, content_hash, self.encoding)
        found = self._positions.get(key)
        if found is None:
            text = memory.text(path)
            if text is None:
                return None
            found = self._positions[key] = LspPositions(text, self.encoding)
            while len(self._positions) > _POSITIONS_KEPT:
                self._positions.popitem(last=False)
        else:
            self._positions.move_to_end(key)
        return found


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path
