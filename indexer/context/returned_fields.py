"""Generate mode: the modules whose types' fields a lambda's shared words may name, beyond those the file imports
whole: the modules the declared return types of the shared functions name. effect's `onFailure: (cause) => {`
lambdas split the cause with `Cause.failureOrCause`, declared `<E>(self: Cause<E>) => Either.Either<Cause<never>, E>`,
then read `either._tag`, `either.left`, `either.right`: layer.ts imports `Cause` whole but not `Either`, and the words
`_tag`, `left` raised the fields of the modules it does import (`ScheduleDecision`'s `Continue._tag`, `Cause`'s
`Parallel.left`). Asked by `property_lambdas.raise_shared` with the module whose function the words name; the module
the return type's head is bound to in that function's file (its imports) is the answer. TypeScript's return types are
read (`name: (...) => T = ...`, `name = (...): T =>`, `function name(...): T {`), where the module's language asks
for it (`LanguageSpec.returned_fields`)."""

from __future__ import annotations

import re
from collections.abc import Set

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolKind
from .build import Build

# A qualified type name's head (`Either` of `Either.Either<...>`).
_HEAD = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\.[A-Za-z_$]")
# The return type after a parameter list, up to the arrow or the body.
_RETURNED = re.compile(r"\)\s*:\s*([^{=]+)")


def returned_modules(build: Build, module: FileIndex, words: Set[str], skip: Set[str]) -> list[FileIndex]:
    """The modules the declared return types of `module`'s top-level values named by `words` name through `module`'s
    imports (`Either` for `failureOrCause`), but those at the paths `skip` (the file imports them whole)."""
    heads = {head for text in returned_types(module, words) for head in _HEAD.findall(text)}
    heads &= {imp.bound for imp in module.imports}
    out: list[FileIndex] = []
    for head in sorted(heads):
        for target in build.resolver.resolve(module, module.symbols[0], head):
            if target.symbol is None or target.symbol.kind is not SymbolKind.MODULE or target.path in skip:
                continue
            found = build.memory.file(target.path)
            if found is not None and found not in out:
                out.append(found)
    return out


def returned_types(module: FileIndex, words: Set[str]) -> list[str]:
    """The declared return types of `module`'s top-level values named by `words`, as written (`Either.Either<Cause<
    never>, E>`); none where the module's language does not ask for them (`LanguageSpec.returned_fields`)."""
    spec = BY_NAME.get(module.language)
    if spec is None or not spec.returned_fields:
        return []
    out: list[str] = []
    for s in (s for word in sorted(words) for s in module.by_qualname.get(word, ())):
        if s.parent == module.module_id and s.kind is not SymbolKind.CLASS:
            declared, _, value = s.signature.partition(" = ")
            if "=>" in declared:  # `failureOrCause: <E>(self: Cause<E>) => Either.Either<...> = ...`
                out.append(declared.rpartition("=>")[2])
            else:  # `failureOrCause = (self: Cause<E>): Either.Either<...> =>`, `function f(...): T {`
                returned = _RETURNED.search(value or declared)
                out.extend((returned[1],) if returned else ())
    return out
