"""Finds the code in a model's markdown reply: the fenced block for the wanted language, or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archmem.indexer.languages import BY_NAME

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CLOSE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*$")


@dataclass(frozen=True)
class CodeReply:
    """The chosen block's code (LF line ends, no trailing whitespace, one final newline) and its tag."""

    code: str
    tag: str | None


@dataclass(frozen=True)
class _Block:
    tag: str | None
    code: str


def extract_code(reply: str, language: str | None) -> CodeReply | None:
    """The block tagged for `language`, else the largest untagged one, else the largest; None if none.

    A reply whose last fence never closes was cut off, so it yields None rather than half the code.
    """
    blocks = _blocks(reply)
    if blocks is None:
        return None
    blocks = [b for b in blocks if b.code]
    if not blocks:
        return None
    wanted = _tags(language.lower()) if language else frozenset()
    tiers = (
        [b for b in blocks if b.tag in wanted],
        [b for b in blocks if b.tag is None],
        blocks,
    )
    chosen = max(next(tier for tier in tiers if tier), key=lambda b: len(b.code))
    return CodeReply(chosen.code, chosen.tag)


def _tags(language: str) -> frozenset[str]:
    """The tags models write for `language` (an indexer's language name): its spec's, else the name."""
    spec = BY_NAME.get(language)
    return (spec.fence_tags if spec is not None else frozenset()) or frozenset({language})


def _blocks(reply: str) -> list[_Block] | None:
    """Every fenced block in order, or None when the last one is unterminated."""
    blocks: list[_Block] = []
    lines = reply.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(lines):
        opening = _OPEN.match(lines[index])
        index += 1
        if opening is None:
            continue
        fence, info = opening["fence"], opening["info"].strip()
        if fence[0] == "`" and "`" in info:
            continue  # CommonMark: a backtick fence's info string holds no backtick; this is inline code.
        body: list[str] = []
        while True:
            if index == len(lines):
                return None
            closing = _CLOSE.match(lines[index])
            index += 1
            if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence):
                break
            body.append(_unindent(lines[index - 1], len(opening["indent"])))
        blocks.append(_Block(_tag(info), _normalise(body)))
    return blocks


def _tag(info: str) -> str | None:
    word = info.split()[0] if info.split() else ""
    word = word.strip("{}.").lower()
    return word or None


def _unindent(line: str, width: int) -> str:
    """Drop up to `width` leading spaces: the indentation of the opening fence, as CommonMark does."""
    stripped = line.lstrip(" ")
    return line[min(width, len(line) - len(stripped)) :]


def _normalise(lines: list[str]) -> str:
    trimmed = [line.rstrip() for line in lines]
    while trimmed and not trimmed[0]:
        trimmed.pop(0)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return "\n".join(trimmed) + "\n" if trimmed else ""
