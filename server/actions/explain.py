"""Explain: the symbol or selection at a position, told by a model that is shown the code's place in the
architecture (owner, callers, callees, dependencies, overrides, call sites) and packed context; or, with no
model, a structured explanation rendered from the memory alone and labelled offline."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.context import PackedContext, Packer
from archmem.indexer.symbols import CALLABLE_KINDS, SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.facts import (
    DEFAULT_SEARCH_S,
    SHOWN_CODE,
    SymbolFacts,
    at,
    code_span,
    facts_text,
    gather,
    kind_name,
    owner_names,
    role,
)
from archmem.server.actions.locate import FileRange, locate, symbol_at_cursor, symbols_in_selection
from archmem.server.actions.prompt_log import PromptLog, PromptRecord, fenced
from archmem.server.actions.prompting import (
    MAX_CONTEXT_TOKENS,
    ProgressSink,
    TextSink,
    code_block,
    context_budget,
    message,
    send,
)
from archmem.server.models import ModelClient, ModelError

OFFLINE_NO_MODEL = "no model endpoint is configured for explain"
# Offline, the memory is all the user gets and no model is kept waiting: search longer for users.
OFFLINE_SEARCH_S = 0.5
# Selections longer than this are shown to the model through the packed context only.
_MAX_SELECTION_LINES = 400

SYSTEM_PROMPT = """\
You explain code to a developer who works in this codebase. You are given facts about the code's place in \
the architecture, taken from archmem's static index of the whole workspace, and the relevant code, packed \
to fit: a line holding only `…` stands for lines left out.

Answer in GitHub-flavoured Markdown, concisely:
1. What it is for, in one or two sentences.
2. How it works: the key steps and decisions, not a line-by-line paraphrase.
3. How it fits in: who uses it and what it relies on, naming the files and lines given in the facts.
4. What is worth knowing before changing it: edge cases, side effects, errors, cost.

Use only names that appear in the facts or the code, and say so when something cannot be known from them. \
Do not repeat the code back."""


# How the footer tells the user to see the prompt: the command exists in an editor; the CLI passes its flag.
PROMPT_HINT_EDITOR = "run the command `archmem.showLastPrompt`"


@dataclass(frozen=True)
class Explanation:
    """The markdown to show; `offline` when the memory alone wrote it; `error` says why a model that was asked
    gave no answer (the offline explanation stands in for it)."""

    markdown: str
    offline: bool
    symbol_id: str | None
    prompt: PromptRecord | None
    title: str
    error: str | None = None


@dataclass(frozen=True)
class _Subject:
    """What is being explained: the located text, its symbols and their facts."""

    where: FileRange
    symbols: tuple[SymbolNode, ...]
    facts: tuple[SymbolFacts, ...]
    title: str


async def explain(
    memory: Memory,
    path: str,
    line0: int,
    col_byte: int,
    *,
    end: tuple[int, int] | None = None,
    client: ModelClient | None = None,
    on_text: TextSink | None = None,
    on_progress: ProgressSink | None = None,
    prompt_log: PromptLog | None = None,
    packer: Packer | None = None,
    context_tokens: int | None = None,
    context_cap: int = MAX_CONTEXT_TOKENS,
    offline_reason: str = OFFLINE_NO_MODEL,
    prompt_hint: str = PROMPT_HINT_EDITOR,
) -> Explanation:
    """Explain the symbol at (0-based line, UTF-8 byte column) of `path`, or the selection up to `end`.

    With `client` None the explanation is rendered offline from the memory. Model failures come back as an
    offline explanation with `error` set; cancelling the awaiting task cancels the model's request.
    Raises LocationError for a file the memory does not hold and PromptTooLarge for an endpoint whose
    window cannot hold a prompt.
    """
    progress = on_progress or _ignore
    progress("explain: reading the memory")
    # Resolution and reference search can take a while on a large workspace: keep the event loop free.
    search_s = OFFLINE_SEARCH_S if client is None else DEFAULT_SEARCH_S
    subject = await asyncio.to_thread(_subject, memory, path, line0, col_byte, end, search_s)
    symbol_id = subject.symbols[0].id if subject.symbols else None
    if client is None:
        return Explanation(render_offline(subject, offline_reason), True, symbol_id, None, subject.title)

    system = message("system", SYSTEM_PROMPT)
    question = _question(subject)
    budget = context_tokens or context_budget(client.endpoint, [system.content, question], cap=context_cap)
    progress("explain: packing context")
    context = await asyncio.to_thread(_pack, packer or Packer(memory), subject, budget)
    user = message("user", f"{question}\n\n## Code\n\n{code_block(context.text, subject.facts[0].language)}")
    progress(f"explain: asking {client.endpoint.model}")
    try:
        completion, record = await send(
            client, "explain", [system, user], context=context, log=prompt_log, on_text=on_text
        )
    except ModelError as err:
        note = f"The model could not explain this: {err.user_message}"
        # The offline explanation is all the user gets now: search for users as long as it would offline.
        subject = await asyncio.to_thread(_subject, memory, path, line0, col_byte, end, OFFLINE_SEARCH_S)
        markdown = render_offline(subject, note)
        last = prompt_log.last if prompt_log is not None else None
        return Explanation(markdown, True, symbol_id, last, subject.title, error=err.user_message)
    markdown = _online_markdown(
        subject, completion.text, completion.finish_reason, client, context, prompt_hint
    )
    return Explanation(markdown, False, symbol_id, record, subject.title)


def _ignore(_message: str) -> None:
    return None


def _subject(
    memory: Memory, path: str, line0: int, col_byte: int, end: tuple[int, int] | None, search_s: float
) -> _Subject:
    where = locate(memory, path, line0, col_byte, end)
    symbols = symbols_in_selection(where) if where.is_selection else [symbol_at_cursor(memory, where)]
    facts = tuple(gather(memory, s, search_s=search_s) for s in symbols)
    if where.is_selection:
        first, last = where.lines.point(where.start_byte)[0] + 1, where.lines.point(where.end_byte)[0] + 1
        title = f"the selection {where.path}:{first}-{last}"
    else:
        s = symbols[0]
        title = (
            f"`{s.qualname}` ({kind_name(s)})"
            if s.kind is not SymbolKind.MODULE
            else f"module `{s.qualname}`"
        )
    return _Subject(where, tuple(symbols), facts, title)


def _pack(packer: Packer, subject: _Subject, budget: int) -> PackedContext:
    where = subject.where
    if where.is_selection:
        line, col = where.lines.point(where.start_byte)
        return packer.pack(where.path, line, col, budget, "edit")
    s = subject.symbols[0]
    if s.kind in CALLABLE_KINDS or s.kind is SymbolKind.MODULE:
        line, col = s.name_start
    else:
        # The window grows three lines up for each line down: a cursor three quarters of the way into a
        # class shows as much of it as the budget allows.
        line, col = s.start[0] + (s.end[0] - s.start[0]) * 3 // 4, 0
    return packer.pack(s.path, line, col, budget, "edit")


def _question(subject: _Subject) -> str:
    where = subject.where
    parts: list[str] = []
    if where.is_selection:
        selected = _selected_text(where)
        parts.append(f"Explain {subject.title}.")
        if selected.count("\n") <= _MAX_SELECTION_LINES:
            parts.append(code_block(selected, subject.facts[0].language))
        names = ", ".join(f"`{s.qualname}`" for s in subject.symbols if s.kind is not SymbolKind.MODULE)
        if names:
            parts.append(f"The selection lies in {names}.")
    else:
        s = subject.symbols[0]
        parts.append(f"Explain {subject.title}, defined at {s.path}:{s.name_start[0] + 1}.")
    parts.append("## Its place in the architecture (from archmem's index)")
    parts.extend(facts_text(f) for f in subject.facts)
    return "\n\n".join(parts)


def _online_markdown(
    subject: _Subject,
    answer: str,
    finish_reason: str,
    client: ModelClient,
    context: PackedContext,
    prompt_hint: str,
) -> str:
    out = [f"# Explanation of {subject.title}", "", answer.strip(), ""]
    if finish_reason == "length":
        out.append(
            f"*The answer was cut off at the endpoint's limit of {client.endpoint.max_output_tokens} output "
            "tokens (maxOutputTokens).*"
        )
        out.append("")
    out.append("---")
    out.append(
        f"*Explained by `{client.endpoint.model}` (endpoint `{client.endpoint.name}`) with archmem's memory of "
        f"the workspace and {context.tokens} tokens of packed code; to see the prompt, {prompt_hint}.*"
    )
    return "\n".join(out) + "\n"


def render_offline(subject: _Subject, reason: str) -> str:
    """A structured explanation from the memory alone, labelled offline."""
    where = subject.where
    out = [f"# Offline explanation of {subject.title}", ""]
    out.append(
        f"> **Offline:** written from archmem's memory of the workspace; no model was asked ({reason})."
    )
    out.append("")
    if where.is_selection:
        selected = _selected_text(where)
        if selected.count("\n") <= _MAX_SELECTION_LINES:
            out.append(fenced(selected, subject.facts[0].language))
            out.append("")
    for facts in subject.facts:
        out.extend(_offline_symbol(facts, heading=where.is_selection))
    return "\n".join(out).rstrip("\n") + "\n"


def _selected_text(where: FileRange) -> str:
    """The selection as it reads in the file: a first line's indentation kept, the block then dedented."""
    line_start = where.text.rfind(b"\n", 0, where.start_byte) + 1
    before = where.text[line_start : where.start_byte]
    prefix = before if not before.strip() else b""
    return textwrap.dedent(
        (prefix + where.text[where.start_byte : where.end_byte]).decode("utf-8", "replace")
    )


def _offline_symbol(facts: SymbolFacts, *, heading: bool) -> list[str]:
    s = facts.symbol
    out: list[str] = []
    if heading:
        out.append(f"## `{s.qualname or s.path}` ({kind_name(s)})")
        out.append("")
    out.append(f"**Role:** {role(facts)}.")
    out.append("")
    if s.kind is not SymbolKind.MODULE:
        out.append(fenced(s.signature, facts.language))
        out.append("")
    if s.doc:
        out.append(s.doc)
        out.append("")
    inside = f", inside {owner_names(facts.owners)}" if facts.owners else ""
    out.append(f"**Defined at** `{s.path}:{s.name_start[0] + 1}`{inside}, module `{facts.module}`.")
    out.append("")
    is_module = s.kind is SymbolKind.MODULE
    groups: Sequence[tuple[str, Sequence[SymbolNode], int]] = (
        ("Bases", facts.bases, len(facts.bases)),
        ("Top-level definitions" if is_module else "Members", facts.members, len(facts.members)),
        ("Calls", facts.calls, len(facts.calls)),
        ("Depends on", facts.depends_on, len(facts.depends_on)),
        ("Used by", facts.callers, facts.callers_total),
    )
    level = "###" if heading else "##"
    for label, symbols, total in groups:
        if not symbols:
            continue
        probable = (
            f", {facts.probable_callers} probable" if label == "Used by" and facts.probable_callers else ""
        )
        out.append(f"{level} {label} ({total}{probable})")
        out.append("")
        out.extend(_item(x) for x in symbols)
        if total > len(symbols):
            out.append(f"- … and {total - len(symbols)} more")
        out.append("")
    if facts.sites:
        out.append(f"{level} Where used ({facts.sites_total})")
        out.append("")
        for site in facts.sites:
            within = f" in `{site.within}`" if site.within else ""
            out.append(f"- `{site.path}:{site.line}`{within}: {code_span(site.text, SHOWN_CODE)}")
        if facts.sites_total > len(facts.sites):
            out.append(f"- … and {facts.sites_total - len(facts.sites)} more")
        out.append("")
    related = [
        *(f"overrides {_item(x)[2:]}" for x in facts.overrides),
        *(f"overridden by {_item(x)[2:]}" for x in facts.overridden_by),
        *(f"subclassed by {_item(x)[2:]}" for x in facts.subclasses),
    ]
    if related:
        out.append(f"{level} Related definitions")
        out.append("")
        out.extend(f"- {line}" for line in related)
        out.append("")
    return out


def _item(s: SymbolNode) -> str:
    return f"- `{s.qualname}` ({kind_name(s)}, `{at(s)}`): {code_span(s.signature, SHOWN_CODE)}"
