"""The server's settings: the `archmem` section from the user's file and the editor, validated, never raising.

Editors deliver the section nested (`{"context": {"budget": 2048}}`, as VS Code does) or with dotted keys
(`{"context.budget": 2048}`, as hand-written Neovim or Helix configurations often do); both mean the same.
Every invalid value is reported as a `SettingError` naming the setting and why, and replaced by its
default, so a typo never stops the server. The model settings are validated by the model layer.

The settings in `GUARDED` run commands, choose where the code and the key go, or write files; a repository
must not be able to set them. They are taken from the user's own sources only (the user config file and
`initializationOptions`); the editor's configuration (`workspace/configuration`, `didChangeConfiguration`),
which merges a workspace's settings files, may set them only where the user allowed it (`allowed_from_editor`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import platformdirs
from archmem.indexer.files import DEFAULT_MAX_FILE_SIZE
from archmem.server.checks import parse_settings as parse_checker_settings
from archmem.server.models import ModelAction, ModelSettings, parse_model_settings
from archmem.server.setting_reader import SettingError, SettingReader, whole_number

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
    "selfDebug.refuseRiskyCalls",
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
CLIENT_SIDE: tuple[str, ...] = ("server.path", "server.args", "apiKeyEnv", "completion.debounce")
# Settings whose value is an object validated elsewhere: their inner keys are not ours to check.
_OPAQUE = ("models", "checkers", "completion.fimTemplates", "completion.debounce")
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
    # Refuse (instead of flag) a model's edit that adds a process, network, eval or file-deleting call.
    self_debug_refuse_risky_calls: bool = False
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
        out.update(_flatten(layer, "", SettingReader()))  # reported when the result is parsed
    return out


# Settings a repository must not be able to set, and what each one does (for the refusal's message).
GUARDED: Mapping[str, str] = {
    "checkers": "runs commands",
    "models.endpoints": "chooses where code and the API key are sent",
    "log.file": "writes a file",
    "index.cacheDir": "writes files",
}
ALLOW_ENV = "ARCHMEM_ALLOW_EDITOR_SETTINGS"
CONFIG_ENV = "ARCHMEM_CONFIG"
# The user file's own key, beside the settings: which guarded settings the editor's configuration may set.
ALLOW_KEY = "allowEditorSettings"


@dataclass(frozen=True)
class UserConfig:
    """The user config file (never a workspace's): settings of the user's own, and what the user allows."""

    path: Path
    settings: Mapping[str, object] = field(default_factory=dict)
    allowed: frozenset[str] = frozenset()
    errors: tuple[SettingError, ...] = ()


def user_config_path(env: Mapping[str, str]) -> Path:
    """`$ARCHMEM_CONFIG`, else `config.toml` in the user config directory (`~/.config/archmem` on Linux)."""
    named = env.get(CONFIG_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    xdg = env.get("XDG_CONFIG_HOME", "").strip()
    if xdg:
        return Path(xdg) / "archmem" / "config.toml"
    return platformdirs.user_config_path("archmem") / "config.toml"


def read_user_config(env: Mapping[str, str]) -> UserConfig:
    """The user config file and `$ARCHMEM_ALLOW_EDITOR_SETTINGS`; a missing file is an empty one."""
    path = user_config_path(env)
    reader = SettingReader()
    data: dict[str, object] = {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        reader.problem(str(path), f"cannot be read ({err}); its settings are not used")
    allow_raw = data.pop(ALLOW_KEY, None)
    allowed = set(_allowed_names(allow_raw, f"{path}: {ALLOW_KEY}", reader))
    allowed |= _allowed_names(_env_list(env.get(ALLOW_ENV)), f"environment variable {ALLOW_ENV}", reader)
    section = section_of(data)
    if not isinstance(section, Mapping):
        reader.wrong(f"{path}: {SECTION}", "a table", section, "ignored")
        section = {}
    return UserConfig(path, section, frozenset(allowed), tuple(reader.errors))


def _env_list(value: str | None) -> object:
    if value is None or not value.strip():
        return None
    words = [word.strip() for word in value.split(",") if word.strip()]
    return True if words in (["all"], ["1"], ["true"]) else words


def _allowed_names(raw: object, where: str, reader: SettingReader) -> set[str]:
    if raw is None or raw is False:
        return set()
    if raw is True:
        return set(GUARDED)
    if isinstance(raw, list) and all(isinstance(name, str) for name in raw):
        unknown = [name for name in raw if name.removeprefix(f"{SECTION}.") not in GUARDED]
        if unknown:
            reader.problem(where, f"{', '.join(unknown)} not among {', '.join(GUARDED)}; ignored")
        return {name.removeprefix(f"{SECTION}.") for name in raw} & set(GUARDED)
    reader.wrong(where, "true or a list of setting names", raw, "ignored")
    return set()


def from_sources(user: UserConfig, initial: object, editor: object) -> tuple[object, list[SettingError]]:
    """The settings to validate: the user file, then `initializationOptions`, then the editor's configuration
    (`workspace/configuration` or `didChangeConfiguration`), later ones winning setting by setting. A guarded
    setting the editor's configuration sets to another value than the user's sources is refused unless the
    user allowed it: the user's value stays."""
    trusted = layered(user.settings, initial)
    if not isinstance(editor, Mapping) or not isinstance(trusted, Mapping):
        return layered(trusted, editor), list(user.errors)
    reader = SettingReader()
    reader.errors.extend(user.errors)
    flat = _flatten(editor, "", reader)
    for key, does in GUARDED.items():
        if key in user.allowed:
            continue
        if key == "models.endpoints":
            refused = _keep_trusted_endpoints(flat, trusted.get("models"))
        else:
            refused = not _unset(flat.get(key)) and flat[key] != trusted.get(key)
            if refused:
                del flat[key]
        if refused:
            reader.problem(
                f"{SECTION}.{key}",
                f"refused from the editor's configuration: it {does}, so a workspace may not set it; "
                f"set it in {user.path} or initializationOptions, or allow it there with "
                f'{ALLOW_KEY} = ["{key}"] (or {ALLOW_ENV}={key} in the server\'s environment)',
            )
    return layered(trusted, flat), reader.errors


def _keep_trusted_endpoints(flat: dict[str, object], trusted_models: object) -> bool:
    """Give the editor's `models` the trusted endpoints (its choice of endpoint per action stays); True when
    it named other endpoints, which are refused."""
    models = flat.get("models")
    if not isinstance(models, Mapping):
        return False
    trusted = trusted_models.get("endpoints") if isinstance(trusted_models, Mapping) else None
    kept = {key: value for key, value in models.items() if key != "endpoints"}
    if trusted is not None:
        kept["endpoints"] = trusted
    flat["models"] = kept
    return not _unset(models.get("endpoints")) and models.get("endpoints") != trusted


def _unset(value: object) -> bool:
    """Editors send a setting nobody set as its empty default; emptying a guarded setting is always safe."""
    return value is None or value == "" or value == {} or value == []


def parse_settings(raw: object, env: Mapping[str, str]) -> tuple[ServerSettings, list[SettingError]]:
    """Validate the `archmem` section; every problem is reported and its setting falls back to the default."""
    reader = SettingReader()
    errors = reader.errors
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        reader.wrong(SECTION, "an object", raw, "using the defaults")
        raw = {}
    flat = _flatten(raw, "", reader)
    for key in flat:
        if key in CLIENT_SIDE:
            continue
        if key not in KNOWN:
            reader.unknown(f"{SECTION}.{key}", key, KNOWN, listed=False)

    defaults = ServerSettings()
    typed = _Reader(flat, reader)
    models, model_errors = parse_model_settings(flat.get("models"), env, prefix=f"{SECTION}.models")
    errors.extend(model_errors)
    errors.extend(parse_checker_settings(flat.get("checkers"))[1])
    settings = ServerSettings(
        offline=typed.boolean("offline", defaults.offline),
        models=models,
        context_budget=typed.integer("context.budget", defaults.context_budget, 256, 1_000_000),
        self_debug_rounds=typed.integer("selfDebug.rounds", defaults.self_debug_rounds, 1, 10),
        self_debug_offer_unverified=typed.boolean(
            "selfDebug.offerUnverified", defaults.self_debug_offer_unverified
        ),
        self_debug_refuse_risky_calls=typed.boolean(
            "selfDebug.refuseRiskyCalls", defaults.self_debug_refuse_risky_calls
        ),
        checkers=flat.get("checkers"),
        exclude=typed.globs("exclude"),
        max_file_size=typed.integer("index.maxFileSize", defaults.max_file_size, 1, MAX_FILE_SIZE_LIMIT),
        cache_dir=typed.text("index.cacheDir"),
        log_level=typed.level("log.level", defaults.log_level),
        log_file=typed.text("log.file"),
        completion_enabled=typed.boolean("completion.enabled", defaults.completion_enabled),
        completion_disabled_languages=typed.globs("completion.disabledLanguages"),
        completion_endpoint=typed.text("completion.endpoint"),
        completion_context_budget=typed.integer(
            "completion.contextBudget", defaults.completion_context_budget, 0, 100_000
        ),
        completion_max_tokens=typed.integer("completion.maxTokens", defaults.completion_max_tokens, 1, 4096),
        completion_deadline_ms=typed.integer(
            "completion.deadlineMs", defaults.completion_deadline_ms, 50, 60_000
        ),
        completion_fim=typed.choice("completion.fim", defaults.completion_fim, FIM_MODES),
        completion_fim_templates=flat.get("completion.fimTemplates"),
        completion_as_item=(
            typed.boolean("completion.asItem", True) if flat.get("completion.asItem") is not None else None
        ),
    )
    return settings, errors


def _flatten(raw: Mapping[object, object], prefix: str, reader: SettingReader) -> dict[str, object]:
    """Dotted keys for every leaf, stopping at the opaque settings, whose objects stay whole."""
    out: dict[str, object] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key:
            reader.problem(f"{SECTION}.{prefix}{key!r}", "not a setting name, ignored")
            continue
        name = f"{prefix}{key}"
        if name in _OPAQUE or name in KNOWN:
            out[name] = value
        elif not isinstance(value, Mapping):
            if any(known.startswith(f"{name}.") for known in KNOWN):
                reader.wrong(f"{SECTION}.{name}", "an object", value, "ignored")
            else:
                out[name] = value
        else:
            out.update(_flatten(value, f"{name}.", reader))
    return out


class _Reader:
    """Typed reads of flattened settings, recording a SettingError for each value of the wrong shape."""

    def __init__(self, flat: Mapping[str, object], reader: SettingReader) -> None:
        self._flat = flat
        self._reader = reader

    def _bad(self, key: str, expected: str, value: object, fallback: object) -> None:
        shown = "no value" if fallback is None else repr(fallback).replace("'", '"')
        self._reader.wrong(f"{SECTION}.{key}", expected, value, f"using {shown}")

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
        number = whole_number(value, low, high)
        if number is not None:
            return number
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
                self._reader.wrong(f"{SECTION}.{key}[{i}]", "a non-empty glob pattern", item, "skipped")
        return tuple(kept)
