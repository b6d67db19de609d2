"""TypeScript module augmentations: the `declare module "./Effect.js" { ... }` blocks of other files that
declare more of a module, found for the module they augment.

Declaration merging makes such a block part of the module: effect's `Channel.ts` declares
`interface Effect<A, E, R> extends Channel<...> {}` inside `declare module "./Effect.js"`, so every
`Effect.Effect` is a `Channel` too. The checker lists these blocks among the module's declarations (the
module file itself being the rest), and an editor's go-to-definition on a namespace import offers them.
The query records each block as a namespace named by the path it augments (`./Effect.js`); this module
finds, for a module file, the blocks whose path leads to it. Only relative paths are read: a bare
`declare module "express"` augments a dependency, and dependencies are not read.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..records import SymbolKind
from .ts_modules import module_file

if TYPE_CHECKING:
    from ..resolver import Resolver
    from ..target import Target

# How far apart an augmenting file and the module may be: directories up (`../`) and down (`./a/b/`).
_MAX_UP = 3
_MAX_DOWN = 2
# How a relative path may end: with no extension, or the one written for the module's output or source.
_SUFFIXES = ("", ".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx")


def augmentations(resolver: Resolver, path: str) -> list[Target]:
    """The `declare module "<relative path>"` blocks of other workspace files that augment the module file
    `path`, once per request."""
    return resolver.cached(f"ts-augment:{path}", lambda: _find(resolver, path))


def _find(resolver: Resolver, path: str) -> list[Target]:
    from ..target import Target

    out: list[Target] = []
    for spec in sorted(_specifiers(path)):
        for other in resolver.memory.files_defining(spec):
            if other == path:
                continue
            index = resolver.memory.file(other)
            if index is None:
                continue
            for symbol in index.by_qualname.get(spec, ()):
                if symbol.kind is not SymbolKind.NAMESPACE or not symbol.signature.startswith(
                    "declare module"
                ):
                    continue
                if module_file(resolver, PurePosixPath(other).parent / spec) == path:
                    out.append(Target(other, symbol, companion=True, accompanies=path))
    return out


def _specifiers(path: str) -> set[str]:
    """The relative paths a file up to `_MAX_UP` directories below or `_MAX_DOWN` above `path`'s own may
    name it by (`./Effect.js`, `../Effect.js`, `./internal/core.js`)."""
    module = PurePosixPath(path)
    stem = module.name.removesuffix(".d.ts") if module.name.endswith(".d.ts") else module.stem
    dirs = module.parent.parts
    out: set[str] = set()
    for up in range(_MAX_UP + 1):
        prefix = "../" * up or "./"
        for down in range(min(_MAX_DOWN, len(dirs)) + 1):
            middle = "".join(f"{d}/" for d in dirs[len(dirs) - down :])
            out.update(f"{prefix}{middle}{stem}{suffix}" for suffix in _SUFFIXES)
    return out
