"""TypeScript and TSX: JavaScript's imports and conventions, with the type system's keywords."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

import tree_sitter as ts

from .javascript import JavaScriptSpec
from .ts_augment import augmentations
from .ts_destructuring import destructured_type
from .ts_generics import type_argument_parameter
from .ts_types import (
    ELEMENT_TYPE_PATTERNS,
    alias_is_union,
    arrow_result,
    cast_type,
    element_of,
    function_type_result,
    parameters_part,
)
from .ts_utility_types import unwrapped_type

if TYPE_CHECKING:
    from ..resolver import Resolver
    from ..target import Target
    from ..workspace import Memory

# A line that opens a generic call signature (`  <A, B extends X>(self: A): B`, or `  <` alone with its
# type parameters on the lines below, as effect's `catchTags` has them), after a member that ends
# without a separator: tree-sitter-typescript 0.23.2 reads `): A` + newline + `<B>(...)` as `A<B>(...)` and
# turns the whole statement (effect's `dual`, `pipe`, every overloaded `const`) into one ERROR node.
_GENERIC_SIGNATURE_LINE = re.compile(rb"\n([ \t]*)[ \t]<\s*[A-Za-z_$][\w$]*(?:\s+extends\b|\s*[,>=])")
_ENDS_A_TYPE = re.compile(rb"(?:[\w$)\]}]|[^=]>)$")
# A backtick after an odd number of backslashes: escaped (after an even number, the backslashes escape
# each other and the backtick closes the template).
_ESCAPED_BACKTICK = re.compile(rb"(?<!\\)((?:\\\\)*)\\`")


class TypeScriptSpec(JavaScriptSpec):
    """TypeScript (`.ts`): tests import a module as `./name`, which TypeScript resolves."""

    fence_tags = frozenset({"typescript", "ts"})
    project_markers = ("package.json", "tsconfig.json")

    keyword_list: ClassVar[frozenset[str]] = (
        JavaScriptSpec.keyword_list
        | frozenset(
            [
                "as",  # `x as T`; in JavaScript `as` is only a word of the import and export lines, which are masked
                "interface",
                "type",
                "enum",
                "implements",
                "private",
                "protected",
                "public",
                "readonly",
                "declare",
                "namespace",
                "module",
                "abstract",
                "keyof",
                "infer",
                "is",
                "any",
                "unknown",
                "never",
                "number",
                "string",
                "boolean",
                "symbol",
                "bigint",
                "object",
            ]
        )
    )
    imports_without_extension = True
    namespace_paths = True
    # Overloaded call signatures are separated for the grammar (`repair_call_signatures`); TSX's JSX
    # lines start with `<` too and are left alone.
    separates_call_signatures: ClassVar[bool] = True
    types_only_import: ClassVar[re.Pattern[str] | None] = re.compile(r"\s*import\s+type\b")
    imports_follow_predictions: ClassVar[bool] = True
    # Measured on effect's internals (generate at 2,048, tuned part): with the far uses halved 240 of 1,258 units
    # missed, 260 without (`context/file_wide.py`); the common header words left out: 244 against 248.
    far_uses_divisor: ClassVar[int] = 2
    common_header_words: ClassVar[bool] = True
    # `isZero = (n: BigDecimal): boolean`, `isSome: <A>(self: Option<A>) => self is Some<A>`, `function
    # isLeft<R, L>(self: Either<R, L>): self is Left<L, R>`: one parameter, a boolean or a type guard.
    # Measured on effect's internals (generate at 2,048, tuned part): 236 -> 234 of 1,258 units missed.
    types_share_value_names: ClassVar[bool] = True
    # A module imported whole for the body alone (layer.ts's `Clock`, `Duration` for `retryUpdate`): its members the
    # most importers mention (`context/waiting_imports.py`). Measured on effect's internals (generate at 2,048,
    # tuned part): 224 -> 218 of 1,258 units missed.
    waiting_import_members: ClassVar[bool] = True
    # channel.ts's `withSpan` (`tracer.spanTag`, `tracer.addSpanStackTrace`), FiberRuntime's
    # `sendInterruptSignalToAllChildren` (`internalCause.interrupt`, `FiberMessage.interruptSignal`): generate at 2,048,
    # tuned part, 1,141 -> 1,144 of 1,258 (4 won, 1 lost: `provideContext` in `withSpan`'s pack). At Go's 24 / 2 / 8:
    # 1,138 (8 lost); scores 4 / 0: 1,142; 6, 8 (step 0, 1 or 2): 1,143; 10: 1,140; 12: 1,138, each with 8 names; at
    # 8 / 1 with 3 names 1,142 (the span members lost), with 4 or 6 1,144 (core.ts's `whileLoop` under
    # `forEachSequential` kept), with 14 1,143 (`context/package_words.py`).
    package_word_members: ClassVar[bool] = True
    package_word_score: ClassVar[tuple[int, int, int] | None] = (8, 1, 6)
    # `const results = ...`, `let interrupted = false`, `function go(`, and a lambda's parameters at the end of the
    # line opening it (`core.withFiberRuntime((parent) => {`). Measured on effect's internals (generate at 2,048,
    # tuned part): 227 -> 224 of 1,258 units missed with the declarations, 214 -> 213 with the lambdas' parameters.
    closure_binding: ClassVar[re.Pattern[str] | None] = re.compile(
        r"\s*(?:(?:const|let|var)\s+[\w$]+\s*[:=]|(?:async\s+)?function\s*\*?\s*[\w$]+"
        r"|.*\(\s*[\w$]+(?:\s*,\s*[\w$]+)*\s*\)\s*=>\s*\{?\s*$)"
    )
    # ParseResult's `go` (700 lines of parser lambdas, each ending `return Effect.void`): measured on effect's
    # internals (generate at 2,048, tuned part), 206 -> 202 of 1,258 units missed (`context/enclosing_uses.py`).
    enclosing_uses: ClassVar[bool] = True
    # channel.ts's `mapOutEffectPar`, pubsub.ts's `take`: effect's internals (generate at 2,048, tuned part), 202 ->
    # 193 of 1,258 units missed, none lost (`context/popular_members.py`).
    popular_members: ClassVar[bool] = True
    # channel.ts's `withSpan` (`Tracer.SpanKind`, `Tracer.SpanLink` ranked with its calls): effect's internals (generate
    # at 2,048, tuned part), 188 -> 184 of 1,258 units missed, none lost (`context/idle_types.py`).
    idle_types: ClassVar[bool] = True
    # channel.ts's `mapOutEffectPar` (`Deferred.succeed` where the function made its Deferreds): effect's internals
    # (generate at 2,048, tuned part), 184 -> 181 of 1,258 units missed, none lost (`context/handled_namesakes.py`).
    handled_namesakes: ClassVar[bool] = True
    # A body in a file implementing a module's face calls the file's own `zipRight` where its neighbours call
    # `Effect.zipRight` (generate at 2,048, tuned part: 1,094 -> 1,100 of 1,258, none lost; `context/own_namesakes.py`).
    own_namesakes: ClassVar[bool] = True
    # layer.ts's `mergeAll`, typed by `Layer.Layer.Success`, `Error`, `Context` (generate at 2,048, tuned part: 1,101
    # -> 1,104 of 1,258, none lost; `context/header_paths.py`).
    header_paths: ClassVar[bool] = True
    # channel.ts's and layer.ts's `onFailure: (cause) => {` (`Cause.failureOrCause`, `failCause`), core.ts's
    # `flatMap(self, (a) => {`: effect's internals (generate at 2,048, tuned part), 182 -> 174 of 1,258 units missed,
    # none lost; the property form alone 178 (`context/property_lambdas.py`).
    lambda_openings: ClassVar[tuple[re.Pattern[bytes], ...]] = (
        re.compile(
            rb"\s*(?P<name>[\w$]+)\s*:\s*(?:async\s+)?\(?\s*(?P<parameter>[\w$]+)[^=()]*(?:\([^=()]*\)[^=()]*)*\)?\s*"
            rb"=>(?P<rest>.*)"
        ),
        re.compile(
            rb".*?(?P<name>[\w$]+)\((?:[^()]|\([^()]*\))*?(?:async\s+)?(?:function\s*\*?\s*)?"
            rb"\(\s*(?P<parameter>[\w$]*)[^()]*\)(?:\s*:\s*[^=(){}]*)?\s*(?:=>)?(?P<rest>\s*\{?\s*)$"
        ),
    )
    generator_opening: ClassVar[re.Pattern[bytes] | None] = re.compile(
        rb"(?P<before>.*?)(?:[\w$]+\s*\.\s*)*[\w$]+\s*\(\s*function\s*\*\s*\([^()]*\)\s*\{\s*$"
    )
    generator_wrapper: ClassVar[re.Pattern[bytes] | None] = re.compile(
        rb"(?m)(?<![\w$])(?P<name>[\w$]+)(?=\s*(?:<[^()]*>)?\()|^\s*(?P<property>[\w$]+)\s*:(?!:)"
    )
    # FiberRuntime's run loop (`this.currentScheduler.shouldYield`, `this.currentSupervisor.onEffect`): effect's
    # internals (generate at 2,048, tuned part), 164 -> 157 of 1,258 units missed, none lost
    # (`context/waiting_field_members.py`).
    waiting_field_members: ClassVar[bool] = True
    # The lambdas' words read as fields of what their shared functions return (`Cause.failureOrCause`'s `Either`):
    # generate at 2,048, tuned part, 1,112 -> 1,114 of 1,258, none lost (`context/returned_fields.py`).
    returned_fields: ClassVar[bool] = True
    constructor_names: ClassVar[frozenset[str]] = frozenset({"constructor"})
    # fiberRuntime.ts's `ScopeImplProto.close(this: ScopeImpl, exit)` (`context/declared_this.py`).
    this_parameter: ClassVar[re.Pattern[str] | None] = re.compile(r"\(\s*this\s*:\s*([A-Za-z_$][\w$.]*)")
    # FiberRuntime's `[OpCodes.OP_WHILE](op: core.Primitive & { _op: OpCodes.OP_WHILE })` (`context/narrowed_variants.py`).
    narrowed_parameter: ClassVar[re.Pattern[str] | None] = re.compile(
        r"[\w$]+\??\s*:\s*(?P<type>[A-Za-z_$][\w$.]*)\s*&\s*\{\s*(?:readonly\s+)?(?P<key>[A-Za-z_$][\w$]*)\??\s*:"
        r"\s*(?:typeof\s+)?(?P<value>[A-Za-z_$][\w$.]*|\"[^\"\n]*\"|'[^'\n]*')\s*[;,]?\s*\}"
    )
    # channel.ts's `decision: MergeDecision.MergeDecision<...>` read as `decision as mergeDecision.Primitive`
    # (`context/implementing_unions.py`).
    implementing_unions: ClassVar[bool] = True
    # core.ts's `fiberRefModify`'s `withFiberRuntime((state) => {` reading `state.getFiberRef` (`context/signature.py`).
    lambda_named_by_scope: ClassVar[bool] = True
    # layer.ts's `retryUpdate(schedule: Schedule.Schedule<...>)` calling `schedule.step` (`context/signature.py`).
    small_face_methods: ClassVar[bool] = True
    # ParseResult.ts's `getMessage` reading `issue.kind` of its eight-class `ParseIssue` after `isRefinement(issue)`:
    # generate at 2,048, tuned part, 1,134 -> 1,137 of 1,258, none lost (the same at 12); with the file's guards built
    # from a variant's tag (`isComposite`), 1,140 (`context/guarded_variants.py`).
    guarded_variants: ClassVar[int] = 8
    # ParseResult.ts's `getCurrentMessage(issue).pipe(` then `Effect.flatMap((currentMessage) => {` (`context/piped_results.py`).
    piped_lambda: ClassVar[re.Pattern[str] | None] = re.compile(
        r"(?<![\w$.])(?P<call>[A-Za-z_$][\w$]*)\([^()\n]*\)\.pipe\(\s*\n\s*[\w$.]+\(\s*(?:async\s+)?\(?[\w$]+\)?\s*=>\s*\{?\s*$"
    )
    # core.ts's `custom(resume, function() {` reading `this.effect_instruction_i0` (`context/callback_this.py`): generate
    # at 2,048, tuned part, 1,140 -> 1,141 of 1,258, none lost.
    function_callback: ClassVar[re.Pattern[str] | None] = re.compile(
        r"(?<![\w$.])(?P<call>[A-Za-z_$][\w$.]*)\((?:[^()]*,)?\s*function\s*\*?\s*\([^()]*\)\s*\{\s*$"
    )
    callback_this: ClassVar[re.Pattern[str] | None] = re.compile(r"\(\s*this\s*:\s*\{")
    predicate_parameter: ClassVar[re.Pattern[str] | None] = re.compile(
        r"(?:(?:export|declare|const|function)\s+)*[\w$]+\s*[:=]?\s*(?:<[^()]*>)?\s*"
        r"\(\s*[\w$]+\s*:\s*([A-Za-z_$][\w$.]*)(?:<[^()]*>)?\s*\)\s*(?::|=>)\s*"
        r"(?:boolean\b|[\w$]+\s+is\s+([A-Za-z_$][\w$.]*))"
    )

    element_type_patterns = ELEMENT_TYPE_PATTERNS

    def declared_type(self, binding: str) -> str | None:
        """JavaScript's readings, after a type assertion's (`x = (y as T).f`, `x = y as T`), an element's
        (`v = self[k]`, `x of xs)`) and an arrow function's result (`f = (a: A): T =>`): ts_types."""
        found = cast_type(binding) or element_of(binding) or arrow_result(binding)
        return found or super().declared_type(binding)

    def function_result_at(self, text: str, start: int, end: int) -> str | None:
        """`fail: (issue: Issue) => Either<never, Issue>`: the result its function type declares (ts_types)."""
        line_end = text.find("\n", end)
        return function_type_result(text[start : len(text) if line_end < 0 else line_end])

    def lambda_parameter_type(
        self, text: str, start: int, declaration: str, argument: int, param: int
    ) -> str | None:
        """`dual<DataLast, DataFirst>(2, (self, that) => ...)`: the bound function type's (ts_generics)."""
        return type_argument_parameter(text, start, declaration, argument, param)

    def alias_is_union(self, signature: str) -> bool:
        """`type AST = Declaration | Literal | ...`: a union at the alias's top level (ts_types)."""
        return alias_is_union(signature)

    def parameters_part(self, header: str) -> str:
        """Up to the parenthesis closing the parameter list (ts_types)."""
        return parameters_part(header)

    def file_private(self, line: str) -> bool | None:
        """A module's top-level definition is its own unless exported (or declared for others)."""
        return not line.lstrip().startswith(("export", "declare"))

    def package_names(self, memory: Memory, path: str) -> tuple[str, ...]:
        """The names the module `path` exports at its top level (`waiting_import_members`)."""
        index, text = memory.file(path), memory.text(path)
        if index is None or text is None:
            return ()
        lines = text.decode("utf-8", "replace").splitlines()
        top = (s for s in index.symbols if s.parent == index.module_id and s.start[0] < len(lines))
        return tuple(dict.fromkeys(s.name for s in top if self.file_private(lines[s.start[0]]) is False))

    def module_augmentations(self, resolver: Resolver, path: str) -> list[Target]:
        """The `declare module "./m.js" { ... }` blocks of other files that augment `path` (ts_augment)."""
        return augmentations(resolver, path)

    def declared_type_at(self, text: str, start: int, end: int) -> str | None:
        """A property bound by an object pattern holds its property's type (`ts_destructuring`); any other
        binding, what its annotation or value says, through a utility type keeping its argument's members
        (`Readonly<AjaxRequest>`: `ts_utility_types`)."""
        found = destructured_type(text, start, end) or super().declared_type_at(text, start, end)
        return (found and unwrapped_type(text, start, found)) or found

    def parse(self, text: bytes, old_tree: ts.Tree | None = None) -> ts.Tree:
        """The tree of `text` with overloaded call signatures separated (`repair_call_signatures`) and
        escaped backticks blanked (`blank_escaped_backticks`)."""
        repaired = repair_call_signatures(text) if self.separates_call_signatures else text
        return super().parse(blank_escaped_backticks(repaired), old_tree)


def repair_call_signatures(text: bytes) -> bytes:
    """`text` with a `;` in place of the last space of indentation before each generic call signature
    that follows a member ending in a type (`): A` then `<B>(x: B): B`), as TypeScript's own parser
    separates them; the same length, so every position stays where it was."""
    if b"<" not in text:
        return text
    out: bytearray | None = None
    for match in _GENERIC_SIGNATURE_LINE.finditer(text):
        if _ENDS_A_TYPE.search(_code_before(text, match.start())):
            out = out if out is not None else bytearray(text)
            out[match.end(1)] = ord(";")
    return text if out is None else bytes(out)


def blank_escaped_backticks(text: bytes) -> bytes:
    """`text` with each escaped backtick (`\\``) made two spaces: tree-sitter-typescript 0.23.2 reads no escape
    in a template literal type (effect's Schema.ts: ``type M = `use \\`class Self\\``, one ERROR root for
    the whole 9,000-line file). Only string contents change, and every position stays where it was."""
    if b"\\`" not in text:
        return text
    return _ESCAPED_BACKTICK.sub(lambda m: m.group(1) + b"  ", text)


def _code_before(text: bytes, end: int) -> bytes:
    """The last two bytes of code before byte `end`, past blank lines and block comments (a member's
    JSDoc)."""
    at = end
    while True:
        while at > 0 and text[at - 1] in b" \t\r\n":
            at -= 1
        start = text.rfind(b"/*", 0, at - 2) if text.endswith(b"*/", 0, at) else -1
        if start < 0:
            return text[max(0, at - 2) : at]
        at = start


class TsxSpec(TypeScriptSpec):
    """TSX: TypeScript with JSX, a grammar of its own; no test skeletons are offered for it (yet)."""

    test_framework = ""
    imports_without_extension = False
    fence_tags = frozenset({"tsx", "typescript", "ts"})
    separates_call_signatures = False
