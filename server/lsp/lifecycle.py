"""Lifecycle: initialize, settings, workspace folders, the background index with progress, watchers, status.

Start-up answers before the workspace is indexed: `initialize` only opens each folder's memory (its store),
documents are parsed the moment they open, and the cold index runs afterwards on its own thread (parsing in
worker processes), reported through work-done progress that the user can cancel, and through the
`archmem/status` notification. Settings arrive three ways (initializationOptions, the
`workspace/configuration` pull, the `didChangeConfiguration` push); each is validated, problems are shown to
the user, and a change of what is indexed re-opens the memories and indexes again.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Coroutine
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

from archmem.indexer.queries import changed_files, is_ignored
from archmem.indexer.report import IndexReport
from archmem.indexer.watch import Watcher
from archmem.indexer.workspace import Memory
from archmem.server.config import SECTION, from_sources, parse_settings, read_user_config, section_of
from archmem.server.doctor import version
from archmem.server.lsp.convert import encoding_of, uri_to_path
from archmem.server.lsp.logs import Logs, one_line
from archmem.server.lsp.server import ArchmemServer
from lsprotocol import types

log = logging.getLogger(__name__)

STATUS_METHOD = "archmem/status"
StatusState = Literal["starting", "indexing", "ready", "busy", "error"]
_CONFIGURATION_TIMEOUT_S = 10.0
_OPEN_DOCUMENTS_GRACE_S = 0.1


class Lifecycle:
    """Owns the memories' life: opening, indexing, watching, re-opening on new settings, closing."""

    def __init__(self, server: ArchmemServer, logs: Logs) -> None:
        self.server = server
        self.session = server.session
        self.logs = logs
        self.state: StatusState = "starting"
        self._message: str | None = None
        # What the running actions are doing (None: no action runs), shown over `state` as `busy`.
        self._busy: str | None = None
        # initializationOptions: the base that later configuration is laid over.
        self._initial: object = None
        self._shown: set[str] = set()
        self._opened_with: tuple[object, ...] | None = None
        self._pull_configuration = False
        self._progress_supported = False
        self._index_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archmem-index")
        self._index_lock: asyncio.Lock | None = None
        self._cancel: dict[Path, threading.Event] = {}
        self._pending: set[Path] = set()
        self._watchers: dict[Path, Watcher] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._started = False

    # -- status -----------------------------------------------------------------------------------------

    def status(self, state: StatusState, message: str | None = None, percentage: int | None = None) -> None:
        """Record the lifecycle's own state and tell the client (`archmem/status`, shown by the VS Code
        extension and the Neovim helper); while an action runs the client keeps seeing `busy`, and this
        state is told when the last run ends (`busy(None)`)."""
        self.state, self._message = state, message
        if self._busy is None:
            self._publish(state, message, percentage)

    def busy(self, message: str | None) -> None:
        """An action is running (`message` says what it is doing), or with None: no action runs any more.
        Kept apart from the lifecycle's own state, which may change meanwhile (the index finishing while
        a model answers): the end of a run shows the state as it is then, not as it was when the run began."""
        self._busy = message
        if message is None:
            self._publish(self.state, self._message, None)
        else:
            self._publish("busy", message, None)

    def _publish(self, state: StatusState, message: str | None, percentage: int | None) -> None:
        params: dict[str, object] = {"state": state, "model": self.session.settings.model_label()}
        if message is not None:
            params["message"] = message
        if percentage is not None:
            params["percentage"] = percentage
        self.server.protocol.notify(STATUS_METHOD, params)

    def show(self, kind: types.MessageType, message: str) -> None:
        self.server.window_show_message(types.ShowMessageParams(type=kind, message=message))

    # -- initialize / initialized / shutdown ------------------------------------------------------------

    async def initialize(self, params: types.InitializeParams) -> None:
        loop = asyncio.get_running_loop()
        self.logs.attach(self.server, loop, self.session.settings.log_level)
        self.session.encoding = encoding_of(self.server.workspace.position_encoding)
        caps = params.capabilities
        self._pull_configuration = bool(caps.workspace and caps.workspace.configuration)
        self._progress_supported = bool(caps.window and caps.window.work_done_progress)
        options = params.initialization_options
        if isinstance(options, dict) and "token" in options:
            # The TCP token (checked by `tcp.Gate` before this): not a setting, and never echoed anywhere.
            options = {key: value for key, value in options.items() if key != "token"}
        self._initial = section_of(options)
        self._apply(None, "initializationOptions")
        roots = _roots(params)
        if not roots and self.session.given_root is not None:
            roots = [self.session.given_root]  # `archmem serve --root`, for an editor that names no folder
        opened = await self.session.call(self._open_all, roots)
        for warning in opened:
            self.show(types.MessageType.Warning, f"archmem: {warning}")
        log.info(
            "archmem %s initialized: %d workspace folder(s), positions in %s",
            version(),
            len(roots),
            self.session.encoding.value,
        )

    def _open_all(self, roots: list[Path]) -> list[str]:
        self._opened_with = self.session.settings.index_key()
        warnings: list[str] = []
        for root in roots:
            memory, warning = self.session.open_memory(root)
            self.session.memories[memory.root] = memory
            if warning:
                warnings.append(warning)
        return warnings

    async def initialized(self) -> None:
        # Not sooner: nothing but log and show messages may precede the answer to `initialize`.
        self.status("starting")
        if self._pull_configuration:
            await self.pull_configuration()
        if self._opened_with != self.session.settings.index_key():
            await self.session.call(self._reopen_all)
        self._started = True
        # Memories opened from here on (a folder added, the first document's root) are indexed as they come.
        opened = list(self.session.memories.values())
        for memory in opened:
            self._watch(memory)
        # Open documents first: the editor opens its buffers right after `initialized`, and the cold index
        # would compete with their parsing for the interpreter. Let those arrive and be served, then index.
        await asyncio.sleep(_OPEN_DOCUMENTS_GRACE_S)
        await self.session.call(lambda: None)
        for memory in opened:
            self._spawn(self._index(memory))
        if not self.session.memories:
            self.status("ready", "no workspace folder: files are read as they open")

    async def shutdown(self) -> None:
        for event in self._cancel.values():
            event.set()
        for watcher in self._watchers.values():
            watcher.stop()
        self._watchers.clear()
        await self.session.call(self.session.close_memories)
        self._index_executor.shutdown(wait=False, cancel_futures=True)

    # -- settings -----------------------------------------------------------------------------------------

    async def pull_configuration(self) -> None:
        try:
            values = await asyncio.wait_for(
                self.server.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
                ),
                _CONFIGURATION_TIMEOUT_S,
            )
        except Exception as err:
            log.warning("workspace/configuration failed (%s); keeping the current settings", err)
            return
        await self.apply_settings(values[0] if values else None, "workspace/configuration")

    async def did_change_configuration(self, params: types.DidChangeConfigurationParams) -> None:
        pushed = params.settings
        if isinstance(pushed, dict) and SECTION in pushed:
            await self.apply_settings(pushed[SECTION], "workspace/didChangeConfiguration")
        elif self._pull_configuration:
            await self.pull_configuration()

    async def apply_settings(self, raw: object, source: str) -> None:
        before = self.session.settings
        self._apply(raw, source)
        after = self.session.settings
        if after.model_label() != before.model_label():
            self.status(self.state, self._message)
        if self._started and after.index_key() != before.index_key():
            await self._reopen()

    def _apply(self, raw: object, source: str) -> None:
        # The user file is read each time: a setting moved there takes effect at the next change.
        user = read_user_config(self.session.env)
        merged, refused = from_sources(user, self._initial, section_of(raw))
        settings, errors = parse_settings(merged, self.session.env)
        errors = refused + errors
        self.session.settings = settings
        problem = self.logs.configure(settings.log_level, settings.log_file)
        messages = [str(e) for e in errors] + ([f"{SECTION}.log.file: {problem}"] if problem else [])
        # A problem still there from the last time (the base layer's come back with each later layer) is not
        # shown again; once fixed and broken anew, it is.
        fresh = [m for m in messages if m not in self._shown]
        self._shown = set(messages)
        for message in fresh:
            log.warning("setting ignored (from %s): %s", source, message)
        if fresh:
            self.show(
                types.MessageType.Warning,
                "archmem: settings not applied (invalid, or refused from the editor's configuration): "
                + one_line("; ".join(fresh)),
            )

    async def _reopen(self) -> None:
        """New file rules or store location: the same folders, re-opened and indexed again."""
        for event in self._cancel.values():
            event.set()
        for watcher in self._watchers.values():
            watcher.stop()
        self._watchers.clear()
        warnings = await self.session.call(self._reopen_all)
        for warning in warnings:
            self.show(types.MessageType.Warning, f"archmem: {warning}")
        for memory in list(self.session.memories.values()):
            self._watch(memory)
            self._spawn(self._index(memory))

    def _reopen_all(self) -> list[str]:
        old = dict(self.session.memories)
        self.session.memories.clear()
        warnings = self._open_all(list(old))
        for memory in old.values():
            _move_documents(memory, self.session.memories[memory.root])
            memory.close()
        return warnings

    # -- workspace folders --------------------------------------------------------------------------------

    def adopt_root(self, root: Path) -> None:
        """Open `root` as a workspace folder at once (event loop): the root of the first document, for an
        editor that named no folder, which that document and every message after it must find in place."""
        memory, warning = self.session.open_memory(root)
        self.session.memories[memory.root] = memory
        if warning:
            self.show(types.MessageType.Warning, f"archmem: {warning}")
        if self._started:  # else `initialized` watches and indexes it with the others
            self._watch(memory)
            self._spawn(self._index(memory))

    async def did_change_folders(self, params: types.DidChangeWorkspaceFoldersParams) -> None:
        removed = [p for p in (uri_to_path(f.uri) for f in params.event.removed) if p is not None]
        added = [p for p in (uri_to_path(f.uri) for f in params.event.added) if p is not None]
        for path in removed:
            root = _resolve(path)
            if root in self._cancel:
                self._cancel[root].set()
            watcher = self._watchers.pop(root, None)
            if watcher is not None:
                watcher.stop()
        warnings = await self.session.call(self._change_folders, [_resolve(p) for p in removed], added)
        for warning in warnings:
            self.show(types.MessageType.Warning, f"archmem: {warning}")
        for path in added:
            memory = self.session.memories.get(_resolve(path))
            if memory is not None and memory.root not in self._watchers:
                self._watch(memory)
                self._spawn(self._index(memory))

    def _change_folders(self, removed: list[Path], added: list[Path]) -> list[str]:
        for root in removed:
            memory = self.session.memories.pop(root, None)
            if memory is not None:
                for path in memory.open_documents():
                    doc = memory.document(path)
                    if doc is not None:
                        absolute = memory.abspath(path)
                        self.session.owner(absolute).open_document(absolute, doc.text, doc.version)
                memory.close()
        return self._open_all([p for p in added if _resolve(p) not in self.session.memories])

    # -- watching -----------------------------------------------------------------------------------------

    def _watch(self, memory: Memory) -> None:
        loop = asyncio.get_running_loop()

        def changed(batch: set[str]) -> None:
            self._spawn(self.refresh(memory, batch))

        watcher = Watcher(memory.root, changed, ignore=lambda rel: is_ignored(memory, rel), loop=loop)
        try:
            watcher.start()
        except OSError as err:
            log.warning(
                "cannot watch %s (%s): changes on disk are seen only when the editor reports them",
                memory.root,
                err,
            )
            return
        self._watchers[memory.root] = watcher

    async def refresh(self, memory: Memory, paths: set[str]) -> None:
        """Bring files changed on disk (not open in the editor) up to date in the memory."""

        def work() -> list[str]:
            if self.session.memories.get(memory.root) is not memory:
                return []  # the memory was replaced or closed meanwhile
            return memory.refresh_paths(changed_files(memory, paths))

        updated = await self.session.call(work)
        if updated:
            log.debug("re-read %d changed file(s) in %s", len(updated), memory.root)

    async def did_change_watched_files(self, params: types.DidChangeWatchedFilesParams) -> None:
        by_memory: dict[Path, tuple[Memory, set[str]]] = {}
        for change in params.changes:
            located = self.session.locate(change.uri)
            if located is None or located.memory.root not in self.session.memories:
                continue
            by_memory.setdefault(located.memory.root, (located.memory, set()))[1].add(located.path)
        for memory, paths in by_memory.values():
            await self.refresh(memory, paths)

    # -- indexing -----------------------------------------------------------------------------------------

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _index(self, memory: Memory) -> None:
        if self._index_lock is None:
            self._index_lock = asyncio.Lock()
        self._pending.add(memory.root)
        summary: str | None = None
        try:
            # One index at a time: they would only compete for the same cores.
            async with self._index_lock:
                if self.session.memories.get(memory.root) is memory:
                    summary = await self._index_now(memory)
        finally:
            self._pending.discard(memory.root)
        if not self._pending and self.state != "error":
            self.status("ready", summary or self._message)

    async def _index_now(self, memory: Memory) -> str | None:
        """Index one memory with progress; returns the summary, or None when indexing failed."""
        loop = asyncio.get_running_loop()
        cancelled = threading.Event()
        self._cancel[memory.root] = cancelled
        progress = IndexingProgress(self.server, self._progress_supported, cancelled)
        await progress.begin(f"archmem: indexing {memory.root.name or memory.root}")
        self.status("indexing", f"indexing {memory.root.name}", 0)
        last = [-1]

        def on_progress(done: int, total: int, path: str) -> None:
            percentage = done * 100 // max(total, 1)
            if percentage != last[0]:
                last[0] = percentage
                loop.call_soon_threadsafe(self._report, progress, percentage, f"{done}/{total} files")

        try:
            report = await loop.run_in_executor(
                self._index_executor, lambda: memory.index_all(progress=on_progress, cancelled=cancelled)
            )
        except Exception as err:
            log.exception("indexing %s failed", memory.root)
            message = f"indexing {memory.root} failed: {err}"
            progress.end(message)
            self.status("error", message)
            self.show(types.MessageType.Error, f"archmem: {message}; answers come from open files only")
            return None
        finally:
            self._cancel.pop(memory.root, None)
        # A cancellation before the first file leaves report.cancelled unset: the event is the truth.
        summary = _summary(memory, report, report.cancelled or cancelled.is_set())
        progress.end(summary)
        log.info("%s", summary)
        self._message = summary
        return summary

    def _report(self, progress: IndexingProgress, percentage: int, message: str) -> None:
        progress.report(percentage, message)
        if self.state == "indexing":
            self.status("indexing", message, percentage)


class IndexingProgress:
    """Work-done progress for indexing one memory: created by the server, cancellable by the user (an AI
    action's is `progress.ActionProgress`; self-debug's rounds report `actions.Progress`)."""

    def __init__(self, server: ArchmemServer, supported: bool, cancelled: threading.Event) -> None:
        self._server = server
        self._supported = supported
        self._cancelled = cancelled
        self._token: str | None = None

    async def begin(self, title: str) -> None:
        if not self._supported:
            return
        token = f"archmem-{uuid.uuid4()}"
        try:
            await self._server.work_done_progress.create_async(token)
        except Exception as err:
            log.info("the client refused a progress token (%s): indexing without progress", err)
            return
        self._token = token
        registered: Future[Any] | None = self._server.work_done_progress.tokens.get(token)
        if registered is not None:
            registered.add_done_callback(lambda f: self._cancelled.set() if f.cancelled() else None)
        self._server.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title=title, cancellable=True, percentage=0)
        )

    def report(self, percentage: int, message: str) -> None:
        if self._token is not None:
            self._server.work_done_progress.report(
                self._token, types.WorkDoneProgressReport(percentage=percentage, message=message)
            )

    def end(self, message: str) -> None:
        if self._token is None:
            return
        self._server.work_done_progress.end(self._token, types.WorkDoneProgressEnd(message=message))
        self._server.work_done_progress.tokens.pop(self._token, None)
        self._token = None


def _summary(memory: Memory, report: IndexReport, cancelled: bool) -> str:
    files = sum(report.files_by_language.values())
    symbols = sum(report.symbols_by_language.values())
    if cancelled:
        return (
            f"indexing {memory.root.name} cancelled after {report.parsed} of {report.files - report.reused} "
            "files; the others are read when first needed"
        )
    return (
        f"{memory.root.name}: {files} files, {symbols} names indexed in {report.seconds:.1f} s "
        f"({report.parsed} parsed, {report.reused} unchanged)"
    )


def _move_documents(old: Memory, new: Memory) -> None:
    for path in old.open_documents():
        doc = old.document(path)
        if doc is not None:
            new.open_document(path, doc.text, doc.version)


def _roots(params: types.InitializeParams) -> list[Path]:
    found: list[Path] = []
    for folder in params.workspace_folders or []:
        path = uri_to_path(folder.uri)
        if path is not None:
            found.append(path)
    if not found:
        if params.root_uri:
            path = uri_to_path(params.root_uri)
            if path is not None:
                found.append(path)
        elif params.root_path:
            found.append(Path(params.root_path))
    out: list[Path] = []
    for path in found:
        root = _resolve(path)
        if root.is_dir() and root not in out:
            out.append(root)
        elif not root.is_dir():
            log.warning("workspace folder %s is not a directory; ignored", path)
    return out


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path
