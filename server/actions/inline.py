"""Inline completion: a fill-in-the-middle prompt from the memory, the model call, and the suggestion's cleanup.

`prompt_at` builds the prompt (prefix and suffix around the cursor, plus the packed context: the definitions
the code around the cursor uses, wherever they are, and generate mode's predictions), `ask` sends it (the
completions endpoint with `suffix`, the model family's FIM tokens, or a chat fallback), and `finish` turns
the answer into what the editor shows: cut to a line or a block, the text after the cursor not repeated,
re-indented, and dropped when its splice adds a syntax error. `SuggestionCache` lets typing through a
suggestion reuse it. No LSP here: `server/lsp/inline.py` is the adapter.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from archmem.indexer.context.pack import Packer
from archmem.indexer.context.redact import redact
from archmem.indexer.context.tokens import RememberedCounts, tokenizer
from archmem.indexer.languages import LanguageSpec
from archmem.indexer.symbols import CALLABLE_KINDS, SymbolKind
from archmem.indexer.workspace import Memory
from archmem.server.models.client import ModelClient
from archmem.server.models.messages import ChatMessage

from .inline_withheld import withheld
from .splice_syntax import adds_syntax_error

Shape = Literal["line", "block"]

PREFIX_TOKENS = 1024
SUFFIX_TOKENS = 256
# Bytes read around the cursor per token of the budget before counting: code runs 3 to 5 bytes a token,
# and counting a 700 KB file's prefix would cost more than the whole completion may.
_BYTES_PER_TOKEN = 5
_BLOCK_LINES = 12
_HEADER_END = re.compile(r"(?::|\{|\(|\[|=>|->|\bdo|\bthen)\s*(?:#.*|//.*)?$")
_CLOSERS_ONLY = re.compile(r"^[\s)\]}>;,'\"`]*$")


@dataclass(frozen=True)
class FimTemplate:
    """How a model family spells fill-in-the-middle: `text` holds {prefix} and {suffix}."""

    family: str
    pattern: str  # matched (case-insensitively) against the model's name
    text: str
    stop: tuple[str, ...]


# docs/models.md has this table; `completion.fimTemplates` adds to it (and wins on a matching name).
TEMPLATES: tuple[FimTemplate, ...] = (
    FimTemplate(
        "Qwen2.5-Coder",
        r"qwen.*coder",
        "<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>",
        ("<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|im_end|>"),
    ),
    FimTemplate(
        "DeepSeek-Coder",
        r"deepseek.*coder",
        "<｜fim▁begin｜>{prefix}<｜fim▁hole｜>{suffix}<｜fim▁end｜>",
        ("<｜end▁of▁sentence｜>", "<|EOT|>"),
    ),
    FimTemplate(
        "StarCoder2",
        r"starcoder",
        "<fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>",
        ("<|endoftext|>", "<file_sep>"),
    ),
    FimTemplate("Codestral", r"codestral", "[SUFFIX]{suffix}[PREFIX]{prefix}", ("</s>",)),
    FimTemplate("CodeLlama", r"code-?llama", "<PRE> {prefix} <SUF>{suffix} <MID>", ("<EOT>", "</s>")),
)


def templates_from(raw: object) -> tuple[tuple[FimTemplate, ...], list[str]]:
    """The user's templates (`{"<model pattern>": {"template": "...", "stop": [...]}}`) and what was wrong."""
    if raw is None:
        return (), []
    if not isinstance(raw, Mapping):
        return (), ["archmem.completion.fimTemplates: must be an object of model patterns; ignored"]
    out: list[FimTemplate] = []
    problems: list[str] = []
    for pattern, value in raw.items():
        where = f"archmem.completion.fimTemplates.{pattern}"
        text = value.get("template") if isinstance(value, Mapping) else None
        stop = value.get("stop", []) if isinstance(value, Mapping) else None
        if not isinstance(text, str) or "{prefix}" not in text or "{suffix}" not in text:
            problems.append(f"{where}: needs a template holding {{prefix}} and {{suffix}}; ignored")
            continue
        if not isinstance(stop, list) or not all(isinstance(s, str) for s in stop):
            problems.append(f"{where}.stop: must be a list of strings; ignored")
            continue
        try:
            re.compile(str(pattern))
        except re.error as err:
            problems.append(f"{where}: not a regular expression ({err}); ignored")
            continue
        out.append(FimTemplate(str(pattern), str(pattern), text, tuple(stop)))
    return tuple(out), problems


def template_for(model: str, extra: Sequence[FimTemplate] = ()) -> FimTemplate | None:
    for template in (*extra, *TEMPLATES):
        if re.search(template.pattern, model, re.IGNORECASE):
            return template
    return None


@dataclass(frozen=True)
class FimPrompt:
    """What the model is asked to fill, and how the answer is to be cut."""

    context: str  # packed context, as comment lines of the file's language ("" without the memory's)
    prefix: str
    suffix: str
    shape: Shape
    indent: str  # the indentation of the cursor's block
    after: str  # the rest of the cursor's line
    context_tokens: int

    @property
    def prompt_tokens(self) -> int:
        """The prompt's token count. Counted when asked, not on every request: no request needs it, and
        counting the prefix and suffix once more was a fifth of archmem's own part of a request."""
        counter = tokenizer()
        return self.context_tokens + counter.count(self.prefix) + counter.count(self.suffix)

    @property
    def before(self) -> str:
        return self.context + self.prefix

    @property
    def stop(self) -> tuple[str, ...]:
        return ("\n",) if self.shape == "line" else ("\n\n\n",)


def prompt_at(
    memory: Memory,
    packer: Packer | None,
    path: str,
    text: bytes,
    byte: int,
    context_budget: int,
    contexts: ContextCache | None = None,
) -> FimPrompt:
    """The FIM prompt at `byte` of `path` (current text `text`); `packer` None or a zero budget: no context.
    `contexts` keeps packed contexts per function while the text outside it and the other files hold. Raises PermissionError for an
    excluded file (nothing of it may reach a model)."""
    reason = memory.is_excluded(path)
    if reason:
        raise PermissionError(f"{path} is excluded from model context ({reason})")
    counter = tokenizer()
    line_start = text.rfind(b"\n", 0, byte) + 1
    line_end = text.find(b"\n", byte)
    line_end = len(text) if line_end < 0 else line_end
    head = text[line_start:byte].decode("utf-8", "replace")
    after = text[byte:line_end].decode("utf-8", "replace")
    # The packer's remembered counts where they count alike: fitting the prefix counted its 5 KB whole two
    # or three times at every request, where now most of its lines are remembered.
    remembered = packer.counter if packer is not None else counter
    alike = isinstance(remembered, RememberedCounts) and remembered.name == counter.name
    counts = (
        remembered.leading
        if isinstance(remembered, RememberedCounts) and alike
        else _joined_counts(counter.count)
    )
    prefix = _last_lines(text, line_start, counts, PREFIX_TOKENS) + head
    suffix = after + _first_lines(text, line_end, counts, SUFFIX_TOKENS)
    prefix, _ = redact(prefix)
    suffix, _ = redact(suffix)
    shape, indent = _shape(text, line_start, head, after)
    context, context_tokens = "", 0
    if packer is not None and context_budget > 0:
        context, context_tokens = packed_context(memory, packer, path, text, byte, context_budget, contexts)
    return FimPrompt(context, prefix, suffix, shape, indent, after, context_tokens)


def is_kept(
    memory: Memory, path: str, text: bytes, byte: int, context_budget: int, contexts: ContextCache
) -> bool:
    """Whether `contexts` keeps the packed context at `byte` of `text` (`packed_context` would not pack)."""
    at = _context_key(memory, path, text, byte, context_budget)
    return contexts.get(at, text, _elsewhere(memory, path)) is not None


def packed_context(
    memory: Memory,
    packer: Packer,
    path: str,
    text: bytes,
    byte: int,
    context_budget: int,
    contexts: ContextCache | None = None,
) -> tuple[str, int]:
    """The prompt's packed context at `byte` (commented in the file's language) and its tokens: the one
    `contexts` keeps for the cursor's function while what it was packed from holds, else packed now (and
    kept). `inline_ahead.prepare` asks it before the request, at a quiet moment."""
    at = _context_key(memory, path, text, byte, context_budget)
    elsewhere = _elsewhere(memory, path)
    kept = contexts.get(at, text, elsewhere) if contexts is not None else None
    if kept is None:
        line_start = text.rfind(b"\n", 0, byte) + 1
        line = text.count(b"\n", 0, byte)
        # The cursor's own function is left out: the prefix and suffix carry it, current.
        packed = packer.pack(
            path, line, byte - line_start, budget=context_budget, mode="generate", show_window=False
        )
        kept = (_commented(packed.text, memory.spec(path)), packed.tokens)
        if contexts is not None:
            contexts.put(at, text, elsewhere, kept)
    return kept


def completion_packer(memory: Memory) -> Packer:
    """The packer completion keeps for a memory: its counts are remembered by text (every packer's are,
    `tokens.RememberedCounts`), so its line costs outlive the edits that change a file's hash and the first
    request in a function after an edit elsewhere does not count the file's lines again."""
    return Packer(memory)


def warm_counts(packer: Packer, text: bytes, quiet: Callable[[], bool] = lambda: True) -> int:
    """The idle pass after didOpen, for completion: the opened file's lines and runs of lines counted into
    the completion packer's remembered counts (`RememberedCounts.learn`); how many texts were new. The lines
    reversed too: the prompt's prefix is fitted with its lines in reverse order (`_last_lines`), so its runs of
    lines are those of the reversed text (a line with the blank lines above it), ~10 texts a request else."""
    counter = packer.counter
    if not isinstance(counter, RememberedCounts):
        return 0
    decoded = text.decode("utf-8", "replace")
    learned = counter.learn(decoded, quiet)
    return learned + counter.learn("".join(reversed(decoded.splitlines(keepends=True))), quiet)


class ContextCache:
    """Packed contexts by the function the cursor is in, kept while what they were packed from holds: the
    file's text outside that function (byte for byte) and every other file's memory. Keystrokes inside one
    function need the same definitions from elsewhere, and packing a large file costs tens of milliseconds;
    the context leaves the function itself out, and the prompt's prefix and suffix, built fresh for every
    request, carry its current text. Not kept by the clock: a user who pauses and types again in the same
    function gets the same context without a repack, and an edit elsewhere (in the file or another one)
    is never answered from a context packed before it."""

    def __init__(self, kept: int = 32) -> None:
        self._kept = kept
        self._entries: dict[tuple[object, ...], _Kept] = {}

    def get(self, at: ContextKey, text: bytes, elsewhere: int) -> tuple[str, int] | None:
        found = self._entries.get(at.key)
        if found is None or found.elsewhere != elsewhere or not found.holds(at.start, text):
            return None
        found.follow(at.end, text)
        return found.value

    def put(self, at: ContextKey, text: bytes, elsewhere: int, value: tuple[str, int]) -> None:
        # The file's other contexts packed from an older text: kept only where that text's edits are all
        # inside their own function (then they read this text from now on), so that a path holds one text.
        for key, entry in list(self._entries.items()):
            if key[:2] == at.key[:2] and entry.text is not text:
                if entry.holds(entry.start, text):
                    entry.follow(entry.end + len(text) - len(entry.text), text)
                else:
                    del self._entries[key]
        self._entries[at.key] = _Kept(at.start, at.end, text, elsewhere, value)
        while len(self._entries) > self._kept:
            self._entries.pop(next(iter(self._entries)))

    def held(self) -> tuple[int, int]:
        """How many contexts are kept, and their characters: what the cache holds beside the texts (shared with
        the memory's documents)."""
        return len(self._entries), sum(len(entry.value[0]) for entry in self._entries.values())


@dataclass(frozen=True)
class ContextKey:
    """What decides a packed context (`key`) and the bytes `start`..`end` of the text it leaves to the
    prompt's prefix and suffix: the outermost function around the cursor (else the definition holding it;
    at the top level, the 2 KB stretch of the cursor)."""

    key: tuple[object, ...]
    start: int
    end: int


@dataclass
class _Kept:
    """A packed context and the text it was packed from: outside `start`..`end` it must stay the same."""

    start: int
    end: int
    text: bytes
    elsewhere: int
    value: tuple[str, int]

    def holds(self, start: int, text: bytes) -> bool:
        """Whether `text` differs from the kept text only inside the kept span (which starts at `start`)."""
        if start != self.start:
            return False
        if text is self.text:
            return True
        tail = len(self.text) - self.end
        # Compared through views of the kept text: slicing both texts would copy up to the whole file
        # twice a keystroke (0.4 ms for 700 KB, against 12 us).
        kept = memoryview(self.text)
        return len(text) - tail >= start and text.startswith(kept[:start]) and text.endswith(kept[self.end :])

    def follow(self, end: int, text: bytes) -> None:
        """Read `text` from now on (the same outside the span, which now ends at `end`)."""
        self.end, self.text = end, text


def _elsewhere(memory: Memory, path: str) -> int:
    """What the other files' memory is: the memory's changes but this buffer's own edits (a context packed
    before a stored file or another buffer changed may name what they no longer hold)."""
    return memory.changes_elsewhere(memory.relpath(path))


def _context_key(memory: Memory, path: str, text: bytes, byte: int, budget: int) -> ContextKey:
    """The outermost function around `byte` (else the definition holding it; at the top level, the 2 KB
    stretch of the cursor): what decides the packed context's definitions."""
    index = memory.file(path)
    # The code just before the cursor decides: a blank line at the end of a body is still in it.
    probe = byte
    while probe > 0 and text[probe - 1 : probe].isspace():
        probe -= 1
    holder = index.symbol_at(max(0, probe - 1)) if index is not None else None
    if index is None or holder is None or holder.kind is SymbolKind.MODULE:
        stretch = byte // 2000
        start = text.rfind(b"\n", 0, stretch * 2000) + 1
        end = text.find(b"\n", (stretch + 1) * 2000)
        end = len(text) if end < 0 else end
        return ContextKey((memory.root, path, budget, "", stretch), start, max(end, byte))
    callables = [s for s in [holder, *index.enclosing(holder)] if s.kind in CALLABLE_KINDS]
    outer = callables[-1] if callables else holder
    # Up to the cursor at least: on a blank line after the function's last statement the cursor (and what
    # is typed there) is past the function's end, and still the function's.
    return ContextKey(
        (memory.root, path, budget, outer.qualname, outer.start[0]),
        outer.start_byte,
        max(outer.end_byte, byte),
    )


def _last_lines(text: bytes, end: int, counts: _Leading, budget: int) -> str:
    start = text.rfind(b"\n", 0, max(0, end - budget * _BYTES_PER_TOKEN)) + 1
    lines = text[start:end].decode("utf-8", "replace").splitlines(keepends=True)
    lines.reverse()
    return "".join(_fitted(lines, counts, budget)[::-1])


def _first_lines(text: bytes, start: int, counts: _Leading, budget: int) -> str:
    end = text.find(b"\n", start + budget * _BYTES_PER_TOKEN)
    lines = text[start : len(text) if end < 0 else end].decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(_fitted(lines, counts, budget))


# What counts the leading lines of a list: `k -> count("".join(lines[:k]))` (`RememberedCounts.leading`).
_Leading = Callable[[Sequence[str]], Callable[[int], int]]


def _fitted(lines: list[str], counts: _Leading, budget: int) -> list[str]:
    """Whole lines, in the order given, as many as fit in `budget` tokens. Counted as the joined text, a few
    times at most, each a leading part of the lines (`RememberedCounts.leading` reads their runs once)."""
    count = counts(lines)
    ends = [0, *accumulate(map(len, lines))]
    kept = len(lines)
    tokens = count(kept)
    while kept and tokens > budget:
        # Keep about the share of characters that fits, a little less each round: the most leading lines
        # whose characters are within it (else one line less).
        chars = ends[kept] * budget / tokens * 0.95
        taken = bisect_right(ends, chars, 0, kept + 1) - 1
        kept = taken if taken < kept else kept - 1
        tokens = count(kept)
    return lines[:kept]


def _joined_counts(count: Callable[[str], int]) -> _Leading:
    """`_Leading` for a tokenizer whose counts are not remembered: each leading part joined and counted."""
    return lambda lines: lambda k: count("".join(lines[:k]))


def _shape(text: bytes, line_start: int, head: str, after: str) -> tuple[Shape, str]:
    """Mid-line: the rest of the line. A blank line after a block header (or in an empty body): a block."""
    indent = head[: len(head) - len(head.lstrip())]
    if head.strip() or not _CLOSERS_ONLY.match(after):
        return "line", indent
    previous = text[: max(0, line_start - 1)].rstrip()
    last_line = previous[previous.rfind(b"\n") + 1 :].decode("utf-8", "replace")
    if _HEADER_END.search(last_line.rstrip()):
        return "block", indent
    return "line", indent


def _commented(context: str, spec: LanguageSpec | None) -> str:
    """The packed context as comment lines, so that a FIM model reads it as part of the file."""
    if not context.strip():
        return ""
    marker = spec.line_comment if spec is not None else "//"
    lines = [f"{marker} {line}".rstrip() for line in context.splitlines()]
    header = f"{marker} Context from elsewhere in the workspace (archmem):"
    return "\n".join([header, *lines, ""]) + "\n"


async def ask(
    client: ModelClient, prompt: FimPrompt, mode: str, max_tokens: int, extra: Sequence[FimTemplate]
) -> str:
    """The model's raw answer for `prompt`: `mode` "suffix" sends the completions endpoint's `suffix`;
    "template" and "auto" use the model family's FIM tokens when its name matches a template, "auto" falling
    back to chat (and "chat" always chatting)."""
    template = template_for(client.endpoint.model, extra) if mode in ("auto", "template") else None
    if mode == "suffix":
        return await client.fill_in_middle(
            prompt.before, suffix=prompt.suffix, max_tokens=max_tokens, stop=prompt.stop
        )
    if template is not None:
        filled = template.text.replace("{suffix}", prompt.suffix).replace("{prefix}", prompt.before)
        return await client.fill_in_middle(
            filled, suffix=None, max_tokens=max_tokens, stop=(*prompt.stop, *template.stop)
        )
    return (await client.complete(_chat(prompt))).text


def _chat(prompt: FimPrompt) -> list[ChatMessage]:
    what = "the rest of the current line" if prompt.shape == "line" else "the missing block"
    system = (
        "You complete code at the cursor, marked <CURSOR>. Answer with only the code that goes at the cursor "
        f"({what}): no explanation, no code fences, nothing that repeats the code before or after it."
    )
    user = f"{prompt.context}{prompt.prefix}<CURSOR>{prompt.suffix}"
    return [ChatMessage("system", system), ChatMessage("user", user)]


_FENCE = re.compile(r"^```[\w+-]*\n(.*?)(?:\n```)?\s*$", re.DOTALL)


def finish(
    prompt: FimPrompt, raw: str, memory: Memory, path: str, text: bytes, byte: int
) -> tuple[str | None, str]:
    """The suggestion to show, or None and why not: nothing worth showing is left (empty, or a syntax error),
    or it is withheld (a risky call, a secret: `inline_withheld.py`)."""
    fenced = _FENCE.match(raw.strip("\n"))
    answer = fenced.group(1) if fenced else raw
    answer = answer.replace("\r\n", "\n")
    answer = answer.split("\n", 1)[0] if prompt.shape == "line" else _block(answer, prompt.indent)
    answer = _without_after(answer, prompt.after)
    if not answer.strip():
        return None, "the model's answer was empty"
    if adds_syntax_error(memory, path, text, byte, answer):
        return None, "the model's answer added a syntax error"
    why = withheld(memory, path, text, byte, answer)
    return (None, why) if why else (answer, "")


def _block(answer: str, indent: str) -> str:
    """The answer's lines re-indented under the cursor's block, up to the line that leaves the block."""
    lines = answer.split("\n")
    first, rest = lines[0], lines[1:]
    while rest and not rest[-1].strip():
        rest.pop()
    body = [line for line in rest if line.strip()]
    # The first line sits at the cursor (already indented); the model may have indented the others from
    # column 0 (chat) or as in the file (FIM): shift them so that none is left of the cursor's block.
    least = min((len(line) - len(line.lstrip()) for line in body), default=len(indent))
    shift = max(0, len(indent) - least) if first.strip() else 0
    if not first.strip() and rest:
        first = rest.pop(0).lstrip()
    out = [first]
    for line in rest[: _BLOCK_LINES - 1]:
        shifted = " " * shift + line if line.strip() else ""
        if shifted.strip() and len(shifted) - len(shifted.lstrip()) < len(indent):
            break  # dedented past the block: the code after the cursor takes over
        out.append(shifted)
    return "\n".join(out).rstrip()


def _without_after(answer: str, after: str) -> str:
    """Without what the line already has after the cursor (its closing brackets, the rest of it)."""
    tail = after.strip()
    if not tail:
        return answer.rstrip() if "\n" not in answer else answer
    last_line = answer.rsplit("\n", 1)[-1]
    if last_line.rstrip().endswith(tail):
        return answer.rstrip()[: len(answer.rstrip()) - len(tail)].rstrip(" ")
    # Closing brackets the model repeats at its end, which the line has already.
    kept = answer.rstrip()
    while kept and kept[-1] in ")]}" and tail.startswith(kept[-1]):
        kept, tail = kept[:-1], tail[1:]
    return kept


# Node types of comments and string literals in the eight grammars: no suggestion is asked for inside them.
_PROSE_TYPES = frozenset(
    {
        "comment", "line_comment", "block_comment", "string", "string_content", "template_string",
        "string_literal", "raw_string_literal", "interpreted_string_literal", "char_literal",
        "string_fragment", "character_literal", "text_block",
    }
)  # fmt: skip


def in_prose(memory: Memory, path: str, text: bytes, byte: int) -> bool:
    """Whether `byte` is inside a comment or a string of the open document (by its syntax tree)."""
    doc = memory.document(path)
    if doc is None or doc.text != text or byte <= 0:
        return False
    node = doc.tree.root_node.descendant_for_byte_range(byte - 1, byte)
    for _ in range(3):
        if node is None:
            return False
        if node.type in _PROSE_TYPES and node.start_byte < byte < node.end_byte:
            return True
        node = node.parent
    return False


class SuggestionCache:
    """The last suggestions per document, reused while the user types through one: typing its first
    characters (and nothing else) shows the rest without a new model call."""

    def __init__(self, kept: int = 8) -> None:
        self._kept = kept
        self._entries: dict[str, tuple[int, str, str, bytes, str]] = {}

    def remember(self, key: str, text: bytes, byte: int, suggestion: str) -> None:
        line_start = text.rfind(b"\n", 0, byte) + 1
        head = text[line_start:byte].decode("utf-8", "replace")
        line_end = text.find(b"\n", byte)
        rest = text[byte : len(text) if line_end < 0 else line_end].decode("utf-8", "replace")
        self._entries[key] = (byte, head, rest, text, suggestion)
        while len(self._entries) > self._kept:
            self._entries.pop(next(iter(self._entries)))

    def reuse(self, key: str, text: bytes, byte: int) -> str | None:
        """What is left of a kept suggestion when the text is the remembered one plus a typed prefix of it."""
        found = self._entries.get(key)
        if found is None:
            return None
        anchor, head, rest, old, suggestion = found
        typed_bytes = byte - anchor
        if typed_bytes < 0 or len(text) != len(old) + typed_bytes:
            return None
        # The rest of the text as it was, byte for byte (compared through views, not copies): an edit elsewhere
        # of the same length as the typed characters is not typing through (the suggestion was made for the text
        # before it, which the line alone cannot tell).
        kept = memoryview(old)
        if not (text.startswith(kept[:anchor]) and text.endswith(kept[anchor:])):
            return None
        line_start = text.rfind(b"\n", 0, anchor) + 1
        typed = text[anchor:byte].decode("utf-8", "replace")
        line_end = text.find(b"\n", byte)
        now_rest = text[byte : len(text) if line_end < 0 else line_end].decode("utf-8", "replace")
        if text[line_start:anchor].decode("utf-8", "replace") != head or now_rest != rest:
            return None
        if not suggestion.startswith(typed) or len(typed) >= len(suggestion):
            return None
        return suggestion[len(typed) :]
