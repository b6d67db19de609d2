"""Which files of a workspace the memory reads, and why it leaves the others out.

Rules, in order: version-control and tool directories, `.gitignore` files (nested ones too), the user's
exclude globs, secret-bearing files (`.env*`, keys, certificates: never indexed, so never in a prompt),
unsupported languages, symlinks that leave the workspace, files over the size limit, binary files.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec

from .languages import SNIFF_BYTES, LanguageSpec, language_for, sniffs

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git/",
    ".hg/",
    ".svn/",
    "node_modules/",
    "__pycache__/",
    ".venv/",
    ".tox/",
    ".mypy_cache/",
    ".ruff_cache/",
    ".pytest_cache/",
)

# Files whose content is secret by convention. They are never read, so they never reach a model.
SECRET_PATTERNS: tuple[str, ...] = (
    ".env",
    ".env.*",
    "*.env",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.crt",
    "*.cer",
    "*.der",
    "*.jks",
    "*.keystore",
    "id_rsa*",
    "id_dsa*",
    "id_ecdsa*",
    "id_ed25519*",
    ".netrc",
    ".npmrc",
    ".pypirc",
)

# 10 MB holds the largest single source files people edit (the 9.5 MB sqlite3.c amalgamation: indexed in
# 15 s at a peak RSS of 267 MB, inside the 300 MB budget of docs/PERFORMANCE.md); bigger is generated data.
DEFAULT_MAX_FILE_SIZE = 10_000_000


@dataclass(frozen=True)
class FileRules:
    """The settings that decide what is indexed."""

    excludes: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    use_gitignore: bool = True


@dataclass(frozen=True)
class Candidate:
    """A file the memory should hold."""

    path: str  # workspace-relative, POSIX separators
    absolute: Path
    spec: LanguageSpec
    size: int
    mtime_ns: int


@dataclass
class Discovery:
    """The result of walking a workspace."""

    files: list[Candidate] = field(default_factory=list)
    skipped: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, path: str) -> None:
        self.skipped.setdefault(reason, []).append(path)


class Rules:
    """Compiled rules for one workspace root."""

    def __init__(self, root: Path, rules: FileRules) -> None:
        self.root = root
        self.rules = rules
        self._exclude = pathspec.PathSpec.from_lines("gitignore", [*DEFAULT_EXCLUDES, *rules.excludes])
        self._secret = pathspec.PathSpec.from_lines("gitignore", SECRET_PATTERNS)
        self._gitignores: dict[str, pathspec.PathSpec[Any] | None] = {}

    def is_secret(self, rel: str) -> bool:
        return self._secret.match_file(rel)

    def excluded(self, rel: str, is_dir: bool = False) -> str | None:
        """Why `rel` is excluded by configuration or .gitignore, or None."""
        probe = rel + "/" if is_dir else rel
        if self._exclude.match_file(probe):
            return "excluded by settings"
        if self.rules.use_gitignore and self._ignored(rel, is_dir):
            return "ignored by .gitignore"
        if not is_dir and self.is_secret(rel):
            return "secret-looking file (never read)"
        return None

    def _ignored(self, rel: str, is_dir: bool) -> bool:
        parts = rel.split("/")
        for depth in range(len(parts)):
            base = "/".join(parts[:depth])
            spec = self._gitignore(base)
            if spec is None:
                continue
            sub = "/".join(parts[depth:]) + ("/" if is_dir else "")
            if spec.match_file(sub):
                return True
        return False

    def _gitignore(self, base: str) -> pathspec.PathSpec[Any] | None:
        if base not in self._gitignores:
            path = self.root / base / ".gitignore" if base else self.root / ".gitignore"
            spec = None
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                spec = pathspec.PathSpec.from_lines("gitignore", lines)
            except OSError:
                pass
            self._gitignores[base] = spec
        return self._gitignores[base]

    def check_file(self, rel: str, absolute: Path) -> tuple[Candidate | None, str | None]:
        """A Candidate for one file, or the reason it is skipped."""
        reason = self.excluded(rel)
        if reason:
            return None, reason
        try:
            st = absolute.lstat()
            if stat.S_ISLNK(st.st_mode):
                target = absolute.resolve()
                root = self.root.resolve()
                if not target.is_relative_to(root):
                    return None, "symlink leaving the workspace"
                # An innocent name may point at a secret (config.py -> .env): judge the target too.
                if self.is_secret(target.relative_to(root).as_posix()):
                    return None, "secret-looking file (never read)"
                st = target.stat()
        except OSError as err:
            return None, f"unreadable ({err.strerror or err})"
        if not stat.S_ISREG(st.st_mode):
            return None, "not a regular file"
        head = b""
        spec = language_for(rel)
        if sniffs(rel):
            head = _head(absolute)
            spec = language_for(rel, head)
        if spec is None:
            return None, "unsupported language"
        if st.st_size > self.rules.max_file_size:
            return None, too_large(self.rules.max_file_size)
        if b"\0" in (head or _head(absolute)):
            return None, "binary (NUL bytes)"
        return Candidate(rel, absolute, spec, st.st_size, st.st_mtime_ns), None


def too_large(limit: int) -> str:
    """Why a file over the size limit is out, and how to let it in, in the words of both front ends."""
    return (
        f"larger than index.maxFileSize ({limit / 1e6:g} MB); raise it with --max-file-size BYTES "
        "or the editor setting archmem.index.maxFileSize"
    )


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(SNIFF_BYTES)
    except OSError:
        return b""


def discover(root: Path, rules: FileRules, only: Sequence[str] | None = None) -> Discovery:
    """Walk `root` (never following directory symlinks) and sort its files into indexed and skipped."""
    compiled = Rules(root, rules)
    result = Discovery()
    for rel, absolute in _walk(root, compiled, result):
        if only is not None and rel not in only:
            continue
        candidate, reason = compiled.check_file(rel, absolute)
        if candidate is not None:
            result.files.append(candidate)
        elif reason is not None and reason != "unsupported language":
            result.skip(reason, rel)
    result.files.sort(key=lambda c: c.path)
    return result


def _walk(root: Path, rules: Rules, result: Discovery) -> Iterator[tuple[str, Path]]:
    stack = [""]
    while stack:
        base = stack.pop()
        directory = root / base if base else root
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as err:
            result.skip(f"unreadable directory ({err.strerror or err})", base or ".")
            continue
        for entry in entries:
            rel = f"{base}/{entry.name}" if base else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                reason = rules.excluded(rel, is_dir=True)
                if reason is None:
                    stack.append(rel)
                elif reason != "excluded by settings" or not _is_default_exclude(entry.name):
                    result.skip(reason, rel + "/")
            elif entry.is_symlink() and entry.is_dir(follow_symlinks=True):
                result.skip("directory symlink (not followed)", rel)
            else:
                yield rel, Path(entry.path)


def _is_default_exclude(name: str) -> bool:
    return f"{name}/" in DEFAULT_EXCLUDES
