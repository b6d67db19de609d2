"""The `archmem` command line: index, outline and symbols, their --json output, and usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from archmem.server.cli import main

from tests.support.memory import write_tree


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (
            ["symbols", "x", "--limit", "0"],
            "argument --limit: '0' is not a positive whole number: give 1 or more",
        ),
        (["symbols", "x", "--limit", "-5"], "argument --limit: '-5' is not a positive whole number"),
        (["symbols", "x", "--limit", "many"], "argument --limit: 'many' is not a positive whole number"),
        (["index", ".", "--jobs", "0"], "argument --jobs: '0' is not a positive whole number"),
    ],
)
def test_counts_must_be_positive(
    argv: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path, {"a.py": "def x():\n    pass\n"})
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--no-store"] if argv[0] == "index" else [*argv, "--root", str(tmp_path), "--no-store"])
    assert exit_info.value.code == 2
    assert fragment in capsys.readouterr().err


def _archmem(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "archmem.server.cli", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    functions = "".join(f"def function_number_{i}(argument):\n    return argument\n\n\n" for i in range(3000))
    write_tree(tmp_path, {"many.py": functions})
    process = _archmem("outline", "many.py", "--json", cwd=tmp_path)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip() == b"{"
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
