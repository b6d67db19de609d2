"""Generate mode in Go: a package-level variable of another package's type offers that type's members, wherever its
package declares them (`variable_members.py`): regexp's `newOnePassMachine` calls `onePassPool.Get()` where its
neighbour `freeOnePassMachine` calls `onePassPool.Put(m)`, and nothing around the body names `Get`."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

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
