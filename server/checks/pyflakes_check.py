"""Runs pyflakes in-process on Python source and turns its messages into diagnostics.

Each pyflakes message class gets a stable `code` (undefined-name, unused-import, ...) and a severity (an
error when the code would fail at run time, a warning otherwise), and its arguments land in `data` under
readable names, so a fixer reads `data["name"]` instead of parsing the message.

Syntax errors: when CPython cannot compile the text, pyflakes cannot analyse it and this module reports
CPython's syntax error as one diagnostic (code "syntax-error"). `check_text` keeps it only when
tree-sitter found no syntax error itself (CPython is stricter than tree-sitter-python, e.g. on `print "x"`
or `return` at module level), so one typo is never reported twice; see docs/checks.md.

Any input is accepted: invalid UTF-8 is read with one U+FFFD per bad byte (positions are mapped back to
the original bytes), a NUL byte is reported where it is, and a file too deeply nested for pyflakes' own
recursion gives a failed `CheckerResult` rather than an exception.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.positions import LineIndex
from archmem.server.checks.diagnostics import BytePosition, CheckerResult, DataValue, Diagnostic, Severity
from archmem.server.checks.positions import ColumnUnit, byte_col, line_bytes, position_of_offset, to_position
from pyflakes import checker as pyflakes_checker
from pyflakes import messages as pyflakes_messages

SOURCE = "archmem.pyflakes"
NAME = "pyflakes"
_SURROGATE = re.compile("[\udc80-\udcff]")
_IDENTIFIER = re.compile(rb"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*")
# Data keys holding pyflakes' 1-based line numbers; they are stored 0-based like every position.
_LINE_KEYS = frozenset({"original_line"})

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class _Kind:
    code: str
    severity: Severity
    args: tuple[str, ...] = ()


_KINDS: dict[str, _Kind] = {
    "UnusedImport": _Kind("unused-import", W, ("name",)),
    "RedefinedWhileUnused": _Kind("redefined-unused", W, ("name", "original_line")),
    "ImportShadowedByLoopVar": _Kind("import-shadowed-by-loop-var", W, ("name", "original_line")),
    "ImportStarNotPermitted": _Kind("import-star-not-permitted", E, ("module",)),
    "ImportStarUsed": _Kind("import-star-used", W, ("module",)),
    "ImportStarUsage": _Kind("import-star-usage", W, ("name", "from_list")),
    "UndefinedName": _Kind("undefined-name", E, ("name",)),
    "DoctestSyntaxError": _Kind("doctest-syntax-error", W),
    "UndefinedExport": _Kind("undefined-export", E, ("name",)),
    "UndefinedLocal": _Kind("undefined-local", E, ("name", "original_line")),
    "DuplicateArgument": _Kind("duplicate-argument", E, ("name",)),
    "MultiValueRepeatedKeyLiteral": _Kind("repeated-key-literal", W, ("key",)),
    "MultiValueRepeatedKeyVariable": _Kind("repeated-key-variable", W, ("key",)),
    "LateFutureImport": _Kind("late-future-import", E),
    "FutureFeatureNotDefined": _Kind("future-feature-not-defined", E, ("name",)),
    "UnusedVariable": _Kind("unused-variable", W, ("name",)),
    "UnusedAnnotation": _Kind("unused-annotation", W, ("name",)),
    "UnusedIndirectAssignment": _Kind("unused-indirect-assignment", W, ("statement", "name")),
    "ReturnOutsideFunction": _Kind("return-outside-function", E),
    "YieldOutsideFunction": _Kind("yield-outside-function", E),
    "ContinueOutsideLoop": _Kind("continue-outside-loop", E),
    "BreakOutsideLoop": _Kind("break-outside-loop", E),
    "DefaultExceptNotLast": _Kind("default-except-not-last", E),
    "TwoStarredExpressions": _Kind("two-starred-expressions", E),
    "TooManyExpressionsInStarredAssignment": _Kind("too-many-starred-expressions", E),
    "IfTuple": _Kind("if-tuple", W),
    "AssertTuple": _Kind("assert-tuple", W),
    "ForwardAnnotationSyntaxError": _Kind("forward-annotation-syntax-error", E, ("annotation",)),
    "RaiseNotImplemented": _Kind("raise-not-implemented", W),
    "InvalidPrintSyntax": _Kind("invalid-print-syntax", E),
    "IsLiteral": _Kind("is-literal", W),
    "FStringMissingPlaceholders": _Kind("f-string-missing-placeholders", W),
    "TStringMissingPlaceholders": _Kind("t-string-missing-placeholders", W),
    "StringDotFormatExtraPositionalArguments": _Kind("format-extra-positional-arguments", W, ("positions",)),
    "StringDotFormatExtraNamedArguments": _Kind("format-extra-named-arguments", W, ("names",)),
    "StringDotFormatMissingArgument": _Kind("format-missing-argument", E, ("names",)),
    "StringDotFormatMixingAutomatic": _Kind("format-mixing-automatic", E),
    "StringDotFormatInvalidFormat": _Kind("format-invalid", E, ("error",)),
    "PercentFormatInvalidFormat": _Kind("percent-format-invalid", E, ("error",)),
    "PercentFormatMixedPositionalAndNamed": _Kind("percent-format-mixed", E),
    "PercentFormatUnsupportedFormatCharacter": _Kind(
        "percent-format-unsupported-character", E, ("character",)
    ),
    "PercentFormatPositionalCountMismatch": _Kind(
        "percent-format-count-mismatch", E, ("placeholders", "substitutions")
    ),
    "PercentFormatExtraNamedArguments": _Kind("percent-format-extra-named-arguments", W, ("names",)),
    "PercentFormatMissingArgument": _Kind("percent-format-missing-argument", E, ("names",)),
    "PercentFormatExpectedMapping": _Kind("percent-format-expected-mapping", E),
    "PercentFormatExpectedSequence": _Kind("percent-format-expected-sequence", E),
    "PercentFormatStarRequiresSequence": _Kind("percent-format-star-requires-sequence", E),
    "EagerUseOfLazyImport": _Kind("eager-use-of-lazy-import", W, ("name", "original_line")),
    "LazyImportStarNotPermitted": _Kind("lazy-import-star-not-permitted", E, ("module",)),
    "LazyImportNotAtModuleScope": _Kind("lazy-import-not-at-module-scope", E),
}


def _kind_of(message: pyflakes_messages.Message) -> _Kind:
    name = type(message).__name__
    known = _KINDS.get(name)
    if known is not None:
        return known
    # A class added by a later pyflakes: still a stable code, derived from its name.
    return _Kind(re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower(), W)


class _Text:
    """The source as CPython reads it, and the way back from its positions to the original bytes."""

    def __init__(self, source: bytes) -> None:
        decoded = source.decode("utf-8", "surrogateescape")
        # One U+FFFD per undecodable byte keeps character counts equal to the surrogateescape decoding,
        # which is what makes positions exact on invalid UTF-8.
        self.text = _SURROGATE.sub("\ufffd", decoded)
        self.lines = LineIndex(source)
        self._lossless = self.text.encode("utf-8") == source
        self._analysed = self.lines if self._lossless else LineIndex(self.text.encode("utf-8"))

    def original_line(self, line: int) -> bytes:
        return line_bytes(self.lines, line)

    def from_analysed(self, line: int, col: int) -> BytePosition:
        """Map a (0-based line, byte col) of the decoded text to the original bytes."""
        if self._lossless:
            return to_position(self.lines, line, col, ColumnUnit.BYTE)
        prefix = line_bytes(self._analysed, line)[:col]
        chars = len(prefix.decode("utf-8", "replace"))
        return to_position(self.lines, line, chars, ColumnUnit.CODEPOINT)


def run_pyflakes(source: bytes, filename: str = "<text>") -> CheckerResult:
    """Pyflakes' findings on `source`, as a `CheckerResult` named "pyflakes". Never raises."""
    try:
        return CheckerResult(NAME, True, tuple(_check(source, filename)))
    except RecursionError:
        return CheckerResult(NAME, False, error="pyflakes could not analyse this file: it nests too deeply")
    except MemoryError:
        return CheckerResult(NAME, False, error="pyflakes could not analyse this file: out of memory")
    except Exception as exc:  # pyflakes is third-party code; its bug must not take the server down
        return CheckerResult(NAME, False, error=f"pyflakes failed: {type(exc).__name__}: {exc}")


def _check(source: bytes, filename: str) -> list[Diagnostic]:
    text = _Text(source)
    nul = source.find(b"\x00")
    if nul != -1:
        at = position_of_offset(text.lines, nul)
        return [
            _syntax_error(
                at,
                BytePosition(at.line, at.col + 1),
                "the file contains a NUL byte, which Python does not allow",
            )
        ]
    try:
        tree = ast.parse(text.text, filename=filename)
    except SyntaxError as exc:
        return [_from_syntax_error(exc, text)]
    flakes = pyflakes_checker.Checker(tree, filename=filename)
    imports = _ImportIndex(tree)
    diagnostics = [_from_message(message, text, imports) for message in flakes.messages]
    diagnostics.sort(key=lambda d: (d.start, d.code or ""))
    return diagnostics


def _syntax_error(start: BytePosition, end: BytePosition, message: str) -> Diagnostic:
    return Diagnostic(start, end, Severity.ERROR, message, SOURCE, "syntax-error")


def _from_syntax_error(exc: SyntaxError, text: _Text) -> Diagnostic:
    line = max(0, (exc.lineno or 1) - 1)
    # CPython documents `offset` as a 1-based character offset; read it so and clamp, because some
    # tokenizer errors on bytes count differently and a clamped column is better than a crash.
    start_col = byte_col(text.original_line(line), max(0, (exc.offset or 1) - 1), ColumnUnit.CODEPOINT)
    start = to_position(text.lines, line, start_col, ColumnUnit.BYTE)
    end = start
    if exc.end_lineno is not None and exc.end_offset is not None and exc.end_offset > 0:
        end_line = exc.end_lineno - 1
        end_col = byte_col(text.original_line(end_line), exc.end_offset - 1, ColumnUnit.CODEPOINT)
        end = max(start, to_position(text.lines, end_line, end_col, ColumnUnit.BYTE))
    return _syntax_error(start, end, exc.msg or "invalid syntax")


class _ImportIndex:
    """The aliases of each import statement, to underline the one unused name rather than the statement."""

    def __init__(self, tree: ast.Module) -> None:
        self._by_statement: dict[tuple[int, int], Sequence[ast.alias]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                self._by_statement[(node.lineno, node.col_offset)] = node.names

    def alias(self, lineno: int, col: int, name: str) -> ast.alias | None:
        aliases = self._by_statement.get((lineno, col), ())
        bound = name.split(" as ")[-1]
        for alias in aliases:
            if (alias.asname or alias.name) == bound or (
                alias.asname is None and name.endswith("." + alias.name)
            ):
                return alias
        return None


def _arguments(message: pyflakes_messages.Message) -> tuple[object, ...]:
    args = message.message_args
    # UndefinedLocal stores a bare name rather than a tuple when the name is a builtin.
    return args if isinstance(args, tuple) else (args,)


def _data_value(key: str, value: object) -> DataValue:
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value - 1 if key in _LINE_KEYS else value
    return str(value)


def _from_message(message: pyflakes_messages.Message, text: _Text, imports: _ImportIndex) -> Diagnostic:
    kind = _kind_of(message)
    args = _arguments(message)
    data = {key: _data_value(key, value) for key, value in zip(kind.args, args, strict=False)}
    line = message.lineno - 1
    start = text.from_analysed(line, message.col)
    name = data.get("name")
    end = start
    if isinstance(name, str):
        start, end = _name_span(text, start, name, imports, message, kind)
    else:
        end = _token_end(text, start)
    return Diagnostic(
        start=start,
        end=end,
        severity=kind.severity,
        message=message.message % message.message_args,
        source=SOURCE,
        code=kind.code,
        data=data,
    )


def _name_span(
    text: _Text,
    start: BytePosition,
    name: str,
    imports: _ImportIndex,
    message: pyflakes_messages.Message,
    kind: _Kind,
) -> tuple[BytePosition, BytePosition]:
    """The range of `name` at or after `start` on its line; the token at `start` if it is not there."""
    if kind.code == "unused-import":
        alias = imports.alias(message.lineno, message.col, name)
        if alias is not None and alias.end_lineno is not None and alias.end_col_offset is not None:
            return (
                text.from_analysed(alias.lineno - 1, alias.col_offset),
                text.from_analysed(alias.end_lineno - 1, alias.end_col_offset),
            )
    line = text.original_line(start.line)
    wanted = name.split(" as ")[-1].encode("utf-8")
    found = _find_word(line, wanted, start.col)
    if found != -1:
        return BytePosition(start.line, found), BytePosition(start.line, found + len(wanted))
    return start, _token_end(text, start)


def _is_word_byte(byte: bytes) -> bool:
    return bool(byte) and (byte.isalnum() or byte == b"_" or byte[0] >= 0x80)


def _find_word(line: bytes, word: bytes, start: int) -> int:
    """The offset of `word` as a whole identifier (not an attribute) in `line` from `start`, or -1."""
    index = line.find(word, start) if word else -1
    while index != -1:
        before = line[index - 1 : index] if index else b""
        after = line[index + len(word) : index + len(word) + 1]
        if not _is_word_byte(before) and before != b"." and not _is_word_byte(after):
            return index
        index = line.find(word, index + 1)
    return -1


def _token_end(text: _Text, start: BytePosition) -> BytePosition:
    line = text.original_line(start.line)
    token = _IDENTIFIER.match(line, start.col)
    return BytePosition(start.line, token.end() if token is not None else len(line))
