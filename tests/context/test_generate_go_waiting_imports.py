"""Generate mode in Go: an import only the hidden body uses says the body calls that package's members
(`waiting_imports.py`): crypto/tls's `getCertificate` is common.go's only user of `strings`, and calls
`strings.Split`, which nothing else in the file names."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# A package of many functions; the workspace's other files call a few of them most.
NAMES = ("Split", "Join", "ToLower", "Fields", "Repeat", "Title", "Count", "Cut", "EqualFold", "Map")
STRS_GO = "package strs\n\n" + "".join(
    f"func {name}(s string, sep string) []string {{\n\treturn nil\n}}\n\n" for name in NAMES
)
USERS = {
    f"users/u{i}/u{i}.go": f'package u{i}\n\nimport "example.com/app/strs"\n\n'
    f'func use(s string) int {{\n\treturn len(strs.Split(s, ",")) + len(strs.Join(s, ","))\n}}\n'
    for i in range(3)
}


HOST = "func (c *Config) hostLabels(name string) []string {"
COMMON_GO = (
    "package tls\n\n"
    'import "example.com/app/strs"\n\n'
    "type Config struct {\n\tServerName string\n}\n\n"
    + go_filler_functions(0, 30)
    + f'{HOST}\n\treturn strs.Split(name, ".")\n}}\n\n'
    + go_filler_functions(40, 30)
)


def test_an_import_only_the_body_uses_offers_its_packages_most_used_members(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "strs/strs.go": STRS_GO, "tls/common.go": COMMON_GO, **USERS}
    ctx = pack_hidden_body(tmp_path, files, "tls/common.go", HOST, 512)
    line = STRS_GO.splitlines().index("func Split(s string, sep string) []string {") + 1
    assert line in ctx.included_lines("strs/strs.go"), ctx.ledger()
