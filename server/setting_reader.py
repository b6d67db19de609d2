"""The one reader of settings values: `SettingError` and the one wording of every setting problem.

Used by the server's section (`config.py`), the model endpoints (`models/endpoints.py`) and the checkers
(`checks/checker_settings.py`), so that a problem reads the same wherever it is found:
`<path>: must be <what the setting takes>, got <what was given>; <what is done instead>`, or
`<path>: unknown setting, ignored (did you mean <name>?)`. A value that may be a secret (a URL with a
password in it, a key pasted where its variable's name goes) is described by its kind only.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SettingError:
    """A setting that was ignored: where (a dotted path, or an environment variable) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def describe(value: object, *, show: bool = True) -> str:
    """What was given, in words: `the string "loud"` (or `a string` when `show` is false), `the number 3`..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'the string "{value[:40]}"' if show else "a string"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def whole_number(value: object, low: int, high: int) -> int | None:
    """`value` as a whole number from `low` to `high`, None when it is not one. JSON has one number type:
    3.0 is a fine 3, 3.5 is not; true is no number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


class SettingReader:
    """Collects the SettingErrors of one reading, each in the one wording."""

    def __init__(self) -> None:
        self.errors: list[SettingError] = []

    def wrong(self, path: str, expected: str, value: object, instead: str, *, show: bool = True) -> None:
        """`value` at `path` is not what the setting takes (`expected`); `instead` says what happens."""
        self.errors.append(
            SettingError(path, f"must be {expected}, got {describe(value, show=show)}; {instead}")
        )

    def unknown(self, path: str, name: str, known: Sequence[str], *, listed: bool = True) -> None:
        """`name` (at `path`) is no setting here: suggest the closest known one, else list them (`listed`)."""
        close = difflib.get_close_matches(name, known, n=1)
        if close:
            hint = f" (did you mean {path.removesuffix(name)}{close[0]}?)"
        else:
            hint = f" (known settings: {', '.join(known)})" if listed else ""
        self.errors.append(SettingError(path, f"unknown setting, ignored{hint}"))

    def problem(self, path: str, message: str) -> None:
        """A problem that is not a value of the wrong kind (a missing setting, a reference to nothing)."""
        self.errors.append(SettingError(path, message))
