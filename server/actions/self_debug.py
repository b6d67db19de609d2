"""Self-debug: fix a file's diagnostics, prove each fix on a shadow copy, offer only what was verified.

The loop (docs/self-debug.md): record the baseline diagnostics; take the targeted ones a group at a time
(the group of the smallest enclosing symbol for a model, one diagnostic for the offline provider; syntax
errors first, since they blind the other checkers); ask the provider for a fix; splice it into a shadow
text, never the user's file; `verify` it against the baseline; if a targeted diagnostic remains, a new one
appeared or a guard failed, tell the provider exactly that and ask again, up to `rounds` times (a model
may escalate to a second endpoint after a failed round). Verified fixes accumulate in the shadow; the
result is one `ProposedEdit` from the text that was read to the shadow, verified once more as a whole, or a
`Failure` that says why.

Listing what can be fixed (`list_fixable`, in fix_units.py) is instant and calls no model and no checker.
The run is async: cancelling its task cancels the model request (which closes its HTTP connection) and any
checker process.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archmem.indexer.context.redact import redact
from archmem.indexer.document import Document
from archmem.indexer.languages import SNIFF_BYTES, LanguageSpec, language_for
from archmem.indexer.workspace import Memory
from archmem.server.actions.confine import Scope
from archmem.server.actions.edits import ProposedEdit, apply_edits, diff_edits, text_hash
from archmem.server.actions.fix_types import (
    Attempt,
    Failure,
    FailureKind,
    FixProgress,
    FixProvider,
    FixTask,
    SelfDebugResult,
    SelfDebugSettings,
    Unit,
)
from archmem.server.actions.fix_units import is_syntax, unit_for
from archmem.server.actions.model_fix import ModelProvider
from archmem.server.actions.verify import Verification, describe, plural, verify
from archmem.server.checks import CheckerSpec, Diagnostic, Severity, check_text
from archmem.server.models import ModelError

_STREAM_REPORT = 400


# The loop --------------------------------------------------------------------------------------------


async def self_debug(
    memory: Memory,
    path: str,
    diagnostics: Sequence[Diagnostic] | None = None,
    *,
    provider: FixProvider,
    settings: SelfDebugSettings | None = None,
    on_progress: Callable[[FixProgress], None] | None = None,
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
        on_progress: Callable[[FixProgress], None] | None,
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
        self.on_progress(FixProgress(message, round_number, self.settings.rounds, left))

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
                report(FixProgress(message, round_number, self.settings.rounds, left))

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
        title = f"Fix {plural(len(fixed) + hidden_fixed, 'problem')}{scope} (verified: {summary})"
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
            title=f"Unverified attempt to fix {plural(count, 'problem')} ({verdict.summary})",
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


__all__ = ["feedback_lines", "match_targets", "self_debug"]
