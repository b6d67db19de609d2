"""Generate mode in Go: a package-level variable of another package's type offers that type's members, wherever its
package declares them (`variable_members.py`): regexp's `newOnePassMachine` calls `onePassPool.Get()` where its
neighbour `freeOnePassMachine` calls `onePassPool.Put(m)`, and nothing around the body names `Get`."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.result import PackedContext
from archmem.indexer.workspace import Memory

from tests.support.generate import go_filler_functions, pack_hidden_body
from tests.support.memory import write_tree

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# sync.Pool's shape: the struct in one file, its methods in another.
POOL_GO = "package pool\n\ntype Pool struct {\n\tNew func() any\n}\n"
METHODS_GO = (
    "package pool\n\n"
    "func (p *Pool) Put(x any) {\n\tp.New = nil\n}\n\n"
    "func (p *Pool) Get() any {\n\treturn p.New()\n}\n"
)
# The workspace's files that mention Pool call Get and Put.
USERS = {
    f"users/u{i}/u{i}.go": f'package u{i}\n\nimport "example.com/app/pool"\n\nvar p pool.Pool\n\n'
    f"func take() any {{\n\tx := p.Get()\n\tp.Put(x)\n\treturn x\n}}\n"
    for i in range(3)
}
OTHERS = {
    f"other/o{i}/o{i}.go": f"package o{i}\n\nfunc work(n int) int {{\n\treturn n * {i}\n}}\n"
    for i in range(6)
}
HEADER = "func newMachine() *machine {"
EXEC_GO = (
    'package exec\n\nimport "example.com/app/pool"\n\n'
    "type machine struct {\n\tn int\n}\n\n"
    + go_filler_functions(0, 30)
    + "var machinePool pool.Pool\n\n"
    + f"{HEADER}\n\tm, ok := machinePool.Get().(*machine)\n\tif !ok {{\n\t\tm = new(machine)\n\t}}\n\treturn m\n}}\n\n"
    + "func freeMachine(m *machine) {\n\tm.n = 0\n\tmachinePool.Put(m)\n}\n\n"
    + go_filler_functions(40, 30)
)


def test_a_package_variables_type_offers_the_member_its_neighbour_does_not_use(tmp_path: Path) -> None:
    files = {
        "go.mod": GO_MOD,
        "pool/pool.go": POOL_GO,
        "pool/methods.go": METHODS_GO,
        "exec/exec.go": EXEC_GO,
        **USERS,
        **OTHERS,
    }
    ctx = pack_hidden_body(tmp_path, files, "exec/exec.go", HEADER, 512)
    line = METHODS_GO.splitlines().index("func (p *Pool) Get() any {") + 1
    assert line in ctx.included_lines("pool/methods.go"), ctx.ledger()


def test_an_edit_of_the_variables_declaration_is_read_fresh(tmp_path: Path) -> None:
    """The file's variables are kept per version: moved down two lines the variable is read where it is now, and
    once it holds a type of the file's own, the pool's members are no longer offered for it."""
    files = {
        "go.mod": GO_MOD,
        "pool/pool.go": POOL_GO,
        "pool/methods.go": METHODS_GO,
        "exec/exec.go": EXEC_GO,
        **USERS,
        **OTHERS,
    }
    write_tree(tmp_path, files)
    line = METHODS_GO.splitlines().index("func (p *Pool) Get() any {") + 1
    declared = "var machinePool pool.Pool\n\n"
    versions = [
        EXEC_GO,
        EXEC_GO.replace(declared, "// The machines, reused.\n// Never freed.\n" + declared),
        EXEC_GO.replace(declared, "type stack struct {\n\tn int\n}\n\nvar machinePool stack\n\n"),
    ]
    memory = Memory.open(tmp_path, jobs=1)
    try:
        shown = [line in _pack(memory, tmp_path, text).included_lines("pool/methods.go") for text in versions]
    finally:
        memory.close()
    assert shown == [True, True, False]


def _pack(memory: Memory, root: Path, text: str) -> PackedContext:
    lines = text.splitlines()
    body = lines.index(HEADER) + 1
    source = "\n".join([*lines[:body], "\t", *lines[body + 1 :]]) + "\n"
    memory.set_document(str(root / "exec/exec.go"), source)
    return Packer(memory).pack("exec/exec.go", body, 1, budget=512, mode="generate")
