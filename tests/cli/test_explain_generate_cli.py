"""`archmem explain` and `archmem generate` on the command line: output, exit codes, --apply, the model
from the environment (the scripted server on 127.0.0.1), positions as compilers print them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from archmem.server.cli import main

from tests.actions.genexplain_projects import SHAPES, write
from tests.support.endpoints import KEY
from tests.support.fake_openai import FakeOpenAI, status, text

GEO = "class Circle:\n    def __init__(self, radius: float) -> None:\n        self.radius = radius\n\n    def area(self) -> float:\n        pass\n"
GOOD = "```python\ndef area(self) -> float:\n    return 3.14159 * self.radius ** 2\n```"


@pytest.fixture
def model_env(monkeypatch: pytest.MonkeyPatch, fake_openai: FakeOpenAI) -> FakeOpenAI:
    monkeypatch.setenv("ARCHMEM_MODEL", "fake-model")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    return fake_openai


@pytest.fixture(autouse=True)
def no_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ARCHMEM_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def cli(*args: str) -> int:
    return main([*args, "--no-store", "--jobs", "1"])


def test_explain_offline_prints_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, SHAPES)
    assert cli("explain", "pkg/shapes.py:6:5", "--offline") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Offline explanation of `helper` (function)")
    assert "no model was asked (--offline)" in out
    assert "- `pkg/shapes.py:25` in `user`: `s = Square(helper(3))`" in out


def test_explain_counts_columns_in_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"u.py": 'def helper():\n    return 1\n\n\nlabel = "héllo wörld"; value = helper()\n'})
    # Column 32 is the `h` of `helper()` counting characters; in UTF-8 bytes it is column 34.
    assert cli("explain", "u.py:5:32") == 0
    assert capsys.readouterr().out.startswith("# Offline explanation of `helper` (function)")


def test_explain_a_line_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, SHAPES)
    assert cli("explain", "pkg/shapes.py:25-26") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Offline explanation of the selection pkg/shapes.py:25-26")
    assert "```python\ns = Square(helper(3))\nreturn s.area()\n```" in out


def test_explain_with_the_model_from_the_environment(
    tmp_path: Path, model_env: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, SHAPES)
    model_env.enqueue(text("`helper` doubles numbers for `user`."))
    assert cli("explain", "pkg/shapes.py:6") == 0
    out = capsys.readouterr().out
    assert "`helper` doubles numbers for `user`." in out
    request = model_env.chat_requests[0]
    assert request.body["model"] == "fake-model"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in json.dumps(request.body)


def test_model_overrides_the_environment(
    tmp_path: Path, model_env: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, SHAPES)
    model_env.enqueue(text("ok"))
    assert cli("explain", "pkg/shapes.py:6", "--model", "other-model") == 0
    assert model_env.chat_requests[0].body["model"] == "other-model"


def test_explain_when_the_model_fails_prints_the_offline_view_and_exits_1(
    tmp_path: Path, model_env: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, SHAPES)
    model_env.set_handler(lambda _r: status(400, message="context too long"))
    assert cli("explain", "pkg/shapes.py:6") == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("# Offline explanation of `helper`")
    assert "context too long" in captured.err


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("pkg/shapes.py", "is not FILE:LINE[:COL][-LINE[:COL]]"),
        ("pkg/missing.py:3", "pkg/missing.py is not a file"),
        ("pkg/shapes.py:400", "line 400 is outside the file (it has 30 lines)"),
        ("notes.txt:1", "notes.txt is not in archmem's memory"),
    ],
)
def test_bad_locations_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], location: str, message: str
) -> None:
    write(tmp_path, {**SHAPES, "notes.txt": "hello\n"})
    assert cli("explain", location) == 2
    assert message in capsys.readouterr().err


def test_generate_prints_the_verified_diff_and_applies_it(
    tmp_path: Path, model_env: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"geo.py": GEO})
    model_env.enqueue(text(GOOD), text(GOOD))
    assert cli("generate", "geo.py:6") == 0
    captured = capsys.readouterr()
    assert "-        pass\n+        return 3.14159 * self.radius ** 2\n" in captured.out
    assert "verified: parses, no new pyflakes problems, nothing else changed, 1 round" in captured.err
    assert (tmp_path / "geo.py").read_text() == GEO  # printed, not written

    assert cli("generate", "geo.py:6", "--apply", "--instruction", "use 3.14159") == 0
    assert (tmp_path / "geo.py").read_text() == GEO.replace(
        "        pass\n", "        return 3.14159 * self.radius ** 2\n"
    )
    assert "The user asks: use 3.14159" in model_env.chat_requests[1].prompt


def test_generate_that_never_verifies_exits_1_and_writes_nothing(
    tmp_path: Path, model_env: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"geo.py": GEO})
    model_env.set_handler(lambda _r: text("```python\ndef area(self) -> float:\n    return (\n```"))
    assert cli("generate", "geo.py:6", "--apply", "--rounds", "2") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no verified code after 2 rounds" in captured.err
    assert (tmp_path / "geo.py").read_text() == GEO
    assert len(model_env.chat_requests) == 2


def test_generate_offline_at_a_stub_points_to_the_scaffolds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"geo.py": GEO})
    assert cli("generate", "geo.py:6") == 1
    err = capsys.readouterr().err
    assert "Generate the body of `Circle.area` needs a model" in err
    assert "offline scaffolds: docstring, test (--kind)" in err


def test_generate_offline_scaffold_creates_a_test_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"geo.py": GEO})
    (tmp_path / "tests").mkdir()
    assert cli("generate", "geo.py:5", "--offline", "--kind", "test", "--apply") == 0
    assert (tmp_path / "tests/test_geo.py").read_text() == (
        "from geo import Circle\n\n\ndef test_circle_area() -> None:\n"
        "    instance = Circle(radius=...)\n    result = instance.area()\n    assert result == ...\n"
    )
    assert capsys.readouterr().out.startswith("--- /dev/null\n+++ b/tests/test_geo.py\n")


def test_generate_list_and_nothing_here(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"geo.py": GEO, "empty.py": "X = 1\n"})
    assert cli("generate", "geo.py:6", "--list") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("body       Generate the body of `Circle.area`")
    assert cli("generate", "empty.py:1") == 1
    assert "no stub body, TODO comment, selection or scaffold at empty.py:1" in capsys.readouterr().err
    assert cli("generate", "geo.py:6", "--rounds", "0") == 2
