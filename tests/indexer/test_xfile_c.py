"""C across files by `#include`: quoted includes beside the includer, then in the include directories of
`compile_commands.json` (at the root or in build/), then anywhere; macros and declarations of included
headers, directly or through another header, win over same-named ones elsewhere (a decoy copy of the header
sorts first), while a definition beside the includer stays the answer for a declared function."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from archmem.indexer.languages.c import include_dirs
from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

CONN_H = (
    "#define CONN_MAX 16\n\ntypedef struct conn {\n  int fd;\n} conn_t;\n\nint conn_open(const char *host);\n"
)
WORKSPACE = {
    "include/net/conn.h": CONN_H,
    # Sorted before include/: the path suffix alone would take this one.
    "contrib/net/conn.h": "#define CONN_MAX 99\n\ntypedef struct conn {\n  long fd;\n} conn_t;\n",
    "src/conn.c": '#include "net/conn.h"\n\nint conn_open(const char *host) {\n  return CONN_MAX;\n}\n',
    "src/util.h": '#include "net/conn.h"\n\n#define UTIL_FLAG 1\n',
    "src/main.c": (
        '#include "net/conn.h"\n#include "util.h"\n\nint main(void) {\n  conn_t c;\n'
        '  return conn_open("x") + UTIL_FLAG + CONN_MAX;\n}\n'
    ),
    "src/app.c": '#include "util.h"\n\nint app(void) {\n  return CONN_MAX;\n}\n',
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    root = tmp_path_factory.mktemp("c")
    build = root / "build"
    build.mkdir()
    commands = [
        {
            "directory": str(build),
            "command": "cc -I../include -DX=1 -c ../src/main.c",
            "file": "../src/main.c",
        },
        {"directory": str(build), "arguments": ["cc", "-isystem", "/usr/include", "-c", "../src/conn.c"]},
    ]
    (build / "compile_commands.json").write_text(json.dumps(commands), encoding="utf-8")
    yield from indexed(root, WORKSPACE)


def test_include_directories_come_from_the_compilation_database(memory: Memory) -> None:
    # /usr/include is outside the workspace: not the memory's.
    assert include_dirs(str(memory.root), _stamp(memory.root)) == ("include",)


def _stamp(root: Path) -> tuple[int, ...]:
    return (0, (root / "build/compile_commands.json").stat().st_mtime_ns)


def test_macros_and_types_of_the_included_header_win(memory: Memory) -> None:
    assert definitions(memory, "src/main.c", "CONN_MAX;", 0) == [("include/net/conn.h", "CONN_MAX")]
    assert definitions(memory, "src/main.c", "conn_t c", 0) == [("include/net/conn.h", "conn_t")]
    assert definitions(memory, "src/main.c", "UTIL_FLAG", 0) == [("src/util.h", "UTIL_FLAG")]


def test_through_another_header(memory: Memory) -> None:
    assert definitions(memory, "src/app.c", "CONN_MAX;", 0) == [("include/net/conn.h", "CONN_MAX")]


def test_a_declaration_beside_the_includer_is_its_implementation(memory: Memory) -> None:
    assert definitions(memory, "src/main.c", "conn_open", 0) == [("src/conn.c", "conn_open")]


def test_a_damaged_database_gives_no_directories(tmp_path: Path) -> None:
    (tmp_path / "compile_commands.json").write_text('[{"command": "cc -I', encoding="utf-8")
    stamp = ((tmp_path / "compile_commands.json").stat().st_mtime_ns, 0)
    assert include_dirs(str(tmp_path), stamp) == ()


def test_the_compilation_database_is_looked_at_once_a_request_and_again_at_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An include closure resolves every `#include` of the file (sqlite3.c's ~70 at each packing): the databases'
    # modification times are read once a request (the resolver's), and a rebuilt database is read by the next.
    files = {"src/many.c": "".join(f'#include "h{i}.h"\n' for i in range(30)) + "int many(void);\n"}
    files.update({f"include/h{i}.h": f"#define H{i} {i}\n" for i in range(30)})
    opened = indexed(tmp_path, files)
    memory = next(opened)
    looked: list[str] = []
    stat = Path.stat

    def counted(self: Path, *args: Any, **kwargs: Any) -> os.stat_result:
        if self.name == "compile_commands.json":
            looked.append(str(self))
        return stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", counted)
    try:
        index = memory.file("src/many.c")
        assert index is not None
        assert len(Resolver(memory).include_levels(index)[0]) == 30
        assert len(looked) == 2  # the root's and build/'s, once for the 30 includes
        database = [
            {"directory": str(tmp_path), "command": "cc -Iinclude -c src/many.c", "file": "src/many.c"}
        ]
        (tmp_path / "compile_commands.json").write_text(json.dumps(database), encoding="utf-8")
        resolver = Resolver(memory)
        assert len(resolver.include_levels(index)[0]) == 30
        assert len(looked) == 4  # the next request looked again
        assert resolver.cached("c include dirs", tuple) == ("include",)  # and read the rebuilt database
    finally:
        monkeypatch.undo()
        next(opened, None)
