"""parse_model_settings: camelCase settings to endpoints, precise errors, defaults, the environment fallback."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from archmem.server.models import Endpoint, ModelAction, ModelSettings, SettingError, parse_model_settings
from archmem.server.models.endpoints import is_local_url
from hypothesis import given
from hypothesis import strategies as st

P = "archmem.models"
LOCAL = {"baseUrl": "http://localhost:11434/v1", "model": "qwen2.5-coder:7b"}


def parse(raw: object, env: dict[str, str] | None = None) -> tuple[ModelSettings, list[SettingError]]:
    return parse_model_settings(raw, env or {})


def only_error(errors: list[SettingError]) -> SettingError:
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("raw", [None, {}, {"endpoints": {}}, {"endpoints": None}])
def test_nothing_configured_and_no_environment_means_offline(raw: object) -> None:
    settings, errors = parse(raw)
    assert errors == []
    assert dict(settings.endpoints) == {}
    for action in get_args(ModelAction):
        assert settings.endpoint_for(action) is None


def test_environment_fallback_builds_the_default_endpoint() -> None:
    env = {"ARCHMEM_MODEL": "llama3", "OPENAI_BASE_URL": "http://127.0.0.1:8080/v1/", "OPENAI_API_KEY": "k"}
    settings, errors = parse(None, env)
    assert errors == []
    expected = Endpoint(name="default", model="llama3", base_url="http://127.0.0.1:8080/v1")
    assert settings.endpoint_for("self_debug") == expected
    assert settings.endpoint_for("generate") == expected
    assert settings.endpoint_for("explain") == expected
    assert settings.endpoint_for("self_debug_escalation") is None


def test_environment_fallback_without_base_url_uses_the_sdk_default() -> None:
    settings, _ = parse({}, {"ARCHMEM_MODEL": "gpt-4o-mini"})
    endpoint = settings.endpoint_for("explain")
    assert endpoint is not None
    assert endpoint.base_url is None
    assert endpoint.api_key_env == "OPENAI_API_KEY"


def test_environment_fallback_with_a_bad_url_configures_nothing() -> None:
    settings, errors = parse(None, {"ARCHMEM_MODEL": "m", "OPENAI_BASE_URL": "localhost:8080"})
    error = only_error(errors)
    assert error.path == "environment variable OPENAI_BASE_URL"
    assert "http://" in error.message
    assert settings.endpoint_for("self_debug") is None


def test_configured_endpoints_win_over_the_environment() -> None:
    settings, errors = parse({"endpoints": {"local": LOCAL}}, {"ARCHMEM_MODEL": "other"})
    assert errors == []
    assert list(settings.endpoints) == ["local"]


def test_every_camel_case_key_maps_to_its_field() -> None:
    raw = {
        "endpoints": {
            "azure": {
                "baseUrl": "https://my-resource.openai.azure.com/",
                "model": "gpt-4o-deploy",
                "apiKeyEnv": "AZURE_OPENAI_API_KEY",
                "contextWindow": 128000,
                "maxOutputTokens": 4096.0,
                "temperature": 0.2,
                "timeoutSeconds": 12,
                "deadlineSeconds": 90.5,
                "maxRetries": 4,
                "extraHeaders": {"X-Team": "compilers"},
                "apiVersion": "2024-10-21",
            }
        },
        "selfDebug": "azure",
    }
    settings, errors = parse(raw)
    assert errors == []
    assert settings.endpoint_for("self_debug") == Endpoint(
        name="azure",
        base_url="https://my-resource.openai.azure.com",
        model="gpt-4o-deploy",
        api_key_env="AZURE_OPENAI_API_KEY",
        context_window=128000,
        max_output_tokens=4096,
        temperature=0.2,
        timeout_s=12.0,
        deadline_s=90.5,
        max_retries=4,
        extra_headers={"X-Team": "compilers"},
        api_version="2024-10-21",
    )


def test_a_lone_endpoint_serves_every_action_but_escalation() -> None:
    settings, _ = parse({"endpoints": {"local": LOCAL}})
    assert settings.self_debug == settings.generate == settings.explain == "local"
    assert settings.self_debug_escalation is None


def test_actions_choose_their_endpoints() -> None:
    raw = {
        "endpoints": {"local": LOCAL, "big": {"model": "gpt-4o"}, "fast": {**LOCAL, "model": "tiny"}},
        "defaultEndpoint": "local",
        "selfDebugEscalation": "big",
        "explain": "fast",
    }
    settings, errors = parse(raw)
    assert errors == []
    assert (settings.self_debug, settings.generate) == ("local", "local")
    assert (settings.self_debug_escalation, settings.explain) == ("big", "fast")
    big = settings.endpoint_for("self_debug_escalation")
    assert big is not None
    assert big.base_url is None


def test_several_endpoints_without_default_leave_unassigned_actions_offline() -> None:
    settings, errors = parse({"endpoints": {"a": LOCAL, "b": LOCAL}, "generate": "b"})
    assert errors == []
    assert settings.endpoint_for("generate") is not None
    assert settings.endpoint_for("self_debug") is None


BAD_FIELDS = [
    (
        "temperature",
        "hot",
        "must be a number at least 0 and at most 2, got a string; using 0",
        "temperature",
        0.0,
    ),
    ("temperature", 2.5, "got the number 2.5; using 0", "temperature", 0.0),
    (
        "contextWindow",
        True,
        "must be a whole number from 512 to 10000000, got true",
        "context_window",
        8192,
    ),
    ("contextWindow", 100, "got the number 100; using the default", "context_window", 8192),
    (
        "maxOutputTokens",
        8192,
        "must be less than contextWindow (8192), got the number 8192; using 1024",
        "max_output_tokens",
        1024,
    ),
    (
        "timeoutSeconds",
        0,
        "must be a number greater than 0 and at most 3600, got the number 0",
        "timeout_s",
        30.0,
    ),
    ("deadlineSeconds", "soon", "got a string; using 120", "deadline_s", 120.0),
    ("maxRetries", -1, "from 0 to 10, got the number -1", "max_retries", 2),
    ("maxRetries", 1.5, "from 0 to 10, got the number 1.5", "max_retries", 2),
    ("apiKeyEnv", "MY KEY", "must be the name of an environment variable", "api_key_env", "OPENAI_API_KEY"),
    ("apiVersion", 3, "must be a non-empty string, got the number 3; ignored", "api_version", None),
]


@pytest.mark.parametrize(("key", "value", "message", "field", "fallback"), BAD_FIELDS)
def test_a_bad_field_is_reported_precisely_and_falls_back(
    key: str, value: object, message: str, field: str, fallback: object
) -> None:
    settings, errors = parse({"endpoints": {"local": {**LOCAL, key: value}}})
    error = only_error(errors)
    assert error.path == f"{P}.endpoints.local.{key}"
    assert message in error.message
    assert str(error) == f"{error.path}: {error.message}"
    endpoint = settings.endpoint_for("self_debug")
    assert endpoint is not None, "the rest of the endpoint survives"
    assert getattr(endpoint, field) == fallback


def test_null_temperature_means_send_none() -> None:
    settings, errors = parse({"endpoints": {"o": {"model": "o3-mini", "temperature": None}}})
    assert errors == []
    endpoint = settings.endpoint_for("generate")
    assert endpoint is not None
    assert endpoint.temperature is None


def test_an_endpoint_without_a_model_is_left_out_and_references_say_why() -> None:
    settings, errors = parse(
        {"endpoints": {"local": {"baseUrl": "http://localhost:1234/v1"}}, "selfDebug": "local"}
    )
    assert [e.path for e in errors] == [f"{P}.endpoints.local.model", f"{P}.selfDebug"]
    assert "missing: name the model" in errors[0].message
    assert "left out because its settings are invalid" in errors[1].message
    assert settings.endpoint_for("self_debug") is None


@pytest.mark.parametrize(
    "url", ["localhost:11434/v1", "ftp://host/v1", "http://", "http://host:99999/v1", "http://a b/"]
)
def test_a_bad_base_url_drops_the_endpoint_rather_than_falling_back_to_openai(url: str) -> None:
    settings, errors = parse({"endpoints": {"local": {**LOCAL, "baseUrl": url}}})
    error = only_error(errors)
    assert error.path == f"{P}.endpoints.local.baseUrl"
    assert "left out" in error.message
    assert dict(settings.endpoints) == {}


def test_a_bad_base_url_is_not_echoed_as_it_may_hold_credentials() -> None:
    _, errors = parse({"endpoints": {"local": {**LOCAL, "baseUrl": "ftp://me:hunter2@host/v1"}}})
    assert "hunter2" not in str(only_error(errors))


def test_azure_needs_a_base_url() -> None:
    settings, errors = parse({"endpoints": {"az": {"model": "dep", "apiVersion": "2024-10-21"}}})
    assert only_error(errors).path == f"{P}.endpoints.az.baseUrl"
    assert dict(settings.endpoints) == {}


def test_a_key_given_as_apikeyenv_is_rejected_and_never_echoed() -> None:
    key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"
    settings, errors = parse({"endpoints": {"local": {**LOCAL, "apiKeyEnv": key}}})
    error = only_error(errors)
    assert "looks like an API key itself" in error.message
    assert key not in str(error)
    endpoint = settings.endpoint_for("explain")
    assert endpoint is not None
    assert endpoint.api_key_env == "OPENAI_API_KEY"


@pytest.mark.parametrize("name", ["apiKey", "api_key", "token"])
def test_a_key_in_settings_is_refused_without_echo(name: str) -> None:
    settings, errors = parse({"endpoints": {"local": {**LOCAL, name: "sk-very-secret"}}})
    error = only_error(errors)
    assert error.path == f"{P}.endpoints.local.{name}"
    assert "environment variable" in error.message
    assert "sk-very-secret" not in str(error)
    assert "local" in settings.endpoints


def test_unknown_keys_get_a_suggestion() -> None:
    _, errors = parse({"endpoints": {"local": {**LOCAL, "temprature": 0.1}}, "selfdebug": "local"})
    assert [(e.path, e.message) for e in errors] == [
        (f"{P}.selfdebug", f"unknown setting, ignored (did you mean {P}.selfDebug?)"),
        (
            f"{P}.endpoints.local.temprature",
            f"unknown setting, ignored (did you mean {P}.endpoints.local.temperature?)",
        ),
    ]


def test_wrong_shapes_are_reported() -> None:
    _, errors = parse(["not", "an", "object"])
    assert only_error(errors) == SettingError(P, "must be an object, got a list; no endpoint is configured")
    _, errors = parse({"endpoints": ["local"]})
    assert only_error(errors).path == f"{P}.endpoints"
    _, errors = parse({"endpoints": {"local": "http://localhost"}})
    assert only_error(errors).message == "must be an object, got a string; this endpoint is left out"


def test_references_to_undefined_endpoints_list_the_defined_ones() -> None:
    settings, errors = parse(
        {"endpoints": {"local": LOCAL, "big": {"model": "m"}}, "generate": "gpt4", "explain": 7}
    )
    assert [(e.path, e.message) for e in errors] == [
        (
            f"{P}.generate",
            "names endpoint 'gpt4', which is not defined (defined: big, local); this action runs offline",
        ),
        (f"{P}.explain", "must be the name of an endpoint, got the number 7; this action runs offline"),
    ]
    assert settings.generate is None


def test_undefined_reference_falls_back_to_the_default_endpoint() -> None:
    settings, errors = parse({"endpoints": {"local": LOCAL}, "selfDebug": "nope"})
    assert "using local" in only_error(errors).message
    assert settings.self_debug == "local"


def test_bad_extra_header_values_are_dropped_one_by_one() -> None:
    settings, errors = parse({"endpoints": {"local": {**LOCAL, "extraHeaders": {"A": "1", "B": 2}}}})
    assert only_error(errors).path == f"{P}.endpoints.local.extraHeaders.B"
    endpoint = settings.endpoint_for("explain")
    assert endpoint is not None
    assert dict(endpoint.extra_headers) == {"A": "1"}


def test_settings_and_endpoints_are_immutable_values() -> None:
    settings, _ = parse({"endpoints": {"local": {**LOCAL, "extraHeaders": {"A": "1"}}}})
    endpoint = settings.endpoints["local"]
    with pytest.raises(TypeError):
        endpoint.extra_headers["A"] = "2"  # type: ignore[index]
    with pytest.raises(TypeError):
        settings.endpoints["x"] = endpoint  # type: ignore[index]
    assert hash(endpoint) == hash(Endpoint(**{**endpoint.__dict__}))


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:11434/v1", True),
        ("http://127.0.0.1:8080/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://192.168.1.20:1234/v1", True),
        ("http://10.0.0.5/v1", True),
        ("http://ollama:11434/v1", True),
        ("http://gpu.local:8000/v1", True),
        ("https://api.openai.com/v1", False),
        ("https://my-resource.openai.azure.com", False),
        ("http://8.8.8.8/v1", False),
    ],
)
def test_local_urls(url: str, local: bool) -> None:
    assert is_local_url(url) is local


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
ENDPOINT_VALUES = st.dictionaries(
    st.sampled_from(
        [
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
            "x",
        ]
    ),
    JSON | st.just("http://localhost/v1"),
)


@given(
    raw=JSON, env=st.dictionaries(st.sampled_from(["ARCHMEM_MODEL", "OPENAI_BASE_URL"]), st.text(max_size=12))
)
def test_any_json_is_parsed_without_raising(raw: Any, env: dict[str, str]) -> None:
    settings, errors = parse_model_settings(raw, env)
    assert all(isinstance(e, SettingError) and e.path and e.message for e in errors)
    for name in (settings.self_debug, settings.generate, settings.explain, settings.self_debug_escalation):
        assert name is None or name in settings.endpoints


@given(endpoints=st.dictionaries(st.text(max_size=6), ENDPOINT_VALUES, max_size=3), action=JSON)
def test_any_endpoint_settings_are_parsed_without_raising(endpoints: dict[str, Any], action: Any) -> None:
    settings, errors = parse_model_settings({"endpoints": endpoints, "selfDebug": action}, {})
    assert all(isinstance(e, SettingError) for e in errors)
    for endpoint in settings.endpoints.values():
        assert endpoint.model.strip()
        assert endpoint.max_output_tokens < endpoint.context_window
