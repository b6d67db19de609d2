"""Reads what a checker printed, in its format's own terms (JSON fields, `file:line:col:` lines), as
diagnostics about the checked file: columns converted to UTF-8 bytes against the text the checker saw,
notes attached to the finding they explain, findings about other files left out (`Target`)."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import cast

from archmem.indexer.positions import LineIndex
from archmem.server.checks.checker_settings import CheckerSpec, OutputFormat
from archmem.server.checks.diagnostics import (
    BytePosition,
    DataValue,
    Diagnostic,
    RelatedInformation,
    Severity,
)
from archmem.server.checks.positions import ColumnUnit, line_bytes, to_position


class OutputError(Exception):
    """The checker ran but what it printed cannot be read."""


class Target:
    """Decides whether a path a checker reported is the file being checked."""

    def __init__(self, cwd: str, file_path: str, original_path: str | None) -> None:
        self._cwd = cwd
        self.display_path = original_path or file_path
        self._paths = {os.path.realpath(file_path)}
        if original_path is not None:
            self._paths.add(os.path.realpath(original_path))

    def matches(self, reported: str | None) -> bool:
        if reported is None:
            return True
        return os.path.realpath(os.path.join(self._cwd, reported)) in self._paths


@dataclass(slots=True)
class _Note:
    file: str | None
    line: int
    col: int | None
    message: str


@dataclass(slots=True)
class _Report:
    """One finding as the tool printed it: 0-based line, 0-based column in the tool's unit."""

    file: str | None
    line: int
    col: int | None
    severity: Severity
    message: str
    code: str | None = None
    end_line: int | None = None
    end_col: int | None = None  # exclusive
    data: dict[str, DataValue] = field(default_factory=dict)
    notes: list[_Note] = field(default_factory=list)


_SEVERITY_WORDS: Mapping[str, Severity] = {
    "error": Severity.ERROR,
    "fatal error": Severity.ERROR,
    "fatal": Severity.ERROR,
    "critical": Severity.ERROR,
    "warning": Severity.WARNING,
    "warn": Severity.WARNING,
    "information": Severity.INFORMATION,
    "info": Severity.INFORMATION,
    "message": Severity.INFORMATION,
    "remark": Severity.INFORMATION,
    "suggestion": Severity.HINT,
    "hint": Severity.HINT,
}
_NOTE_WORDS = frozenset({"note", "help"})


def _severity(word: str | None, default: Severity) -> Severity:
    if word is None:
        return default
    return _SEVERITY_WORDS.get(word.strip().lower(), default)


def _load_json(stdout: bytes) -> object:
    text = stdout.decode("utf-8", "replace").strip()
    if not text:
        raise OutputError("printed no JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    # Some wrappers print a banner before the JSON document; read from its first bracket.
    starts = [index for index in (text.find("{"), text.find("[")) if index != -1]
    if starts:
        with contextlib.suppress(json.JSONDecodeError):
            return json.JSONDecoder().raw_decode(text[min(starts) :])[0]
    raise OutputError("printed output that is not JSON")


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: object) -> dict[str, object]:
    return cast(dict[str, object], value) if isinstance(value, dict) else {}


def _list(value: object) -> list[object]:
    return cast(list[object], value) if isinstance(value, list) else []


def _parse_pyright(spec: CheckerSpec, stdout: bytes, stderr: bytes) -> list[_Report]:
    document = _dict(_load_json(stdout))
    if "generalDiagnostics" not in document:
        raise OutputError("printed JSON without generalDiagnostics (is --outputjson in the command?)")
    reports = []
    for item in _list(document["generalDiagnostics"]):
        entry = _dict(item)
        span = _dict(entry.get("range"))
        start, end = _dict(span.get("start")), _dict(span.get("end"))
        line = _int(start.get("line"))
        if line is None:
            continue
        reports.append(
            _Report(
                file=_str(entry.get("file")),
                line=line,
                col=_int(start.get("character")),
                end_line=_int(end.get("line")),
                end_col=_int(end.get("character")),
                severity=_severity(_str(entry.get("severity")), Severity.INFORMATION),
                message=_str(entry.get("message")) or "",
                code=_str(entry.get("rule")),
            )
        )
    return reports


def _one_based(value: object) -> int | None:
    number = _int(value)
    return None if number is None else max(0, number - 1)


def _parse_ruff(spec: CheckerSpec, stdout: bytes, stderr: bytes) -> list[_Report]:
    document = _load_json(stdout)
    if not isinstance(document, list):
        raise OutputError("printed JSON that is not a list (is --output-format json in the command?)")
    reports = []
    for item in document:
        entry = _dict(item)
        location, end = _dict(entry.get("location")), _dict(entry.get("end_location"))
        line = _one_based(location.get("row"))
        if line is None:
            continue
        code = _str(entry.get("code"))
        data: dict[str, DataValue] = {"fixable": entry.get("fix") is not None}
        if (name := _str(entry.get("name"))) is not None:
            data["name"] = name
        # ruff labels every finding "error"; like its own language server, lints are warnings here and only
        # a file ruff cannot parse is an error.
        syntax = code is None or code == "invalid-syntax"
        reports.append(
            _Report(
                file=_str(entry.get("filename")),
                line=line,
                col=_one_based(location.get("column")),
                end_line=_one_based(end.get("row")),
                end_col=_one_based(end.get("column")),
                severity=Severity.ERROR if syntax else Severity.WARNING,
                message=_str(entry.get("message")) or "",
                code=code,
                data=data,
            )
        )
    return reports


def _parse_eslint(spec: CheckerSpec, stdout: bytes, stderr: bytes) -> list[_Report]:
    document = _load_json(stdout)
    if not isinstance(document, list):
        raise OutputError("printed JSON that is not a list (is -f json in the command?)")
    reports = []
    for result in document:
        entry = _dict(result)
        file = _str(entry.get("filePath"))
        for item in _list(entry.get("messages")):
            message = _dict(item)
            line = _one_based(message.get("line"))
            if line is None:
                continue
            level = _int(message.get("severity"))
            data: dict[str, DataValue] = {"fatal": True} if message.get("fatal") is True else {}
            reports.append(
                _Report(
                    file=file,
                    line=line,
                    col=_one_based(message.get("column")),
                    end_line=_one_based(message.get("endLine")),
                    end_col=_one_based(message.get("endColumn")),
                    severity={2: Severity.ERROR, 1: Severity.WARNING}.get(level or 0, Severity.INFORMATION),
                    message=_str(message.get("message")) or "",
                    code=_str(message.get("ruleId")),
                    data=data,
                )
            )
    return reports


# file:line[:col[:end_line:end_col]]: [severity[code]:] message — gcc, clang, go vet, rustc --error-format
# short, mypy. go vet prefixes type errors with "vet: ".
_COMPILER_LINE = re.compile(
    r"^(?:vet: )?(?P<file>[^\s:][^:\n]*?):(?P<line>\d+):(?:(?P<col>\d+):)?(?:(?P<end_line>\d+):(?P<end_col>\d+):)?"
    r"[ \t]+(?:(?P<severity>fatal error|error|warning|note|remark|info|help)(?:\[(?P<code>[^\]\s]+)\])?:[ \t]*)?"
    r"(?P<message>.*?)\s*$"
)
# gcc/clang `[-Wunused-variable]`, mypy `  [name-defined]`
_TRAILING_CODE = re.compile(r"\s\[(?P<code>[^\[\]\s]+)\]$")
_TSC_LINE = re.compile(
    r"^(?P<file>[^\n(]+?)\((?P<line>\d+),(?P<col>\d+)\): (?P<severity>error|warning|message|suggestion) "
    r"(?P<code>TS\d+): (?P<message>.*?)\s*$"
)


def _attach_note(reports: list[_Report], note: _Note, *, same_line_only: bool) -> None:
    previous = reports[-1] if reports else None
    if previous is not None and (
        not same_line_only or (previous.file == note.file and previous.line == note.line)
    ):
        previous.notes.append(note)
    else:
        reports.append(_Report(note.file, note.line, note.col, Severity.INFORMATION, note.message))


def _parse_compiler(spec: CheckerSpec, stdout: bytes, stderr: bytes) -> list[_Report]:
    reports: list[_Report] = []
    # A gcc/clang/rustc note always explains the diagnostic before it ("previous declaration is here");
    # mypy also prints notes of their own (reveal_type), which belong to an error only on its line.
    same_line_only = spec.format is OutputFormat.MYPY
    output = stdout.decode("utf-8", "replace") + "\n" + stderr.decode("utf-8", "replace")
    for raw_line in output.splitlines():
        match = _COMPILER_LINE.match(raw_line)
        if match is None:
            continue
        message = match["message"]
        code = match["code"]
        if code is None and (trailing := _TRAILING_CODE.search(message)) is not None:
            code = trailing["code"]
            message = message[: trailing.start()].rstrip()
        line = int(match["line"]) - 1
        col = int(match["col"]) - 1 if match["col"] else None
        word = match["severity"]
        if word in _NOTE_WORDS:
            _attach_note(reports, _Note(match["file"], line, col, message), same_line_only=same_line_only)
            continue
        end_line = end_col = None
        if match["end_line"] and match["end_col"]:
            # mypy --show-error-end prints an inclusive 1-based end column: the exclusive 0-based one.
            end_line, end_col = int(match["end_line"]) - 1, int(match["end_col"])
        reports.append(
            _Report(
                file=match["file"],
                line=line,
                col=col,
                end_line=end_line,
                end_col=end_col,
                severity=_severity(word, spec.default_severity),
                message=message,
                code=code,
            )
        )
    return reports


def _parse_tsc(spec: CheckerSpec, stdout: bytes, stderr: bytes) -> list[_Report]:
    reports: list[_Report] = []
    output = stdout.decode("utf-8", "replace") + "\n" + stderr.decode("utf-8", "replace")
    continuing = False
    for raw_line in output.splitlines():
        match = _TSC_LINE.match(raw_line)
        if match is not None:
            reports.append(
                _Report(
                    file=match["file"],
                    line=int(match["line"]) - 1,
                    col=int(match["col"]) - 1,
                    severity=_severity(match["severity"], spec.default_severity),
                    message=match["message"],
                    code=match["code"],
                )
            )
            continuing = True
        elif continuing and raw_line.startswith(" ") and raw_line.strip():
            # tsc prints the chain of a message ("Type 'x' is not assignable...") on indented lines.
            reports[-1].message += "\n" + raw_line[2:].rstrip()
        else:
            continuing = False
    return reports


def _parse_regex(spec: CheckerSpec, stdout: bytes, stderr: bytes) -> list[_Report]:
    assert spec.pattern is not None
    pattern = re.compile(spec.pattern, re.MULTILINE)
    output = stdout.decode("utf-8", "replace") + "\n" + stderr.decode("utf-8", "replace")
    reports = []
    for match in pattern.finditer(output):
        groups = match.groupdict()
        line = _digits(groups.get("line"))
        if line is None:
            continue
        col, end_line, end_col = (_digits(groups.get(key)) for key in ("column", "endLine", "endColumn"))
        reports.append(
            _Report(
                file=groups.get("file") or None,
                line=max(0, line - 1),
                col=None if col is None else max(0, col - 1),
                end_line=None if end_line is None else max(0, end_line - 1),
                end_col=None if end_col is None else max(0, end_col - 1),
                severity=_severity(groups.get("severity"), spec.default_severity),
                message=(groups.get("message") or "").strip(),
                code=groups.get("code") or None,
            )
        )
    return reports


def _digits(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


PARSERS: Mapping[OutputFormat, Callable[[CheckerSpec, bytes, bytes], list[_Report]]] = {
    OutputFormat.PYRIGHT_JSON: _parse_pyright,
    OutputFormat.MYPY: _parse_compiler,
    OutputFormat.TSC: _parse_tsc,
    OutputFormat.GCC: _parse_compiler,
    OutputFormat.RUFF_JSON: _parse_ruff,
    OutputFormat.ESLINT_JSON: _parse_eslint,
    OutputFormat.REGEX: _parse_regex,
}


_WORD = re.compile(rb"[A-Za-z0-9_\x80-\xff]+")


def to_diagnostic(report: _Report, spec: CheckerSpec, lines: LineIndex, target: Target) -> Diagnostic:
    unit = spec.columns
    start = to_position(lines, report.line, report.col or 0, unit)
    if report.end_line is not None and report.end_col is not None:
        end = max(start, to_position(lines, report.end_line, report.end_col, unit))
    elif report.col is not None:
        # No end reported: underline the word at the start (an identifier the message is about).
        word = _WORD.match(line_bytes(lines, start.line), start.col)
        end = BytePosition(start.line, word.end()) if word is not None else start
    else:
        end = BytePosition(start.line, len(line_bytes(lines, start.line)))
    related = tuple(_related(note, unit, lines, target) for note in report.notes)
    return Diagnostic(
        start=start,
        end=end,
        severity=report.severity,
        message=report.message,
        source=spec.name,
        code=report.code,
        data=report.data,
        related=related,
    )


def _related(note: _Note, unit: ColumnUnit, lines: LineIndex, target: Target) -> RelatedInformation:
    if target.matches(note.file):
        at = to_position(lines, note.line, note.col or 0, unit)
        return RelatedInformation(target.display_path, at, at, note.message)
    # Another file: its text is not at hand, so the column stays in the tool's unit.
    at = BytePosition(max(0, note.line), max(0, note.col or 0))
    return RelatedInformation(note.file or target.display_path, at, at, note.message)
