"""External checkers: settings validation, real tool runs, recorded tool output, process handling.

Recorded outputs (tests/checks/samples, see its README) are replayed by a stand-in process, so the same
code path reads them as reads a live tool. Tools that are cheap and present here (ruff and mypy from the dev
dependencies, gcc and rustc from the machine) also run for real.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import time
from pathlib import Path

import pytest
from archmem.indexer.positions import LineIndex
from archmem.server.checks import (
    BytePosition,
    CheckerResult,
    CheckerSpec,
    ColumnUnit,
    Diagnostic,
    OutputFormat,
    Severity,
    parse_settings,
    run_checker,
)

SAMPLES = Path(__file__).parent / "samples"
REPLAY = (
    "import sys; data = open(sys.argv[1], 'rb').read(); "
    "(sys.stdout if sys.argv[2] == 'out' else sys.stderr).buffer.write(data); sys.exit(int(sys.argv[3]))"
)


def spec(
    command: list[str],
    output_format: OutputFormat,
    *,
    name: str = "tool",
    language: str = "python",
    **options: object,
) -> CheckerSpec:
    return CheckerSpec(
        name=name,
        command=tuple(command),
        languages=(language,),
        format=output_format,
        **options,  # type: ignore[arg-type]
    )


def text_of(source: bytes, diagnostic: Diagnostic) -> bytes:
    assert diagnostic.start.line == diagnostic.end.line
    return LineIndex(source).line_text(diagnostic.start.line)[diagnostic.start.col : diagnostic.end.col]


def column_of(source: bytes, line: int, needle: bytes) -> BytePosition:
    return BytePosition(line, LineIndex(source).line_text(line).index(needle))


async def replay(
    tmp_path: Path,
    source_name: str,
    source_sample: str,
    output_sample: str,
    output_format: OutputFormat,
    *,
    stream: str = "out",
    exit_code: int = 1,
    **options: object,
) -> tuple[bytes, CheckerResult]:
    """Put a recorded source in `tmp_path` and replay the tool's recorded output about it."""
    source = (SAMPLES / source_sample).read_bytes()
    target = tmp_path / source_name
    target.write_bytes(source)
    output = (SAMPLES / output_sample).read_text(encoding="utf-8").replace("@DIR@", str(tmp_path))
    recorded = tmp_path / "recorded-output"
    recorded.write_text(output, encoding="utf-8")
    command = [sys.executable, "-c", REPLAY, str(recorded), stream, str(exit_code)]
    result = await run_checker(spec(command, output_format, **options), str(target), str(tmp_path), source)
    return source, result


# Settings ------------------------------------------------------------------------------------------------


def test_settings_are_read_per_language() -> None:
    raw = {
        "python": [
            {"name": "pyright", "command": ["pyright", "--outputjson", "{file}"], "format": "pyright-json"},
            {
                "command": [
                    "ruff",
                    "check",
                    "--output-format",
                    "json",
                    "--stdin-filename",
                    "{original}",
                    "-",
                ],
                "format": "ruff-json",
                "stdin": True,
                "timeoutSeconds": 5,
            },
        ],
        "c": [
            {
                "name": "gcc",
                "command": ["gcc", "-fsyntax-only", "{file}"],
                "format": "gcc",
                "columnUnit": "display",
                "defaultSeverity": "error",
            }
        ],
        "go": [
            {
                "name": "vet",
                "command": ["go", "vet", "{file}"],
                "format": "regex",
                "pattern": r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$",
            }
        ],
    }
    specs, errors = parse_settings(raw)
    assert errors == []
    pyright, ruff = specs["python"]
    assert pyright == CheckerSpec(
        "pyright", ("pyright", "--outputjson", "{file}"), ("python",), OutputFormat.PYRIGHT_JSON
    )
    assert pyright.columns is ColumnUnit.UTF16
    assert (ruff.name, ruff.stdin, ruff.timeout_s, ruff.columns) == ("ruff", True, 5.0, ColumnUnit.CODEPOINT)
    (gcc,) = specs["c"]
    assert (gcc.columns, gcc.default_severity) == (ColumnUnit.DISPLAY, Severity.ERROR)
    assert specs["go"][0].pattern is not None


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (
            [],
            "archmem.checkers: must be an object mapping a language to a list of checkers, got a list; no checker runs",
        ),
        (
            {"python": {"command": ["x"]}},
            "archmem.checkers.python: must be a list of checkers, got an object; ignored",
        ),
        (
            {"python": ["pyright"]},
            "archmem.checkers.python[0]: must be an object with a command and a format, got the string",
        ),
        (
            {"python": [{"format": "mypy"}]},
            "archmem.checkers.python[0].command: must be a non-empty list of strings",
        ),
        (
            {"python": [{"command": [], "format": "mypy"}]},
            "archmem.checkers.python[0].command: must be a non-empty",
        ),
        (
            {"python": [{"command": ["mypy", 3], "format": "mypy"}]},
            "python[0].command: must be a non-empty list of strings, e.g.",
        ),
        (
            {"python": [{"command": [""], "format": "mypy"}]},
            "archmem.checkers.python[0].command[0]: must be the name of a program",
        ),
        (
            {"python": [{"command": ["mypy"]}]},
            "archmem.checkers.python[0].format: missing: use one of pyright-json",
        ),
        (
            {"python": [{"command": ["mypy"], "format": "pyright"}]},
            'python[0].format: must be one of pyright-json, mypy, tsc, gcc, ruff-json, eslint-json, regex, got the string "pyright"; this checker is left out',
        ),
        (
            {"c": [{"command": ["gcc"], "format": "gcc", "columnUnit": "chars"}]},
            "c[0].columnUnit: must be one of byte",
        ),
        (
            {"c": [{"command": ["gcc"], "format": "gcc", "timeoutSeconds": True}]},
            "c[0].timeoutSeconds: must be a number",
        ),
        (
            {"c": [{"command": ["gcc"], "format": "gcc", "timeoutSeconds": -1}]},
            "c[0].timeoutSeconds: must be a number",
        ),
        (
            {"c": [{"command": ["gcc"], "format": "gcc", "timeoutSeconds": "9"}]},
            "c[0].timeoutSeconds: must be a number",
        ),
        (
            {"c": [{"command": ["gcc"], "format": "gcc", "stdin": "yes"}]},
            'c[0].stdin: must be true or false, got the string "yes"',
        ),
        (
            {"c": [{"command": ["gcc"], "format": "gcc", "name": ""}]},
            'c[0].name: must be a non-empty string, got the string ""',
        ),
        (
            {"c": [{"command": ["gcc"], "format": "gcc", "defaultSeverity": 1}]},
            "c[0].defaultSeverity: must be one of error, warning, information, hint, got the number 1",
        ),
        (
            {"go": [{"command": ["vet"], "format": "regex"}]},
            "go[0].pattern: must be a regular expression with named groups",
        ),
        (
            {"go": [{"command": ["vet"], "format": "regex", "pattern": "("}]},
            "go[0].pattern: the pattern is not a valid",
        ),
        (
            {"go": [{"command": ["vet"], "format": "regex", "pattern": r"(?P<line>\d+)"}]},
            "go[0].pattern: the pattern needs the named groups (?P<message>...)",
        ),
        (
            {
                "go": [
                    {
                        "command": ["vet"],
                        "format": "regex",
                        "pattern": r"(?P<line>\d+) (?P<message>.*) (?P<col>\d)",
                    }
                ]
            },
            "go[0].pattern: unknown group(s) col in the pattern",
        ),
        (
            {"go": [{"command": ["vet"], "format": "gcc", "pattern": "x"}]},
            "go[0].pattern: is only read by the regex format",
        ),
        ({"": []}, "archmem.checkers: '' is not a language name; its checkers are ignored"),
    ],
)
def test_each_mistake_gets_a_message_naming_the_setting_path(raw: object, error: str) -> None:
    specs, errors = parse_settings(raw)
    assert any(error in str(message) for message in errors), errors
    assert all(not entries for entries in specs.values())


def test_an_unknown_key_is_reported_but_the_entry_is_kept() -> None:
    specs, errors = parse_settings({"python": [{"command": ["mypy"], "format": "mypy", "timeoutSecond": 9}]})
    assert [str(error) for error in errors] == [
        "archmem.checkers.python[0].timeoutSecond: unknown setting, ignored "
        "(did you mean archmem.checkers.python[0].timeoutSeconds?)"
    ]
    assert [checker.name for checker in specs["python"]] == ["mypy"]


def test_a_bad_entry_does_not_lose_the_good_ones() -> None:
    specs, errors = parse_settings(
        {"python": [{"command": ["a"], "format": "nope"}, {"command": ["b"], "format": "mypy"}], "c": "gcc"}
    )
    assert [checker.name for checker in specs["python"]] == ["b"]
    assert len(errors) == 2


def test_no_setting_means_no_checkers() -> None:
    assert parse_settings(None) == ({}, [])


def test_a_spec_built_in_code_is_validated_too() -> None:
    with pytest.raises(ValueError, match="command is empty"):
        spec([], OutputFormat.MYPY)
    with pytest.raises(ValueError, match="timeout"):
        spec(["x"], OutputFormat.MYPY, timeout_s=0)
    with pytest.raises(ValueError, match="pattern goes with the regex format"):
        spec(["x"], OutputFormat.REGEX)
    with pytest.raises(ValueError, match="named groups"):
        spec(["x"], OutputFormat.REGEX, pattern=r"(?P<line>\d+)")


# Recorded output of real tools ---------------------------------------------------------------------------


async def test_pyright_json_utf16_columns_become_bytes(tmp_path: Path) -> None:
    source, result = await replay(
        tmp_path, "pyright_sample.py", "pyright_sample.py.txt", "pyright.json", OutputFormat.PYRIGHT_JSON
    )
    assert result.ok, result.error
    by_rule = {d.code: d for d in result.diagnostics}
    undefined = by_rule["reportUndefinedVariable"]
    assert undefined.start == column_of(source, 2, b"undefined_a")
    assert text_of(source, undefined) == b"undefined_a"
    assert undefined.severity is Severity.ERROR and undefined.source == "tool"
    assert text_of(source, by_rule["reportAssignmentType"]) == b"1"  # after a tab and 名
    assert by_rule["reportUnusedImport"].severity is Severity.WARNING
    assert text_of(source, by_rule["reportOperatorIssue"]) == '"é😀" + 1'.encode()


async def test_tsc_output_keeps_only_the_checked_file_and_joins_message_chains(tmp_path: Path) -> None:
    source, result = await replay(
        tmp_path, "tsc_sample.ts", "tsc_sample.ts", "tsc.txt", OutputFormat.TSC, language="typescript"
    )
    assert result.ok, result.error
    assert [d.code for d in result.diagnostics] == ["TS2552", "TS2322", "TS2322"]  # other.ts's error dropped
    cannot_find, nested, function = result.diagnostics
    assert cannot_find.start == column_of(source, 1, b"undefinedA")
    assert text_of(source, cannot_find) == b"undefinedA"
    assert nested.start == column_of(source, 2, b'b: "s"')
    assert function.message.splitlines() == [
        "Type '(v: string) => number' is not assignable to type '(v: number) => string'.",
        "Types of parameters 'v' and 'v' are incompatible.",
        "  Type 'number' is not assignable to type 'string'.",
    ]


async def test_eslint_json_severities_rules_and_fatal_parse_errors(tmp_path: Path) -> None:
    (tmp_path / "eslint_broken.js").write_bytes((SAMPLES / "eslint_broken.js").read_bytes())
    source, result = await replay(
        tmp_path,
        "eslint_sample.js",
        "eslint_sample.js",
        "eslint.json",
        OutputFormat.ESLINT_JSON,
        language="javascript",
    )
    assert result.ok, result.error
    assert [(d.code, d.severity) for d in result.diagnostics] == [
        ("no-unused-vars", Severity.WARNING),
        ("no-unused-vars", Severity.WARNING),
        ("no-undef", Severity.ERROR),
        ("no-unused-vars", Severity.WARNING),
    ]
    assert text_of(source, result.diagnostics[2]) == b"undefinedA"
    assert text_of(source, result.diagnostics[1]) == b"x"

    broken = (SAMPLES / "eslint_broken.js").read_bytes()
    output = (tmp_path / "recorded-output").as_posix()
    command = [sys.executable, "-c", REPLAY, output, "out", "1"]
    broken_result = await run_checker(
        spec(command, OutputFormat.ESLINT_JSON), str(tmp_path / "eslint_broken.js"), str(tmp_path), broken
    )
    (fatal,) = broken_result.diagnostics
    assert fatal.code is None and fatal.data == {"fatal": True} and fatal.severity is Severity.ERROR


async def test_mypy_lines_codes_ends_and_notes(tmp_path: Path) -> None:
    source, result = await replay(
        tmp_path, "mypy_sample.py", "mypy_sample.py.txt", "mypy.txt", OutputFormat.MYPY
    )
    assert result.ok, result.error
    assert [(d.code, d.severity) for d in result.diagnostics] == [
        ("name-defined", Severity.ERROR),
        ("assignment", Severity.ERROR),
        (None, Severity.INFORMATION),  # reveal_type's note stands alone: it is on no error's line
        ("attr-defined", Severity.ERROR),
    ]
    name, assignment, note, attribute = result.diagnostics
    assert text_of(source, name) == b"undefined_a"
    assert name.message == 'Name "undefined_a" is not defined'
    assert text_of(source, assignment) == b"1"
    assert note.message == 'Revealed type is "int"'
    assert text_of(source, attribute) == b"a.foo"


async def test_gcc_display_columns_with_tabs_and_wide_characters(tmp_path: Path) -> None:
    source, result = await replay(
        tmp_path,
        "gcc_sample.c",
        "gcc_sample.c",
        "gcc_display.txt",
        OutputFormat.GCC,
        language="c",
        stream="err",
        column_unit=ColumnUnit.DISPLAY,
    )
    assert result.ok, result.error
    undeclared = result.diagnostics[0]
    assert undeclared.start == column_of(source, 2, b"undefined_a")
    assert text_of(source, undeclared) == b"undefined_a"
    (note,) = undeclared.related
    assert note.message.startswith("each undeclared identifier is reported only once")
    assert note.path == str(tmp_path / "gcc_sample.c")
    assert note.start == undeclared.start
    assert [d.code for d in result.diagnostics] == [
        None,
        None,
        "-Wunused-variable",
        "-Wunused-variable",
        "-Wunused-variable",
    ]
    assert "hdr.h" not in json.dumps([d.message for d in result.diagnostics])
    assert result.diagnostics[1].message == "expected ‘;’ before ‘}’ token"


async def test_rustc_short_codepoint_columns_and_bracketed_codes(tmp_path: Path) -> None:
    source, result = await replay(
        tmp_path,
        "rustc_sample.rs",
        "rustc_sample.rs",
        "rustc.txt",
        OutputFormat.GCC,
        language="rust",
        stream="err",
        column_unit=ColumnUnit.CODEPOINT,
    )
    assert result.ok, result.error
    assert [d.code for d in result.diagnostics] == ["E0425", "E0308"]
    assert text_of(source, result.diagnostics[0]) == b"undefined_a"


# Real tools ----------------------------------------------------------------------------------------------

NON_ASCII_PY = 's = "é名前😀"; print(undefined_a)\nimport os\n'.encode()


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed here")
    return found


async def test_real_ruff_on_a_file(tmp_path: Path) -> None:
    target = tmp_path / "mod.py"
    target.write_bytes(NON_ASCII_PY)
    command = [
        tool("ruff"),
        "check",
        "--output-format",
        "json",
        "--no-cache",
        "--isolated",
        "--select",
        "F",
        "{file}",
    ]
    result = await run_checker(
        spec(command, OutputFormat.RUFF_JSON, name="ruff"), str(target), str(tmp_path), NON_ASCII_PY
    )
    assert result.ok, result.error
    by_code = {d.code: d for d in result.diagnostics}
    assert text_of(NON_ASCII_PY, by_code["F821"]) == b"undefined_a"
    assert by_code["F821"].data["name"] == "undefined-name"
    assert by_code["F401"].severity is Severity.WARNING and by_code["F401"].data["fixable"] is True


async def test_real_ruff_reading_stdin_reports_under_the_original_path(tmp_path: Path) -> None:
    original = tmp_path / "pkg" / "mod.py"  # never created: the text only goes through stdin
    command = [
        tool("ruff"),
        "check",
        "--output-format",
        "json",
        "--no-cache",
        "--isolated",
        "--select",
        "F",
        "--stdin-filename",
        "{original}",
        "-",
    ]
    shadow = tmp_path / "shadow.py"
    shadow.write_bytes(b"")
    result = await run_checker(
        spec(command, OutputFormat.RUFF_JSON, stdin=True),
        str(shadow),
        str(tmp_path),
        NON_ASCII_PY,
        original_path=str(original),
    )
    assert result.ok, result.error
    assert {d.code for d in result.diagnostics} == {"F821", "F401"}
    assert not original.exists()


async def test_real_mypy(tmp_path: Path) -> None:
    target = tmp_path / "mod.py"
    target.write_bytes(NON_ASCII_PY.replace(b"import os\n", "x: int = 'é'\n".encode()))
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--no-native-parser",
        "--show-column-numbers",
        "--show-error-end",
        "--no-error-summary",
        "--cache-dir=/dev/null",
        "--no-color-output",
        "{file}",
    ]
    text = target.read_bytes()
    result = await run_checker(
        spec(command, OutputFormat.MYPY, name="mypy"), str(target), str(tmp_path), text
    )
    assert result.ok, result.error
    assert [d.code for d in result.diagnostics] == ["name-defined", "assignment"]
    assert text_of(text, result.diagnostics[0]) == b"undefined_a"
    assert text_of(text, result.diagnostics[1]) == "'é'".encode()


C_SOURCE = 'int main(void) {\n\tconst char *s = "é名前😀"; int x = undefined_a;\n\treturn 0\n}\n'.encode()


@pytest.mark.parametrize(
    ("flags", "unit"),
    [(["-fdiagnostics-column-unit=byte"], ColumnUnit.BYTE), ([], ColumnUnit.DISPLAY)],
)
async def test_real_gcc_in_both_column_units(tmp_path: Path, flags: list[str], unit: ColumnUnit) -> None:
    target = tmp_path / "main.c"
    target.write_bytes(C_SOURCE)
    command = [tool("gcc"), "-fsyntax-only", "-Wall", "-fdiagnostics-plain-output", *flags, "{file}"]
    result = await run_checker(
        spec(command, OutputFormat.GCC, name="gcc", language="c", column_unit=unit),
        str(target),
        None,
        C_SOURCE,
    )
    assert result.ok, result.error
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert text_of(C_SOURCE, errors[0]) == b"undefined_a"
    assert errors[1].start == BytePosition(2, len(b"\treturn 0"))
    warnings = {d.code for d in result.diagnostics if d.severity is Severity.WARNING}
    assert warnings == {"-Wunused-variable"}


async def test_real_gcc_failing_to_start_its_compiler_is_an_error_not_a_crash(tmp_path: Path) -> None:
    command = [tool("gcc"), "-fsyntax-only", str(tmp_path / "absent.c")]
    result = await run_checker(
        spec(command, OutputFormat.GCC, name="gcc", language="c"), str(tmp_path / "x.c"), None, b""
    )
    assert not result.ok
    assert result.error is not None
    assert result.error.startswith("gcc exited with code 1 without a finding archmem could read:")
    assert "No such file or directory" in result.error


async def test_real_rustc_short_format(tmp_path: Path) -> None:
    target = tmp_path / "main.rs"
    source = (SAMPLES / "rustc_sample.rs").read_bytes()
    target.write_bytes(source)
    command = [
        tool("rustc"),
        "--error-format=short",
        "--emit=metadata",
        "--edition",
        "2021",
        "-o",
        str(tmp_path / "out.rmeta"),
        "{file}",
    ]
    result = await run_checker(
        spec(
            command,
            OutputFormat.GCC,
            name="rustc",
            language="rust",
            column_unit=ColumnUnit.CODEPOINT,
            timeout_s=120,
        ),
        str(target),
        None,
        source,
    )
    assert result.ok, result.error
    assert [d.code for d in result.diagnostics] == ["E0425", "E0308"]
    assert text_of(source, result.diagnostics[0]) == b"undefined_a"


# Process handling ----------------------------------------------------------------------------------------


def script(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "checker.py"
    path.write_text(body, encoding="utf-8")
    return [sys.executable, str(path)]


async def test_a_missing_program_names_the_setting_to_change(tmp_path: Path) -> None:
    checker = spec(["archmem-no-such-checker", "{file}"], OutputFormat.PYRIGHT_JSON, name="pyright")
    result = await run_checker(checker, str(tmp_path / "a.py"), str(tmp_path), b"")
    assert result == CheckerResult(
        "pyright",
        False,
        error="archmem-no-such-checker not found on PATH: install it or remove it from archmem.checkers.python",
    )
    relative = spec(["bin/lint", "{file}"], OutputFormat.MYPY, language="go")
    result = await run_checker(relative, str(tmp_path / "a.go"), str(tmp_path), b"")
    assert (
        result.error
        == f"bin/lint not found (relative to {tmp_path}): install it or remove it from archmem.checkers.go"
    )


async def test_a_relative_program_path_is_found_in_the_root(tmp_path: Path) -> None:
    program = tmp_path / "bin" / "lint"
    program.parent.mkdir()
    program.write_text(f"#!{sys.executable}\nprint('a.go:1:1: error: from the root')\n", encoding="utf-8")
    program.chmod(0o755)
    result = await run_checker(
        spec(["bin/lint"], OutputFormat.GCC), str(tmp_path / "a.go"), str(tmp_path), b"x\n"
    )
    assert result.ok, result.error
    assert [d.message for d in result.diagnostics] == ["from the root"]


def is_dead(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def wait_dead(pids: list[int]) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if all(is_dead(pid) for pid in pids):
            return True
        time.sleep(0.02)
    return False


SLEEPER = """\
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
with open(sys.argv[1] + ".tmp", "w") as handle:
    handle.write(f"{os.getpid()} {child.pid}")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(120)
"""


async def test_a_timeout_kills_the_checker_and_its_children(tmp_path: Path) -> None:
    pids_file = tmp_path / "pids"
    checker = spec([*script(tmp_path, SLEEPER), str(pids_file)], OutputFormat.MYPY, name="slow", timeout_s=3)
    result = await run_checker(checker, str(tmp_path / "a.py"), str(tmp_path), b"")
    assert not result.ok
    assert result.error == (
        "slow did not finish within 3 s and was stopped; "
        "raise timeoutSeconds in archmem.checkers.python or check a smaller scope"
    )
    pids = [int(pid) for pid in pids_file.read_text().split()]
    assert wait_dead(pids)


async def test_cancelling_the_check_kills_the_checker_and_its_children(tmp_path: Path) -> None:
    pids_file = tmp_path / "pids"
    checker = spec([*script(tmp_path, SLEEPER), str(pids_file)], OutputFormat.MYPY, timeout_s=600)
    task = asyncio.ensure_future(run_checker(checker, str(tmp_path / "a.py"), str(tmp_path), b""))
    deadline = time.monotonic() + 30
    while not pids_file.exists() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert wait_dead([int(pid) for pid in pids_file.read_text().split()])


async def test_a_crash_reports_the_exit_code_and_the_end_of_stderr(tmp_path: Path) -> None:
    body = "import sys\nsys.stderr.write('Traceback (most recent call last):\\n  ...\\nKeyError: boom\\n')\nsys.exit(2)\n"
    result = await run_checker(
        spec(script(tmp_path, body), OutputFormat.MYPY, name="mypy"), str(tmp_path / "a.py"), None, b""
    )
    assert not result.ok
    assert result.error is not None
    assert result.error.startswith("mypy exited with code 2 without a finding archmem could read:")
    assert result.error.endswith("KeyError: boom")


async def test_death_by_signal_is_reported(tmp_path: Path) -> None:
    body = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
    result = await run_checker(
        spec(script(tmp_path, body), OutputFormat.GCC), str(tmp_path / "a.c"), None, b""
    )
    assert not result.ok and result.error is not None
    assert result.error.startswith("tool was killed by signal 9")


async def test_output_beyond_the_cap_stops_the_checker(tmp_path: Path) -> None:
    body = "import sys\nchunk = b'x' * (1 << 20)\nfor _ in range(40):\n    sys.stdout.buffer.write(chunk)\n"
    result = await run_checker(
        spec(script(tmp_path, body), OutputFormat.GCC), str(tmp_path / "a.c"), None, b""
    )
    assert result == CheckerResult("tool", False, error="tool printed more than 32 MB and was stopped")


@pytest.mark.parametrize(
    ("output", "error"),
    [
        ("", "printed no JSON"),
        ("hello", "printed output that is not JSON"),
        ('{"summary": {}}', "printed JSON without generalDiagnostics (is --outputjson in the command?)"),
    ],
)
async def test_unreadable_json_is_an_error(tmp_path: Path, output: str, error: str) -> None:
    body = f"import sys\nsys.stdout.write({output!r})\nsys.stderr.write('details')\nsys.exit(1)\n"
    result = await run_checker(
        spec(script(tmp_path, body), OutputFormat.PYRIGHT_JSON, name="pyright"),
        str(tmp_path / "a.py"),
        None,
        b"",
    )
    assert result == CheckerResult("pyright", False, error=f"pyright (exit code 1) {error}: details")


async def test_json_after_a_banner_is_read(tmp_path: Path) -> None:
    document = {
        "generalDiagnostics": [
            {
                "file": "{file}",
                "severity": "warning",
                "message": "m",
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
            }
        ]
    }
    body = (
        f"import sys, json\ndoc = {document!r}\ndoc['generalDiagnostics'][0]['file'] = sys.argv[1]\n"
        "print('Loading configuration...')\nprint(json.dumps(doc))\n"
    )
    target = tmp_path / "a.py"
    result = await run_checker(
        spec([*script(tmp_path, body), "{file}"], OutputFormat.PYRIGHT_JSON), str(target), None, b"x = 1\n"
    )
    assert result.ok, result.error
    assert [(d.message, d.severity) for d in result.diagnostics] == [("m", Severity.WARNING)]


async def test_only_findings_about_the_checked_file_are_kept(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    body = (
        "import sys\n"
        "print(f'{sys.argv[1]}:1:1: error: absolute path')\n"
        "print('sub/../a.c:2:1: warning: relative to the working directory')\n"
        "print('other.c:1:1: error: another file')\n"
        "print(f'{sys.argv[2]}:1:1: error: the original path')\n"
        "sys.exit(1)\n"
    )
    target = tmp_path / "a.c"
    original = tmp_path / "project" / "a.c"
    result = await run_checker(
        spec([*script(tmp_path, body), "{file}", "{original}"], OutputFormat.GCC),
        str(target),
        str(tmp_path),
        b"one\ntwo\n",
        original_path=str(original),
    )
    assert result.ok, result.error
    assert [d.message for d in result.diagnostics] == [
        "absolute path",
        "relative to the working directory",
        "the original path",
    ]


async def test_findings_only_about_other_files_with_a_failing_exit_code_are_fine(tmp_path: Path) -> None:
    body = "print('other.c:1:1: error: another file')\nraise SystemExit(1)\n"
    result = await run_checker(
        spec(script(tmp_path, body), OutputFormat.GCC), str(tmp_path / "a.c"), None, b""
    )
    assert result == CheckerResult("tool", True, ())


async def test_stdin_receives_the_text_and_placeholders_are_filled(tmp_path: Path) -> None:
    body = (
        "import os, sys\n"
        "text = sys.stdin.read()\n"
        "line = text.splitlines().index('TODO') + 1\n"
        "print(f'{line}: W1 cwd={os.getcwd()} root={sys.argv[1]} file={sys.argv[2]} original={sys.argv[3]}')\n"
    )
    target = tmp_path / "a.txt"
    checker = spec(
        [*script(tmp_path, body), "{root}", "{file}", "{original}"],
        OutputFormat.REGEX,
        stdin=True,
        pattern=r"^(?P<line>\d+): (?P<code>W\d) (?P<message>.*)$",
        default_severity=Severity.HINT,
    )
    result = await run_checker(checker, str(target), str(tmp_path), b"a\nb\nTODO\n")
    assert result.ok, result.error
    (found,) = result.diagnostics
    assert found.start.line == 2 and found.code == "W1" and found.severity is Severity.HINT
    assert found.message == f"cwd={tmp_path} root={tmp_path} file={target} original={target}"


async def test_a_regex_with_every_group(tmp_path: Path) -> None:
    body = (
        "import sys\n"
        "print(f'{sys.argv[1]}|2|4|2|8|warning|X9|spans a word')\n"
        "print('elsewhere.txt|1|1|1|2|error|X1|not ours')\n"
    )
    pattern = (
        r"^(?P<file>[^|]+)\|(?P<line>\d+)\|(?P<column>\d+)\|(?P<endLine>\d+)\|(?P<endColumn>\d+)"
        r"\|(?P<severity>\w+)\|(?P<code>\w+)\|(?P<message>.*)$"
    )
    source = "line one\néé word\n".encode()
    checker = spec(
        [*script(tmp_path, body), "{file}"],
        OutputFormat.REGEX,
        pattern=pattern,
        column_unit=ColumnUnit.CODEPOINT,
    )
    result = await run_checker(checker, str(tmp_path / "a.txt"), None, source)
    assert result.ok, result.error
    (found,) = result.diagnostics
    assert (found.severity, found.code, found.message) == (Severity.WARNING, "X9", "spans a word")
    assert text_of(source, found) == b"word"


async def test_a_line_past_the_end_of_the_text_lands_at_its_end(tmp_path: Path) -> None:
    body = "import sys\nprint(f'{sys.argv[1]}:99:1: error: unexpected end of file')\n"
    result = await run_checker(
        spec([*script(tmp_path, body), "{file}"], OutputFormat.GCC), str(tmp_path / "a.c"), None, b"ab\ncd"
    )
    (found,) = result.diagnostics
    assert found.start == found.end == BytePosition(1, 2)


async def test_go_vet_lines_without_a_severity_take_the_default(tmp_path: Path) -> None:
    # Written by hand from go vet's documented output (go is not installed here): a package header, a
    # finding with no severity word, and a type error prefixed with "vet: ".
    body = (
        "import sys\n"
        "sys.stderr.write('# command-line-arguments\\n')\n"
        "sys.stderr.write('./main.go:4:2: fmt.Printf format %d has arg s of wrong type string\\n')\n"
        "sys.stderr.write('vet: ./main.go:5:9: undefined: y\\n')\n"
        "sys.exit(1)\n"
    )
    source = b'package main\n\nfunc main() {\n\tfmt.Printf("%d", s)\n\treturn y\n}\n'
    (tmp_path / "main.go").write_bytes(source)
    checker = spec(script(tmp_path, body), OutputFormat.GCC, language="go", default_severity=Severity.WARNING)
    result = await run_checker(checker, str(tmp_path / "main.go"), str(tmp_path), source)
    assert result.ok, result.error
    printf, undefined = result.diagnostics
    assert (printf.severity, printf.start, text_of(source, printf)) == (
        Severity.WARNING,
        BytePosition(3, 1),
        b"fmt",
    )
    assert (undefined.message, undefined.start) == ("undefined: y", BytePosition(4, 8))
