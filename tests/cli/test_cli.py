"""The `archmem` command line: index, outline and symbols, their --json output, and usage errors."""

from __future__ import annotations

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
