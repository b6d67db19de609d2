"""The `archmem.checkers` setting: what a configured checker is (`CheckerSpec`, its `OutputFormat` and
column unit) and `parse_settings`, which reads the setting.

`parse_settings` reports every mistake with the path of the offending value, in the wording of every setting
(`archmem.server.setting_reader`), and keeps every entry that is usable.
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar, cast

from archmem.server.checks.diagnostics import Severity
from archmem.server.checks.positions import ColumnUnit
from archmem.server.setting_reader import SettingError, SettingReader

SETTING = "archmem.checkers"
DEFAULT_TIMEOUT_S = 30.0
MAX_TIMEOUT_S = 3600.0


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
            problem = pattern_problem(self.pattern)
            if problem is not None:
                raise ValueError(f"checker {self.name!r}: {problem}")

    @property
    def columns(self) -> ColumnUnit:
        return self.column_unit or DEFAULT_COLUMN_UNITS[self.format]

    @property
    def setting_path(self) -> str:
        """Where the user configured this checker, for error messages."""
        return f"{SETTING}.{self.languages[0]}" if self.languages else SETTING


def pattern_problem(pattern: str) -> str | None:
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
            problem = pattern_problem(pattern)
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
