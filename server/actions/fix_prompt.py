"""The text self-debug sends to a model: the system prompt, the first request, and the feedback rounds.
(It goes out by the path every action's prompt takes: `prompting.py` sizes, records and sends it.)

Everything a model sees is built here, so docs/self-debug.md can show it exactly. A request holds: the
packed context of the workspace (already redacted by the packer), the code to fix (redacted here too: a
secret-looking string is sent as «redacted» and put back into the answer), and each diagnostic with its
checker, code, message, position and related information. Nothing else: no file outside the packed
context, no setting, no environment variable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.context.redact import REDACTED, redact
from archmem.server.actions.prompt_log import fence_for
from archmem.server.checks import Diagnostic
from archmem.server.models import ChatMessage

SYSTEM = """\
You are the self-debug engine of archmem, a language server. You fix the problems that checkers report in \
one piece of code from the user's workspace.

Rules:
- Reply with exactly one fenced code block holding the complete corrected code that replaces the code you \
were given, from its first line to its last. No explanation before or after the block.
- Fix only the reported problems. Keep everything else as it is: names, signatures, behaviour, comments, \
docstrings, formatting.
- Do not add, remove or rename other functions or classes, and do not repeat code from the context.
- Use only names that exist: in the given code, in the context, in the language's standard library, or in \
an import you add. If a fix needs a new import, put the import lines at the top of the block, before the \
code.
- If the code must be deleted entirely (an unused import, for instance), reply with an empty code block.
- Keep every «redacted» marker exactly as it is: it stands for a value you are not shown."""


@dataclass(frozen=True, slots=True)
class Redacted:
    """Code as sent (secrets replaced by «redacted») and the originals, in order, to put back."""

    text: str
    originals: tuple[str, ...]

    def restore(self, answer: str) -> str | None:
        """`answer` with each marker replaced by its original; None if the markers no longer line up."""
        if not self.originals:
            return answer
        pieces = answer.split(REDACTED)
        if len(pieces) != len(self.originals) + 1:
            return None
        out = [pieces[0]]
        for original, piece in zip(self.originals, pieces[1:], strict=True):
            out.extend((original, piece))
        return "".join(out)


def redact_code(code: str) -> Redacted:
    """Redact `code` as the packer redacts context, remembering what each marker replaced."""
    text, count = redact(code)
    if not count:
        return Redacted(code, ())
    pieces = text.split(REDACTED)
    originals: list[str] = []
    position = len(pieces[0])
    for piece in pieces[1:]:
        end = code.find(piece, position) if piece else len(code)
        if end < 0:
            # The redaction changed text around a marker; sending it redacted is still safe, but the
            # originals cannot be put back, so an answer will be refused rather than corrupt the secret.
            return Redacted(text, ("\0",) * count)
        originals.append(code[position:end])
        position = end + len(piece)
    return Redacted(text, tuple(originals))


def describe_diagnostic(diagnostic: Diagnostic, text: bytes) -> str:
    """A diagnostic as the model reads it: position (1-based), checker, code, message, the line itself,
    and related information."""
    code = f" {diagnostic.code}" if diagnostic.code else ""
    line = _line(text, diagnostic.start.line)
    out = [
        f"- line {diagnostic.start.line + 1}, column {diagnostic.start.col + 1} "
        f"[{diagnostic.source}{code}] {diagnostic.message}",
    ]
    if line.strip():
        out.append(f"  the line: {line.strip()}")
    for related in diagnostic.related:
        out.append(f"  related: {related.path} line {related.start.line + 1}: {related.message}")
    return "\n".join(out)


def _line(text: bytes, number: int) -> str:
    lines = text.split(b"\n")
    if not 0 <= number < len(lines):
        return ""
    return redact(lines[number].decode("utf-8", "replace"))[0]


def first_request(
    *,
    path: str,
    language: str,
    context: str,
    unit_name: str,
    first_line: int,
    last_line: int,
    code: str,
    diagnostics: Sequence[Diagnostic],
    text: bytes,
) -> list[ChatMessage]:
    """The opening messages: the system rules and the user's request with context, code and problems."""
    fence = fence_for(code + context)
    parts = [f"File: {path} ({language})"]
    if context.strip():
        parts.append(
            f"Context from the workspace (read-only; definitions the code uses):\n{fence}\n{context.rstrip()}\n{fence}"
        )
    parts.append(
        f"Code to fix: {unit_name}, lines {first_line + 1}-{last_line + 1} of {path}:\n"
        f"{fence}{language}\n{code.rstrip()}\n{fence}"
    )
    parts.append("Problems reported:\n" + "\n".join(describe_diagnostic(d, text) for d in diagnostics))
    parts.append(f"Reply with the corrected {unit_name} in one {language} code block.")
    return [ChatMessage("system", SYSTEM), ChatMessage("user", "\n\n".join(parts))]


def feedback_request(problems: Sequence[str], language: str) -> ChatMessage:
    """The message after a refused answer: exactly what is still wrong, nothing else."""
    listed = "\n".join(problems)
    return ChatMessage(
        "user",
        "archmem applied your code to a copy of the file and checked it. It is not right yet "
        "(line numbers are those of the file with your code in place):\n"
        f"{listed}\n\n"
        f"Reply again with the complete corrected code in one {language} code block.",
    )
