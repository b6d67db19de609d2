"""Generate mode's reading of a method's receiver type in a package of several files (Go): the functions of the
package's other files that take that type and whose name says every word of the method's.

Such a function is the method's other half: `(c *Config) cipherSuites()` returns `fipsCipherSuites(c)` where a
build demands it, `curvePreferences` `fipsCurvePreferences(c)`, both declared in notboring.go beside the
boringcrypto build's boring.go. Nothing around the body names them. A function taking the receiver's type is
rarely named for a method's every word unless the method calls it, so it ranks as a method the body is named
after (NAMED_METHOD). Only the names are scored: which file's definition builds here is the resolver's answer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..fileindex import FileIndex
from ..includes import directory
from ..languages import BY_NAME
from ..per_memory import per_memory
from ..records import CALLABLE_KINDS
from .members import words
from .spread import others_referencing
from .tables import top_level
from .weights import NAMED_METHOD

if TYPE_CHECKING:
    from ..workspace import Memory

# A function's parameters: from its name's `(` to the first `)` (a Go parameter list holds no parentheses but
# a func-typed parameter's, rare among a receiver's takers).
_PARAMETERS = re.compile(r"\w+\s*(?:\[[^\]]*\])?\s*\(([^)]*)\)")


def receiver_functions(memory: Memory, path: str, typename: str, name: str, scores: Counter[str]) -> None:
    """Score the functions of the other files of `path`'s package that take `typename` and whose name holds
    every word of the method `name`."""
    said = words(name)
    if not said:
        return
    for function in _takers(memory, str(directory(path)), path, typename, memory.changes_elsewhere(path)):
        if said <= words(function) and function != name:
            scores[function] += NAMED_METHOD


def warm_takers(memory: Memory, index: FileIndex, quiet: Callable[[], bool]) -> int:
    """Ahead of the first packing (`warm.py`): the takers of each type the file's top-level methods are declared
    on. A type's first reading lists the files referencing it, which reads the references of every open file's
    text, the edited one's anew at each keystroke (~4 ms a Go generate packing of another receiver type)."""
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.receiver_methods:
        return 0
    types = dict.fromkeys(
        s.qualname.partition(".")[0]
        for s in top_level(index)
        if s.kind in CALLABLE_KINDS and s.qualname.count(".") == 1
    )
    done = 0
    for typename in list(types)[:_KEPT_TYPES]:
        if not quiet():
            break
        _takers(
            memory, str(directory(index.path)), index.path, typename, memory.changes_elsewhere(index.path)
        )
        done += 1
    return done


# Types whose takers are kept: every receiver type of a long Go file (h2_bundle.go's ~90).
_KEPT_TYPES = 256


@per_memory(maxsize=_KEPT_TYPES)
def _takers(memory: Memory, package: str, path: str, typename: str, _changes: int) -> tuple[str, ...]:
    """The names of the top-level functions of the package's other files with a parameter of `typename`
    (`c *Config`, `a, b Config`). Kept until another file than `path` changes (`_changes`, the memory's count of
    those): typing in the file being edited leaves them as they are."""
    takes = re.compile(rf"(?:^|,)\s*[\w\s,]*\s\*?{re.escape(typename)}\s*(?:,|$)")
    found: dict[str, None] = {}
    for other in others_referencing(memory, typename, path):
        index = memory.file(other) if str(directory(other)) == package else None
        for s in () if index is None else top_level(index):
            if s.kind not in CALLABLE_KINDS or "." in s.qualname:
                continue
            parameters = _PARAMETERS.search(s.signature)
            if parameters is not None and takes.search(parameters.group(1)):
                found[s.name] = None
    return tuple(found)
