"""Named model endpoints and which action uses which, parsed and validated from the editor's settings."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from archmem.server.setting_reader import SettingError, SettingReader, whole_number

DEFAULT_API_KEY_ENV = "OPENAI_API_KEY"
OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"
SETTINGS_SECTION = "archmem.models"

ModelAction = Literal["self_debug", "self_debug_escalation", "generate", "explain"]

_ACTION_KEYS: tuple[tuple[ModelAction, str], ...] = (
    ("self_debug", "selfDebug"),
    ("self_debug_escalation", "selfDebugEscalation"),
    ("generate", "generate"),
    ("explain", "explain"),
)
_TOP_KEYS = ("endpoints", "defaultEndpoint", *(camel for _, camel in _ACTION_KEYS))
_ENDPOINT_KEYS = (
    "baseUrl",
    "model",
    "apiKeyEnv",
    "contextWindow",
    "maxOutputTokens",
    "temperature",
    "timeoutSeconds",
    "deadlineSeconds",
    "maxRetries",
    "extraHeaders",
    "apiVersion",
)
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SECRET_KEYS = {"apikey", "api_key", "key", "token", "secret"}


def _frozen_headers(headers: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(headers or {}))


@dataclass(frozen=True, kw_only=True, repr=False)
class Endpoint:
    """One OpenAI-compatible endpoint. It holds the *name* of the key's environment variable, never the key."""

    name: str
    model: str
    base_url: str | None = None
    api_key_env: str = DEFAULT_API_KEY_ENV
    context_window: int = 8192
    max_output_tokens: int = 1024
    # None: send no temperature (OpenAI's reasoning models accept only their default).
    temperature: float | None = 0.0
    timeout_s: float = 30.0
    deadline_s: float = 120.0
    max_retries: int = 2
    # Only the names appear in repr: users sometimes put credentials in custom headers.
    extra_headers: Mapping[str, str] = field(default_factory=_frozen_headers, repr=False, hash=False)
    api_version: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra_headers", _frozen_headers(self.extra_headers))

    def __repr__(self) -> str:
        # Hides what may be credentials: user:password in the URL, and custom header values.
        shown = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra_headers"}
        if self.base_url is not None:
            shown["base_url"] = display_url(self.base_url)
        shown["extra_headers"] = sorted(self.extra_headers)
        return f"Endpoint({', '.join(f'{name}={value!r}' for name, value in shown.items())})"

    @property
    def is_azure(self) -> bool:
        return self.api_version is not None


@dataclass(frozen=True, kw_only=True)
class ModelSettings:
    """The configured endpoints and, per action, the name of the endpoint it uses (None: offline)."""

    endpoints: Mapping[str, Endpoint] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    self_debug: str | None = None
    self_debug_escalation: str | None = None
    generate: str | None = None
    explain: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "endpoints", MappingProxyType(dict(self.endpoints)))

    def endpoint_for(self, action: ModelAction) -> Endpoint | None:
        names: dict[ModelAction, str | None] = {
            "self_debug": self.self_debug,
            "self_debug_escalation": self.self_debug_escalation,
            "generate": self.generate,
            "explain": self.explain,
        }
        name = names[action]
        return None if name is None else self.endpoints.get(name)


def display_url(url: str) -> str:
    """`url` without any user:password part, for messages and logs."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    return urlunsplit(parts._replace(netloc=netloc))


def is_local_url(url: str) -> bool:
    """True for a server on this machine or the local network (loopback, private address, bare host name)."""
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return False
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        # A dotless name (`ollama`, `gpu-box`) resolves only on a LAN or inside a container network.
        return "." not in host
    return address.is_loopback or address.is_private or address.is_link_local


def parse_model_settings(
    raw: object, env: Mapping[str, str], *, prefix: str = SETTINGS_SECTION
) -> tuple[ModelSettings, list[SettingError]]:
    """Validate the `archmem.models` settings; every invalid part is reported and replaced by its default."""
    parser = _Parser(prefix)
    settings = parser.settings(raw, env)
    return settings, parser.errors


class _Parser(SettingReader):
    """Collects SettingErrors while turning a JSON-like value into ModelSettings. No value is echoed in them:
    a URL may hold a password, a header a token, and a key may be pasted where its variable's name goes."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def bad(self, path: str, expected: str, value: object, instead: str) -> None:
        self.wrong(path, expected, value, instead, show=False)

    def path(self, *parts: str) -> str:
        return ".".join((self.prefix, *parts))

    def settings(self, raw: object, env: Mapping[str, str]) -> ModelSettings:
        if raw is None:
            raw = {}
        if not isinstance(raw, Mapping):
            self.bad(self.prefix, "an object", raw, "no endpoint is configured")
            raw = {}
        self.unknown_keys(raw, _TOP_KEYS, ())
        declared, endpoints, dropped = self.endpoints(raw.get("endpoints"))
        if not declared:
            fallback = self.env_endpoint(env)
            if fallback is not None:
                endpoints = {fallback.name: fallback}
        default = self.default_endpoint(raw.get("defaultEndpoint"), endpoints, dropped)
        chosen: dict[ModelAction, str | None] = {}
        for action, camel in _ACTION_KEYS:
            # The escalation endpoint is a deliberate second opinion: it never defaults to the first.
            fallback_name = None if action == "self_debug_escalation" else default
            chosen[action] = self.reference(raw.get(camel), camel, endpoints, dropped, fallback_name)
        return ModelSettings(
            endpoints=endpoints,
            self_debug=chosen["self_debug"],
            self_debug_escalation=chosen["self_debug_escalation"],
            generate=chosen["generate"],
            explain=chosen["explain"],
        )

    def unknown_keys(self, raw: Mapping[object, object], known: tuple[str, ...], at: tuple[str, ...]) -> None:
        for key in raw:
            if key in known:
                continue
            name = str(key)
            if name.lower().replace("-", "_") in _SECRET_KEYS:
                self.problem(
                    self.path(*at, name),
                    "archmem never reads API keys from settings (they would end up in files and logs); "
                    "put the key in an environment variable and give that variable's name in apiKeyEnv",
                )
                continue
            self.unknown(self.path(*at, name), name, known)

    def endpoints(self, raw: object) -> tuple[bool, dict[str, Endpoint], set[str]]:
        """(whether any endpoint was declared, the valid ones, the names left out for errors)."""
        if raw is None:
            return False, {}, set()
        if not isinstance(raw, Mapping):
            self.bad(
                self.path("endpoints"), "an object mapping endpoint names to their settings", raw, "ignored"
            )
            return False, {}, set()
        valid: dict[str, Endpoint] = {}
        dropped: set[str] = set()
        for name, value in raw.items():
            key = str(name)
            if not key.strip():
                self.problem(self.path("endpoints"), "an endpoint name is empty; that endpoint is left out")
                continue
            endpoint = self.endpoint(key, value)
            if endpoint is None:
                dropped.add(key)
            else:
                valid[key] = endpoint
        return bool(raw), valid, dropped

    def endpoint(self, name: str, raw: object) -> Endpoint | None:
        at = ("endpoints", name)
        if not isinstance(raw, Mapping):
            self.bad(self.path(*at), "an object", raw, "this endpoint is left out")
            return None
        self.unknown_keys(raw, _ENDPOINT_KEYS, at)
        if raw.get("model") is None:
            self.problem(self.path(*at, "model"), "missing: name the model to use; this endpoint is left out")
            return None
        model = self.text(raw.get("model"), self.path(*at, "model"), then="this endpoint is left out")
        if model is None:
            return None
        base_url: str | None = None
        if raw.get("baseUrl") is not None:
            base_url = self.url(raw.get("baseUrl"), self.path(*at, "baseUrl"))
            if base_url is None:
                # Falling back to the default URL would send the code to OpenAI instead of the intended server.
                return None
        api_version = self.text(raw.get("apiVersion"), self.path(*at, "apiVersion"), then="ignored")
        if api_version is not None and base_url is None:
            self.problem(
                self.path(*at, "baseUrl"),
                "missing: an Azure endpoint (apiVersion is set) needs baseUrl, e.g. "
                "https://RESOURCE.openai.azure.com; this endpoint is left out",
            )
            return None
        context_window = self.integer(
            raw.get("contextWindow"), self.path(*at, "contextWindow"), 512, 10_000_000
        )
        context_window = 8192 if context_window is None else context_window
        max_output = self.integer(raw.get("maxOutputTokens"), self.path(*at, "maxOutputTokens"), 1, 1_000_000)
        if max_output is not None and max_output >= context_window:
            self.bad(
                self.path(*at, "maxOutputTokens"),
                f"less than contextWindow ({context_window})",
                max_output,
                f"using {min(1024, context_window // 2)}",
            )
            max_output = None
        temperature: float | None = 0.0
        if "temperature" in raw:
            # An explicit null means: send no temperature at all.
            temperature = self.number(raw["temperature"], self.path(*at, "temperature"), 0.0, 2.0, 0.0)
        timeout = self.number(
            raw.get("timeoutSeconds"), self.path(*at, "timeoutSeconds"), 0.0, 3600.0, 30.0, exclusive_low=True
        )
        deadline = self.number(
            raw.get("deadlineSeconds"),
            self.path(*at, "deadlineSeconds"),
            0.0,
            86400.0,
            120.0,
            exclusive_low=True,
        )
        retries = self.integer(raw.get("maxRetries"), self.path(*at, "maxRetries"), 0, 10)
        return Endpoint(
            name=name,
            model=model,
            base_url=base_url,
            api_key_env=self.env_name(raw.get("apiKeyEnv"), self.path(*at, "apiKeyEnv")),
            context_window=context_window,
            max_output_tokens=min(1024, context_window // 2) if max_output is None else max_output,
            temperature=temperature,
            timeout_s=30.0 if timeout is None else timeout,
            deadline_s=120.0 if deadline is None else deadline,
            max_retries=2 if retries is None else retries,
            extra_headers=self.headers(raw.get("extraHeaders"), self.path(*at, "extraHeaders")),
            api_version=api_version,
        )

    def text(self, raw: object, path: str, *, then: str) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str) or not raw.strip():
            self.bad(path, "a non-empty string", raw, then)
            return None
        return raw.strip()

    def url(self, raw: object, path: str) -> str | None:
        text = self.text(raw, path, then="this endpoint is left out")
        if text is None:
            return None
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in text):
            self.bad(
                path,
                "an http:// or https:// URL like http://localhost:11434/v1",
                text,
                "this endpoint is left out",
            )
            return None
        try:
            parts.port  # noqa: B018 - raises ValueError on a malformed port
        except ValueError:
            self.bad(path, "a URL with a valid port number", text, "this endpoint is left out")
            return None
        return text.rstrip("/")

    def env_name(self, raw: object, path: str) -> str:
        if raw is None:
            return DEFAULT_API_KEY_ENV
        if isinstance(raw, str) and _ENV_NAME.fullmatch(raw):
            return raw
        expected = "the name of an environment variable (letters, digits and _), e.g. OPENAI_API_KEY"
        instead = f"using {DEFAULT_API_KEY_ENV}"
        if isinstance(raw, str) and (raw.startswith(("sk-", "sk_")) or len(raw) > 40):
            instead = (
                f"it looks like an API key itself: give the NAME of the variable that holds it; {instead}"
            )
        self.bad(path, expected, raw, instead)
        return DEFAULT_API_KEY_ENV

    def number(
        self, raw: object, path: str, low: float, high: float, default: float, *, exclusive_low: bool = False
    ) -> float | None:
        """A number from low (excluded if `exclusive_low`) to high; the default if invalid; None for null."""
        if raw is None:
            return None
        if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
            value = float(raw)
            if (value > low if exclusive_low else value >= low) and value <= high:
                return value
        bound = f"greater than {low:g}" if exclusive_low else f"at least {low:g}"
        self.bad(path, f"a number {bound} and at most {high:g}", raw, f"using {default:g}")
        return default

    def integer(self, raw: object, path: str, low: int, high: int) -> int | None:
        if raw is None:
            return None
        number = whole_number(raw, low, high)
        if number is not None:
            return number
        self.bad(path, f"a whole number from {low} to {high}", raw, "using the default")
        return None

    def headers(self, raw: object, path: str) -> Mapping[str, str]:
        if raw is None:
            return _frozen_headers()
        if not isinstance(raw, Mapping):
            self.bad(path, "an object of header names to string values", raw, "no extra header is sent")
            return _frozen_headers()
        headers: dict[str, str] = {}
        for name, value in raw.items():
            if isinstance(name, str) and name.strip() and isinstance(value, str):
                headers[name.strip()] = value
            else:
                self.bad(f"{path}.{name}", "a string", value, "header ignored")
        return _frozen_headers(headers)

    def env_endpoint(self, env: Mapping[str, str]) -> Endpoint | None:
        model = env.get("ARCHMEM_MODEL", "").strip()
        if not model:
            return None
        base_url: str | None = None
        if env.get("OPENAI_BASE_URL", "").strip():
            # Invalid: no model at all rather than the default URL, which may not be where the user meant.
            base_url = self.url(env["OPENAI_BASE_URL"], "environment variable OPENAI_BASE_URL")
            if base_url is None:
                return None
        return Endpoint(name="default", model=model, base_url=base_url)

    def default_endpoint(
        self, raw: object, endpoints: Mapping[str, Endpoint], dropped: set[str]
    ) -> str | None:
        named = self.reference(raw, "defaultEndpoint", endpoints, dropped, None)
        if named is not None:
            return named
        return next(iter(endpoints)) if len(endpoints) == 1 else None

    def reference(
        self,
        raw: object,
        key: str,
        endpoints: Mapping[str, Endpoint],
        dropped: set[str],
        fallback: str | None,
    ) -> str | None:
        if raw is None:
            return fallback
        instead = f"using {fallback}" if fallback is not None else "this action runs offline"
        if not isinstance(raw, str):
            self.bad(self.path(key), "the name of an endpoint", raw, instead)
            return fallback
        if raw in endpoints:
            return raw
        if raw in dropped:
            why = f"names endpoint {raw!r}, which was left out because its settings are invalid"
        else:
            defined = ", ".join(sorted(endpoints)) or "none"
            why = f"names endpoint {raw!r}, which is not defined (defined: {defined})"
        self.problem(self.path(key), f"{why}; {instead}")
        return fallback
