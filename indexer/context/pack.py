"""Context packing: what a model sees of the code around a position, within a token budget.

The packer takes, in priority order: the local window (the enclosing function in full, or the lines around
the cursor), the headers of the scopes around it, the definition of every name the window uses (wherever in
the workspace it is defined), in `generate` mode a prediction of what the missing body will need (the class's
members, what its sibling methods use, the file's imports, names the file binds but does not use yet or
whose words the new code shares, class-level members of imported classes; see `members`), and then a map
of the rest (the file's outline).
Each definition degrades full → skeleton → signature → line (the one declaring it) → name as the budget
tightens instead of vanishing.
Definitions come first and the window last. The result is deterministic.

One packing runs in stages over one state (`build.py`): choosing (`choose.py`), predicting (`predict.py`, in
generate mode), fitting to the budget (`fit.py`) and rendering (`render.py`); this module runs them and
counts the rendered, redacted text exactly until it fits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..heap import no_passes
from .build import Build, Interrupted
from .choose import choose
from .fileview import FileViews
from .fit import cut_window_to, drop_one, fit, refit
from .predict import predict
from .redact import redact
from .render import render
from .result import GAP, Mode, PackedContext, Section
from .tokens import DEFAULT_ENCODING, remembered_counts

if TYPE_CHECKING:
    from ..workspace import Memory

# An exact count at most this far over the budget gives back one piece (`fit.drop_one`) rather than fitting again.
GIVE_BACK = 8

__all__ = ["GAP", "Interrupted", "Mode", "PackedContext", "Packer", "Section", "pack"]


class Packer:
    """Packs contexts over one memory. Keeps per-file caches between calls; create one per memory. One packing
    at a time: the server shares a memory's packer between the actions' requests (worker threads) and its idle
    passes (the memory thread), and its caches (the files' views, the remembered counts) are one thread's."""

    def __init__(self, memory: Memory, encoding: str = DEFAULT_ENCODING) -> None:
        self.memory = memory
        # Counts remembered by text: a file's lines recur in every packing of it (an edit gives the file a new
        # view, whose lines but the edited ones are the same text), and so do most of a prompt's runs of lines,
        # which the exact count of each rendering (one or two a packing, ~7 kB each) sums. One memory of them
        # for the process (`remembered_counts`): the other packers of the server count the same texts.
        self.counter = remembered_counts(encoding)
        # What one gap marker line costs: 4 tokens with cl100k, twice a short line's.
        self.gap_cost = self.counter.count(f"{GAP}\n")
        self.views = FileViews(memory, self.counter)
        self._lock = threading.Lock()
        # Requests' packings waiting for the packer (or packing): an idle packing holding it gives way to them.
        self._asking = 0
        self._asking_lock = threading.Lock()

    @property
    def asked(self) -> bool:
        """Whether a request's packing waits for this packer or runs: an idle packing gives way to it."""
        return self._asking > 0

    def pack(
        self,
        path: str,
        line: int,
        column: int,
        budget: int = 2048,
        mode: Mode = "edit",
        show_window: bool = True,
        quiet: Callable[[], bool] | None = None,
    ) -> PackedContext:
        """The context for 0-based `line` and UTF-8 byte `column` of `path`. `show_window` False: the code
        around the cursor still decides what goes in, but is not shown (inline completion's prompt carries it
        as its prefix), so its share of the budget goes to definitions.

        With `quiet`, an idle pass's packing, done for what it leaves in the caches: it gives way
        (`Interrupted`) to a request's packing holding or waiting for the packer, and between two name
        resolutions (or stages) once `quiet()` answers False or a request's packing asks for the packer, so
        that a request waits for one name, not for the whole packing. Without it, a packing waits for the one
        holding the packer."""
        if quiet is None:
            with self._asking_lock:
                self._asking += 1
            try:
                # No young collection inside a packing, the one after it instead (`heap.py`).
                with self._lock, no_passes():
                    return self._pack(path, line, column, budget, mode, show_window, None)
            finally:
                with self._asking_lock:
                    self._asking -= 1
        if self.asked or not self._lock.acquire(blocking=False):
            raise Interrupted
        try:
            with no_passes():
                return self._pack(
                    path, line, column, budget, mode, show_window, lambda: quiet() and not self.asked
                )
        finally:
            self._lock.release()

    def _pack(
        self,
        path: str,
        line: int,
        column: int,
        budget: int,
        mode: Mode,
        show_window: bool,
        quiet: Callable[[], bool] | None,
    ) -> PackedContext:
        started = time.perf_counter()
        memory = self.memory
        rel = memory.relpath(path)
        index = memory.file(rel)
        if index is None:
            raise FileNotFoundError(
                f"{path} is not in the memory (unsupported language, excluded, or missing)"
            )
        if memory.is_excluded(rel):
            raise PermissionError(f"{path} is excluded from model context ({memory.is_excluded(rel)})")
        view = self.views.of(index)
        line = max(0, min(line, len(view.lines) - 1))
        cursor_byte = view.positions.line_start(line) + max(
            0, min(column, len(view.lines[line].encode("utf-8")))
        )
        build = Build(self.views, self.gap_cost, index, view, cursor_byte, line + 1, budget, mode, quiet)
        build.show_window = show_window
        choose(build)
        build.give_way()
        if mode == "generate":
            predict(build)
            build.give_way()
        fit(build)
        text, sections, redactions, tokens = self._rendered(build)
        room = budget
        for _ in range(3):
            # The per-line estimate undercounts (headers, gaps, tokens merging across lines): choose
            # again with the overshoot taken off, so the ranking decides what goes, not position.
            if tokens <= budget:
                break
            if tokens - budget <= GIVE_BACK and drop_one(build):
                # A few tokens over (the estimate is exact to a token or so a block: Go's generate prompts came
                # 1-5 over in 29 of 30 packs): the least important piece goes back, without choosing again.
                text, sections, redactions, tokens = self._rendered(build)
                continue
            room -= tokens - budget + GIVE_BACK
            refit(build, room)
            text, sections, redactions, tokens = self._rendered(build)
        while tokens > budget and drop_one(build):
            text, sections, redactions, tokens = self._rendered(build)
        if tokens > budget:
            # Only the window is left and it is still too large: cut it from the top.
            text, sections, _ = cut_window_to(build, budget)
            text, redactions, tokens = self._redacted(text)
        return PackedContext(
            text=text,
            tokens=tokens,
            budget=budget,
            mode=mode,
            path=rel,
            line=line + 1,
            column=column + 1,
            sections=tuple(sections),
            left_out=(*build.left_out, *build.no_room),
            tokenizer=self.counter.name,
            redactions=redactions,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def _rendered(self, build: Build) -> tuple[str, list[Section], int, int]:
        """The build rendered, redacted and counted: (text, sections, redactions, tokens)."""
        text, sections = render(build)
        text, redactions, tokens = self._redacted(text)
        return text, sections, redactions, tokens

    def _redacted(self, text: str) -> tuple[str, int, int]:
        """`text` with secret-looking strings redacted, how many were, and its exact token count."""
        text, redactions = redact(text)
        return text, redactions, self.counter.count(text)


def pack(
    memory: Memory, path: str, line: int, column: int, budget: int = 2048, mode: Mode = "edit"
) -> PackedContext:
    """Pack the context for 0-based `line`, UTF-8 byte `column` of `path` (see `Packer` to reuse caches)."""
    return Packer(memory).pack(path, line, column, budget, mode)
