"""Generate mode in Go: a predicted line of a file the prompt shows nothing of yet costs that file's opening too
(its title line and gap marker) in the fit's order (`per_token.py`): where the budget holds one of two names the
neighbours use alike, the constant of the body's own file is shown rather than the shorter header of a function
whose file would open for it alone."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"
HEADER = "func (s *Session) flush() int {"
OWN = "\tframeHeaderLengthLimit = 9"
FAR = "func far() int {"
SESSION_GO = (
    "package wire\n\n"
    "type Session struct {\n\tid int\n}\n\n"
    f"const (\n{OWN}\n)\n\n"
    + go_filler_functions(0, 12)
    + "func (s *Session) open() int {\n\treturn far() + frameHeaderLengthLimit\n}\n\n"
    + f"{HEADER}\n\treturn s.id\n}}\n\n"
    + "func (s *Session) close() int {\n\treturn far() + frameHeaderLengthLimit\n}\n\n"
    + go_filler_functions(20, 12)
)
FAR_GO = "package wire\n\n" + go_filler_functions(40, 3) + f"{FAR}\n\treturn 1\n}}\n"
FILES = {"go.mod": GO_MOD, "wire/session.go": SESSION_GO, "wire/frame_helpers_of_the_session.go": FAR_GO}


def test_a_line_of_a_file_already_shown_is_fitted_before_one_opening_a_file(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "wire/session.go", HEADER, 70)
    assert OWN in ctx.text, ctx.ledger()
    assert FAR not in ctx.text, ctx.ledger()


def test_both_are_shown_where_the_budget_holds_both(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "wire/session.go", HEADER, 120)
    assert OWN in ctx.text and FAR in ctx.text, ctx.ledger()
