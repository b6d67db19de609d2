"""Bare module specifiers of TypeScript and JavaScript (`"effect"`, `"effect/Option"`, `"@scope/pkg/sub"`,
`"@app/util"`): the workspace file they name, through tsconfig.json `paths` and packages' package.json.

The order is TypeScript's: the nearest tsconfig.json's `compilerOptions.paths` (resolved against `baseUrl`,
following `extends`), then `baseUrl` alone, then a package of the workspace with that `name` (the package
importing itself, or a package of a monorepo) through its `exports` map (conditions `types`, `import`,
`require`, `node`, `default`, subpath patterns with `*`), else `types`/`typings`/`main`, else its index file.
A package's entry points name its build output (`./dist/dts/Option.d.ts`), which a workspace often does not
hold: the source file it is built from (`src/Option.ts`) stands for it, as an editor's project references do.
Packages under node_modules are left out: the memory never reads node_modules (see files.py).
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..file_lookup import normalize

if TYPE_CHECKING:
    from ..resolver import Resolver

# What a specifier may leave out or write for the emitted file, in the order TypeScript tries them.
MODULE_EXTENSIONS = (".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs")
# ESM-style specifiers name the emitted file: `./a.mjs` is `a.mts` in the sources, `.cjs` `.cts`, `.jsx` `.tsx`.
_EMITTED_ES = {"mjs": "mts", "cjs": "cts", "jsx": "tsx"}
# The `exports` conditions TypeScript matches when it resolves for an editor (the first in the map wins).
_CONDITIONS = frozenset({"types", "typings", "import", "require", "node", "default"})
# Where builds put their output, read as the sources they come from (`dist/dts/x.d.ts` -> `src/x.ts`).
_OUTPUT_DIRS = re.compile(r"^(?:dist|build|lib|out)(?:/(?:dts|esm|cjs|types|mjs|typings))?/")
_EMITTED = re.compile(r"\.(?:d\.ts|d\.mts|d\.cts|js|mjs|cjs)$")
# JSON with comments and trailing commas (tsconfig.json): comments outside strings, commas before `}`/`]`.
_JSONC_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.S)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_MAX_EXTENDS = 8
_JSON_CACHE: dict[str, tuple[int, Any]] = {}
# A tsconfig.json or package.json larger than this is no configuration anyone wrote (a hostile repository's).
_MAX_CONFIG_BYTES = 1 << 20


def resolve_bare(resolver: Resolver, from_path: str, specifier: str) -> str | None:
    """The workspace file (relative path) a bare specifier used in `from_path` names, or None."""
    if not specifier or specifier.startswith(("/", ".")) or ":" in specifier:
        return None  # relative, absolute, or a scheme the runtime serves (`node:fs`)
    found = _through_tsconfig(resolver, from_path, specifier)
    if found is not None:
        return found
    name, _, subpath = _split_package(specifier)
    for package_dir in _packages_named(resolver, from_path, name):
        found = _in_package(resolver, package_dir, subpath)
        if found is not None:
            return found
    return None


def _read_config(resolver: Resolver, rel: str) -> Any:
    """`read_jsonc` of a workspace file, and only of one: a repository's `extends` or package path may not
    lead outside the root (`../../..`, a symlink), nor to a device or a huge file."""
    absolute = resolver.memory.abspath(rel)
    return read_jsonc(absolute) if resolver.memory.holds(absolute) else None


def read_jsonc(absolute: Path) -> Any:
    """A JSON file that may hold comments and trailing commas (tsconfig.json), cached by modification
    time; None when it is missing, unreadable, no regular file or over `_MAX_CONFIG_BYTES`."""
    key = str(absolute)
    try:
        info = absolute.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_CONFIG_BYTES:
            return None
        mtime = info.st_mtime_ns
        cached = _JSON_CACHE.get(key)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        text = absolute.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    stripped = _JSONC_TOKEN.sub(lambda m: m.group(0) if m.group(0).startswith('"') else " ", text)
    try:
        value = json.loads(_TRAILING_COMMA.sub(r"\1", stripped))
    except ValueError:
        value = None
    if len(_JSON_CACHE) > 1024:
        _JSON_CACHE.clear()
    _JSON_CACHE[key] = (mtime, value)
    return value


def _split_package(specifier: str) -> tuple[str, str, str]:
    """(package name, "/", subpath) of `pkg/sub/path` or `@scope/pkg/sub` ("" subpath for the package)."""
    parts = specifier.split("/")
    count = 2 if specifier.startswith("@") else 1
    return "/".join(parts[:count]), "/", "/".join(parts[count:])


def _ancestors(from_path: str) -> list[str]:
    """The workspace directories from `from_path`'s own up to the root ("")."""
    out: list[str] = []
    parent = PurePosixPath(from_path).parent
    while True:
        out.append("" if str(parent) == "." else parent.as_posix())
        if str(parent) in (".", "/", ""):
            return out
        parent = parent.parent


def _join(directory: str, rel: str) -> str:
    return os.path.normpath(os.path.join(directory, rel)).replace(os.sep, "/").removeprefix("./")


# -- tsconfig.json ------------------------------------------------------------------------------------


def _through_tsconfig(resolver: Resolver, from_path: str, specifier: str) -> str | None:
    """`specifier` through the nearest tsconfig.json's `paths` patterns, then its `baseUrl`."""
    config = next(
        (d for d in _ancestors(from_path) if resolver.memory.abspath(_join(d, "tsconfig.json")).is_file()),
        None,
    )
    if config is None:
        return None
    base_url, paths, paths_dir = _compiler_options(resolver, _join(config, "tsconfig.json"), 0)
    best: tuple[int, str, list[str]] | None = None
    for pattern, substitutes in paths.items():
        prefix, star, suffix = pattern.partition("*")
        if not isinstance(substitutes, list):
            continue
        if star and specifier.startswith(prefix) and specifier.endswith(suffix):
            matched = specifier[len(prefix) : len(specifier) - len(suffix)]
        elif not star and specifier == pattern:
            matched = ""
        else:
            continue
        if best is None or len(prefix) > best[0]:  # the longest prefix wins, as in TypeScript
            best = (len(prefix), matched, [s for s in substitutes if isinstance(s, str)])
    root = base_url if base_url is not None else paths_dir
    if best is not None:
        for substitute in best[2]:
            found = _file_or_source(resolver, _join(root, substitute.replace("*", best[1], 1)))
            if found is not None:
                return found
    return None if base_url is None else _file_or_source(resolver, _join(base_url, specifier))


def _compiler_options(resolver: Resolver, config: str, depth: int) -> tuple[str | None, dict[str, Any], str]:
    """(baseUrl, paths, the directory `paths` are relative to when there is no baseUrl) of a tsconfig,
    its own options over those it `extends` (a relative path; package-named bases are not read)."""
    data = _read_config(resolver, config)
    if not isinstance(data, dict):
        return None, {}, ""
    here = str(PurePosixPath(config).parent).removeprefix(".")
    base_url: str | None = None
    paths: dict[str, Any] = {}
    paths_dir = here
    parent = data.get("extends")
    for extended in parent if isinstance(parent, list) else [parent]:
        if isinstance(extended, str) and extended.startswith(".") and depth < _MAX_EXTENDS:
            name = extended if extended.endswith(".json") else extended + ".json"
            inherited = _compiler_options(resolver, _join(here, name), depth + 1)
            base_url = inherited[0] if inherited[0] is not None else base_url
            if inherited[1]:
                paths, paths_dir = inherited[1], inherited[2]
    options = data.get("compilerOptions")
    if isinstance(options, dict):
        if isinstance(options.get("baseUrl"), str):
            base_url = _join(here, options["baseUrl"])
        if isinstance(options.get("paths"), dict):
            paths, paths_dir = options["paths"], here
    return base_url, paths, paths_dir


# -- package.json ------------------------------------------------------------------------------------


def _packages_named(resolver: Resolver, from_path: str, name: str) -> list[str]:
    """The workspace directories whose package.json is called `name`: the importer's own package first
    (a package importing itself by name), then the other packages of the workspace (a monorepo)."""
    own = [d for d in _ancestors(from_path) if _package_name(resolver, d) == name]
    others = resolver.cached("ts-packages", lambda: _workspace_packages(resolver)).get(name, [])
    return own + [d for d in others if d not in own]


def _package_name(resolver: Resolver, directory: str) -> str | None:
    data = _read_config(resolver, _join(directory, "package.json"))
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def _workspace_packages(resolver: Resolver) -> dict[str, list[str]]:
    """Package name -> the directories holding a package.json of that name, among the directories of the
    workspace's files and their parents (once per request)."""
    directories: set[str] = set()
    for path in resolver.known_files():
        directories.update(_ancestors(path))
    out: dict[str, list[str]] = {}
    for directory in sorted(directories):
        name = _package_name(resolver, directory)
        if name is not None:
            out.setdefault(name, []).append(directory)
    return out


def _in_package(resolver: Resolver, package_dir: str, subpath: str) -> str | None:
    """The file `subpath` ("" for the package itself) of the package in `package_dir`."""
    data = _read_config(resolver, _join(package_dir, "package.json"))
    if not isinstance(data, dict):
        return None
    exports = data.get("exports")
    if exports is not None:
        # With an `exports` map, only what it exports can be imported (Node's and TypeScript's rule).
        target = _export_target(exports, "." + ("/" + subpath if subpath else ""))
        return None if target is None else _file_or_source(resolver, _join(package_dir, target))
    if subpath:
        return _file_or_source(resolver, _join(package_dir, subpath))
    for field in ("types", "typings", "main"):
        entry = data.get(field)
        if isinstance(entry, str):
            found = _file_or_source(resolver, _join(package_dir, entry))
            if found is not None:
                return found
    return _file_or_source(resolver, _join(package_dir, "index"))


def _export_target(exports: Any, subpath: str) -> str | None:
    """What the `exports` map says `subpath` (`.`, `./Option`) is, conditions chosen, or None."""
    if isinstance(exports, (str, list)) or (
        isinstance(exports, dict) and not any(str(k).startswith(".") for k in exports)
    ):
        return _conditional(exports, "") if subpath == "." else None  # a map for `.` alone
    if not isinstance(exports, dict):
        return None
    if subpath in exports:
        return _conditional(exports[subpath], "")
    best: tuple[int, str] | None = None
    for key in exports:
        prefix, star, suffix = str(key).partition("*")
        fits = star and subpath.startswith(prefix) and subpath.endswith(suffix)
        if fits and len(subpath) >= len(key) - 1 and (best is None or len(prefix) > best[0]):
            best = (len(prefix), key)
    if best is None:
        return None
    prefix, _, suffix = best[1].partition("*")
    return _conditional(exports[best[1]], subpath[len(prefix) : len(subpath) - len(suffix)])


def _conditional(value: Any, star: str) -> str | None:
    """A target of the `exports` map: a path (its `*` replaced), the first matching condition of an
    object (in the object's order), or the first of an array that says something."""
    if isinstance(value, str):
        return value.replace("*", star)
    if isinstance(value, list):
        return next((t for t in (_conditional(v, star) for v in value) if t is not None), None)
    if isinstance(value, dict):
        for condition, target in value.items():
            if condition in _CONDITIONS:
                found = _conditional(target, star)
                if found is not None:
                    return found
    return None


def module_file(resolver: Resolver, base: PurePosixPath) -> str | None:
    """The workspace file a relative module path names: itself, with one of `MODULE_EXTENSIONS`, or its
    directory's index file; a `.js` path may be written for a `.ts` file."""
    norm = normalize(base)
    known = resolver.known_files()
    candidates = [
        norm,
        *(norm + ext for ext in MODULE_EXTENSIONS),
        *(f"{norm}/index{ext}" for ext in MODULE_EXTENSIONS),
    ]
    if norm.endswith(".js"):
        candidates[1:1] = [norm[:-3] + ".ts", norm[:-3] + ".tsx", norm[:-3] + ".d.ts"]
    elif norm.endswith((".mjs", ".cjs", ".jsx")):
        candidates.insert(1, norm[:-3] + _EMITTED_ES[norm[-3:]])
    for candidate in candidates:
        if candidate in known:
            return candidate
    return None


def _file_or_source(resolver: Resolver, rel: str) -> str | None:
    """The workspace file `rel` names (extensions and index files tried), else the source file a build
    output path comes from (`dist/dts/Option.d.ts` -> `src/Option.ts`), else None."""
    if rel.startswith("../") or rel == "..":
        return None  # outside the workspace
    # `x.d.ts` is tried as `x` with every extension: its source `x.ts` first, then the declaration itself.
    base = rel[: -len(".d.ts")] if rel.endswith(".d.ts") else rel
    found = module_file(resolver, PurePosixPath(base))
    if found is not None:
        return found
    for prefix_dir in _package_prefixes(rel):
        inner = rel[len(prefix_dir) :]
        match = _OUTPUT_DIRS.match(inner)
        if match is None:
            continue
        source = prefix_dir + "src/" + _EMITTED.sub("", inner[match.end() :])
        found = module_file(resolver, PurePosixPath(source))
        if found is not None:
            return found
    return None


def _package_prefixes(rel: str) -> list[str]:
    """Each directory prefix of `rel` ("" first): where a package's build directory may start."""
    parts = rel.split("/")
    return ["/".join(parts[:i]) + ("/" if i else "") for i in range(len(parts))]
