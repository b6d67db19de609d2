"""TypeScript's declared types read from text: a local bound to a cast (`x as T`, `(x as T).f`), an arrow
function's declared result, an element's type, whether a type alias is a union, and a header's parameters.

TypeScript code states a type where the checker cannot infer it with `as`: `let node = (self as
RedBlackTreeImpl<K, V>)._root` holds what the class's `_root` field is declared with, and `const impl =
self as Impl<A>` holds an `Impl`. These read as the type references `RedBlackTreeImpl._root` (a chain
whose last field's declared type is the answer, as inference.py reads `a.b`) and `Impl`. `as any`,
`as unknown`, `as never` and `as const` say nothing about members: no type.
"""

from __future__ import annotations

import re

# `name = (expr as T<...>).member` (the bound name first, as `declared_type` reads a binding) and
# `name = expr as T<...>` ending the statement; an annotation before `=` is read by the other patterns.
_TYPE = r"([A-Za-z_$][\w$.]*)(?:<[^()]*>)?"
_CAST_MEMBER = re.compile(
    r"[\w$]+\s*=\s*\(\s*[\w$.]+(?:\([^()]*\))?\s+as\s+"
    + _TYPE
    + r"\s*\)\s*\??\.\s*([A-Za-z_$][\w$]*)\s*(?:$|[;,)/])"
)
_CAST = re.compile(r"[\w$]+\s*=\s*[\w$.]+(?:\([^()]*\))?\s+as\s+" + _TYPE + r"\s*(?:$|[;,/])")
_NO_MEMBERS = frozenset({"any", "unknown", "never", "const", "object"})
# An element of what a chain holds: `value = self[key]`, `ps = ast.propertySignatures[i]`, and the variable
# of `for (const x of xs)`; read as `self[]`, `ast.propertySignatures[]`, `xs[]` (an element's type,
# as `element_type_at` reads it from the declaration of the chain's last link).
_ELEMENT_OF = re.compile(
    r"[\w$]+\s*=\s*([A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*)\[[^\[\]]+\]\s*(?:$|[;,/])"
)
_FOR_OF = re.compile(r"[\w$]+\s+of\s+([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\)")
# `name = <A>(params): Result =>`: an arrow function's declared result (its parameters may hold function
# types, one level of parentheses deep).
_ARROW_RESULT = re.compile(
    r"[\w$]+\s*=\s*(?:async\s+)?(?:<[^()]*>)?\s*\((?:[^()]|\([^()]*\))*\)\s*:\s*([A-Za-z_$][\w$.]*)(?![\w$.\[])"
)
# `name: <A>(params) => Result`: a binding annotated with a function type, and the result it declares.
_FUNCTION_TYPE = re.compile(
    r"[\w$]+\??\s*:\s*(?:<[^()]*>)?\s*\((?:[^()]|\([^()]*\))*\)\s*=>\s*([A-Za-z_$][\w$.]*)(?![\w$.\[])"
)
# What a binding's declared type gives its elements (matched at the bound name): `Record<K, V>` and
# `ReadonlyRecord<K, V>` a V, `ReadonlyArray<T>`, `Array<T>`, `NonEmptyReadonlyArray<T>` and `T[]` a T, an
# index signature (`{ [k: string]: V }`) a V.
_ARGUMENT = r"(?:[^<>,]|<(?:[^<>]|<[^<>]*>)*>)*"
_NAMED = r"([A-Za-z_$][\w$.]*)"
ELEMENT_TYPE_PATTERNS = (
    re.compile(r"[\w$]+\??\s*:\s*(?:[\w$]+\.)?(?:Readonly)?Record\s*<" + _ARGUMENT + r",\s*" + _NAMED),
    re.compile(r"[\w$]+\??\s*:\s*(?:[\w$]+\.)?(?:NonEmpty)?(?:Readonly)?Array\s*<\s*" + _NAMED),
    re.compile(r"[\w$]+\??\s*:\s*" + _NAMED + r"(?:<" + _ARGUMENT + r">)?\[\]"),
    re.compile(r"[\w$]+\??\s*:\s*\{\s*(?:readonly\s+)?\[[^\]]*\]\??\s*:\s*" + _NAMED),
)


def arrow_result(binding: str) -> str | None:
    """The result type an arrow function bound to a name declares (`eitherOrUndefined = <A>(self: T):
    Either.Either<A> | undefined =>`): what a call of it holds; None when it declares none."""
    found = _ARROW_RESULT.match(binding)
    return None if found is None or found.group(1) in _NO_MEMBERS else found.group(1)


def function_type_result(binding: str) -> str | None:
    """The result a binding annotated with a function type declares (`failureOrCause: <E>(self: Cause<E>) =>
    Either.Either<Cause<never>, E> = ...`): what a call of it holds; None for any other annotation."""
    found = _FUNCTION_TYPE.match(binding)
    return None if found is None or found.group(1) in _NO_MEMBERS else found.group(1)


def element_of(binding: str) -> str | None:
    """The chain a binding's text takes an element of, marked `[]` (`self[]` for `value = self[key]`,
    `xs[]` for `x of xs)`), or None."""
    found = _ELEMENT_OF.match(binding) or _FOR_OF.match(binding)
    return None if found is None else found.group(1).replace("?.", ".") + "[]"


def cast_type(binding: str) -> str | None:
    """The type reference a binding's text (from the bound name to the end of its line) gives through a
    type assertion, or None: `T.member` for `(x as T).member`, `T` for `x as T`."""
    found = _CAST_MEMBER.match(binding)
    if found is not None:
        return None if found.group(1) in _NO_MEMBERS else f"{found.group(1)}.{found.group(2)}"
    found = _CAST.match(binding)
    if found is None or found.group(1) in _NO_MEMBERS:
        return None
    return found.group(1)


# `type Name<...> =` (exported, declared), up to the value.
_ALIAS_HEAD = re.compile(r"(?:export\s+)?(?:declare\s+)?type\s+[\w$]+\s*(?:<.*?>)?\s*=")
_OPENS, _CLOSES = "<([{", ">)]}"


def alias_is_union(signature: str) -> bool:
    """Whether a type alias's text names a union at its top level (`type Either<R, L> = Left<L, R> | Right<L,
    R>`, `type AST =\n  | Declaration\n  | Literal`), not inside a type argument, an object type or a function
    type's result."""
    head = _ALIAS_HEAD.match(signature)
    if head is None:
        return False
    depth = 0
    value = signature[head.end() :]
    for at, char in enumerate(value):
        arrow = char == ">" and at > 0 and value[at - 1] == "="
        if arrow and depth == 0:
            return False  # a function type (`() => A | B`), whose result is the union
        if char in _OPENS:
            depth += 1
        elif char in _CLOSES and not arrow:
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def parameters_part(header: str) -> str:
    """The text of a function's header (or of the lines just above a lambda's body) before the parenthesis
    closing its parameter list, the last one at the top level: what the function is handed, without the result
    it declares after it (`): Exit.Exit<A, E> {` is what it builds)."""
    depth = 0
    for at in range(len(header) - 1, -1, -1):
        char = header[at]
        if char == ")":
            if depth == 0:
                return header[:at]
            depth += 1
        elif char == "(":
            depth -= 1
    return header
