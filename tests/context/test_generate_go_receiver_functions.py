"""Generate mode in Go: a method reaches the function of another file of its package that takes its receiver's
type and is named for its every word (`receiver_functions.py`): crypto/tls's `(c *Config) cipherSuites()` calls
`fipsCipherSuites(c)` of notboring.go, which nothing in common.go names."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.receiver_functions import _takers
from archmem.indexer.warm import warm
from archmem.indexer.workspace import Memory

from tests.support.generate import go_filler_functions, pack_hidden_body
from tests.support.memory import write_tree

GO_MOD = "module example.com/app\n\ngo 1.19\n"

SUITES = "func (c *Config) cipherSuites() []uint16 {"
COMMON_GO = (
    "package tls\n\n"
    "type Config struct {\n\tCipherSuites []uint16\n\tMinVersion   uint16\n}\n\n"
    + go_filler_functions(0, 40)
    + f"{SUITES}\n\treturn fipsCipherSuites(c)\n}}\n\n"
    + go_filler_functions(50, 40)
)
# The other file: functions taking a *Config, one named for the method, one not; and one named for it that
# takes no Config (a name alone says too little).
NOTBORING_GO = (
    "package tls\n\n"
    'func fipsMinVersion(c *Config) uint16 { panic("fipsMinVersion") }\n'
    'func fipsCipherSuites(c *Config) []uint16 { panic("fipsCipherSuites") }\n'
    "func defaultCipherSuites(n int) []uint16 { return nil }\n"
)


def test_a_method_reaches_a_package_function_taking_its_receiver_named_for_it(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "tls/common.go": COMMON_GO, "tls/notboring.go": NOTBORING_GO}
    ctx = pack_hidden_body(tmp_path, files, "tls/common.go", SUITES, 300)
    shown = ctx.included_lines("tls/notboring.go")
    assert 4 in shown, ctx.ledger()  # fipsCipherSuites
    # defaultCipherSuites takes no Config: no taker (the warm-up test below); its name, two of the method's words,
    # has `package_word_pairs.py` show it all the same (crypto/tls's cipherSuites returns it).
    assert 5 in shown, ctx.ledger()


def test_a_function_written_in_another_file_since_the_last_pack_is_reached(tmp_path: Path) -> None:
    """The package's functions taking the receiver are kept between packs, but not past an edit of another file."""
    before = NOTBORING_GO.replace(
        'func fipsCipherSuites(c *Config) []uint16 { panic("fipsCipherSuites") }\n', ""
    )
    write_tree(tmp_path, {"go.mod": GO_MOD, "tls/common.go": COMMON_GO, "tls/notboring.go": before})
    lines = COMMON_GO.splitlines()
    body = lines.index(SUITES) + 1
    source = "\n".join([*lines[:body], "\t", *lines[body + 1 :]]) + "\n"
    memory = Memory.open(tmp_path, jobs=1)
    try:
        memory.set_document(str(tmp_path / "tls/common.go"), source)
        first = Packer(memory).pack("tls/common.go", body, 1, budget=300, mode="generate")
        assert "fipsCipherSuites" not in first.text, first.ledger()
        memory.set_document(str(tmp_path / "tls/notboring.go"), NOTBORING_GO)
        second = Packer(memory).pack("tls/common.go", body, 1, budget=300, mode="generate")
    finally:
        memory.close()
    assert 4 in second.included_lines("tls/notboring.go"), second.ledger()


def test_the_idle_warm_up_reads_the_takers_of_the_files_receiver_types(tmp_path: Path) -> None:
    """After the warm-up (`warm.py`), a packing's first question about `Config`'s takers is answered kept."""
    write_tree(tmp_path, {"go.mod": GO_MOD, "tls/common.go": COMMON_GO, "tls/notboring.go": NOTBORING_GO})
    memory = Memory.open(tmp_path, jobs=1)
    try:
        path = "tls/common.go"
        memory.open_document(str(tmp_path / path), COMMON_GO)
        asked = ("tls", path, "Config", memory.changes_elsewhere(path))
        assert not _takers.kept(memory, *asked)
        warm(memory, path)
        assert _takers.kept(memory, *asked)
        assert _takers(memory, *asked) == ("fipsMinVersion", "fipsCipherSuites")
    finally:
        memory.close()
