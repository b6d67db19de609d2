"""Generate mode's place for the include lines of a language whose imports bind no name (C's `#include`): each just
before the first predicted definition of the file it includes, the rest after every prediction.

sqlean's files are extensions in a row, each part opening with its includes (`<stdlib.h>`, `"crypto/sha2.h"`):
fitted before any predicted name, as a file's imports are elsewhere, they took ~306 tokens of a 2,048-token prompt.
An include binds no name: the body reaches a header's definitions through it, so it is worth its line where one
of them is shown, just before it; a system header the workspace does not hold is reached by nothing shown. Where
this holds is the language's (`LanguageSpec.imports_follow_predictions` where `imports_bind_names` is False);
`predicted_order.py` has already pushed every include line, after the predictions.
"""

from __future__ import annotations

from ..languages import BY_NAME
from .build import Build, Unit


def place_includes(build: Build) -> None:
    """Move each header's include line (the one nearest above the cursor where the file includes it more than
    once) to just before the first predicted unit of that header's file; the others stay last."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.imports_follow_predictions or spec.imports_bind_names:
        return
    index = build.index
    prefix = f"import:{index.path}:"
    includes = [u for u in build.units if u.key.startswith(prefix)]
    if not includes:
        return
    rest = [u for u in build.units if not u.key.startswith(prefix)]
    first: dict[str, int] = {}  # each other file's first predicted unit, by its path
    for i, unit in enumerate(rest):
        if unit.kind == "predicted" and unit.path != index.path:
            first.setdefault(unit.path, i)
    chosen = _nearest_includes(build, includes)
    before: dict[int, list[Unit]] = {}
    last: list[Unit] = []
    for unit in includes:
        module = chosen.get(unit.key)
        where = _first_of(module, first) if module is not None else None
        (last if where is None else before.setdefault(where, [])).append(unit)
    placed: list[Unit] = []
    for i, unit in enumerate(rest):
        placed += before.get(i, ())
        placed.append(unit)
    build.units = placed + last


def _nearest_includes(build: Build, includes: list[Unit]) -> dict[str, str]:
    """The included module's text by the key of its include line, for one line per module: the nearest above
    the cursor (an amalgamation includes a header in each part that uses it), else the first."""
    modules = {f"import:{build.index.path}:{imp.line}": imp.module for imp in build.index.imports}
    cursor = build.line - 1  # 0-based, as an import's line
    best: dict[str, tuple[bool, int, str]] = {}
    for unit in includes:
        module = modules.get(unit.key)
        if module is None:
            continue
        line = int(unit.key.rpartition(":")[2])
        above = line < cursor
        # Above the cursor, the nearest (the largest line); else the first (the smallest).
        rank = (above, line if above else -line, unit.key)
        if module not in best or rank > best[module]:
            best[module] = rank
    return {key: module for module, (_a, _l, key) in best.items()}


def _first_of(module: str, first: dict[str, int]) -> int | None:
    """Where the first unit of the file `module` names stands (a workspace path ending with it), if any."""
    name = module.rpartition("../")[2].removeprefix("./")
    found = [i for path, i in first.items() if path == name or path.endswith("/" + name)]
    return min(found) if found else None
