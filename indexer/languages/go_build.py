"""Go's build constraints: which of a package's files build on this host (GOOS and GOARCH, $GOOS/$GOARCH
when set): not a test, not a file whose name (`types_darwin.go`, `x_linux_arm64.go`) or `//go:build` line
names another platform. For a library directory's listing (`go_files`) and for a workspace file by its
memory's content (`builds_here`); go.py asks them when it reads a package, so that `syscall.Stat_t`
answers from this platform's file alone."""

from __future__ import annotations

import os
import platform
import re
import sys
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..resolver import Resolver


def builds_here(resolver: Resolver, path: str) -> bool:
    """Whether the workspace file at `path` is part of this host's build of its package (not a test, its
    name's and `//go:build` line's platform this one), as `go_files` tells for a library directory.
    Per version of the file: its memory's content hash keys the answer."""
    memory = resolver.memory
    key = (path, memory.content_hash(path))
    found = _BUILDS.get(key)
    if found is None:
        name = path.rpartition("/")[2]
        if name.endswith("_test.go") or not _name_builds_here(name):
            found = _BUILDS[key] = False
            return found
        text = memory.text(path) or b""
        constraint = _GO_BUILD.search(text[:4096].split(b"\npackage ", 1)[0])
        found = constraint is None or _BuildExpression(constraint.group(1).decode("ascii", "replace")).value()
        if len(_BUILDS) > 16384:
            _BUILDS.clear()
        _BUILDS[key] = found
    return found


# Whether a workspace file builds here, by path and content hash (`builds_here`).
_BUILDS: dict[tuple[str, str | None], bool] = {}
_GO_BUILD = re.compile(rb"^//go:build[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_GOOS = frozenset(
    [
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "hurd",
        "illumos",
        "ios",
        "js",
        "linux",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "wasip1",
        "windows",
        "zos",
    ]
)
_GOARCH = frozenset(
    [
        "386",
        "amd64",
        "arm",
        "arm64",
        "loong64",
        "mips",
        "mipsle",
        "mips64",
        "mips64le",
        "ppc64",
        "ppc64le",
        "riscv64",
        "s390x",
        "sparc64",
        "wasm",
    ]
)
_UNIX = _GOOS - {"js", "plan9", "wasip1", "windows", "zos"}


def host() -> tuple[str, str]:
    """The GOOS and GOARCH archmem runs on ($GOOS/$GOARCH when set): the platform whose files count."""
    return _host(os.environ.get("GOOS"), os.environ.get("GOARCH"))


@cache
def _host(goos: str | None, goarch: str | None) -> tuple[str, str]:
    system = {"win32": "windows", "cygwin": "windows"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "aarch64": "arm64", "i386": "386", "i686": "386"}.get(machine, machine)
    return goos or system, goarch or arch


def _name_builds_here(name: str) -> bool:
    """Go's file name rule: `x_GOOS.go`, `x_GOARCH.go`, `x_GOOS_GOARCH.go` build only there."""
    goos, goarch = host()
    parts = name[:-3].split("_")[1:]
    if len(parts) >= 2 and parts[-2] in _GOOS and parts[-1] in _GOARCH:
        return parts[-2] == goos and parts[-1] == goarch
    if parts and parts[-1] in _GOOS:
        return parts[-1] == goos
    if parts and parts[-1] in _GOARCH:
        return parts[-1] == goarch
    return True


class _BuildExpression:
    """A `//go:build` expression (`linux && !cgo || (darwin && amd64)`) evaluated for this host: its GOOS
    and GOARCH, `unix` on unix systems, `gc`, `cgo` and release tags (`go1.18`) hold; other tags do not."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = re.findall(r"\|\||&&|!|\(|\)|[\w.]+", text)
        self.at = 0

    def value(self) -> bool:
        try:
            return self._or()
        except IndexError:
            return True  # an expression we cannot read: keep the file rather than lose its names

    def _or(self) -> bool:
        result = self._and()
        while self.at < len(self.tokens) and self.tokens[self.at] == "||":
            self.at += 1
            result = self._and() or result
        return result

    def _and(self) -> bool:
        result = self._not()
        while self.at < len(self.tokens) and self.tokens[self.at] == "&&":
            self.at += 1
            result = self._not() and result
        return result

    def _not(self) -> bool:
        token = self.tokens[self.at]
        self.at += 1
        if token == "!":
            return not self._not()
        if token == "(":
            result = self._or()
            self.at += 1  # the closing parenthesis
            return result
        goos, goarch = host()
        return (
            token in (goos, goarch, "gc", "cgo")
            or token.startswith("go1.")
            or (token == "unix" and goos in _UNIX)
        )


@lru_cache(maxsize=4096)
def go_files(directory: str) -> tuple[str, ...]:
    """The names of a package directory's Go files that build here: tests are not the importable package,
    and a file for another platform (`types_darwin.go`, `//go:build windows`) would answer `syscall.Stat_t`
    forty times."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return ()
    out = []
    for name in names:
        if not name.endswith(".go") or name.endswith("_test.go") or not _name_builds_here(name):
            continue
        try:
            with open(os.path.join(directory, name), "rb") as file:
                head = file.read(4096)
        except OSError:
            continue
        constraint = _GO_BUILD.search(head.split(b"\npackage ", 1)[0])
        if constraint is None or _BuildExpression(constraint.group(1).decode("ascii", "replace")).value():
            out.append(name)
    return tuple(out)
