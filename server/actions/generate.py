"""Generate: write code where it is still missing, and offer it only once it is verified.

Listing (`list_generate_targets`, in generate_targets.py) is instant and asks no model: stub bodies, TODO/FIXME comments and
selections become model targets; offline scaffolds (missing members, docstring and test skeletons) are
listed too. `generate` runs one target: a model target gets the packed context in generate mode and the
symbol's place in the architecture, its answer is spliced by syntax-node range (only the targeted
definition changes, indentation preserved) and verified like a self-debug candidate (syntax, pyflakes,
checkers, structural guards, plus: still the same definition with the same signature, no stub left); what
fails is fed back, up to `rounds` rounds. Scaffolds come from the memory alone and pass the same
verification.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.context import Packer
from archmem.indexer.document import Document
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME, SNIFF_BYTES, language_for
from archmem.indexer.positions import LineIndex
from archmem.indexer.symbols import SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.confine import Scope
from archmem.server.actions.edits import (
    ProposedEdit,
    TextEdit,
    apply_edits,
    replace_range,
    replace_symbol,
    text_hash,
    unified_diff,
)
from archmem.server.actions.facts import facts_text, gather, kind_name
from archmem.server.actions.generate_targets import (
    GenerateTarget,
    TargetKind,
    describe_targets,
    list_generate_targets,
)
from archmem.server.actions.locate import locate
from archmem.server.actions.prompt_log import PromptLog, PromptRecord
from archmem.server.actions.prompting import (
    MAX_CONTEXT_TOKENS,
    ProgressSink,
    TextSink,
    code_block,
    context_budget,
    later_rounds_reserve,
    message,
    send,
)
from archmem.server.actions.scaffold_docs import docstring_scaffold
from archmem.server.actions.scaffold_members import members_scaffold, missing_members
from archmem.server.actions.scaffold_tests import test_scaffold
from archmem.server.actions.scaffolds import Scaffold
from archmem.server.actions.stubs import stub_reason
from archmem.server.actions.verify import Verification, describe, verify
from archmem.server.checks import CheckerSpec, Diagnostic, check_text
from archmem.server.models import ChatMessage, ModelClient, ModelError, extract_code

DEFAULT_ROUNDS = 3
# A body written where a stub was may be long; a whole module is not a body.
_GENERATE_GROWTH = 32_768
NO_MODEL = (
    "this needs a model, and no model endpoint is configured for generate; offline, generate offers "
    "scaffolds: a class's missing members, docstring and test skeletons"
)

SYSTEM_PROMPT = """\
You write code into an existing codebase, in the style of the code around it. You are shown the facts \
about where the code sits in the architecture, taken from archmem's static index of the whole workspace, \
and the definitions it can use, packed to fit: a line holding only `…` stands for lines left out.

Reply with exactly one fenced code block and nothing after it. {shape}

Use only names that the context shows, the language's built-ins, or its standard library; if you need a \
module the file does not import, import it inside the new code. Write working code: no `pass`, `...`, \
TODO comments or not-implemented errors."""

_SHAPE_DEFINITION = (
    "The block holds the complete definition: its decorators and signature exactly as given, its "
    "documentation kept, and the new body."
)
_SHAPE_LINES = "The block holds only the code that replaces the selected lines, nothing around them."


@dataclass(frozen=True)
class Generated:
    """A verified edit. `creates_file`: the edit's path does not exist yet (its text starts empty)."""

    edit: ProposedEdit
    target: GenerateTarget
    creates_file: bool
    diff: str
    prompt: PromptRecord | None


@dataclass(frozen=True)
class GenerateFailure:
    """Nothing verified to offer: why, and the problems the last attempt still had."""

    message: str
    target: GenerateTarget
    rounds: int
    problems: tuple[str, ...]
    prompt: PromptRecord | None


# -- running ------------------------------------------------------------------------------------------


async def generate(
    memory: Memory,
    path: str,
    target: GenerateTarget,
    *,
    instruction: str | None = None,
    client: ModelClient | None = None,
    rounds: int = DEFAULT_ROUNDS,
    on_text: TextSink | None = None,
    on_progress: ProgressSink | None = None,
    prompt_log: PromptLog | None = None,
    packer: Packer | None = None,
    checkers: Sequence[CheckerSpec] = (),
    version: int | None = None,
    context_tokens: int | None = None,
    context_cap: int = MAX_CONTEXT_TOKENS,
    refuse_risky_calls: bool = False,
) -> Generated | GenerateFailure:
    """Fill `target` (from `list_generate_targets` on the same text) and return the verified edit.

    The model's code may change only the target (`confine.py`): the definition whose body it writes, or
    the selected lines; risky calls it adds are flagged in the edit's title, refused with
    `refuse_risky_calls`.

    `version` is the editor's version of the text the memory holds, carried into the edit so a stale one
    is refused. Cancelling the awaiting task cancels the model's request. Raises LocationError when the
    file left the memory and PromptTooLarge when the endpoint's window cannot hold the prompt.
    """
    progress = on_progress or _ignore
    where = locate(memory, path, 0, 0)
    # The version's identity as the listing read it: an edited buffer's index carries a token, not its text's hash
    # (hashing a large file at each keystroke), so the text's hash never matched after an incremental edit.
    if where.index.content_hash != target.content_hash:
        return GenerateFailure(
            f"{where.path} changed since this action was listed; ask for the code actions again",
            target,
            0,
            (),
            None,
        )
    symbol = where.index.by_id.get(target.symbol_id) if target.symbol_id else None
    if target.symbol_id and symbol is None:
        return GenerateFailure(f"`{target.symbol_id}` is no longer in {where.path}", target, 0, (), None)
    job = _Job(
        memory, where.index, where.text, target, symbol, checkers, version, progress, refuse_risky_calls
    )
    if not target.needs_model:
        return await job.scaffold()
    if client is None:
        return GenerateFailure(f"{target.title}: {NO_MODEL}", target, 0, (), None)
    rounds = max(1, rounds)
    return await job.with_model(
        client, instruction, rounds, on_text, prompt_log, packer, context_tokens, context_cap
    )


def _ignore(_message: str) -> None:
    return None


@dataclass
class _Attempt:
    after: bytes
    edit: TextEdit
    problems: list[str]
    verification: Verification | None


class _Job:
    """One generate run over one text."""

    def __init__(
        self,
        memory: Memory,
        index: FileIndex,
        text: bytes,
        target: GenerateTarget,
        symbol: SymbolNode | None,
        checkers: Sequence[CheckerSpec],
        version: int | None,
        progress: ProgressSink,
        refuse_risky: bool = False,
    ) -> None:
        self.memory = memory
        self.index = index
        self.text = text
        self.target = target
        self.symbol = symbol
        self.checkers = tuple(checkers)
        self.version = version
        self.progress = progress
        self.language = index.language
        self.refuse_risky = refuse_risky

    # -- scaffolds ----------------------------------------------------------------------------------

    async def scaffold(self) -> Generated | GenerateFailure:
        self.progress(f"generate: building the {self.target.kind} scaffold")
        built = self._build_scaffold()
        if built is None:
            return GenerateFailure(
                f"{self.target.title}: there is nothing to scaffold here any more", self.target, 0, (), None
            )
        before = built.before
        after = apply_edits(before, built.edits)
        self.progress("generate: verifying")
        baseline = await self._baseline(built.path, before) if before else ()
        verification = await verify(
            self.memory,
            built.path,
            before,
            after,
            baseline=baseline,
            targeted=(),
            checker_specs=self.checkers,
            root=str(self.memory.root),
            edits=built.changed_ranges,
        )
        problems = _problems(verification)
        if problems:
            return GenerateFailure(
                f"{self.target.title}: the scaffold does not pass verification, so it is not offered",
                self.target,
                0,
                tuple(problems),
                None,
            )
        summary = f"offline scaffold, verified: {self._verified_parts()}"
        edit = ProposedEdit(
            path=built.path,
            version=self.version if built.path == self.index.path else None,
            before_hash=text_hash(before),
            edits=built.edits,
            title=self.target.title,
            summary=summary,
            verified=True,
            rounds=0,
            detail=f"{built.description}; {_checked(verification, self._verified_parts())}",
        )
        diff = _diff(built.path, before, after, built.creates_file)
        return Generated(edit, self.target, built.creates_file, diff, None)

    def _build_scaffold(self) -> Scaffold | None:
        symbol = self.symbol
        if symbol is None:
            return None
        if self.target.kind == "members":
            missing = missing_members(self.memory, self.index, symbol)
            return members_scaffold(self.memory, self.index, self.text, symbol, missing)
        if self.target.kind == "docstring":
            return docstring_scaffold(self.index, self.text, symbol)
        return test_scaffold(self.memory, self.index, self.text, symbol)

    # -- the model loop -----------------------------------------------------------------------------

    async def with_model(
        self,
        client: ModelClient,
        instruction: str | None,
        rounds: int,
        on_text: TextSink | None,
        prompt_log: PromptLog | None,
        packer: Packer | None,
        context_tokens: int | None,
        context_cap: int,
    ) -> Generated | GenerateFailure:
        target = self.target
        self.progress("generate: reading the memory")
        baseline = await self._baseline(self.index.path, self.text)
        facts = await asyncio.to_thread(gather, self.memory, self.symbol) if self.symbol is not None else None
        shape = _SHAPE_LINES if self.symbol is None else _SHAPE_DEFINITION
        system = message("system", SYSTEM_PROMPT.format(shape=shape))
        question = self._question(instruction, facts_text(facts) if facts is not None else None)
        # Later rounds add the previous answer and the feedback on it.
        reserve = later_rounds_reserve(client.endpoint, rounds)
        budget = context_tokens or context_budget(
            client.endpoint, [system.content, question], reserve=reserve, cap=context_cap
        )
        self.progress("generate: packing context")
        line, col = LineIndex(self.text).point(min(target.anchor_byte, len(self.text)))
        context = await asyncio.to_thread(
            (packer or Packer(self.memory)).pack, self.index.path, line, col, budget, "generate"
        )
        first = message("user", f"{question}\n\n## Code\n\n{code_block(context.text, self.language)}")
        notes = [f"instruction from the user: {instruction}"] if instruction else []
        messages: list[ChatMessage] = [system, first]
        record: PromptRecord | None = None
        problems: list[str] = []
        for number in range(1, rounds + 1):
            self.progress(f"generate: round {number}/{rounds}, asking {client.endpoint.model}")
            try:
                completion, record = await send(
                    client,
                    "generate",
                    messages,
                    context=context,
                    log=prompt_log,
                    round_number=number,
                    notes=notes,
                    on_text=on_text,
                )
            except ModelError as err:
                return GenerateFailure(
                    f"{target.title}: {err.user_message}", target, number, tuple(problems), record
                )
            self.progress(f"generate: round {number}/{rounds}, verifying")
            attempt = await self._check(completion.text, completion.finish_reason, baseline, client)
            if not attempt.problems:
                return self._offer(attempt, number, record)
            problems = attempt.problems
            left = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} left"
            self.progress(f"generate: round {number}/{rounds}, {left}")
            # Only the latest attempt goes back: the prompt stays within the size it was budgeted for.
            messages = [
                system,
                first,
                message("assistant", completion.text),
                message("user", _feedback(problems)),
            ]
        return GenerateFailure(
            f"{target.title}: no verified code after {rounds} round{'s' if rounds != 1 else ''}; nothing is offered",
            target,
            rounds,
            tuple(problems),
            record,
        )

    def _question(self, instruction: str | None, facts: str | None) -> str:
        target, symbol = self.target, self.symbol
        lines = LineIndex(self.text)
        first = lines.point(target.start_byte)[0] + 1
        last = lines.point(target.end_byte)[0] + 1
        parts: list[str] = []
        if target.kind == "body" and symbol is not None:
            parts.append(
                f"Write the body of `{symbol.qualname}` ({kind_name(symbol)}) in {self.index.path}:{first}: "
                f"{target.reason}."
            )
        elif target.kind == "todo" and symbol is not None:
            parts.append(
                f"In `{symbol.qualname}` ({kind_name(symbol)}, {self.index.path}:{first}), write the code this "
                f"comment asks for, in place of the comment:\n{code_block(target.reason, self.language)}"
            )
        elif target.kind == "todo":
            parts.append(
                f"Write the code this comment at {self.index.path}:{first} asks for; it replaces the comment:"
                f"\n{code_block(target.reason, self.language)}"
            )
        else:
            parts.append(f"Write the code that replaces lines {first}-{last} of {self.index.path}.")
        if instruction:
            parts.append(f"The user asks: {instruction}")
        if facts is not None:
            parts.append("## Its place in the architecture (from archmem's index)")
            parts.append(facts)
        current = self.text[target.start_byte : target.end_byte].decode("utf-8", "replace")
        heading = "## The selected lines" if symbol is None else "## The definition to complete"
        parts.append(
            f"{heading}\n\n{code_block(_with_indent(self.text, target.start_byte, current), self.language)}"
        )
        return "\n\n".join(parts)

    async def _check(
        self, reply: str, finish_reason: str, baseline: Sequence[Diagnostic], client: ModelClient
    ) -> _Attempt:
        target = self.target
        empty = _Attempt(self.text, TextEdit(target.start_byte, target.start_byte, ""), [], None)
        if finish_reason == "length":
            empty.problems.append(
                f"the reply was cut off at the endpoint's limit of {client.endpoint.max_output_tokens} output "
                "tokens; write shorter code"
            )
            return empty
        code = extract_code(reply, self.language)
        if code is None or not code.code.strip():
            empty.problems.append("the reply holds no complete fenced code block")
            return empty
        if self.symbol is not None:
            edit = replace_symbol(self.text, self.symbol, code.code)
        else:
            edit = replace_range(self.text, target.start_byte, target.end_byte, code.code)
        after = apply_edits(self.text, [edit])
        problems = self._own_checks(after, edit)
        verification = await verify(
            self.memory,
            self.index.path,
            self.text,
            after,
            baseline=baseline,
            targeted=(),
            checker_specs=self.checkers,
            root=str(self.memory.root),
            edits=[edit],
            scope=self._scope(),
            refuse_risky=self.refuse_risky,
        )
        problems.extend(_problems(verification))
        return _Attempt(after, edit, problems, verification)

    def _scope(self) -> Scope:
        """What the model's code may change: the definition being completed, or the selected lines."""
        target, symbol = self.target, self.symbol
        if symbol is not None:
            name = f"{kind_name(symbol)} '{symbol.qualname}'"
            return Scope(symbol.start_byte, symbol.end_byte, name, symbol.id, min_growth=_GENERATE_GROWTH)
        lines = LineIndex(self.text)
        first, last = lines.point(target.start_byte)[0] + 1, lines.point(target.end_byte)[0] + 1
        name = f"lines {first}-{last}"
        return Scope(target.start_byte, target.end_byte, name, may_define=True, min_growth=_GENERATE_GROWTH)

    def _own_checks(self, after: bytes, edit: TextEdit) -> list[str]:
        """What a verified edit must also be for generate: the same definition, signature kept, filled."""
        symbol = self.symbol
        if symbol is None:
            return []
        spec = language_for(self.index.path, after[:SNIFF_BYTES])
        if spec is None:
            return []
        document = Document(self.index.path, spec, after)
        if document.tree.root_node.has_error:
            return []  # the syntax check reports it with a position
        now = [
            s
            for s in document.index.by_qualname.get(symbol.qualname, [])
            if edit.start_byte <= s.start_byte <= edit.start_byte + len(edit.new_text.encode("utf-8"))
        ]
        if not now:
            return [f"the code must define `{symbol.qualname}` (the {kind_name(symbol)} being completed)"]
        new = now[0]
        problems: list[str] = []
        if _normal(new.signature) != _normal(symbol.signature):
            problems.append(
                f"keep the signature exactly as it was: `{symbol.signature}` (got `{new.signature}`)"
            )
        if [_normal(d) for d in new.decorators] != [_normal(d) for d in symbol.decorators]:
            kept = " ".join(symbol.decorators) or "none"
            problems.append(f"keep the decorators exactly as they were: {kept}")
        reason = stub_reason(self.language, document.tree, after, new)
        if reason is not None:
            problems.append(f"the new `{symbol.name}` is still a stub: {reason}")
        if self.target.kind == "todo":
            written = after[new.start_byte : new.end_byte].decode("utf-8", "replace")
            marker = self.target.reason.split("\n")[0]
            if marker and marker in written:
                problems.append(
                    f"the comment `{marker}` is still there: replace it with the code it asks for"
                )
        return problems

    def _offer(self, attempt: _Attempt, rounds: int, record: PromptRecord | None) -> Generated:
        verification = attempt.verification
        detail = _checked(verification, self._verified_parts()) if verification is not None else ""
        flags = verification.flags if verification is not None else ()
        title = self.target.title
        summary = f"verified: {self._verified_parts()}, {rounds} round{'s' if rounds != 1 else ''}"
        if flags:
            # A risky call the code may need is shown where the user decides: title, label and detail.
            title = f"{title} " + "; ".join(flags)
            summary = f"{summary}; " + "; ".join(flags)
            detail = "\n".join([*flags, detail])
        edit = ProposedEdit(
            path=self.index.path,
            version=self.version,
            before_hash=text_hash(self.text),
            edits=(attempt.edit,),
            title=title,
            summary=summary,
            verified=True,
            rounds=rounds,
            detail=detail,
        )
        diff = _diff(self.index.path, self.text, attempt.after, False)
        return Generated(edit, self.target, False, diff, record)

    def _verified_parts(self) -> str:
        parts = ["parses"]
        if BY_NAME[self.language].pyflakes:
            parts.append("no new pyflakes problems")
        names = ", ".join(spec.name for spec in self.checkers)
        if names:
            parts.append(f"no new {names} problems")
        parts.append("nothing else changed")
        return ", ".join(parts)

    async def _baseline(self, path: str, text: bytes) -> tuple[Diagnostic, ...]:
        spec = language_for(path, text[:SNIFF_BYTES])
        if spec is None:
            return ()
        tree = spec.parse(text)
        report = await check_text(
            str(self.memory.abspath(path)), text, spec.name, tree, self.checkers, str(self.memory.root)
        )
        return report.diagnostics


def _problems(verification: Verification) -> list[str]:
    problems = [describe(d) for d in verification.new]
    problems.extend(verification.guard_failures)
    problems.extend(f"a checker could not run: {error}" for error in verification.checker_errors)
    return problems


def _checked(verification: Verification, parts: str) -> str:
    remaining = len(verification.remaining)
    before = f"; {remaining} problems that were in the file before remain" if remaining else ""
    return f"checked on a shadow copy: {parts}{before}"


def _feedback(problems: Sequence[str]) -> str:
    listed = "\n".join(f"- {p}" for p in problems)
    return (
        "Your code was spliced into the file and checked. It is not accepted yet:\n"
        f"{listed}\n\n"
        "Reply with the corrected code in one fenced code block, in the same shape as before."
    )


def _with_indent(text: bytes, start: int, code: str) -> str:
    """The code as it sits in the file: its first line keeps the indentation before `start`."""
    line_start = text.rfind(b"\n", 0, start) + 1
    prefix = text[line_start:start].decode("utf-8", "replace")
    return (prefix if not prefix.strip() else "") + code


def _normal(signature: str) -> str:
    return " ".join(signature.split()).replace("( ", "(").replace(" )", ")").rstrip(",")


def _diff(path: str, before: bytes, after: bytes, creates_file: bool) -> str:
    diff = unified_diff(path, before, after)
    if creates_file and diff.startswith(f"--- a/{path}\n"):
        diff = "--- /dev/null\n" + diff[len(f"--- a/{path}\n") :]
    return diff


# GenerateTarget, TargetKind, list_generate_targets and describe_targets live in generate_targets.py; the
# LSP adapter and the command line import them from here.
__all__ = [
    "DEFAULT_ROUNDS",
    "GenerateFailure",
    "GenerateTarget",
    "Generated",
    "TargetKind",
    "describe_targets",
    "generate",
    "list_generate_targets",
]
