"""Go across packages: an import path leads to its package directory (in the module that go.mod names, in
its vendor directory, or in GOROOT/src), and `pkg.Name` to the exported definition in any file of it. The
standard library is a GOROOT tree written by the test (`$GOROOT` names it), so the test needs no toolchain;
the last test reads the real one when Go is installed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.context.pack import pack
from archmem.indexer.languages.go import goroot
from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, write_tree

GOROOT = {
    "src/time/time.go": "package time\n\n// A Duration is an elapsed time.\ntype Duration int64\n",
    "src/time/sleep.go": "package time\n\nfunc Sleep(d Duration) {}\n\nfunc after() {}\n",
    "src/time/time_test.go": "package time\n\nfunc Helper() {}\n",
    "src/io/io.go": 'package io\n\nimport "errors"\n\nvar EOF = errors.New("EOF")\n',
    "src/context/context.go": "package context\n\nfunc Background() Context { return nil }\n",
    # Declared without a body: implemented in assembly.
    "src/sync/atomic/doc.go": "package atomic\n\nfunc AddInt32(addr *int32, delta int32) (new int32)\n",
    # Files for other platforms, by name and by build constraint: only linux/amd64's count here.
    "src/syscall/types_linux.go": "package syscall\n\ntype Stat_t struct{}\n",
    "src/syscall/types_darwin.go": "package syscall\n\ntype Stat_t struct{}\n",
    "src/syscall/ztypes_linux_arm64.go": "package syscall\n\ntype Stat_t struct{}\n",
    "src/syscall/syscall_unix.go": "//go:build unix\n\npackage syscall\n\ntype Errno uintptr\n",
    "src/syscall/syscall_other.go": "//go:build windows || (js && wasm)\n\npackage syscall\n\ntype Errno uintptr\n",
}

WORKSPACE = {
    "go.mod": "module example.com/app\n\ngo 1.21\n",
    "internal/clock/clock.go": (
        'package clock\n\nimport "time"\n\ntype Ticks int64\n\nconst Second Ticks = 1\n\n'
        "func Now() Ticks {\n\treturn 0\n}\n\nfunc Wait(d time.Duration) {\n\ttime.Sleep(d)\n}\n"
    ),
    "internal/clock/errors.go": 'package clock\n\nvar ErrStopped = stop("stopped")\n\nfunc stop(s string) error {}\n',
    "internal/clock/clock_test.go": "package clock\n\nfunc Tick() {}\n",
    "internal/clock/zone_linux.go": "package clock\n\nconst Local = 1\n",
    "internal/clock/zone_windows.go": "package clock\n\nconst Local = 2\n",
    # Another package defining the same names: only the imported directory answers.
    "internal/other/clock.go": "package other\n\nfunc Now() int { return 1 }\n",
    "vendor/github.com/acme/retry/retry.go": "package retry\n\nfunc Do(f func() error) error { return f() }\n",
    "cmd/app/main.go": (
        'package main\n\nimport (\n\t"context"\n\t"io"\n\t"sync/atomic"\n\t"syscall"\n\ttm "time"\n\n'
        '\t"example.com/app/internal/clock"\n\t"github.com/acme/retry"\n)\n\n'
        "func main() {\n\tctx := context.Background()\n\t_ = clock.Now()\n\t_ = clock.Second\n"
        "\t_ = clock.ErrStopped\n\t_ = clock.Tick\n\t_ = clock.stop\n\tvar d tm.Duration\n\t_ = io.EOF\n"
        "\t_ = retry.Do(nil)\n\t_, _ = syscall.Stat_t{}, syscall.Errno(0)\n\t_ = clock.Local\n\t_ = atomic.AddInt32\n\t_, _ = ctx, d\n}\n"
    ),
}


@pytest.fixture(scope="module")
def goroot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("goroot"), GOROOT).resolve()


@pytest.fixture
def memory(
    tmp_path_factory: pytest.TempPathFactory, goroot_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Memory]:
    monkeypatch.setenv("GOROOT", str(goroot_dir))
    monkeypatch.setenv("GOOS", "linux")
    monkeypatch.setenv("GOARCH", "amd64")
    yield from indexed(tmp_path_factory.mktemp("gomod"), WORKSPACE)


def test_a_package_of_the_module_resolves_through_go_mod(memory: Memory) -> None:
    assert definitions(memory, "cmd/app/main.go", "clock.Now", 6) == [("internal/clock/clock.go", "Now")]
    assert definitions(memory, "cmd/app/main.go", "clock.Second", 6) == [
        ("internal/clock/clock.go", "Second")
    ]
    # Any file of the package's directory, not only the one the import stands for.
    assert definitions(memory, "cmd/app/main.go", "clock.ErrStopped", 6) == [
        ("internal/clock/errors.go", "ErrStopped")
    ]


def test_test_files_and_unexported_names_are_not_the_package(memory: Memory) -> None:
    assert definitions(memory, "cmd/app/main.go", "clock.Tick", 6) == []
    assert definitions(memory, "cmd/app/main.go", "clock.stop", 6) == []


def test_the_standard_library_resolves_in_goroot(memory: Memory, goroot_dir: Path) -> None:
    src = goroot_dir / "src"
    assert definitions(memory, "cmd/app/main.go", "io.EOF", 3) == [(str(src / "io/io.go"), "EOF")]
    assert definitions(memory, "cmd/app/main.go", "context.Background", 8) == [
        (str(src / "context/context.go"), "Background")
    ]
    # Through an alias, and from the package's other file.
    assert definitions(memory, "cmd/app/main.go", "tm.Duration", 3) == [
        (str(src / "time/time.go"), "Duration")
    ]
    assert definitions(memory, "internal/clock/clock.go", "time.Sleep", 5) == [
        (str(src / "time/sleep.go"), "Sleep")
    ]
    assert definitions(memory, "cmd/app/main.go", "atomic.AddInt32", 7) == [
        (str(src / "sync/atomic/doc.go"), "AddInt32")
    ]
    # Library files are read for the question, never listed as the workspace's.
    assert not any(p.startswith("/") for p in memory.files())


def test_only_files_that_build_on_this_platform_answer(memory: Memory, goroot_dir: Path) -> None:
    src = goroot_dir / "src/syscall"
    assert definitions(memory, "cmd/app/main.go", "syscall.Stat_t", 8) == [
        (str(src / "types_linux.go"), "Stat_t")
    ]
    assert definitions(memory, "cmd/app/main.go", "syscall.Errno", 8) == [
        (str(src / "syscall_unix.go"), "Errno")
    ]
    assert definitions(memory, "cmd/app/main.go", "clock.Local", 6) == [
        ("internal/clock/zone_linux.go", "Local")
    ]


def test_the_vendor_directory_holds_other_modules(memory: Memory) -> None:
    assert definitions(memory, "cmd/app/main.go", "retry.Do", 6) == [
        ("vendor/github.com/acme/retry/retry.go", "Do")
    ]


def test_the_package_member_keeps_its_import_line(memory: Memory) -> None:
    index = memory.file("cmd/app/main.go")
    assert index is not None
    main = index.by_qualname["main"][0]
    targets = Resolver(memory).resolve(index, main, "clock.Now")
    assert {(t.path, t.symbol.qualname if t.symbol else None, t.import_line) for t in targets} == {
        ("internal/clock/clock.go", "Now", None),
        ("cmd/app/main.go", None, 9),
    }


def test_import_paths_never_leave_goroot(memory: Memory, goroot_dir: Path) -> None:
    # GOROOT/src/../outside.go exists, but neither `..` in an import path nor a path outside GOROOT/src
    # leads there.
    (goroot_dir / "outside.go").write_text("package outside\n\nconst Key = 1\n", encoding="utf-8")
    memory.open_document("cmd/app/evil.go", 'package main\n\nimport "../outside"\n\nvar _ = outside.Key\n')
    assert definitions(memory, "cmd/app/evil.go", "outside.Key", 8) == []
    assert memory.file(goroot_dir / "outside.go") is None
    assert memory.file(goroot_dir / "src/../outside.go") is None


@pytest.mark.skipif(shutil.which("go") is None, reason="no Go toolchain installed")
def test_the_real_goroot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOROOT", raising=False)
    root = goroot(None, shutil.which("go"))
    assert root is not None and (root / "src/time").is_dir()
    files = {"main.go": 'package main\n\nimport "time"\n\nvar d time.Duration\n'}
    for memory in indexed(tmp_path / "ws", files):
        [(path, name)] = definitions(memory, "main.go", "time.Duration", 6)
        assert Path(path).parent == root / "src/time" and name == "Duration"


def test_the_packed_context_holds_the_other_packages_definitions_and_the_import_lines(
    memory: Memory, goroot_dir: Path
) -> None:
    text = memory.text("cmd/app/main.go")
    assert text is not None
    line = text[: text.index(b"clock.Now")].count(b"\n")
    packed = pack(memory, "cmd/app/main.go", line, 1, budget=2048)
    assert packed.included_lines("internal/clock/clock.go") >= {9}  # func Now() Ticks {
    assert 4 in packed.included_lines(str(goroot_dir / "src/time/time.go"))  # type Duration int64
    # The import lines that bind `clock` and `tm`.
    assert {8, 10} <= packed.included_lines("cmd/app/main.go")
