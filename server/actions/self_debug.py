"""Self-debug: fix a file's diagnostics, prove each fix on a shadow copy, offer only what was verified.

The loop (docs/self-debug.md): record the baseline diagnostics; take the targeted ones a group at a time
(the group of the smallest enclosing symbol for a model, one diagnostic for the offline provider; syntax
errors first, since they blind the other checkers); ask the provider for a fix; splice it into a shadow
text, never the user's file; `verify` it against the baseline; if a targeted diagnostic remains, a new one
appeared or a guard failed, tell the provider exactly that and ask again, up to `rounds` times (a model
may escalate to a second endpoint after a failed round). Verified fixes accumulate in the shadow; the
result is one `ProposedEdit` from the text that was read to the shadow, verified once more as a whole, or a
`Failure` that says why.

Listing what can be fixed (`list_fixable`) is instant and calls no model and no checker. The run is async:
cancelling its task cancels the model request (which closes its HTTP connection) and any checker process.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from archmem.indexer.context.pack import PackedContext, Packer
from archmem.indexer.context.redact import redact
from archmem.indexer.document import Document
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME, SNIFF_BYTES, LanguageSpec, language_for
from archmem.indexer.symbols import CALLABLE_KINDS, CLASS_KINDS, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions import prompts
from archmem.server.actions.confine import Scope
from archmem.server.actions.edits import (
    ProposedEdit,
    TextEdit,
    add_python_import,
    apply_edits,
    diff_edits,
    replace_range,
    text_hash,
)
from archmem.server.actions.prompt_log import PromptLog, PromptRecord
from archmem.server.actions.verify import Verification, describe, plural, verify
from archmem.server.checks import (
    CheckerSpec,
    DataValue,
    Diagnostic,
    Position,
    RelatedInformation,
    Severity,
    check_text,
)
from archmem.server.checks.syntax import SOURCE as SYNTAX_SOURCE
from archmem.server.models import ChatMessage, ModelClient, ModelError, extract_code

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
class Progress:
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


# Listing ---------------------------------------------------------------------------------------------


def list_fixable(
    memory: Memory,
    path: str,
    diagnostics: Sequence[Diagnostic],
    *,
    offline_rules: Callable[[Diagnostic, str], bool] | None = None,
) -> list[FixPlan]:
    """The self-debug actions for these diagnostics of `path`: one per enclosing symbol, plus one for the
    whole file when there are several. Reads the memory only: no model, no checker, no parse of an open
    document. `offline_rules` (the offline provider's `can_fix`) marks plans it can handle alone."""
    rel = memory.relpath(path)
    text = memory.text(rel)
    index = memory.file(rel)
    if text is None or index is None or not diagnostics:
        return []
    groups: dict[tuple[int, int], tuple[Unit, list[Diagnostic]]] = {}
    for diagnostic in sorted(diagnostics, key=lambda d: (d.start, d.end)):
        unit = unit_for(index, text, diagnostic)
        groups.setdefault((unit.start_byte, unit.end_byte), (unit, []))[1].append(diagnostic)

    def offline(items: Sequence[Diagnostic]) -> bool:
        return offline_rules is not None and all(offline_rules(d, index.language) for d in items)

    plans = [
        FixPlan(
            rel,
            f"Fix {_problems(len(items))} in {unit.name} (self-debug)",
            unit.name,
            tuple(items),
            offline(items),
        )
        for unit, items in groups.values()
    ]
    if len(plans) > 1:
        every = tuple(d for _, items in groups.values() for d in items)
        plans.append(
            FixPlan(
                rel, f"Fix all {_problems(len(every))} in this file (self-debug)", None, every, offline(every)
            )
        )
    return plans


def _problems(count: int) -> str:
    return plural(count, "problem")


# Units -----------------------------------------------------------------------------------------------


def is_syntax(diagnostic: Diagnostic) -> bool:
    return diagnostic.source == SYNTAX_SOURCE or diagnostic.code == "syntax-error"


def unit_for(index: FileIndex, text: bytes, diagnostic: Diagnostic) -> Unit:
    """The smallest code a fix for `diagnostic` should replace.

    Outside syntax errors: the innermost function, method or class around it, else the top-level
    statement (an import) it sits in. In a syntax error the tree is unreliable, so lines decide: the
    innermost `def`/`class` block by indentation in Python, else the top-level block (the lines from a
    line at column 0 to the next one).
    """
    lines = text.split(b"\n")
    line = min(diagnostic.start.line, max(0, len(lines) - 1))
    offset = sum(len(item) + 1 for item in lines[:line]) + min(diagnostic.start.col, len(lines[line]))
    if not is_syntax(diagnostic):
        symbol: SymbolNode | None = index.symbol_at(offset)
        while symbol is not None and symbol.kind not in CALLABLE_KINDS and symbol.kind not in CLASS_KINDS:
            symbol = index.by_id.get(symbol.parent) if symbol.parent else None
        if symbol is not None:
            return Unit(
                symbol.start_byte,
                symbol.end_byte,
                f"{symbol.kind.name.lower()} '{symbol.qualname}'",
                symbol.id,
                True,
            )
    first, last = _block_lines(lines, line, offside=BY_NAME[index.language].offside_rule)
    start = sum(len(item) + 1 for item in lines[:first])
    start += len(lines[first]) - len(lines[first].lstrip())
    end = sum(len(item) + 1 for item in lines[:last]) + len(lines[last].rstrip())
    header = lines[first].lstrip()
    definition = header.startswith(b"@") or bool(_DEFINITION.match(header))
    name = f"line {first + 1}" if first == last else f"lines {first + 1}-{last + 1}"
    return Unit(start, max(start, end), name, None, definition)


_DEFINITION = re.compile(rb"((async\s+)?def|class)\s")
_CLOSERS = (b")", b"]", b"}")
_CONTINUATION = re.compile(rb"[)\]}]|(else|elif|except|finally|catch)\b")


def _indent(line: bytes) -> int:
    return len(line) - len(line.lstrip(b" \t"))


def _blank(line: bytes) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith((b"#", b"//"))


def _block_lines(lines: Sequence[bytes], line: int, *, offside: bool) -> tuple[int, int]:
    """(first, last) line of the block holding `line`: see `unit_for`."""
    while line > 0 and not lines[line].strip():
        line -= 1
    if offside:
        found = _python_definition(lines, line)
        if found is not None:
            return found
    first = line
    while first > 0 and (
        _indent(lines[first]) > 0 or _blank(lines[first]) or _CONTINUATION.match(lines[first])
    ):
        first -= 1
    while first > 0 and lines[first - 1].lstrip().startswith(b"@"):
        first -= 1
    last = line
    for following in range(line + 1, len(lines)):
        if _blank(lines[following]):
            continue
        if _indent(lines[following]) == 0 and not _CONTINUATION.match(lines[following]):
            break
        last = following
    first = min(first, line)
    if last - first > _MAX_UNIT_LINES:
        last = min(len(lines) - 1, line + _MAX_UNIT_LINES // 2)
        first = max(first, line - _MAX_UNIT_LINES // 2)
    return first, last


def _python_definition(lines: Sequence[bytes], line: int) -> tuple[int, int] | None:
    """The innermost `def`/`class` (with its decorators) whose indented block holds `line`."""
    # The line itself may be the header (a `def` missing its colon); above it, only a less indented line
    # can enclose it.
    limit = _indent(lines[line]) + 1
    for header in range(line, -1, -1):
        text = lines[header]
        if _blank(text) or _indent(text) >= limit:
            continue
        indent = limit = _indent(text)
        if not _DEFINITION.match(text.lstrip()):
            continue  # an enclosing if/for/with: look further out
        last = header
        for following in range(header + 1, len(lines)):
            if _blank(lines[following]):
                continue
            if _indent(lines[following]) <= indent and lines[following].lstrip()[:1] not in _CLOSERS:
                break
            last = following
        first = header
        while (
            first > 0 and lines[first - 1].lstrip().startswith(b"@") and _indent(lines[first - 1]) == indent
        ):
            first -= 1
        return first, max(last, line)
    return None


# The loop --------------------------------------------------------------------------------------------


async def self_debug(
    memory: Memory,
    path: str,
    diagnostics: Sequence[Diagnostic] | None = None,
    *,
    provider: FixProvider,
    settings: SelfDebugSettings | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> SelfDebugResult:
    """Fix `diagnostics` of `path` (all of archmem's own when None) and return a verified edit or why not.

    Reads the document from the memory (the editor's buffer when open) and records its version; the
    edit is against exactly that text (`ProposedEdit.is_stale`). Raises nothing for a bad model or a
    bad answer; cancellation (asyncio) propagates. When a model provider with a `fallback` fails (garbage
    answers, unreachable, every answer refused), the fallback (the offline rules) gets the same diagnostics,
    and what it verifies is offered saying so.
    """
    settings = settings or SelfDebugSettings()
    run = _Run(memory, path, provider, settings, on_progress)
    result = await run.execute(diagnostics)
    fallback = provider.fallback if isinstance(provider, ModelProvider) else None
    if fallback is None or not isinstance(result, Failure) or result.kind not in _FALLBACK_KINDS:
        return result
    offered = await _Run(memory, path, fallback, settings, on_progress).execute(diagnostics)
    if not isinstance(offered, ProposedEdit):
        return result
    why = result.reason.rstrip(".") if result.kind == "model_error" else result.refused or result.reason
    note = f"the model's fix was refused: {why}; an offline fix is offered instead"
    return dataclasses.replace(
        offered,
        title=f"{offered.title} (offline fix: the model's was refused)",
        summary=f"{offered.summary}; offline fix, the model's was refused",
        detail=f"{note}\n{offered.detail}",
    )


# A model failing these ways leaves the offline rules a chance; an excluded or unreadable file does not.
_FALLBACK_KINDS = frozenset({"not_fixed", "model_error"})


@dataclass
class _Step:
    verification: Verification
    rounds: int


class _Run:
    """One self-debug run: the state the loop carries from group to group."""

    def __init__(
        self,
        memory: Memory,
        path: str,
        provider: FixProvider,
        settings: SelfDebugSettings,
        on_progress: Callable[[Progress], None] | None,
    ) -> None:
        self.memory = memory
        self.rel = memory.relpath(path)
        self.provider = provider
        self.settings = settings
        self.on_progress = on_progress
        document = memory.document(self.rel)
        self.version = document.version if document is not None else None
        self.root = settings.root or str(memory.root)
        self.specs: tuple[CheckerSpec, ...] = settings.checkers
        self.notes: list[str] = []
        self.rounds_used = 0
        self.best: tuple[int, bytes, Verification] | None = None
        self.last_problems: tuple[str, ...] = ()
        self.revealed_seen = 0
        self.model_error: ModelError | None = None
        self.flags: list[str] = []
        self.spec: LanguageSpec

    def failure(
        self,
        kind: FailureKind,
        reason: str,
        *,
        remaining: tuple[Diagnostic, ...] = (),
        detail: str = "",
        refused: str = "",
    ) -> Failure:
        return Failure(self.rel, self.version, kind, reason, remaining, self.rounds_used, detail, refused)

    def progress(self, round_number: int, left: int) -> None:
        if self.on_progress is None:
            return
        message = (
            f"self-debug: round {round_number}/{self.settings.rounds}, {plural(left, 'diagnostic')} left"
        )
        self.on_progress(Progress(message, round_number, self.settings.rounds, left))

    def streaming(self, round_number: int, left: int) -> Callable[[str], None] | None:
        """Progress while a model answers: on its first text, then every `_STREAM_REPORT` characters."""
        report = self.on_progress
        if report is None:
            return None
        received = 0
        base = f"self-debug: round {round_number}/{self.settings.rounds}, {plural(left, 'diagnostic')} left"

        def on_text(piece: str) -> None:
            nonlocal received
            before = received
            received += len(piece)
            if before == 0 or before // _STREAM_REPORT != received // _STREAM_REPORT:
                message = f"{base}, receiving the answer ({received} characters)"
                report(Progress(message, round_number, self.settings.rounds, left))

        return on_text

    async def execute(self, given: Sequence[Diagnostic] | None) -> SelfDebugResult:
        memory, rel = self.memory, self.rel
        if self.provider.sends_code:
            why = memory.is_excluded(rel)
            if why is not None:
                return self.failure("excluded", f"{rel} is never sent to a model ({why}).")
        text = memory.text(rel)
        if text is None:
            return self.failure("unreadable", f"{rel} cannot be read.")
        spec = language_for(rel, text[:SNIFF_BYTES])
        if spec is None:
            return self.failure("unsupported", f"{rel} is in no language archmem supports.")
        self.spec = spec
        baseline = await self.baseline(text)
        targets, unverifiable = match_targets(given, baseline)
        if unverifiable:
            sources = sorted({d.source for d in unverifiable})
            self.notes.append(
                f"{plural(len(unverifiable), 'diagnostic')} from {', '.join(sources)} cannot be re-checked by "
                "archmem: configure that checker in archmem.checkers to let self-debug fix and verify it"
            )
        if not targets:
            if unverifiable:
                return self.failure("unverifiable", self.notes[-1] + ".", remaining=tuple(unverifiable))
            return self.failure("nothing_to_fix", f"archmem's checks find nothing to fix in {rel}.")
        return await self.loop(text, baseline, targets, fix_revealed=given is None)

    async def baseline(self, text: bytes) -> tuple[Diagnostic, ...]:
        document = Document(self.rel, self.spec, text)
        report = await check_text(
            str(self.memory.abspath(self.rel)),
            document.text,
            self.spec.name,
            document.tree,
            self.specs,
            self.root,
        )
        broken = {name for name, _ in report.errors}
        if broken:
            # A checker that cannot run on the current text cannot verify anything: leave it out and say so.
            self.specs = tuple(spec for spec in self.specs if spec.name not in broken)
            self.notes.extend(
                f"checker {name} could not run and was left out: {error}" for name, error in report.errors
            )
        return tuple(d for d in report.diagnostics if d.source not in broken)

    async def loop(
        self,
        text: bytes,
        baseline: tuple[Diagnostic, ...],
        targets: tuple[Diagnostic, ...],
        *,
        fix_revealed: bool,
    ) -> SelfDebugResult:
        shadow, current = text, baseline
        pending = list(targets)
        given_up: list[tuple[Diagnostic, str]] = []
        steps = 0
        while pending and steps < self.settings.max_steps:
            group = self.next_group(shadow, pending)
            if group is None:
                given_up.extend((d, f"{self.provider.name} has no fix for it") for d in pending)
                pending = []
                break
            unit, items = group
            try:
                step, after = await self.fix_group(shadow, current, unit, items, len(pending))
            except ModelError as err:
                # What was verified before the model failed is still worth offering.
                self.model_error = err
                given_up.extend((d, err.user_message) for d in pending)
                pending = []
                break
            steps += 1
            if step is None:
                reason = self.last_problems or (f"{self.provider.name} found no fix",)
                given_up.extend((d, "; ".join(reason)) for d in items)
                pending = [d for d in pending if d not in items]
                continue
            verdict = step.verification
            # Carry every open diagnostic over to its place in the new shadow text; those the step
            # fixed in passing simply drop out.
            still = {id(old): new for old, new in verdict.matched}
            pending = [still[id(d)] for d in pending if id(d) in still]
            given_up = [(still[id(d)], why) for d, why in given_up if id(d) in still]
            self.revealed_seen += len(verdict.revealed)
            if fix_revealed:
                pending.extend(verdict.revealed)
            shadow, current = after, verdict.diagnostics
        if pending:
            given_up.extend((d, "not attempted: too many steps for one run") for d in pending)
        return await self.result(text, baseline, targets, shadow, given_up)

    def next_group(
        self, shadow: bytes, pending: Sequence[Diagnostic]
    ) -> tuple[Unit, tuple[Diagnostic, ...]] | None:
        """The next diagnostics to fix: syntax errors first (they blind other checks), then errors, then
        warnings, unused imports last (fixing an undefined name may use one)."""
        language = self.spec.name
        ordered = sorted(pending, key=lambda d: (_priority(d), d.start, d.end))
        fixable = [d for d in ordered if self.provider.can_fix(d, language)]
        if not fixable:
            return None
        index = Document(self.rel, self.spec, shadow).index
        first = fixable[0]
        unit = unit_for(index, shadow, first)
        if not self.provider.groups_by_symbol:
            return unit, (first,)
        if is_syntax(first):
            inside = [d for d in fixable if is_syntax(d) and _within(d, shadow, unit)]
            return unit, tuple(inside) or (first,)
        members = tuple(
            d
            for d in fixable
            if not is_syntax(d) and (d is first or _same_range(unit_for(index, shadow, d), unit))
        )
        return unit, members

    async def fix_group(
        self,
        shadow: bytes,
        current: tuple[Diagnostic, ...],
        unit: Unit,
        items: tuple[Diagnostic, ...],
        left: int,
    ) -> tuple[_Step | None, bytes]:
        history: list[Attempt] = []
        self.last_problems = ()
        for round_number in range(1, self.settings.rounds + 1):
            self.progress(round_number, left)
            self.rounds_used = max(self.rounds_used, round_number)
            task = FixTask(
                self.rel,
                self.spec.name,
                shadow,
                unit,
                items,
                round_number,
                self.settings.rounds,
                tuple(history),
                self.streaming(round_number, left),
            )
            proposal = await self.provider.propose(self.memory, task)
            problems: tuple[str, ...] = (proposal.problem,) if proposal.problem else ()
            for candidate in proposal.candidates:
                try:
                    after = apply_edits(shadow, candidate.edits)
                except ValueError as err:
                    problems = (f"- the answer could not be applied: {err}",)
                    continue
                verdict = await verify(
                    self.memory,
                    self.rel,
                    shadow,
                    after,
                    baseline=current,
                    targeted=items,
                    checker_specs=self.specs,
                    root=self.root,
                    edits=candidate.edits,
                    scope=self.scope_for(shadow, unit, items),
                    refuse_risky=self.settings.refuse_risky_calls,
                )
                if verdict.ok:
                    self.flags.extend(f for f in verdict.flags if f not in self.flags)
                    return _Step(verdict, round_number), after
                problems = feedback_lines(verdict, after)
                self.remember(after, verdict)
            self.last_problems = tuple(line.removeprefix("- ") for line in problems)
            if proposal.final:
                break
            if proposal.reply or proposal.candidates:
                history.append(Attempt(proposal.reply, problems or ("- the answer held no usable code",)))
        return None, shadow

    def scope_for(self, shadow: bytes, unit: Unit, items: Sequence[Diagnostic]) -> Scope:
        """What a fix of `items` in `unit` may change: the unit; for a syntax error, every top-level
        statement the error breaks (a `}` missing at the end of a file belongs where the indentation says,
        lines above the error)."""
        if not any(is_syntax(d) for d in items):
            return Scope(unit.start_byte, unit.end_byte, unit.name, unit.symbol_id)
        root = Document(self.rel, self.spec, shadow).tree.root_node
        broken = [node for node in root.children if node.has_error or node.is_missing]
        start = min([unit.start_byte, *(node.start_byte for node in broken)])
        end = max([unit.end_byte, *(node.end_byte for node in broken)])
        if (start, end) == (unit.start_byte, unit.end_byte):
            return Scope(start, end, unit.name)
        first, last = shadow.count(b"\n", 0, start) + 1, shadow.count(b"\n", 0, max(start, end - 1)) + 1
        return Scope(start, end, f"lines {first}-{last}, which the syntax error breaks")

    def remember(self, after: bytes, verdict: Verification) -> None:
        """Keep the least bad refused attempt, for `offer_unverified`."""
        score = len(verdict.targeted_left) + len(verdict.new) + len(verdict.guard_failures)
        if self.best is None or score < self.best[0]:
            self.best = (score, after, verdict)

    async def result(
        self,
        text: bytes,
        baseline: tuple[Diagnostic, ...],
        targets: tuple[Diagnostic, ...],
        shadow: bytes,
        given_up: Sequence[tuple[Diagnostic, str]],
    ) -> SelfDebugResult:
        if shadow == text and self.model_error is not None and self.best is None:
            return self.failure("model_error", self.model_error.user_message, remaining=targets)
        if shadow == text:
            reasons = "\n".join(f"not fixed: {describe(d)}: {why}" for d, why in given_up)
            if self.settings.offer_unverified and self.best is not None:
                return self.unverified(text, self.best[1], self.best[2], len(targets))
            reason = f"{self.provider.name} could not produce a verified fix for {plural(len(targets), 'diagnostic')} in {self.rel}."
            detail = "\n".join([reasons, *self.notes]).strip()
            refused = "; ".join(dict.fromkeys(why for _, why in given_up))
            return self.failure("not_fixed", reason, remaining=targets, detail=detail, refused=refused)
        edits = diff_edits(text, shadow)
        final = await verify(
            self.memory,
            self.rel,
            text,
            shadow,
            baseline=baseline,
            targeted=(),
            checker_specs=self.specs,
            root=self.root,
            edits=edits,
        )
        if final.new or final.guard_failures or final.checker_errors:
            problems = "; ".join(line.removeprefix("- ") for line in feedback_lines(final, shadow))
            return self.failure(
                "not_fixed",
                f"the fixes verified one by one but not together ({problems}); nothing was changed.",
                remaining=targets,
            )
        targeted = {id(d) for d in targets}
        left = [new for old, new in final.matched if id(old) in targeted]
        remaining = (*left, *final.revealed)
        why = {d: reason for d, reason in given_up}
        fixed = [d for d in targets if all(old is not d for old, _ in final.matched)]
        hidden_fixed = max(0, self.revealed_seen - len(final.revealed))
        summary = f"{plural(len(targets), 'diagnostic')} → {len(left)}"
        if self.revealed_seen:
            summary += f" (and {hidden_fixed} of {self.revealed_seen} that syntax errors hid fixed)"
        summary += f", no new ones, {plural(self.rounds_used, 'round')}"
        lines = [f"fixed: {describe(d)}" for d in fixed]
        if hidden_fixed:
            lines.append(f"fixed: {plural(hidden_fixed, 'problem')} that the syntax errors hid")
        lines += [f"not fixed: {describe(d)}: {why.get(d, 'not attempted')}" for d in remaining]
        lines.append(
            f"verified by re-checking a copy with {self.checked_by()}; provider: {self.provider.name}"
        )
        lines += self.notes
        scope = self.scope_of(text, targets)
        title = f"Fix {_problems(len(fixed) + hidden_fixed)}{scope} (verified: {summary})"
        if self.flags:
            # A risky call a fix may need is shown where the user decides: the title, the label, the detail.
            title += " " + "; ".join(self.flags)
            summary += "; " + "; ".join(self.flags)
            lines[:0] = self.flags
        return ProposedEdit(
            path=self.rel,
            version=self.version,
            before_hash=text_hash(text),
            edits=edits,
            title=title,
            summary=summary,
            verified=True,
            rounds=self.rounds_used,
            detail="\n".join(lines),
            remaining=remaining,
        )

    def unverified(self, text: bytes, after: bytes, verdict: Verification, count: int) -> ProposedEdit:
        problems = [line.removeprefix("- ") for line in feedback_lines(verdict, after)]
        summary = f"UNVERIFIED: {verdict.summary}, {plural(self.rounds_used, 'round')}"
        return ProposedEdit(
            path=self.rel,
            version=self.version,
            before_hash=text_hash(text),
            edits=diff_edits(text, after),
            title=f"Unverified attempt to fix {_problems(count)} ({verdict.summary})",
            summary=summary,
            verified=False,
            rounds=self.rounds_used,
            detail="\n".join(["this attempt failed verification:", *problems, *self.notes]),
            remaining=verdict.targeted_left + verdict.new,
        )

    def checked_by(self) -> str:
        names = ["tree-sitter syntax"]
        if self.spec.pyflakes:
            names.append("pyflakes")
        names.extend(spec.name for spec in self.specs)
        return ", ".join(names)

    def scope_of(self, text: bytes, targets: Sequence[Diagnostic]) -> str:
        index = Document(self.rel, self.spec, text).index
        units = {unit_for(index, text, d).name for d in targets}
        return f" in {units.pop()}" if len(units) == 1 else ""


def _priority(diagnostic: Diagnostic) -> int:
    if is_syntax(diagnostic):
        return 0
    if diagnostic.code == "unused-import":
        return 3
    return 1 if diagnostic.severity is Severity.ERROR else 2


def _within(diagnostic: Diagnostic, text: bytes, unit: Unit) -> bool:
    first = text.count(b"\n", 0, unit.start_byte)
    last = text.count(b"\n", 0, unit.end_byte)
    return first <= diagnostic.start.line <= last


def _same_range(a: Unit, b: Unit) -> bool:
    return a.start_byte == b.start_byte and a.end_byte == b.end_byte


def feedback_lines(verdict: Verification, after: bytes) -> tuple[str, ...]:
    """Exactly what is still wrong with a candidate, one line each (positions in `after`)."""
    lines = [f"- still there: {_with_line(d, after)}" for d in verdict.targeted_left]
    lines += [f"- new problem: {_with_line(d, after)}" for d in verdict.new]
    lines += [f"- {failure}" for failure in verdict.guard_failures]
    lines += [f"- checker {error}" for error in verdict.checker_errors]
    return tuple(lines)


def _with_line(diagnostic: Diagnostic, text: bytes) -> str:
    lines = text.split(b"\n")
    number = diagnostic.start.line
    shown = lines[number].decode("utf-8", "replace").strip() if 0 <= number < len(lines) else ""
    # This line may go to a model in the feedback: redacted like everything else it is sent.
    shown = redact(shown)[0]
    return describe(diagnostic) + (f" — `{shown}`" if shown else "")


def match_targets(
    given: Sequence[Diagnostic] | None, baseline: Sequence[Diagnostic]
) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """(archmem's baseline diagnostics the given ones stand for, the given ones archmem cannot re-check).

    None means every baseline diagnostic. A given diagnostic matches one of archmem's on its line, best
    when source and code agree, then when their ranges overlap (an editor's copy of ours, or another tool
    reporting the same problem).
    """
    if given is None:
        return tuple(baseline), ()
    matched: list[Diagnostic] = []
    unmatched: list[Diagnostic] = []
    for diagnostic in given:
        same_line = [d for d in baseline if d.start.line == diagnostic.start.line and d not in matched]
        if not same_line:
            unmatched.append(diagnostic)
            continue

        def rank(candidate: Diagnostic, wanted: Diagnostic = diagnostic) -> tuple[bool, bool, bool, int]:
            overlaps = candidate.start <= wanted.end and wanted.start <= candidate.end
            return (
                candidate.source != wanted.source,
                candidate.code != wanted.code,
                not overlaps,
                abs(candidate.start.col - wanted.start.col),
            )

        best = min(same_line, key=rank)
        if best.source == diagnostic.source or (
            best.start <= diagnostic.end and diagnostic.start <= best.end
        ):
            matched.append(best)
        else:
            unmatched.append(diagnostic)
    return tuple(matched), tuple(unmatched)


# The model provider ----------------------------------------------------------------------------------

_EMPTY_BLOCK = re.compile(r"\s*(`{3,}|~{3,})[^\n]*\n\s*\1\s*")
_PY_IMPORT_LINE = re.compile(r"(import\s+\S|from\s+\S+\s+import\s)")


class ModelProvider:
    """Fixes from a model endpoint: one symbol per request, the loop's feedback as the conversation.

    After a failed round the escalation endpoint, when configured, answers the following rounds; when the
    model fails altogether, `fallback` does.
    """

    name = "model"
    sends_code = True
    groups_by_symbol = True

    def __init__(
        self,
        client: ModelClient,
        escalation: ModelClient | None = None,
        *,
        context_budget: int | None = None,
        prompt_log: PromptLog | None = None,
        fallback: FixProvider | None = None,
    ) -> None:
        self.client = client
        self.escalation = escalation
        self.prompt_log = prompt_log
        # Asked when this model's rounds fail (`self_debug`): the offline rules, from `provider_for`.
        self.fallback = fallback
        self._budget = context_budget
        self._packer: Packer | None = None
        self._contexts: dict[tuple[str, int, int], PackedContext | None] = {}

    @property
    def description(self) -> str:
        return f"model {self.client.endpoint.model} (endpoint {self.client.endpoint.name})"

    def can_fix(self, diagnostic: Diagnostic, language: str) -> bool:
        return True

    async def aclose(self) -> None:
        await self.client.aclose()
        if self.escalation is not None:
            await self.escalation.aclose()

    def client_for(self, round_number: int) -> ModelClient:
        return self.escalation if self.escalation is not None and round_number > 1 else self.client

    async def propose(self, memory: Memory, task: FixTask) -> Proposal:
        client = self.client_for(task.round)
        unit = task.unit
        code = task.text[unit.start_byte : unit.end_byte].decode("utf-8", "replace")
        indent = _line_indent(task.text, unit.start_byte)
        sent = prompts.redact_code(indent + code)
        first_line = task.text.count(b"\n", 0, unit.start_byte)
        last_line = task.text.count(b"\n", 0, unit.end_byte)
        messages = prompts.first_request(
            path=task.path,
            language=task.language,
            context=packed.text if (packed := self.context(memory, task, first_line, client)) else "",
            unit_name=unit.name,
            first_line=first_line,
            last_line=last_line,
            code=sent.text,
            diagnostics=task.diagnostics,
            text=task.text,
        )
        if task.history:
            last = task.history[-1]
            messages.append(ChatMessage("assistant", _echo(last.reply)))
            messages.append(prompts.feedback_request(last.problems, task.language))
        if self.prompt_log is not None:
            self.prompt_log.record(
                PromptRecord(
                    action="self-debug",
                    endpoint=client.endpoint.name,
                    model=client.endpoint.model,
                    messages=tuple(messages),
                    context=packed,
                    round=task.round,
                    notes=(f"fixing {_unit_label(unit.name, first_line, last_line)} of {task.path}",),
                )
            )
        try:
            completion = await client.complete(messages, on_text=task.on_text)
        except ModelError as err:
            if err.kind != "incomplete":
                raise
            # A stream that broke off after its text was shown to progress is not retried by the client;
            # it costs this round, and the next one asks the same question again.
            return Proposal((), problem="- the answer broke off before it was finished")
        reply = completion.text
        return self.read_reply(task, reply, sent, completion.finish_reason)

    def context(self, memory: Memory, task: FixTask, line: int, client: ModelClient) -> PackedContext | None:
        key = (task.path, task.unit.start_byte, task.unit.end_byte)
        if key in self._contexts:
            return self._contexts[key]
        if self._packer is None or self._packer.memory is not memory:
            self._packer = Packer(memory)
        endpoint = client.endpoint
        budget = self._budget or max(
            256, min(8000, (endpoint.context_window - endpoint.max_output_tokens) // 2)
        )
        packed: PackedContext | None
        try:
            packed = self._packer.pack(task.path, line, 0, budget, mode="edit")
        except (FileNotFoundError, PermissionError):
            packed = None
        self._contexts[key] = packed
        return packed

    def read_reply(self, task: FixTask, reply: str, sent: prompts.Redacted, finish: str) -> Proposal:
        extracted = extract_code(reply, task.language)
        if extracted is None:
            if _EMPTY_BLOCK.fullmatch(reply):
                code = ""
            elif finish == "length":
                return Proposal((), reply, "- the answer was cut off (maxOutputTokens): send shorter code")
            else:
                return Proposal(
                    (), reply, "- the answer held no fenced code block: reply with the code in one block"
                )
        else:
            code = extracted.code
        restored = sent.restore(code)
        if restored is None:
            return Proposal(
                (), reply, "- the «redacted» markers were changed: keep each one exactly as it was"
            )
        unit = task.unit
        edits: list[TextEdit] = []
        if BY_NAME[task.language].hoists_fix_imports and unit.is_definition:
            imports, restored = _split_python_imports(restored)
            for statement in imports:
                edit = add_python_import(task.text, statement)
                if edit is not None:
                    edits.append(edit)
        if not restored.strip():
            edits.append(_delete_lines(task.text, unit.start_byte, unit.end_byte))
        else:
            edits.append(replace_range(task.text, unit.start_byte, unit.end_byte, restored))
        return Proposal((Candidate(tuple(edits), f"{self.description}'s answer"),), reply)


def _echo(reply: str) -> str:
    """A refused answer as the next round repeats it: a huge one (refused for its size) only begins."""
    if not reply:
        return "(no code)"
    if len(reply) <= _ECHO_CHARS:
        return reply
    return reply[:_ECHO_CHARS] + f"\n… ({len(reply) - _ECHO_CHARS:,} more characters not repeated)"


def _line_indent(text: bytes, offset: int) -> str:
    line_start = text.rfind(b"\n", 0, offset) + 1
    prefix = text[line_start:offset]
    return prefix.decode("utf-8", "replace") if not prefix.strip() else ""


def _delete_lines(text: bytes, start: int, end: int) -> TextEdit:
    """Delete [start, end) with the rest of its lines when nothing else shares them."""
    line_start = text.rfind(b"\n", 0, start) + 1
    line_end = text.find(b"\n", end)
    line_end = len(text) if line_end == -1 else line_end + 1
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        return TextEdit(line_start, line_end, "")
    return TextEdit(start, end, "")


def _split_python_imports(code: str) -> tuple[list[str], str]:
    """Import lines a model put before the definition it returns, and the definition."""
    lines = code.split("\n")
    imports: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _PY_IMPORT_LINE.match(line) and "(" not in line and not line.rstrip().endswith("\\"):
            imports.append(line.strip())
        elif line.strip() and not line.lstrip().startswith("#"):
            break
        index += 1
    if not imports:
        return [], code
    return imports, "\n".join(lines[index:])


def diagnostic_to_data(diagnostic: Diagnostic) -> dict[str, object]:
    """A diagnostic as JSON-able data (positions: 0-based line, UTF-8 byte column)."""
    return {
        "start": [diagnostic.start.line, diagnostic.start.col],
        "end": [diagnostic.end.line, diagnostic.end.col],
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "source": diagnostic.source,
        "code": diagnostic.code,
        "data": {k: list(v) if isinstance(v, tuple) else v for k, v in diagnostic.data.items()},
        "related": [
            {
                "path": r.path,
                "start": [r.start.line, r.start.col],
                "end": [r.end.line, r.end.col],
                "message": r.message,
            }
            for r in diagnostic.related
        ],
    }


def diagnostic_from_data(raw: object, where: str = "diagnostic") -> Diagnostic:
    """The diagnostic `diagnostic_to_data` produced; ValueError naming the bad field otherwise."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be an object")
    message, source, code = raw.get("message"), raw.get("source"), raw.get("code")
    if not isinstance(message, str) or not isinstance(source, str):
        raise ValueError(f"{where} needs 'message' and 'source', strings")
    if code is not None and not isinstance(code, str):
        raise ValueError(f"{where}.code must be a string or null")
    try:
        severity = Severity(raw.get("severity", "error"))
    except ValueError:
        raise ValueError(f"{where}.severity must be one of {', '.join(s.value for s in Severity)}") from None
    data_raw = raw.get("data", {})
    if not isinstance(data_raw, Mapping):
        raise ValueError(f"{where}.data must be an object")
    data: dict[str, DataValue] = {}
    for key, value in data_raw.items():
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            data[str(key)] = tuple(value)
        elif isinstance(value, str | int | bool):
            data[str(key)] = value
        else:
            raise ValueError(f"{where}.data.{key} must be a string, number, boolean or list of strings")
    related_raw = raw.get("related", [])
    if not isinstance(related_raw, list):
        raise ValueError(f"{where}.related must be a list")
    related = []
    for index, item in enumerate(related_raw):
        if (
            not isinstance(item, Mapping)
            or not isinstance(item.get("path"), str)
            or not isinstance(item.get("message"), str)
        ):
            raise ValueError(f"{where}.related[{index}] needs 'path' and 'message', strings")
        related.append(
            RelatedInformation(
                str(item["path"]),
                _position(item.get("start"), f"{where}.related[{index}].start"),
                _position(item.get("end"), f"{where}.related[{index}].end"),
                str(item["message"]),
            )
        )
    start = _position(raw.get("start"), f"{where}.start")
    end = _position(raw.get("end"), f"{where}.end")
    if end < start:
        raise ValueError(f"{where} ends before it starts")
    return Diagnostic(start, end, severity, message, source, code, data, tuple(related))


def _position(raw: object, where: str) -> Position:
    if (
        not isinstance(raw, list | tuple)
        or len(raw) != 2
        or not all(isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in raw)
    ):
        raise ValueError(f"{where} must be [line, column], two whole numbers from 0")
    return Position(int(raw[0]), int(raw[1]))


__all__ = [
    "Attempt",
    "Candidate",
    "Failure",
    "FixPlan",
    "FixProvider",
    "FixTask",
    "ModelProvider",
    "Progress",
    "Proposal",
    "SelfDebugResult",
    "SelfDebugSettings",
    "Unit",
    "list_fixable",
    "match_targets",
    "self_debug",
    "unit_for",
]


def _unit_label(name: str, first_line: int, last_line: int) -> str:
    lines = f"lines {first_line + 1}-{last_line + 1}"
    return name if name == lines else f"{name} ({lines})"
