"""Generate mode: the namespace members the body's header names by a path of three names. effect's internal/layer.ts
types `mergeAll` as a `Layer.Layer<{ ... Layer.Layer.Success<Layers[k]> ... }>`: the header's definitions reach the
namespace `Layer.Layer`, not its `Success`, `Error` and `Context`, which the body is written against as much as the
header is. Each such path is scored as a name the header takes from an import. Where the language asks for it
(`LanguageSpec.header_paths`: TypeScript)."""

from __future__ import annotations

import re
from collections import Counter

from ..languages import BY_NAME
from .build import Build

# `Module.Namespace.Member`, not itself a member of something (`x.Layer.Layer.Context`).
_PATH = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\.[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*(?![\w$])")
# Measured on effect's internals (generate at 2,048, tuned part, from 1,101 units of 1,258): 8 or 24 -> 1,104.
SCORE = 8


def header_paths(build: Build, scores: Counter[str]) -> None:
    """Score the three-name paths the body's header names from a name the file imports (`Layer.Layer.Context`)."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.header_paths or not build.scope_lines:
        return
    bound = {imp.bound for imp in build.index.imports if imp.bound and imp.bound != "*"}
    lines = build.view.lines
    header = "\n".join(lines[n - 1] for n in sorted(build.scope_lines) if n <= len(lines))
    for found in _PATH.finditer(header):
        if found.group(1) in bound:
            ref = found.group(0)
            scores[ref] = max(scores[ref], SCORE)
