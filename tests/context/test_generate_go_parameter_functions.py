"""Generate mode in Go: a parameter's type of another package offers that package's functions taking the type
(`parameter_functions.py`): net/http's `setRequestCancel(..., deadline time.Time)` calls `time.Until(deadline)`,
which nothing around the body names and which is no member of `time.Time`."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.languages import BY_NAME
from archmem.indexer.workspace import Memory

from tests.support.generate import go_filler_functions
from tests.support.memory import write_tree

GO_MOD = "module example.com/app\n\ngo 1.19\n"
CLOCK_GO = "package clock\n\ntype Instant struct {\n\twall uint64\n}\n\nfunc Now() Instant {\n\treturn Instant{}\n}\n"
# More of the package's functions, none taking an Instant, each mentioned by more files than `Until`: the package's
# popular names (`header_packages.py`) are these.
POPULAR = [f"Tick{i}" for i in range(16)]
TICKS_GO = "package clock\n\n" + "".join(f"func {n}(n int) int {{\n\treturn n\n}}\n\n" for n in POPULAR)
SLEEP_GO = "package clock\n\nfunc Until(t Instant) int64 {\n\treturn int64(t.wall)\n}\n"
USERS = {
    f"users/u{i}/u{i}.go": f'package u{i}\n\nimport "example.com/app/clock"\n\n'
    f"func tick() int {{\n\treturn {' + '.join(f'clock.{n}(1)' for n in POPULAR)}\n}}\n"
    for i in range(3)
}
HEADER = "func remaining(deadline clock.Instant) int64 {"
SERVER_GO = (
    'package web\n\nimport "example.com/app/clock"\n\n'
    "func stamp() clock.Instant {\n\treturn clock.Now()\n}\n\n"
    + go_filler_functions(0, 30)
    + f"{HEADER}\n\treturn clock.Until(deadline)\n}}\n\n"
    + go_filler_functions(40, 30)
)


def _shown(memory: Memory, root: Path, rel: str, text: str, line: str) -> bool:
    lines = SERVER_GO.splitlines()
    body = lines.index(HEADER) + 1
    memory.set_document(
        str(root / "web/server.go"), "\n".join([*lines[:body], "\t", *lines[body + 1 :]]) + "\n"
    )
    ctx = Packer(memory).pack("web/server.go", body, 1, budget=512, mode="generate")
    return text.splitlines().index(line) + 1 in ctx.included_lines(rel)


def _memory(root: Path) -> Memory:
    files = {
        "go.mod": GO_MOD,
        "clock/clock.go": CLOCK_GO,
        "clock/ticks.go": TICKS_GO,
        "clock/sleep.go": SLEEP_GO,
    }
    write_tree(root, {**files, "web/server.go": SERVER_GO, **USERS})
    return Memory.open(root, jobs=1)


def test_a_parameters_type_offers_its_packages_functions_taking_it(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    try:
        assert _shown(memory, tmp_path, "clock/sleep.go", SLEEP_GO, "func Until(t Instant) int64 {")
    finally:
        memory.close()


def test_without_the_rule_nothing_offers_it(tmp_path: Path, monkeypatch: object) -> None:
    """The same pack with the language's flag off leaves `Until` out: the rule, not the package's habits, offers it."""
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(type(BY_NAME["go"]), "parameter_type_functions", False)
    memory = _memory(tmp_path)
    try:
        assert not _shown(memory, tmp_path, "clock/sleep.go", SLEEP_GO, "func Until(t Instant) int64 {")
    finally:
        memory.close()


def test_a_function_added_to_the_package_is_offered_after_the_edit(tmp_path: Path) -> None:
    """The functions kept per memory follow another file's edit: `Since`, added after a first packing, is offered."""
    memory = _memory(tmp_path)
    try:
        added = SLEEP_GO.replace("func Until", "func Since(t Instant) int64 {\n\treturn 0\n}\n\nfunc Until")
        assert _shown(memory, tmp_path, "clock/sleep.go", SLEEP_GO, "func Until(t Instant) int64 {")
        memory.set_document(str(tmp_path / "clock/sleep.go"), added)
        assert _shown(memory, tmp_path, "clock/sleep.go", added, "func Since(t Instant) int64 {")
    finally:
        memory.close()
