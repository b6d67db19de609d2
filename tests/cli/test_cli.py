"""The `archmem` command line: index, outline and symbols, their --json output, and usage errors."""

from __future__ import annotations

import json
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


SHAPES = '''"""Shapes and their areas."""


class Shape:
    """A shape."""

    def area(self) -> float:
        return 0.0


def make_shape():
    return Shape()
'''


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    # `.git` makes `ws` a project, so commands on its files find it as their root from any directory.
    (tmp_path / "ws" / ".git").mkdir(parents=True)
    return write_tree(
        tmp_path / "ws",
        {
            "shapes.py": SHAPES,
            "web/draw.ts": "export function drawShape(s: string): void {}\n",
            "blob.py": b"X = 1\x00\x00",
            ".env": "TOKEN=secret\n",
            "README.md": "# readme\n",
        },
    )


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_index_prints_a_summary_and_reuses_the_store(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    code, out, _ = run(["index", str(workspace), "--jobs", "1", "--cache-dir", str(cache)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"archmem memory of {workspace.resolve()} (given)"
    assert lines[1].startswith("  2 files: 2 parsed, 0 unchanged in ")
    assert "  language       files   symbols  names used" in lines
    assert "  python             1         3           2" in lines
    assert "  typescript         1         1           1" in lines
    assert "        1  binary (NUL bytes): blob.py" in lines
    assert "        1  secret-looking file (never read): .env" in lines
    assert lines[-1].startswith(f"  store: {cache}")
    assert list(cache.glob("*.sqlite"))

    code, out, _ = run(["index", str(workspace), "--jobs", "1", "--cache-dir", str(cache)], capsys)
    assert code == 0
    assert out.splitlines()[1].startswith("  2 files: 0 parsed, 2 unchanged in ")


def test_index_json(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["index", str(workspace), "--jobs", "1", "--no-store", "--exclude", "web/", "--json"], capsys
    )
    assert code == 0
    report = json.loads(out)
    assert report["root"] == str(workspace.resolve())
    assert (report["files"], report["parsed"], report["reused"], report["removed"]) == (1, 1, 0, 0)
    assert report["files_by_language"] == {"python": 1}
    assert report["symbols_by_language"] == {"python": 3}
    assert report["skipped"] == {
        "binary (NUL bytes)": ["blob.py"],
        "excluded by settings": ["web/"],
        "secret-looking file (never read)": [".env"],
    }
    assert report["store"] is None
    assert isinstance(report["seconds"], float)


def test_index_of_the_current_directory_by_default(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(workspace)
    code, out, _ = run(["index", "--jobs", "1", "--no-store", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["root"] == str(workspace.resolve())


def test_outline_prints_the_hierarchy(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["outline", str(workspace / "shapes.py")], capsys)
    assert code == 0
    assert out.splitlines() == [
        "shapes.py (python): Shapes and their areas.",
        "  class       4-8        class Shape:  # A shape.",
        "    method      7-8        def area(self) -> float:",
        "  function    11-12      def make_shape():",
    ]


def test_outline_json(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["outline", str(workspace / "web" / "draw.ts"), "--root", str(workspace), "--json"], capsys
    )
    assert code == 0
    assert json.loads(out) == {
        "path": "web/draw.ts",
        "language": "typescript",
        "symbols": [
            {
                "id": "web/draw.ts::drawShape",
                "kind": "function",
                "name": "drawShape",
                "qualname": "drawShape",
                "line": 1,
                "end_line": 1,
                "signature": "function drawShape(s: string): void",
                "doc": "",
                "parent": "web/draw.ts::",
            }
        ],
    }


def test_symbols_best_first(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["symbols", "shape", "--root", str(workspace), "--jobs", "1", "--no-store"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "shapes.py:4: class       Shape",
        "web/draw.ts:1: function    drawShape",
        "shapes.py:11: function    make_shape",
    ]
    code, out, _ = run(
        ["symbols", "ms", "--root", str(workspace), "--jobs", "1", "--no-store", "--json", "--limit", "1"],
        capsys,
    )
    assert code == 0
    assert json.loads(out) == [
        {"name": "make_shape", "qualname": "make_shape", "kind": "function", "path": "shapes.py", "line": 11}
    ]


def test_symbols_without_a_match_exit_1_and_say_so(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["symbols", "zzqx", "--root", str(workspace), "--jobs", "1", "--no-store"], capsys)
    assert (code, out) == (1, "")
    assert err == f"archmem symbols: workspace {workspace} (given)\nno symbol matches 'zzqx'\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["index", "{ws}/missing"],
            "archmem index: {ws}/missing is not a directory: give the root of a workspace",
        ),
        (
            ["index", "{ws}/shapes.py"],
            "archmem index: {ws}/shapes.py is not a directory: give the root of a workspace",
        ),
        (
            ["outline", "{ws}/missing.py"],
            "archmem outline: {ws}/missing.py is not a file: give the path of a source file",
        ),
        (["outline", "{ws}"], "archmem outline: {ws} is not a file: give the path of a source file"),
        (
            ["outline", "{ws}/README.md"],
            "archmem outline: {ws}/README.md is not in archmem's memory: unsupported language (archmem reads "
            "Python, JavaScript, TypeScript, Go, Rust, Java, C, C++)",
        ),
        (
            ["outline", "{ws}/.env"],
            "archmem outline: {ws}/.env is not in archmem's memory: secret-looking file (never read)",
        ),
        (["symbols", "x", "--root", "{ws}/missing"], "archmem symbols: {ws}/missing is not a directory"),
    ],
)
def test_usage_errors_exit_2_and_say_what_to_do(
    argv: list[str], message: str, workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([a.format(ws=workspace) for a in argv], capsys)
    assert (code, out) == (2, "")
    # The last line is the error; a line naming the workspace may come before it.
    assert err.splitlines()[-1].startswith(message.format(ws=workspace))


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        ([], "usage: archmem"),
        (["bogus"], "invalid choice: 'bogus'"),
        (["symbols"], "the following arguments are required: query"),
        (["outline"], "the following arguments are required: file"),
        (["index", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    ],
)
def test_malformed_command_lines_exit_2_with_usage(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(argv)
    except SystemExit as exit_info:
        code = exit_info.code  # type: ignore[assignment]
    assert code == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert "usage: archmem" in err


def test_the_installed_command_indexes_with_every_core(workspace: Path, tmp_path: Path) -> None:
    # Eight files or more go to the process pool.
    write_tree(workspace, {f"pkg/m{i}.py": f"def f{i}():\n    return {i}\n" for i in range(10)})
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "archmem.server.cli",
            "index",
            str(workspace),
            "--json",
            "--cache-dir",
            str(tmp_path / "c"),
        ],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout)
    assert report["parsed"] == 12
    assert report["symbols_by_language"] == {"python": 13, "typescript": 1}
    assert done.stderr == b""  # no progress bar when stderr is not a terminal
