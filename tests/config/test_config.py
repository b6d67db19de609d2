"""Settings: every value validated, every problem named, the defaults kept for whatever is wrong."""

from __future__ import annotations

import pytest
from archmem.server.config import ServerSettings, layered, parse_settings, section_of


def messages(raw: object, env: dict[str, str] | None = None) -> list[str]:
    return [str(e) for e in parse_settings(raw, env or {})[1]]


def test_empty_and_missing_mean_the_defaults() -> None:
    assert parse_settings(None, {}) == (ServerSettings(), [])
    assert parse_settings({}, {}) == (ServerSettings(), [])
    assert ServerSettings().context_budget == 2048
    assert ServerSettings().self_debug_rounds == 3
    assert ServerSettings().max_file_size == 10_000_000
    assert ServerSettings().log_level == "info"


def test_nested_and_dotted_keys_mean_the_same() -> None:
    nested = {
        "offline": True,
        "context": {"budget": 4096},
        "selfDebug": {"rounds": 5, "offerUnverified": True},
        "exclude": ["build/", "*.gen.py"],
        "index": {"maxFileSize": 1000, "cacheDir": "/tmp/c"},
        "log": {"level": "DEBUG", "file": "/tmp/archmem.log"},
        "checkers": {"python": [{"command": ["ruff", "check", "{file}"], "format": "ruff-json"}]},
    }
    dotted = {
        "offline": True,
        "context.budget": 4096,
        "selfDebug.rounds": 5,
        "selfDebug.offerUnverified": True,
        "exclude": ["build/", "*.gen.py"],
        "index.maxFileSize": 1000,
        "index.cacheDir": "/tmp/c",
        "log.level": "DEBUG",
        "log.file": "/tmp/archmem.log",
        "checkers": {"python": [{"command": ["ruff", "check", "{file}"], "format": "ruff-json"}]},
    }
    a, errors_a = parse_settings(nested, {})
    b, errors_b = parse_settings(dotted, {})
    assert errors_a == errors_b == []
    assert a == b
    assert a.offline and a.context_budget == 4096 and a.self_debug_rounds == 5
    assert a.self_debug_offer_unverified
    assert a.exclude == ("build/", "*.gen.py")
    assert (a.max_file_size, a.cache_dir, a.log_level, a.log_file) == (
        1000,
        "/tmp/c",
        "debug",
        "/tmp/archmem.log",
    )
    assert a.checkers == {"python": [{"command": ["ruff", "check", "{file}"], "format": "ruff-json"}]}
    assert a.index_key() != ServerSettings().index_key()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"selfDebug": {"rounds": 0}},
            "archmem.selfDebug.rounds: must be a whole number from 1 to 10, got the number 0; using 3",
        ),
        ({"selfDebug": {"rounds": 11}}, "archmem.selfDebug.rounds: must be a whole number from 1 to 10"),
        (
            {"selfDebug": {"rounds": 2.5}},
            "archmem.selfDebug.rounds: must be a whole number from 1 to 10, got the number 2.5",
        ),
        (
            {"context": {"budget": "big"}},
            'archmem.context.budget: must be a whole number from 256 to 1000000, got the string "big"; using 2048',
        ),
        ({"offline": "yes"}, 'archmem.offline: must be true or false, got the string "yes"; using False'),
        (
            {"log": {"level": "loud"}},
            'archmem.log.level: must be one of error, warning, info, debug, got the string "loud"; using "info"',
        ),
        (
            {"index": {"maxFileSize": True}},
            "archmem.index.maxFileSize: must be a whole number from 1 to 100000000, got true",
        ),
        (
            {"index": {"cacheDir": 3}},
            "archmem.index.cacheDir: must be a string, got the number 3; using no value",
        ),
        (
            {"exclude": "build/"},
            'archmem.exclude: must be a list of glob patterns, got the string "build/"; using []',
        ),
        (
            {"exclude": ["ok/", 7, ""]},
            "archmem.exclude[1]: must be a non-empty glob pattern, got the number 7; skipped",
        ),
        (
            {"contxt": {"budget": 1}},
            "archmem.contxt.budget: unknown setting, ignored (did you mean archmem.context.budget?)",
        ),
        ({"context": 5}, "archmem.context: must be an object, got the number 5; ignored"),
        ({"checkers": {"python": "ruff"}}, "archmem.checkers.python: must be a list of checkers"),
        (["not", "an", "object"], "archmem: must be an object, got a list; using the defaults"),
    ],
)
def test_bad_values_name_the_setting_and_why(raw: object, expected: str) -> None:
    found = messages(raw)
    assert any(m.startswith(expected) for m in found), found


def test_one_bad_value_keeps_the_good_ones() -> None:
    settings, errors = parse_settings(
        {"selfDebug": {"rounds": 99, "offerUnverified": True}, "context.budget": 300}, {}
    )
    assert len(errors) == 1
    assert settings.self_debug_rounds == 3
    assert settings.self_debug_offer_unverified
    assert settings.context_budget == 300
    assert settings.exclude == ()


def test_whole_floats_are_integers() -> None:
    assert parse_settings({"context": {"budget": 4096.0}}, {})[0].context_budget == 4096


def test_models_are_validated_by_the_model_layer_with_full_names() -> None:
    settings, errors = parse_settings(
        {
            "models": {
                "endpoints": {"local": {"baseUrl": "http://127.0.0.1:1/v1", "model": "m"}},
                "apiKey": "sk-secret",
            }
        },
        {},
    )
    assert settings.models.endpoint_for("generate") is not None
    assert settings.model_label() == "local: m"
    text = " ".join(str(e) for e in errors)
    assert "archmem.models.apiKey" in text
    assert "sk-secret" not in text


def test_model_label_is_offline_without_a_model_or_when_asked() -> None:
    assert ServerSettings().model_label() == "offline"
    models = {"endpoints": {"local": {"baseUrl": "http://127.0.0.1:1/v1", "model": "m"}}}
    assert parse_settings({"offline": True, "models": models}, {})[0].model_label() == "offline"
    assert parse_settings(None, {"ARCHMEM_MODEL": "envmodel"})[0].model_label() == "default: envmodel"


def test_the_section_may_come_wrapped() -> None:
    assert section_of({"archmem": {"offline": True}}) == {"offline": True}
    assert section_of({"offline": True}) == {"offline": True}
    assert section_of(None) is None


def test_layers_override_setting_by_setting() -> None:
    initial = {"index": {"cacheDir": "/c"}, "context": {"budget": 1000}, "models": {"endpoints": {}}}
    pulled = {"context.budget": 3000, "log": {"level": "debug"}}
    settings, errors = parse_settings(layered(initial, pulled), {})
    assert errors == []
    assert (settings.cache_dir, settings.context_budget, settings.log_level) == ("/c", 3000, "debug")
    assert layered(initial, None) == layered(initial)
    assert layered(initial, "oops") == "oops"


def test_the_editors_own_settings_pass_without_a_warning() -> None:
    """The VS Code extension sends its whole section; the keys only it reads must not raise a toast."""
    settings, errors = parse_settings(
        {
            "server": {"path": "/opt/archmem", "args": ["serve"]},
            "apiKeyEnv": "MY_KEY",
            "context": {"budget": 1000},
        },
        {},
    )
    assert errors == []
    assert settings.context_budget == 1000
    # The extension's debounce, in each of its forms (the object one is not flattened into unknown keys).
    for debounce in ("adaptive", 250, {"min": 100, "max": 800}):
        assert parse_settings({"completion": {"debounce": debounce}}, {})[1] == []
