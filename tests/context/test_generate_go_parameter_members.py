"""Generate mode in Go: a parameter's declared type offers the members its package declares in any of its files
(`parameter_members.py`): net/http's `timeBeforeContextDeadline(t time.Time, ctx context.Context)` calls
`t.Before`, declared in time.go, where nothing around the body names it."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.generate import go_filler_functions, pack_hidden_body
from tests.support.memory import write_tree

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# A type whose struct is in one file and whose methods are in another two, as time.Time's are.
CLOCK_GO = "package clock\n\ntype Instant struct {\n\twall uint64\n}\n\nfunc Now() Instant {\n\treturn Instant{}\n}\n"
METHODS = ("Before", "After", "Equal", "IsZero", "Unix", "Round", "Truncate", "Zone")
COMPARE_GO = "package clock\n\n" + "".join(
    f"func (t Instant) {name}(u Instant) bool {{\n\treturn t.wall < u.wall\n}}\n\n" for name in METHODS[:4]
)
FORMAT_GO = "package clock\n\n" + "".join(
    f"func (t Instant) {name}() int64 {{\n\treturn int64(t.wall)\n}}\n\n" for name in METHODS[4:]
)
# The workspace's files that mention Instant call Before most.
USERS = {
    f"users/u{i}/u{i}.go": f'package u{i}\n\nimport "example.com/app/clock"\n\n'
    f"func early(a, b clock.Instant) bool {{\n\treturn a.Before(b)\n}}\n"
    for i in range(3)
}
HEADER = "func deadlineFirst(t clock.Instant, limit clock.Instant) bool {"
SERVER_GO = (
    'package web\n\nimport "example.com/app/clock"\n\n'
    "func stamp() clock.Instant {\n\treturn clock.Now()\n}\n\n"
    + go_filler_functions(0, 30)
    + f"{HEADER}\n\treturn t.Before(limit)\n}}\n\n"
    + go_filler_functions(40, 30)
)


def _before_shown(root: Path, server_go: str, header: str) -> None:
    """`Instant.Before` is shown to the body after `header` in web/server.go (`server_go`)."""
    files = {
        "go.mod": GO_MOD,
        "clock/clock.go": CLOCK_GO,
        "clock/compare.go": COMPARE_GO,
        "clock/format.go": FORMAT_GO,
        "web/server.go": server_go,
        **USERS,
    }
    ctx = pack_hidden_body(root, files, "web/server.go", header, 512)
    line = COMPARE_GO.splitlines().index("func (t Instant) Before(u Instant) bool {") + 1
    assert line in ctx.included_lines("clock/compare.go"), ctx.ledger()


def test_a_parameters_type_offers_the_members_its_package_declares_in_other_files(tmp_path: Path) -> None:
    _before_shown(tmp_path, SERVER_GO, HEADER)


# Fourteen methods, more than are offered: which are is the workspace's habit, read again after another file changes.
MANY = (*METHODS, "Abs", "Clip", "Mark", "Shift", "Wrap", "Zeta")
WIDE_GO = "package clock\n\n" + "".join(
    f"func (t Instant) {name}() int64 {{\n\treturn int64(t.wall)\n}}\n\n" for name in MANY[4:]
)


# Files that never mention the type: the chance a member's name is mentioned at all is read against them.
OTHERS = {
    f"other/o{i}/o{i}.go": f"package o{i}\n\nfunc work(n int) int {{\n\treturn n * {i}\n}}\n"
    for i in range(10)
}


def _zeta_shown(memory: Memory, root: Path) -> bool:
    lines = SERVER_GO.splitlines()
    body = lines.index(HEADER) + 1
    source = "\n".join([*lines[:body], "\t", *lines[body + 1 :]]) + "\n"
    memory.set_document(str(root / "web/server.go"), source)
    ctx = Packer(memory).pack("web/server.go", body, 1, budget=512, mode="generate")
    return WIDE_GO.splitlines().index("func (t Instant) Zeta() int64 {") + 1 in ctx.included_lines(
        "clock/format.go"
    )


def test_the_ranking_of_a_types_members_follows_an_edit_of_another_file(tmp_path: Path) -> None:
    """`Zeta`, last by name and mentioned nowhere, is not offered; once another file calls it, it is: the ranking
    kept for the memory is not stale."""
    files = {
        "go.mod": GO_MOD,
        "clock/clock.go": CLOCK_GO,
        "clock/compare.go": COMPARE_GO,
        "clock/format.go": WIDE_GO,
        "web/server.go": SERVER_GO,
        **USERS,
        **OTHERS,
    }
    write_tree(tmp_path, files)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        assert not _zeta_shown(memory, tmp_path)
        user = USERS["users/u0/u0.go"].replace("return a.Before(b)", "return a.Zeta() > b.Zeta()")
        memory.set_document(str(tmp_path / "users/u0/u0.go"), user)
        assert _zeta_shown(memory, tmp_path)
    finally:
        memory.close()


# A variable of the type declared just above the body (regexp's `var onePassPool sync.Pool` above
# `newOnePassMachine`), the body taking no parameter of it.
POOL_HEADER = "func firstInstant(n int) bool {"
POOL_GO = (
    'package web\n\nimport "example.com/app/clock"\n\n'
    + go_filler_functions(0, 30)
    + "var started clock.Instant\n\n"
    + f"{POOL_HEADER}\n\treturn started.Before(clock.Now()) && n > 0\n}}\n\n"
    + go_filler_functions(40, 30)
)


def test_a_variable_declared_beside_the_body_offers_its_types_members(tmp_path: Path) -> None:
    _before_shown(tmp_path, POOL_GO, POOL_HEADER)
