"""Generate mode in Go: the predicted names' declaring lines are fitted best score per square root of their tokens
first (`per_token.py`): where the budget holds either one long method header or three constants' short lines, the
three are shown, the neighbours using each constant once and the method twice."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"
HEADER = "func (s *Session) flush() int {"
LONG = (
    "func (s *Session) encodeFrame(headerBlockFragment []byte, streamDependency uint32, exclusiveDependency bool, "
    "paddingLength uint8) int {"
)
SESSION_GO = (
    "package wire\n\n"
    "type Session struct {\n\tid int\n}\n\n"
    "const (\n\tkindA = 1\n\tkindB = 2\n\tkindC = 3\n)\n\n"
    + go_filler_functions(0, 12)
    + f"{LONG}\n\treturn s.id + int(paddingLength)\n}}\n\n"
    + "func (s *Session) open() int {\n\treturn s.encodeFrame(nil, 0, false, 0) + s.id + kindA + kindB + kindC\n}\n\n"
    + f"{HEADER}\n\treturn s.id + kindA + kindB + kindC\n}}\n\n"
    + "func (s *Session) close() int {\n\treturn s.encodeFrame(nil, 1, true, 1) + s.id + kindA + kindB + kindC\n}\n\n"
    + go_filler_functions(20, 12)
)
FILES = {"go.mod": GO_MOD, "wire/session.go": SESSION_GO}
LINES = SESSION_GO.splitlines()


def test_three_short_lines_are_fitted_before_one_long_header(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "wire/session.go", HEADER, 90)
    shown = ctx.included_lines("wire/session.go")
    constants = {LINES.index(f"\tkind{k} = {i}") + 1 for i, k in enumerate("ABC", 1)}
    assert constants <= shown, ctx.ledger()
    assert LINES.index(LONG) + 1 not in shown, ctx.ledger()
