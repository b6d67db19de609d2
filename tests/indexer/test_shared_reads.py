"""What resolving a name of a shared namespace reads (Java's package, Go's): only the files that define the name at
their top level, as the store's search rows or an open buffer say (`Resolver._defined_in`); and a receiver type's
takers read without the edited file's references (`spread.others_referencing`)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.receiver_functions import _takers
from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

MAIN = "package p;\n\nclass Main {\n  void m() {\n    Helper.run();\n  }\n}\n"
HELPER = "package p;\n\nclass Helper {\n  static void run() {}\n}\n"
# A member called Helper: the name's table lists the file, which defines no top-level Helper.
TOOLS = "package p;\n\nclass Tools {\n  static class Helper {}\n}\n"


def _asked(memory: Memory, path: str, scope: str, name: str, member: bool = False) -> list[str]:
    """`name` used in `scope` of `path` (or, with `member`, a member of the class `scope`), asked by a new resolver."""
    index = memory.file(path)
    assert index is not None
    symbol, resolver = index.by_qualname[scope][0], Resolver(memory)
    found = resolver.members(index, symbol, name) if member else resolver.resolve(index, symbol, name)
    return [f"{t.path}:{t.symbol.qualname}" for t in found if t.symbol is not None]


def _resolve_helper(memory: Memory) -> list[str]:
    return _asked(memory, "p/Main.java", "Main.m", "Helper")


def test_a_file_defining_the_name_only_as_a_member_is_not_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {"p/Main.java": MAIN, "p/Helper.java": HELPER, "p/Tools.java": TOOLS})
    memory = Memory.open(tmp_path, jobs=1)
    try:
        assert memory.files_defining("Helper") == ["p/Helper.java", "p/Tools.java"]
        assert _resolve_helper(memory) == ["p/Helper.java:Helper"]
        assert "p/Tools.java" not in memory._loaded
    finally:
        memory.close()


def test_an_open_buffer_defining_the_name_at_its_top_level_is_read(tmp_path: Path) -> None:
    """The store's rows are the file's as stored: an open buffer's own definitions decide for it."""
    write_tree(tmp_path, {"p/Main.java": MAIN, "p/Helper.java": HELPER, "p/Tools.java": TOOLS})
    memory = Memory.open(tmp_path, jobs=1)
    try:
        memory.set_document(
            str(tmp_path / "p/Tools.java"), "package p;\n\nclass Tools {}\n\nclass Helper {}\n"
        )
        assert _resolve_helper(memory) == ["p/Helper.java:Helper", "p/Tools.java:Helper"]
    finally:
        memory.close()


GO_MOD = "module example.com/app\n\ngo 1.19\n"
COMMON_GO = "package tls\n\ntype Config struct{}\n\nfunc (c *Config) suites() []uint16 {\n\treturn nil\n}\n"
FIPS_GO = "package tls\n\nfunc fipsSuites(c *Config) []uint16 { return nil }\n"


def test_the_takers_are_read_without_the_edited_files_references(tmp_path: Path) -> None:
    """The edited file is never one of its own receiver type's takers: its references, read anew for each of its
    texts, are not read; another open file's buffer is (a taker written there since the store)."""
    write_tree(tmp_path, {"go.mod": GO_MOD, "tls/common.go": COMMON_GO, "tls/fips.go": "package tls\n"})
    memory = Memory.open(tmp_path, jobs=1)
    try:
        memory.set_document(str(tmp_path / "tls/common.go"), COMMON_GO + "\nfunc more() {}\n")
        memory.set_document(str(tmp_path / "tls/fips.go"), FIPS_GO)
        edited = memory.file("tls/common.go")
        assert edited is not None
        found = _takers(memory, "tls", "tls/common.go", "Config", memory.changes_elsewhere("tls/common.go"))
        assert found == ("fipsSuites",)
        assert "referenced_names" not in vars(edited)
    finally:
        memory.close()


def test_the_stores_search_rows_hold_every_kind_a_file_defines() -> None:
    """`defining_top_level` reads a stored file's top-level definitions from its search rows: a kind left out of
    them (`search.SEARCHED`) would be a top-level definition the resolver never finds in another file."""
    from archmem.indexer.records import SymbolKind
    from archmem.indexer.search import SEARCHED

    assert set(SymbolKind) - SEARCHED == {SymbolKind.FILE, SymbolKind.MODULE}


CONFIG_GO = "package tls\n\ntype Config struct{}\n"
METHODS_GO = "package tls\n\nfunc (c *Config) suites() []uint16 { return nil }\n"
# Another type's `suites`: the name's table lists the file, which defines no `Config.suites`.
SERVER_GO = "package tls\n\ntype Server struct{}\n\nfunc (s *Server) suites() []uint16 { return nil }\n"


def _config_suites(memory: Memory) -> list[str]:
    return _asked(memory, "tls/config.go", "Config", "suites", member=True)


def test_a_member_defined_in_another_file_reads_only_the_files_defining_it(tmp_path: Path) -> None:
    """`Resolver._elsewhere` (a Go method, a Rust impl's member in another file) reads the memories of the files whose
    search rows hold the qualified name, not of every file defining a `suites`."""
    files = {
        "go.mod": GO_MOD,
        "tls/config.go": CONFIG_GO,
        "tls/methods.go": METHODS_GO,
        "tls/server.go": SERVER_GO,
    }
    write_tree(tmp_path, files)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        assert memory.files_defining("suites") == ["tls/methods.go", "tls/server.go"]
        assert _config_suites(memory) == ["tls/methods.go:Config.suites"]
        assert "tls/server.go" not in memory._loaded
    finally:
        memory.close()


def test_the_kept_rows_follow_another_files_change(tmp_path: Path) -> None:
    """The rows' answer is kept per asking file until another file changes: a file gaining the member, on disk or in
    an open buffer, is found by the next request."""
    files = {
        "go.mod": GO_MOD,
        "tls/config.go": CONFIG_GO,
        "tls/methods.go": SERVER_GO,
        "tls/server.go": SERVER_GO,
    }
    write_tree(tmp_path, files)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        assert _config_suites(memory) == []
        (tmp_path / "tls/methods.go").write_text(METHODS_GO)
        memory.refresh_paths(["tls/methods.go"])
        assert _config_suites(memory) == ["tls/methods.go:Config.suites"]
        memory.set_document(str(tmp_path / "tls/server.go"), SERVER_GO + METHODS_GO.partition("\n\n")[2])
        assert _config_suites(memory) == ["tls/methods.go:Config.suites", "tls/server.go:Config.suites"]
    finally:
        memory.close()
