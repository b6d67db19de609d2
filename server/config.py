"""The server's settings: the `archmem` section read from the editor, validated, never raising.

Editors deliver the section nested (`{"context": {"budget": 2048}}`, as VS Code does) or with dotted keys
(`{"context.budget": 2048}`, as hand-written Neovim or Helix configurations often do); both mean the same.
Every invalid value is reported as a `SettingError` naming the setting and why, and replaced by its
default, so a typo never stops the server. The model settings are validated by the model layer.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from archmem.indexer.files import DEFAULT_MAX_FILE_SIZE
from archmem.server.checks import parse_settings as parse_checker_settings
from archmem.server.models import ModelAction, ModelSettings, SettingError, parse_model_settings

SECTION = "archmem"

LogLevel = Literal["error", "warning", "info", "debug"]
LOG_LEVELS: tuple[LogLevel, ...] = ("error", "warning", "info", "debug")

# Every setting the server reads, by dotted name below `archmem.` (docs/configuration.md documents each).
KNOWN: tuple[str, ...] = (
    "offline",
    "models",
    "context.budget",
    "selfDebug.rounds",
    "selfDebug.offerUnverified",
    "checkers",
    "exclude",
    "index.maxFileSize",
    "index.cacheDir",
    "log.level",
    "log.file",
    "completion.enabled",
    "completion.disabledLanguages",
    "completion.endpoint",
    "completion.contextBudget",
    "completion.maxTokens",
    "completion.deadlineMs",
    "completion.fim",
    "completion.fimTemplates",
    "completion.asItem",
)
# Settings of the editor's side (the VS Code extension starts the server and holds the key) that arrive with
# the section: accepted without a word, never used here.
CLIENT_SIDE: tuple[str, ...] = ("server.path", "server.args", "apiKeyEnv")
# Settings whose value is an object validated elsewhere: their inner keys are not ours to check.
_OPAQUE = ("models", "checkers", "completion.fimTemplates")
FIM_MODES = ("auto", "suffix", "template", "chat")

MAX_FILE_SIZE_LIMIT = 100_000_000


@dataclass(frozen=True)
class ServerSettings:
    """Validated settings; the defaults are what an empty configuration means."""

    offline: bool = False
    models: ModelSettings = field(default_factory=ModelSettings)
    context_budget: int = 2048
    self_debug_rounds: int = 3
    self_debug_offer_unverified: bool = False
    # Validated by the checks layer, which knows what a checker entry may hold.
    checkers: object = None
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    cache_dir: str | None = None
    log_level: LogLevel = "info"
    log_file: str | None = None
    # Inline completion (docs/completion.md). The endpoint is a name from `models.endpoints`; None: the one
    # `generate` uses. as_item None: offer the suggestion as a completion item only to clients that do
    # not advertise inline completion.
    completion_enabled: bool = True
    completion_disabled_languages: tuple[str, ...] = ()
    completion_endpoint: str | None = None
    completion_context_budget: int = 1500
    completion_max_tokens: int = 128
    completion_deadline_ms: int = 1500
    completion_fim: str = "auto"
    completion_fim_templates: object = None
    completion_as_item: bool | None = None

    def model_label(self) -> str:
        """How the status line names the model: "offline", or "<endpoint>: <model>" of the main action."""
        if self.offline:
            return "offline"
        actions: tuple[ModelAction, ...] = ("self_debug", "generate", "explain")
        for action in actions:
            endpoint = self.models.endpoint_for(action)
            if endpoint is not None:
                return f"{endpoint.name}: {endpoint.model}"
        return "offline"

    def index_key(self) -> tuple[object, ...]:
        """What decides which files the memory holds and where it persists: a change means re-indexing."""
        return (self.exclude, self.max_file_size, self.cache_dir)


def section_of(raw: object) -> object:
    """The `archmem` section of a payload that may carry it at the top (`{"archmem": {...}}`) or be it."""
    if isinstance(raw, Mapping) and SECTION in raw:
        return raw[SECTION]
    return raw


def layered(*layers: object) -> object:
    """Settings from several sources, later ones winning setting by setting (initializationOptions first,
    then what the editor's configuration says). A layer that is not an object is passed on to be reported."""
    out: dict[str, object] = {}
    for layer in layers:
        if layer is None:
            continue
        if not isinstance(layer, Mapping):
            return layer
        out.update(_flatten(layer, "", []))
    return out


def parse_settings(raw: object, env: Mapping[str, str]) -> tuple[ServerSettings, list[SettingError]]:
    """Validate the `archmem` section; every problem is reported and its setting falls back to the default."""
    errors: list[SettingError] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        errors.append(SettingError(SECTION, f"must be an object, got {_describe(raw)}; using the defaults"))
        raw = {}
    flat = _flatten(raw, "", errors)
    for key in flat:
        if key in CLIENT_SIDE:
            continue
        if key not in KNOWN:
            close = difflib.get_close_matches(key, KNOWN, n=1)
            hint = f" (did you mean {SECTION}.{close[0]}?)" if close else ""
            errors.append(SettingError(f"{SECTION}.{key}", f"unknown setting, ignored{hint}"))

    defaults = ServerSettings()
    reader = _Reader(flat, errors)
    models, model_errors = parse_model_settings(flat.get("models"), env, prefix=f"{SECTION}.models")
    errors.extend(model_errors)
    errors.extend(_checker_errors(flat.get("checkers")))
    settings = ServerSettings(
        offline=reader.boolean("offline", defaults.offline),
        models=models,
        context_budget=reader.integer("context.budget", defaults.context_budget, 256, 1_000_000),
        self_debug_rounds=reader.integer("selfDebug.rounds", defaults.self_debug_rounds, 1, 10),
        self_debug_offer_unverified=reader.boolean(
            "selfDebug.offerUnverified", defaults.self_debug_offer_unverified
        ),
        checkers=flat.get("checkers"),
        exclude=reader.globs("exclude"),
        max_file_size=reader.integer("index.maxFileSize", defaults.max_file_size, 1, MAX_FILE_SIZE_LIMIT),
        cache_dir=reader.text("index.cacheDir"),
        log_level=reader.level("log.level", defaults.log_level),
        log_file=reader.text("log.file"),
        completion_enabled=reader.boolean("completion.enabled", defaults.completion_enabled),
        completion_disabled_languages=reader.globs("completion.disabledLanguages"),
        completion_endpoint=reader.text("completion.endpoint"),
        completion_context_budget=reader.integer(
            "completion.contextBudget", defaults.completion_context_budget, 0, 100_000
        ),
        completion_max_tokens=reader.integer("completion.maxTokens", defaults.completion_max_tokens, 1, 4096),
        completion_deadline_ms=reader.integer(
            "completion.deadlineMs", defaults.completion_deadline_ms, 50, 60_000
        ),
        completion_fim=reader.choice("completion.fim", defaults.completion_fim, FIM_MODES),
        completion_fim_templates=flat.get("completion.fimTemplates"),
        completion_as_item=(
            reader.boolean("completion.asItem", True) if flat.get("completion.asItem") is not None else None
        ),
    )
    return settings, errors


def _checker_errors(raw: object) -> list[SettingError]:
    """The checks layer's verdict on `archmem.checkers`, as SettingErrors (its messages start with the path)."""
    out: list[SettingError] = []
    for text in parse_checker_settings(raw)[1]:
        path, _, message = text.partition(" ")
        if path.endswith(":"):
            path = path[:-1]
        out.append(SettingError(path, message))
    return out


def _flatten(raw: Mapping[object, object], prefix: str, errors: list[SettingError]) -> dict[str, object]:
    """Dotted keys for every leaf, stopping at the opaque settings, whose objects stay whole."""
    out: dict[str, object] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key:
            errors.append(SettingError(f"{SECTION}.{prefix}{key!r}", "not a setting name, ignored"))
            continue
        name = f"{prefix}{key}"
        if name in _OPAQUE or name in KNOWN:
            out[name] = value
        elif not isinstance(value, Mapping):
            if any(known.startswith(f"{name}.") for known in KNOWN):
                errors.append(
                    SettingError(f"{SECTION}.{name}", f"must be an object, got {_describe(value)}; ignored")
                )
            else:
                out[name] = value
        else:
            out.update(_flatten(value, f"{name}.", errors))
    return out


class _Reader:
    """Typed reads of flattened settings, recording a SettingError for each value of the wrong shape."""

    def __init__(self, flat: Mapping[str, object], errors: list[SettingError]) -> None:
        self._flat = flat
        self._errors = errors

    def _bad(self, key: str, expected: str, value: object, fallback: object) -> None:
        shown = "no value" if fallback is None else repr(fallback).replace("'", '"')
        self._errors.append(
            SettingError(f"{SECTION}.{key}", f"must be {expected}, got {_describe(value)}; using {shown}")
        )

    def boolean(self, key: str, default: bool) -> bool:
        value = self._flat.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self._bad(key, "true or false", value, default)
        return default

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self._flat.get(key)
        if value is None:
            return default
        # JSON has one number type: 3.0 is a fine 3, 3.5 is not.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        self._bad(key, f"a whole number from {low} to {high}", value, default)
        return default

    def text(self, key: str) -> str | None:
        value = self._flat.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        self._bad(key, "a string", value, None)
        return None

    def level(self, key: str, default: LogLevel) -> LogLevel:
        value = self._flat.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            for level in LOG_LEVELS:
                if value.lower() == level:
                    return level
        self._bad(key, "one of " + ", ".join(LOG_LEVELS), value, default)
        return default

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        value = self._flat.get(key)
        if value is None:
            return default
        if isinstance(value, str) and value in choices:
            return value
        self._bad(key, "one of " + ", ".join(choices), value, default)
        return default

    def globs(self, key: str) -> tuple[str, ...]:
        value = self._flat.get(key)
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            self._bad(key, "a list of glob patterns", value, [])
            return ()
        kept: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                kept.append(item.strip())
            else:
                self._errors.append(
                    SettingError(
                        f"{SECTION}.{key}[{i}]",
                        f"must be a non-empty glob pattern, got {_describe(item)}; skipped",
                    )
                )
        return tuple(kept)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'the string "{value[:40]}"'
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__
