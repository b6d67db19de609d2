"""Redaction: secret-looking strings never leave the packer."""

from __future__ import annotations

import re

REDACTED = "«redacted»"

# Well-known credential shapes, and assignments of long opaque values to secret-sounding names.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.S),
    re.compile(r"\bsk-(?:proj-|ant-|live-|test-)?[A-Za-z0-9_\-]{16,}"),
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{40,}\b"),
    re.compile(r"\bxox[abprs]-[A-Za-z0-9\-]{10,}"),
    re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
    re.compile(r"\b(?:glpat|npm)_[A-Za-z0-9_\-]{20,}\b"),
    re.compile(r"\beyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}"),
)
_ASSIGNED = re.compile(
    r"""(?ix)
    (\b[\w.\-]*(?:api[_\-]?key|secret|token|passw(?:or)?d|passwd|credential|auth)[\w.\-]*\b
     \s*(?:=|:|:=|=>)\s*)
    (["'])([^"'\s]{12,})\2
    """
)


def redact(text: str) -> tuple[str, int]:
    """`text` with secrets replaced by «redacted», and how many were replaced."""
    count = 0

    def sub(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return REDACTED

    for pattern in _PATTERNS:
        text = pattern.sub(sub, text)

    def sub_assigned(match: re.Match[str]) -> str:
        nonlocal count
        value = match.group(3)
        if value == REDACTED or not _opaque(value):
            return match.group(0)
        count += 1
        return f"{match.group(1)}{match.group(2)}{REDACTED}{match.group(2)}"

    return _ASSIGNED.sub(sub_assigned, text), count


def _opaque(value: str) -> bool:
    """Looks like a credential (mixed letters and digits, no spaces), not a word or a path."""
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    return has_digit and has_alpha and "/" not in value and "." not in value[:-4]
