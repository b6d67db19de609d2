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


LOWER = "func (c *Config) serverHost(name string) string {"
# Sixteen functions of a package nobody else uses, ranked by name: `Lower` is the tenth.
TEXTS_GO = "package texts\n\n" + "".join(
    f'func {name}(s string) string {{\n\tif s == "" {{\n\t\treturn s\n\t}}\n\tt := s + s\n\treturn t[1:]\n}}\n\n'
    for name in (*(f"A{i:02}" for i in range(9)), "Lower", *(f"Z{i:02}" for i in range(6)))
)


def _lower_shown(tmp_path: Path, header: str, before: str = "") -> bool:
    """Whether a hidden body `header` of tls/common.go calling `texts.Lower` (the file's other code: `before`) is
    offered `texts.Lower`."""
    common = (
        'package tls\n\nimport "example.com/app/texts"\n\ntype Config struct {\n\tServerName string\n}\n\n'
        + before
        + go_filler_functions(0, 30)
        + f"{header}\n\treturn texts.Lower(name)\n}}\n\n"
        + go_filler_functions(40, 30)
    )
    files = {"go.mod": GO_MOD, "texts/texts.go": TEXTS_GO, "tls/common.go": common}
    ctx = pack_hidden_body(tmp_path, files, "tls/common.go", header, 512)
    return TEXTS_GO.splitlines().index("func Lower(s string) string {") + 1 in ctx.included_lines(
        "texts/texts.go"
    )


def test_a_member_far_down_the_packages_ranking_is_offered_still(tmp_path: Path) -> None:
    """`Lower` ranks tenth of the package's names: the first WAITING_IMPORT_WIDE_MEMBERS (12) are offered in Go,
    where 6 left out `sha512.Sum512` and `strconv.Unquote`."""
    assert _lower_shown(tmp_path, LOWER)


TEXTS = "func (c *Config) texts(name string) string {"


def test_the_package_a_method_is_named_for_offers_its_members_though_the_file_uses_it(tmp_path: Path) -> None:
    """crypto/tls's `(c *Config) time()` returns `time.Now()` where no hook is set, though the file uses `time`
    elsewhere: the import named as the body is read as one only the body uses."""
    assert _lower_shown(tmp_path, TEXTS, 'func far() string {\n\treturn texts.A00("")\n}\n\n')
