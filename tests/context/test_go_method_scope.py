"""A Go method sees its type's members only through its receiver: in `func (c *Config) rand() io.Reader`, a bare
`rand` is the imported package `crypto/rand`, not the method itself (`rand.Reader` resolved to nothing, and
`time.Now` in `(c *Config) time()`)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

GO_MOD = "module example.com/app\n\ngo 1.19\n"

RAND_GO = "package rand\n\n// Reader is the source of randomness.\nvar Reader int\n"

CONFIG_GO = (
    'package tls\n\nimport "example.com/app/rand"\n\n'
    "type Config struct {\n\tRand int\n}\n\n"
    "func (c *Config) rand() int {\n\tr := c.Rand\n\tif r == 0 {\n\t\treturn rand.Reader\n\t}\n\treturn r\n}\n"
)


def test_a_methods_bare_name_is_not_the_method_of_its_type(tmp_path: Path) -> None:
    write_tree(tmp_path, {"go.mod": GO_MOD, "rand/rand.go": RAND_GO, "tls/common.go": CONFIG_GO})
    line = CONFIG_GO.splitlines().index("\t\treturn rand.Reader")
    memory = Memory.open(tmp_path, jobs=1)
    try:
        ctx = Packer(memory).pack("tls/common.go", line, 14, budget=400, mode="edit")
    finally:
        memory.close()
    reader = RAND_GO.splitlines().index("var Reader int") + 1
    assert reader in ctx.included_lines("rand/rand.go"), ctx.ledger()
