"""Go packages of other modules: go.work's `use` modules, `replace` directives (to a directory, to another
module version) and the module cache at the versions go.mod `require`s (`$GOMODCACHE/module@version`,
upper-case letters escaped). The cache is a directory the test writes, laid out as the go command does; no
network and no toolchain needed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.languages.go_modules import escape, parse
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, write_tree

CACHE = {
    "github.com/!burnt!sushi/toml@v1.3.2/go.mod": "module github.com/BurntSushi/toml\n",
    "github.com/!burnt!sushi/toml@v1.3.2/decode.go": "package toml\n\nfunc Unmarshal(b []byte, v any) error {}\n",
    # An older version in the cache too: go.mod requires v1.3.2, so this one is never the answer.
    "github.com/!burnt!sushi/toml@v1.2.0/decode.go": "package toml\n\nfunc Unmarshal(b []byte) error {}\n",
    "golang.org/x/sync@v0.5.0/errgroup/errgroup.go": "package errgroup\n\ntype Group struct{}\n",
    # What a replace directive names instead of example.com/old.
    "example.com/new@v2.0.0/pkg/pkg.go": "package pkg\n\nfunc Fresh() {}\n",
    # Where a version of `..` parts would lead (`x@..`, then up): never a module version.
    "example.com/escape/outside/out.go": "package outside\n\nfunc Out() {}\n",
}
WORKSPACE = {
    "go.work": "go 1.21\n\nuse (\n\t./app\n\t./lib // shared code\n)\n",
    "app/go.mod": (
        "module example.com/app\n\ngo 1.21\n\nrequire (\n\tgithub.com/BurntSushi/toml v1.3.2\n"
        "\tgolang.org/x/sync v0.5.0 // indirect\n\texample.com/old v1.0.0\n\texample.com/local v0.1.0\n"
        "\texample.com/escape/x ../../outside\n)\n\n"
        "replace example.com/old => example.com/new v2.0.0\n"
        "replace example.com/local v0.1.0 => ../forks/local\n"
        "replace example.com/far => ../../far\n"
    ),
    "app/main.go": (
        'package main\n\nimport (\n\t"example.com/lib/strs"\n\t"example.com/local"\n\t"example.com/old/pkg"\n'
        '\t"github.com/BurntSushi/toml"\n\t"golang.org/x/sync/errgroup"\n\t"example.com/missing/thing"\n\t"example.com/escape/x"\n\t"example.com/far"\n)\n\n'
        "func main() {\n\t_ = strs.Upper\n\t_ = local.Here\n\tpkg.Fresh()\n\t_ = toml.Unmarshal\n"
        "\tvar g errgroup.Group\n\t_ = thing.X\n\t_ = x.Out\n\t_ = far.Away\n\t_ = g\n}\n"
    ),
    "lib/go.mod": "module example.com/lib\n\ngo 1.21\n",
    "lib/strs/strs.go": "package strs\n\nfunc Upper(s string) string { return s }\n",
    "forks/local/local.go": "package local\n\nconst Here = 1\n",
}


@pytest.fixture
def memory(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Memory]:
    cache = write_tree(tmp_path_factory.mktemp("gomodcache"), CACHE).resolve()
    monkeypatch.setenv("GOMODCACHE", str(cache))
    monkeypatch.delenv("GOWORK", raising=False)
    root = tmp_path_factory.mktemp("gowork")
    # A replacement outside the workspace (and outside GOROOT and the module cache): never read.
    write_tree(root.parent, {"far/far.go": "package far\n\nfunc Away() {}\n"})
    yield from indexed(root, WORKSPACE)


def test_a_module_the_go_work_uses(memory: Memory) -> None:
    assert definitions(memory, "app/main.go", "strs.Upper", 5) == [("lib/strs/strs.go", "Upper")]


def test_replace_directives_to_a_directory_and_to_another_module(memory: Memory) -> None:
    assert definitions(memory, "app/main.go", "local.Here", 6) == [("forks/local/local.go", "Here")]
    [(path, name)] = definitions(memory, "app/main.go", "pkg.Fresh", 4)
    assert path.endswith("/example.com/new@v2.0.0/pkg/pkg.go") and name == "Fresh"


def test_the_module_cache_at_the_required_version(memory: Memory) -> None:
    [(path, name)] = definitions(memory, "app/main.go", "toml.Unmarshal", 5)
    assert path.endswith("/github.com/!burnt!sushi/toml@v1.3.2/decode.go") and name == "Unmarshal"
    [(path, name)] = definitions(memory, "app/main.go", "errgroup.Group", 9)
    assert path.endswith("/golang.org/x/sync@v0.5.0/errgroup/errgroup.go") and name == "Group"


def test_a_module_nothing_provides_resolves_to_nothing(memory: Memory) -> None:
    assert definitions(memory, "app/main.go", "thing.X", 6) == []
    # A required version that would climb out of the module cache is no module version.
    assert definitions(memory, "app/main.go", "x.Out", 2) == []
    # A replacement directory outside the workspace does not enter the memory.
    assert definitions(memory, "app/main.go", "far.Away", 4) == []


def test_go_work_off_leaves_the_used_modules_out(memory: Memory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOWORK", "off")
    assert definitions(memory, "app/main.go", "strs.Upper", 5) == []


def test_directives_read_in_blocks_and_lines_with_comments() -> None:
    mod = parse(
        'module "example.com/m" // the module\n\nrequire x.org/a v1.0.0\nrequire (\n\ty.org/b v0.2.0 // indirect\n)\n'
        "replace (\n\tx.org/a v1.0.0 => ./a\n\ty.org/b => z.org/b v0.3.0\n)\nexclude q.org/c v1.0.0\n"
    )
    assert mod.module == "example.com/m"
    assert mod.requires == {"x.org/a": "v1.0.0", "y.org/b": "v0.2.0"}
    assert [(r.old, r.old_version, r.new, r.new_version) for r in mod.replaces] == [
        ("x.org/a", "v1.0.0", "./a", None),
        ("y.org/b", None, "z.org/b", "v0.3.0"),
    ]
    assert escape("github.com/BurntSushi/toml") == "github.com/!burnt!sushi/toml"
