"""Runs the checker commands a user configures per language and reads their output as diagnostics.

A checker is an argv list (never a shell line) with placeholders, an output format, and a timeout. It runs
as an asyncio subprocess in its own process group, so a timeout or a cancelled request kills it and every
child it started. Its output is parsed in the format's own terms (JSON fields, `file:line:col:` lines) and
only findings about the checked file are kept, with columns converted to UTF-8 bytes against the text the
checker saw. Nothing here raises for a missing tool, a crash or unreadable output: the `CheckerResult` says
what went wrong in words that name the setting to change.

The setting (`archmem.checkers`) is validated by `parse_settings`, which reports every mistake with the
path of the offending value, in the wording of every setting (`archmem.server.setting_reader`), and keeps
every entry that is usable.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import os
import re
import shutil
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar, cast

from archmem.indexer.positions import LineIndex
from archmem.server.checks.diagnostics import (
    BytePosition,
    CheckerResult,
    DataValue,
    Diagnostic,
    RelatedInformation,
    Severity,
)
from archmem.server.checks.positions import ColumnUnit, line_bytes, to_position
from archmem.server.setting_reader import SettingError, SettingReader

SETTING = "archmem.checkers"
DEFAULT_TIMEOUT_S = 30.0
MAX_TIMEOUT_S = 3600.0
# A checker printing more than this is broken or checking far more than one file; reading on would only
# grow the server's memory.
MAX_OUTPUT_BYTES = 32 * 1024 * 1024
_STOP_GRACE_S = 5.0
_ERROR_EXCERPT_LINES = 6
_ERROR_EXCERPT_CHARS = 600


class OutputFormat(enum.StrEnum):
    PYRIGHT_JSON = "pyright-json"
    MYPY = "mypy"
    TSC = "tsc"
    GCC = "gcc"
    RUFF_JSON = "ruff-json"
    ESLINT_JSON = "eslint-json"
    REGEX = "regex"


# How each format counts columns unless the user says otherwise (`columnUnit`). Measured: pyright, tsc
# and eslint count UTF-16 units, ruff code points, mypy (classic parser) and clang and go vet bytes; gcc
# counts display cells unless given -fdiagnostics-column-unit=byte, and rustc counts code points.
DEFAULT_COLUMN_UNITS: Mapping[OutputFormat, ColumnUnit] = {
    OutputFormat.PYRIGHT_JSON: ColumnUnit.UTF16,
    OutputFormat.MYPY: ColumnUnit.BYTE,
    OutputFormat.TSC: ColumnUnit.UTF16,
    OutputFormat.GCC: ColumnUnit.BYTE,
    OutputFormat.RUFF_JSON: ColumnUnit.CODEPOINT,
    OutputFormat.ESLINT_JSON: ColumnUnit.UTF16,
    OutputFormat.REGEX: ColumnUnit.BYTE,
}

REGEX_GROUPS = ("file", "line", "column", "endLine", "endColumn", "severity", "code", "message")
_REQUIRED_REGEX_GROUPS = ("line", "message")


@dataclass(frozen=True, slots=True)
class CheckerSpec:
    """One configured checker command.

    `command` may use `{file}` (the file to check: the shadow copy), `{root}` (the workspace root, or the
    shadow's directory when there is none) and `{original}` (the user's path for the file, never written:
    for `--stdin-filename` or mypy's `--shadow-file`). With `stdin`, the text is also piped to the command.
    `pattern` is the regular expression of the "regex" format (named groups: see `REGEX_GROUPS`).
    """

    name: str
    command: tuple[str, ...]
    languages: tuple[str, ...]
    format: OutputFormat
    timeout_s: float = DEFAULT_TIMEOUT_S
    pattern: str | None = None
    column_unit: ColumnUnit | None = None
    stdin: bool = False
    default_severity: Severity = Severity.WARNING

    def __post_init__(self) -> None:
        if not self.command or not self.command[0]:
            raise ValueError(f"checker {self.name!r}: the command is empty")
        if not 0 < self.timeout_s <= MAX_TIMEOUT_S:
            raise ValueError(f"checker {self.name!r}: timeout must be in (0, {MAX_TIMEOUT_S:g}] seconds")
        if (self.format is OutputFormat.REGEX) != (self.pattern is not None):
            raise ValueError(f"checker {self.name!r}: a pattern goes with the regex format, and only with it")
        if self.pattern is not None:
            problem = _pattern_problem(self.pattern)
            if problem is not None:
                raise ValueError(f"checker {self.name!r}: {problem}")

    @property
    def columns(self) -> ColumnUnit:
        return self.column_unit or DEFAULT_COLUMN_UNITS[self.format]

    @property
    def setting_path(self) -> str:
        """Where the user configured this checker, for error messages."""
        return f"{SETTING}.{self.languages[0]}" if self.languages else SETTING


def _pattern_problem(pattern: str) -> str | None:
    try:
        compiled = re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        return f"the pattern is not a valid regular expression: {exc}"
    groups = set(compiled.groupindex)
    missing = [name for name in _REQUIRED_REGEX_GROUPS if name not in groups]
    if missing:
        return "the pattern needs the named groups " + ", ".join(f"(?P<{name}>...)" for name in missing)
    unknown = sorted(groups - set(REGEX_GROUPS))
    if unknown:
        return f"unknown group(s) {', '.join(unknown)} in the pattern; use {', '.join(REGEX_GROUPS)}"
    return None


# Settings ------------------------------------------------------------------------------------------------

_KEYS = ("name", "command", "format", "timeoutSeconds", "pattern", "columnUnit", "stdin", "defaultSeverity")


def parse_settings(raw: object) -> tuple[dict[str, list[CheckerSpec]], list[SettingError]]:
    """Read the `archmem.checkers` setting: checkers per language, and one SettingError per problem found.

    Usable entries are kept even when others are wrong; an unknown key is reported but does not discard
    its entry.
    """
    reader = SettingReader()
    if raw is None:
        return {}, reader.errors
    if not isinstance(raw, dict):
        reader.wrong(SETTING, "an object mapping a language to a list of checkers", raw, "no checker runs")
        return {}, reader.errors
    result: dict[str, list[CheckerSpec]] = {}
    for language, entries in raw.items():
        if not isinstance(language, str) or not language:
            reader.problem(SETTING, f"{language!r} is not a language name; its checkers are ignored")
            continue
        path = f"{SETTING}.{language}"
        if not isinstance(entries, list):
            reader.wrong(path, "a list of checkers", entries, "ignored")
            continue
        specs = []
        for index, entry in enumerate(entries):
            spec = _parse_entry(entry, language, f"{path}[{index}]", reader)
            if spec is not None:
                specs.append(spec)
        result[language] = specs
    return result, reader.errors


_LEFT_OUT = "this checker is left out"


def _parse_entry(entry: object, language: str, path: str, reader: SettingReader) -> CheckerSpec | None:
    if not isinstance(entry, dict):
        reader.wrong(path, "an object with a command and a format", entry, _LEFT_OUT)
        return None
    for key in entry:
        if key not in _KEYS:
            reader.unknown(f"{path}.{key}", str(key), _KEYS)
    before = len(reader.errors)
    command = entry.get("command")
    if not isinstance(command, list) or not command or not all(isinstance(arg, str) for arg in command):
        example = '["pyright", "--outputjson", "{file}"]'
        reader.wrong(f"{path}.command", f"a non-empty list of strings, e.g. {example}", command, _LEFT_OUT)
        command = None
    elif not command[0]:
        reader.wrong(f"{path}.command[0]", "the name of a program", command[0], _LEFT_OUT)
        command = None
    name = entry.get("name", os.path.basename(command[0]) if command else "")
    if not isinstance(name, str) or not name:
        reader.wrong(f"{path}.name", "a non-empty string", name, _LEFT_OUT)
    output_format = _choice(entry, "format", OutputFormat, None, path, reader, required=True)
    column_unit = _choice(entry, "columnUnit", ColumnUnit, None, path, reader)
    severity = _choice(entry, "defaultSeverity", Severity, Severity.WARNING, path, reader)
    timeout = entry.get("timeoutSeconds", DEFAULT_TIMEOUT_S)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= MAX_TIMEOUT_S:
        reader.wrong(
            f"{path}.timeoutSeconds", f"a number of seconds in (0, {MAX_TIMEOUT_S:g}]", timeout, _LEFT_OUT
        )
    stdin = entry.get("stdin", False)
    if not isinstance(stdin, bool):
        reader.wrong(f"{path}.stdin", "true or false", stdin, _LEFT_OUT)
    pattern = entry.get("pattern")
    if output_format is OutputFormat.REGEX:
        if not isinstance(pattern, str):
            expected = "a regular expression with named groups (the regex format needs one)"
            reader.wrong(f"{path}.pattern", expected, pattern, _LEFT_OUT)
        else:
            problem = _pattern_problem(pattern)
            if problem is not None:
                reader.problem(f"{path}.pattern", f"{problem}; {_LEFT_OUT}")
    elif pattern is not None:
        reader.problem(f"{path}.pattern", f"is only read by the regex format; {_LEFT_OUT}")
    if len(reader.errors) > before or output_format is None:
        return None
    return CheckerSpec(
        name=cast(str, name),
        command=tuple(cast(list[str], command)),
        languages=(language,),
        format=output_format,
        timeout_s=float(cast(float, timeout)),
        pattern=cast(str | None, pattern),
        column_unit=column_unit,
        stdin=cast(bool, stdin),
        default_severity=severity or Severity.WARNING,
    )


_Choice = TypeVar("_Choice", bound=enum.StrEnum)


def _choice(
    entry: dict[object, object],
    key: str,
    kind: type[_Choice],
    default: _Choice | None,
    path: str,
    reader: SettingReader,
    *,
    required: bool = False,
) -> _Choice | None:
    """The value of `entry[key]` as one of the `kind` choices, `default` when absent."""
    value = entry.get(key)
    if value is None:
        if required:
            reader.problem(f"{path}.{key}", f"missing: use one of {', '.join(kind)}; {_LEFT_OUT}")
        return default
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return kind(value)
    reader.wrong(f"{path}.{key}", f"one of {', '.join(kind)}", value, _LEFT_OUT)
    return None


# Running -------------------------------------------------------------------------------------------------


class _OutputError(Exception):
    """The checker ran but what it printed cannot be read."""


def _substitute(arg: str, values: Mapping[str, str]) -> str:
    for placeholder, value in values.items():
        arg = arg.replace(placeholder, value)
    return arg


def _resolve_executable(program: str, cwd: str) -> str | None:
    if os.sep in program:
        candidate = program if os.path.isabs(program) else os.path.join(cwd, program)
        return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None
    return shutil.which(program)


def _excerpt(output: bytes) -> str:
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    text = "\n".join(lines[-_ERROR_EXCERPT_LINES:])
    return text if len(text) <= _ERROR_EXCERPT_CHARS else "…" + text[-_ERROR_EXCERPT_CHARS:]


async def _stop(process: asyncio.subprocess.Process) -> None:
    """Kill the checker with every child it started, and reap it.

    The checker leads its own session, so its process group holds its children too (pyright's node, a
    compiler's cc1). The pipes are drained before waiting: asyncio reports a process finished only once its
    pipes are closed, and a pipe whose reading was paused never closes on its own.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    # A grandchild that left the process group may hold the pipes open; do not wait for it forever.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(_STOP_GRACE_S):
            await asyncio.gather(_drain(process.stdout), _drain(process.stderr))
            await process.wait()


async def _drain(stream: asyncio.StreamReader | None) -> None:
    if stream is not None:
        while await stream.read(1 << 16):
            pass


async def _read_capped(stream: asyncio.StreamReader | None) -> bytes:
    if stream is None:
        return b""
    chunks: list[bytes] = []
    total = 0
    while chunk := await stream.read(1 << 16):
        total += len(chunk)
        if total > MAX_OUTPUT_BYTES:
            raise _OutputError(f"printed more than {MAX_OUTPUT_BYTES // (1024 * 1024)} MB")
        chunks.append(chunk)
    return b"".join(chunks)


async def _feed(stream: asyncio.StreamWriter | None, data: bytes) -> None:
    if stream is None:
        return
    try:
        stream.write(data)
        await stream.drain()
    except (BrokenPipeError, ConnectionResetError):
        pass  # a checker may stop reading early (or never read); its output still counts
    finally:
        stream.close()


async def _communicate(process: asyncio.subprocess.Process, data: bytes | None) -> tuple[bytes, bytes, int]:
    out = asyncio.ensure_future(_read_capped(process.stdout))
    err = asyncio.ensure_future(_read_capped(process.stderr))
    feed = asyncio.ensure_future(_feed(process.stdin, data if data is not None else b""))
    tasks = (out, err, feed)
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        # gather leaves the other readers running when one fails; they must not outlive the process.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return out.result(), err.result(), await process.wait()


async def run_checker(
    spec: CheckerSpec,
    file_path: str,
    root: str | None,
    text_for_columns: bytes,
    *,
    original_path: str | None = None,
) -> CheckerResult:
    """Run one checker on `file_path` and return its diagnostics about that file. Never raises
    (cancellation aside, which kills the checker first).

    `text_for_columns` is the content of `file_path` (piped to the checker when `spec.stdin`); columns are
    converted against it. `original_path` is the user's path for the same file; findings reported under
    either path are kept, and related information pointing at the file uses it.
    """
    cwd = root if root is not None and os.path.isdir(root) else os.path.dirname(os.path.abspath(file_path))
    values = {"{file}": file_path, "{root}": cwd, "{original}": original_path or file_path}
    argv = [_substitute(arg, values) for arg in spec.command]
    executable = _resolve_executable(argv[0], cwd)
    if executable is None:
        where = "on PATH" if os.sep not in argv[0] else f"(relative to {cwd})"
        return _failure(
            spec, f"{argv[0]} not found {where}: install it or remove it from {spec.setting_path}"
        )
    try:
        process = await asyncio.create_subprocess_exec(
            executable,
            *argv[1:],
            cwd=cwd,
            stdin=asyncio.subprocess.PIPE if spec.stdin else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        return _failure(spec, f"{argv[0]} could not start ({exc.strerror or exc}); check {spec.setting_path}")
    try:
        stdout, stderr, returncode = await asyncio.wait_for(
            _communicate(process, text_for_columns if spec.stdin else None), spec.timeout_s
        )
    except TimeoutError:
        await _stop(process)
        return _failure(
            spec,
            f"{spec.name} did not finish within {spec.timeout_s:g} s and was stopped; "
            f"raise timeoutSeconds in {spec.setting_path} or check a smaller scope",
        )
    except _OutputError as exc:
        await _stop(process)
        return _failure(spec, f"{spec.name} {exc} and was stopped")
    except BaseException:
        await _stop(process)
        raise
    if returncode < 0:
        return _failure(spec, f"{spec.name} was killed by signal {-returncode}: {_excerpt(stderr)}")
    target = _Target(cwd, file_path, original_path)
    try:
        reports = _PARSERS[spec.format](spec, stdout, stderr)
    except _OutputError as exc:
        return _failure(spec, f"{spec.name} (exit code {returncode}) {exc}: {_excerpt(stderr or stdout)}")
    if returncode != 0 and not reports:
        return _failure(
            spec,
            f"{spec.name} exited with code {returncode} without a finding archmem could read: "
            f"{_excerpt(stderr or stdout) or 'no output'}",
        )
    lines = LineIndex(text_for_columns)
    diagnostics = tuple(
        _to_diagnostic(report, spec, lines, target) for report in reports if target.matches(report.file)
    )
    return CheckerResult(spec.name, True, diagnostics)


def _failure(spec: CheckerSpec, error: str) -> CheckerResult:
    return CheckerResult(spec.name, False, error=error)


class _Target:
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


# Parsing -------------------------------------------------------------------------------------------------


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
        raise _OutputError("printed no JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    # Some wrappers print a banner before the JSON document; read from its first bracket.
    starts = [index for index in (text.find("{"), text.find("[")) if index != -1]
    if starts:
        with contextlib.suppress(json.JSONDecodeError):
            return json.JSONDecoder().raw_decode(text[min(starts) :])[0]
    raise _OutputError("printed output that is not JSON")


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
        raise _OutputError("printed JSON without generalDiagnostics (is --outputjson in the command?)")
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
        raise _OutputError("printed JSON that is not a list (is --output-format json in the command?)")
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
        raise _OutputError("printed JSON that is not a list (is -f json in the command?)")
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


_PARSERS: Mapping[OutputFormat, Callable[[CheckerSpec, bytes, bytes], list[_Report]]] = {
    OutputFormat.PYRIGHT_JSON: _parse_pyright,
    OutputFormat.MYPY: _parse_compiler,
    OutputFormat.TSC: _parse_tsc,
    OutputFormat.GCC: _parse_compiler,
    OutputFormat.RUFF_JSON: _parse_ruff,
    OutputFormat.ESLINT_JSON: _parse_eslint,
    OutputFormat.REGEX: _parse_regex,
}


_WORD = re.compile(rb"[A-Za-z0-9_\x80-\xff]+")


def _to_diagnostic(report: _Report, spec: CheckerSpec, lines: LineIndex, target: _Target) -> Diagnostic:
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


def _related(note: _Note, unit: ColumnUnit, lines: LineIndex, target: _Target) -> RelatedInformation:
    if target.matches(note.file):
        at = to_position(lines, note.line, note.col or 0, unit)
        return RelatedInformation(target.display_path, at, at, note.message)
    # Another file: its text is not at hand, so the column stays in the tool's unit.
    at = BytePosition(max(0, note.line), max(0, note.col or 0))
    return RelatedInformation(note.file or target.display_path, at, at, note.message)
