"""One packing's state: the candidates and what the stages (`choose`, `predict`, `fit`, `render`) decided
about them, read and written by each stage in turn."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolNode
from ..resolve import FunctionScope, Resolver
from ..target import Target
from .fileview import FileView, FileViews
from .result import Detail, Mode

if TYPE_CHECKING:
    from ..workspace import Memory

# A name the code uses, with the member after it (`os.path` of `os.path.join`; TypeScript's optional and
# non-null members too: `observer?.error`, `scheduler!.now`).
NAMES = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)(?:\s*[?!]?\.\s*([A-Za-z_$][\w$]*))?")


class LazyLevels(dict[Detail, frozenset[int]]):
    """A definition's renderings in a file's view by detail level, each worked out when first read: a packing
    makes a unit for each of a few hundred names and shows most at their header only, so their full text and
    skeleton (a large class's is the header of every member) are seldom needed. The view and the symbol kept,
    not a closure per level: four closures a unit were most of making one."""

    __slots__ = ("_symbol", "_view")

    def __init__(self, view: FileView, symbol: SymbolNode) -> None:
        super().__init__()
        self._view = view
        self._symbol = symbol

    def __missing__(self, level: Detail) -> frozenset[int]:
        made = self[level] = _LEVELS[level](self._view, self._symbol)
        return made

    def __contains__(self, level: object) -> bool:
        return dict.__contains__(self, level) or level in _LEVELS

    def get(self, level: Detail, default: Any = None) -> Any:
        found = dict.get(self, level)
        if found is not None:
            return found
        return self[level] if level in _LEVELS else default


_LEVELS: dict[str, Callable[[FileView, SymbolNode], frozenset[int]]] = {
    "full": lambda view, s: view.full_lines(s),
    "skeleton": lambda view, s: view.skeleton_lines(s),
    "signature": lambda view, s: view.header_lines(s),
    # The line naming it: what a reader (and the scorer) needs to know where it is declared.
    "line": lambda _view, s: frozenset({s.name_start[0] + 1}),
}


@dataclass
class Unit:
    """A candidate for the context: a symbol (or an import line) and its renderings by detail level."""

    key: str
    path: str
    kind: str
    reason: str
    symbol: SymbolNode | None
    levels: dict[Detail, frozenset[int]] = field(default_factory=dict)
    note: str = ""
    chosen: Detail | None = None
    # Used only outside the window (in the rest of a function larger than it): fitted after what the
    # window uses has its header.
    far: bool = False
    # The module this definition declares more of, from another file (`Target.accompanies`).
    accompanies: str | None = None
    # Generate mode: the score the prediction ranked the name at (`predict._take_ranked`), for a fit that weighs it
    # against the unit's cost (`per_token.py`).
    rank: int = 0


class Interrupted(Exception):
    """An idle packing gave way to the editor: a message arrived (its `quiet()` answered False) or a request's
    packing holds the packer. What it resolved before stays in the memory's caches; its own state is dropped."""


class GivingWay(Resolver):
    """The resolver of an idle packing (`Packer.pack` with `quiet`): before each name asked of it by the packing,
    not those it asks itself on the way, `quiet()` is asked, and the packing gives way (`Interrupted`) once it
    answers False. A name's resolution is never cut, so what it stores across requests (the kept answers) is
    whole; the stages store their tables only once built, and the siblings' answers are put back whatever
    happens (`siblings.sibling_definitions`). Between stages the packing asks `quiet()` too (`Build.give_way`)."""

    def __init__(self, memory: Memory, quiet: Callable[[], bool]) -> None:
        super().__init__(memory)
        self._quiet = quiet
        self._inside = False

    def resolve(self, index: FileIndex, scope: SymbolNode, ref: str, depth: int = 0) -> list[Target]:
        if self._inside:
            return super().resolve(index, scope, ref, depth)
        if not self._quiet():
            raise Interrupted
        self._inside = True
        try:
            return super().resolve(index, scope, ref, depth)
        finally:
            self._inside = False


class Build:
    """One packing: the file, the cursor and the budget; the units chosen and how much of each is shown."""

    def __init__(
        self,
        views: FileViews,
        gap_cost: int,
        index: FileIndex,
        view: FileView,
        cursor: int,
        line: int,
        budget: int,
        mode: Mode,
        quiet: Callable[[], bool] | None = None,
    ) -> None:
        self.views = views
        self.memory = views.memory
        self.counter = views.counter
        self.gap_cost = gap_cost
        self.index = index
        self.view = view
        self.cursor = cursor
        self.line = line
        self.budget = budget
        self.mode = mode
        self.resolver = Resolver(self.memory) if quiet is None else GivingWay(self.memory, quiet)
        self.quiet = quiet
        # The view holds the text of this very memory of the file: reading it again for each name the
        # resolver follows through declared types would cost a read of the file per packing.
        self.resolver.remember_text(index.path, view.raw)
        self.units: list[Unit] = []
        self.unit_keys: set[str] = set()
        self.window: frozenset[int] = frozenset()
        self.scope_lines: set[int] = set()
        self.left_out: list[str] = []  # what was never a candidate (excluded files)
        self.no_room: list[str] = []  # candidates the last fitting left out
        self.spent = 0
        self.target: SymbolNode | None = None
        self.scope: SymbolNode = index.symbols[0]
        self.shown: dict[str, set[int]] = {}
        self.window_reason = ""
        self.function: FunctionScope | None = None  # the names the function at the cursor binds itself
        self.show_window = True
        self._views_by_path: dict[str, FileView | None] = {}
        self.opening_costs: dict[str, int] = {}  # what a file's title and first gap marker cost, by path
        self.owners: dict[tuple[str, str], str | None] = {}  # a member's class, by path and symbol id
        # A symbol's id and the ids of the definitions around it, the last asked (`choose._ancestor_ids`).
        self.ancestors: tuple[str, frozenset[str]] | None = None

    def give_way(self) -> None:
        """An idle packing's checkpoint between two stages, where a stretch of ranking or fitting asks the resolver
        nothing (C: 30-200 ms under load): `Interrupted` once `quiet()` answers False. A request's packing has no
        `quiet` and goes on."""
        if self.quiet is not None and not self.quiet():
            raise Interrupted

    def push(self, unit: Unit) -> None:
        self.unit_keys.add(unit.key)
        self.units.append(unit)

    def view_of(self, path: str) -> FileView | None:
        """The view of the file at `path`, looked up once per packing: fitting asks for each candidate's
        file at each level it tries (thousands of times), and each lookup asks the memory and the buffer."""
        if path in self._views_by_path:
            return self._views_by_path[path]
        index = self.memory.file(path)
        found = self._views_by_path[path] = None if index is None else self.views.of(index)
        return found


def self_names_of(language: str) -> frozenset[str]:
    """The names a language's methods call their receiver (`self`, `this`)."""
    spec = BY_NAME.get(language)
    return spec.self_names if spec is not None else frozenset()


def receiver_name(language: str) -> str:
    """How the language's methods name their receiver: `self` or `this` where it is one of its names (not
    Python's `cls` or Java's `super`), else its own; `self` where it has none."""
    names = self_names_of(language)
    return next((n for n in ("self", "this") if n in names), min(names, default="self"))
