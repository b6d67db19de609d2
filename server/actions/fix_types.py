"""Self-debug's values: the plans, progress and failures the adapter sees, and the provider interface
(`FixProvider`, with the `FixTask` it is given and the `Proposal` it answers) that the loop in
self_debug.py drives for a model (model_fix.py) and the offline rules (offline.py) alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from archmem.indexer.workspace import Memory
from archmem.server.actions.edits import ProposedEdit, TextEdit
from archmem.server.checks import CheckerSpec, Diagnostic
from archmem.server.checks.diagnostics import diagnostic_from_data, diagnostic_to_data

DEFAULT_ROUNDS = 3
# A file with more problems than this is fixed in several runs: each step re-checks the whole file.
MAX_STEPS = 60
_MAX_UNIT_LINES = 400
_STREAM_REPORT = 400
# How much of a refused answer the next round repeats to the model.
_ECHO_CHARS = 16_000

FailureKind = Literal[
    "nothing_to_fix",
    "not_fixed",
    "unverifiable",
    "model_error",
    "unsupported",
    "unreadable",
    "excluded",
]


# Values crossing to the adapter ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FixPlan:
    """One self-debug code action, listed without running anything: which diagnostics it targets.

    `scope` names the symbol ("function 'total'") or is None for the whole-file plan. `offline` says
    whether the offline provider has a rule for every targeted diagnostic. `to_data` / `from_data` carry a
    plan through a code action's `data` or a command's arguments (JSON).
    """

    path: str
    title: str
    scope: str | None
    diagnostics: tuple[Diagnostic, ...]
    offline: bool

    def to_data(self) -> dict[str, object]:
        return {
            "path": self.path,
            "title": self.title,
            "scope": self.scope,
            "offline": self.offline,
            "diagnostics": [diagnostic_to_data(d) for d in self.diagnostics],
        }

    @classmethod
    def from_data(cls, data: object) -> FixPlan:
        """The plan `to_data` produced; ValueError saying what is wrong for anything else."""
        if not isinstance(data, Mapping):
            raise ValueError("a self-debug plan must be an object")
        path, title, scope = data.get("path"), data.get("title"), data.get("scope")
        raw = data.get("diagnostics")
        if not isinstance(path, str) or not path:
            raise ValueError("a self-debug plan needs 'path', a string")
        if not isinstance(title, str):
            raise ValueError("a self-debug plan needs 'title', a string")
        if scope is not None and not isinstance(scope, str):
            raise ValueError("'scope' of a self-debug plan must be a string or null")
        if not isinstance(raw, list):
            raise ValueError("a self-debug plan needs 'diagnostics', a list")
        diagnostics = tuple(
            diagnostic_from_data(item, f"diagnostics[{index}]") for index, item in enumerate(raw)
        )
        return cls(path, title, scope, diagnostics, bool(data.get("offline", False)))


@dataclass(frozen=True, slots=True)
class FixProgress:
    """A progress report: `message` for the user ("self-debug: round 2/3, 1 diagnostic left")."""

    message: str
    round: int
    rounds: int
    left: int


@dataclass(frozen=True, slots=True)
class Failure:
    """Why self-debug offers no edit. `reason` is one or two sentences to show as they are; `detail` the
    longer account; `remaining` the diagnostics still in the file (positions in the text that was read)."""

    path: str
    version: int | None
    kind: FailureKind
    reason: str
    remaining: tuple[Diagnostic, ...] = ()
    rounds: int = 0
    detail: str = ""
    # What was wrong with the provider's last answers, in a few words ("" when it never answered).
    refused: str = ""


SelfDebugResult = ProposedEdit | Failure


@dataclass(frozen=True, slots=True)
class SelfDebugSettings:
    """How a run behaves. `checkers` are the user's checker commands for the file's language; `root` is
    where they run (the memory's root by default). `offer_unverified` returns the best refused attempt,
    labelled unverified, instead of a Failure. `refuse_risky_calls` refuses an edit that adds a risky call
    (process, network, eval, file deletion) instead of flagging it."""

    rounds: int = DEFAULT_ROUNDS
    offer_unverified: bool = False
    refuse_risky_calls: bool = False
    checkers: tuple[CheckerSpec, ...] = ()
    root: str | None = None
    max_steps: int = MAX_STEPS

    def __post_init__(self) -> None:
        if not 1 <= self.rounds <= 10:
            raise ValueError(f"rounds must be from 1 to 10, got {self.rounds}")


# The provider interface ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """The code a group of diagnostics belongs to: a symbol, or a block of lines around a syntax error."""

    start_byte: int
    end_byte: int
    name: str  # for people and prompts: "function 'total'", "lines 10-14"
    symbol_id: str | None
    is_definition: bool


@dataclass(frozen=True, slots=True)
class Attempt:
    """A refused answer and what was wrong with it, for the next round."""

    reply: str
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FixTask:
    """What a provider is asked to fix, in the current shadow `text` (never the user's file)."""

    path: str
    language: str
    text: bytes
    unit: Unit
    diagnostics: tuple[Diagnostic, ...]
    round: int
    rounds: int
    history: tuple[Attempt, ...]
    # Receives a model's answer as it streams (for progress); providers without a stream ignore it.
    on_text: Callable[[str], None] | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible fix: edits against `FixTask.text`, and what it does in a few words."""

    edits: tuple[TextEdit, ...]
    description: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """A provider's answer for one round: candidates to verify in order (possibly none), the raw reply
    (a model's text, for the next round's conversation), and why there is no candidate if there is none.
    `final` means asking again cannot help (the offline provider has no other idea)."""

    candidates: tuple[Candidate, ...]
    reply: str = ""
    problem: str | None = None
    final: bool = False


class FixProvider(Protocol):
    """Where fixes come from: a model endpoint or the offline rules. The loop is the same for both."""

    @property
    def name(self) -> str: ...

    @property
    def sends_code(self) -> bool:
        """True when the provider sends code off the machine (a model): excluded files are refused."""
        ...

    @property
    def groups_by_symbol(self) -> bool:
        """True to get every targeted diagnostic of a symbol at once; False for one at a time."""
        ...

    def can_fix(self, diagnostic: Diagnostic, language: str) -> bool:
        """Whether the provider has any chance with this diagnostic (instant: used for listing)."""
        ...

    async def propose(self, memory: Memory, task: FixTask) -> Proposal: ...
