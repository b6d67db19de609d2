"""Go packages outside the importing module: go.work's `use` modules, `replace` directives and the module
cache (`$GOMODCACHE/module@version`, the versions go.mod `require`s), as the go command finds them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

# A directive's words: quoted or bare, comments cut (`// indirect`).
_WORD = re.compile(r'"[^"]*"|`[^`]*`|[^\s"`]+')


@dataclass(frozen=True)
class Replace:
    """`replace old [version] => new [version]`: `new` is a directory (`./x`, `../x`, absolute) or a module."""

    old: str
    old_version: str | None
    new: str
    new_version: str | None


@dataclass(frozen=True)
class ModFile:
    """What go.mod or go.work says: its module path (none for go.work), what it requires, uses and replaces."""

    module: str | None
    requires: dict[str, str]
    uses: tuple[str, ...]
    replaces: tuple[Replace, ...]


def parse(text: str) -> ModFile:
    """The directives of a go.mod or go.work file, single-line or in `( ... )` blocks; others are ignored."""
    module: str | None = None
    requires: dict[str, str] = {}
    uses: list[str] = []
    replaces: list[Replace] = []
    block: str | None = None
    for raw in text.splitlines():
        words = [w.strip('"`') for w in _WORD.findall(raw.split("//", 1)[0])]
        if not words:
            continue
        if block is not None:
            if words == [")"]:
                block = None
                continue
            verb, args = block, words
        elif len(words) >= 2 and words[1] == "(":
            block = words[0]
            continue
        else:
            verb, args = words[0], words[1:]
        if verb == "module" and args:
            module = args[0]
        elif verb == "require" and len(args) >= 2:
            requires[args[0]] = args[1]
        elif verb == "use" and args:
            uses.append(args[0])
        elif verb == "replace" and "=>" in args:
            at = args.index("=>")
            old, new = args[:at], args[at + 1 :]
            if old and new:
                replaces.append(
                    Replace(
                        old[0], old[1] if len(old) > 1 else None, new[0], new[1] if len(new) > 1 else None
                    )
                )
    return ModFile(module, requires, tuple(uses), tuple(replaces))


@lru_cache(maxsize=1024)
def _read(path: str, mtime: int) -> ModFile | None:
    try:
        return parse(Path(path).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def read(path: Path) -> ModFile | None:
    """go.mod or go.work at `path`, read again when it changes; None when absent or unreadable."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    return _read(str(path), mtime)


def find_package(import_path: str, start: Path, root: Path, module_dir: Path | None) -> Path | None:
    """The directory of `import_path` imported from a file in `start`, outside its own module: a module of
    the go.work that holds `start` (`use`), a `replace` (go.work's before go.mod's) to a directory or to a
    module version, else the version go.mod requires, in the module cache."""
    work_path = _go_work(start, root)
    work = read(work_path) if work_path is not None else None
    mod = read(module_dir / "go.mod") if module_dir is not None else None
    if work is not None and work_path is not None:
        for use in work.uses:
            used = (work_path.parent / use).resolve()
            used_mod = read(used / "go.mod")
            if used_mod is not None and used_mod.module:
                found = _inside(used, used_mod.module, import_path)
                if found is not None:
                    return found
    sources = [(work, work_path.parent if work_path else None), (mod, module_dir)]
    for source, base in sources:
        if source is None or base is None:
            continue
        for replace in source.replaces:
            found = _replaced(replace, base, import_path, mod.requires if mod else {})
            if found is not None:
                return found
    if mod is None:
        return None
    required = _longest_prefix(import_path, mod.requires)
    if required is None:
        return None
    cache_dir = module_cache()
    if cache_dir is None:
        return None
    return _cached(cache_dir, required, mod.requires[required], import_path)


def _replaced(replace: Replace, base: Path, import_path: str, requires: dict[str, str]) -> Path | None:
    """Where `replace` puts `import_path`, when it replaces the module holding it (at the version required,
    when the directive names one)."""
    if not _under(import_path, replace.old):
        return None
    if replace.old_version is not None and requires.get(replace.old) not in (None, replace.old_version):
        return None
    if replace.new.startswith(("./", "../", "/")) or replace.new in (".", ".."):
        return _inside((base / replace.new).resolve(), replace.old, import_path)
    cache_dir = module_cache()
    if cache_dir is None or replace.new_version is None:
        return None
    # The replacement's files stand at the replaced module's import paths.
    return _cached(cache_dir, replace.new, replace.new_version, replace.new + import_path[len(replace.old) :])


def _cached(cache_dir: Path, module: str, version: str, import_path: str) -> Path | None:
    """The package `import_path` of `module` at `version` in the module cache; None for a module path or
    version with `..` or empty parts, which would lead elsewhere."""
    if any(part in ("", ".", "..") or part.endswith("@..") for part in f"{module}@{version}".split("/")):
        return None
    return _inside(cache_dir / f"{escape(module)}@{escape(version)}", module, import_path)


def _inside(module_root: Path, module: str, import_path: str) -> Path | None:
    """The package directory of `import_path` in a module `module` whose files are at `module_root`."""
    if not _under(import_path, module):
        return None
    candidate = module_root / import_path[len(module) :].lstrip("/")
    return candidate if candidate.is_dir() else None


def _under(import_path: str, module: str) -> bool:
    return import_path == module or import_path.startswith(module + "/")


def _longest_prefix(import_path: str, modules: dict[str, str]) -> str | None:
    found = [m for m in modules if _under(import_path, m)]
    return max(found, key=len) if found else None


def _go_work(start: Path, root: Path) -> Path | None:
    """The go.work governing `start`: $GOWORK when it names a file (`off` disables workspaces), else the
    nearest go.work from `start` up to the workspace root."""
    found = _find_go_work(str(start), str(root), os.environ.get("GOWORK"))
    return None if found is None else Path(found)


@lru_cache(maxsize=4096)
def _find_go_work(start: str, root: str, setting: str | None) -> str | None:
    # Cached per directory, as go.mod's lookup is: a go.work appearing later is seen by the next start.
    if setting == "off":
        return None
    if setting:
        return setting if Path(setting).is_file() else None
    here, top = Path(start), Path(root)
    while True:
        if (here / "go.work").is_file():
            return str(here / "go.work")
        if here == top or here.parent == here or not here.is_relative_to(top):
            return None
        here = here.parent


def escape(path: str) -> str:
    """A module path or version as the module cache spells it: an upper-case letter is `!` and its lower
    case (`github.com/BurntSushi/toml` -> `github.com/!burnt!sushi/toml`)."""
    return re.sub(r"[A-Z]", lambda m: "!" + m.group().lower(), path)


def module_cache() -> Path | None:
    """The module cache: $GOMODCACHE, else the first $GOPATH entry's pkg/mod, else what `go env GOMODCACHE`
    says (when a go command is installed); None when it does not exist."""
    return _module_cache(os.environ.get("GOMODCACHE"), os.environ.get("GOPATH"), os.environ.get("PATH"))


@cache
def _module_cache(setting: str | None, gopath: str | None, search_path: str | None) -> Path | None:
    if setting:
        found: Path | None = Path(setting)
    elif gopath:
        found = Path(gopath.split(os.pathsep)[0]) / "pkg" / "mod"
    else:
        answer = go_env(shutil.which("go", path=search_path), "GOMODCACHE")
        found = None if answer is None else Path(answer)
    return found if found is not None and found.is_absolute() and found.is_dir() else None


def go_env(go: str | None, key: str) -> str | None:
    """`go env KEY` (GOROOT, GOMODCACHE), run outside any workspace with GOTOOLCHAIN=local (no go.mod can
    make it fetch or run another toolchain); None when there is no `go` or it fails."""
    if go is None:
        return None
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")} | {"GOTOOLCHAIN": "local"}
    try:
        answer = subprocess.run(
            [go, "env", key],
            capture_output=True,
            text=True,
            timeout=10,
            cwd=tempfile.gettempdir(),
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = answer.stdout.strip()
    return text if answer.returncode == 0 and text else None
