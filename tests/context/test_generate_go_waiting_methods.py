"""Generate mode in Go: the receiver type's unexported methods declared in the package's other files that nothing in
the package calls wait for the body (`waiting_methods.py`): regexp's `doExecute` (exec.go) is the only caller of
`re.get` and `re.put`, declared in regexp.go."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

WANTED_LINE = "func (re *Regexp) get() *machine {"
REGEXP_GO = (
    "package web\n\ntype machine struct {\n\tpc int\n}\n\n"
    "type Regexp struct {\n\tpool []*machine\n}\n\n"
    f"{WANTED_LINE}\n\treturn re.pool[0]\n}}\n\n" + go_filler_functions(100, 20)
)
WANTED = REGEXP_GO.splitlines().index(WANTED_LINE) + 1
HEADER = "func (re *Regexp) doExecute(n int) int {"
EXEC_GO = (
    "package web\n\n"
    + go_filler_functions(0, 30)
    + f"{HEADER}\n\treturn re.get().pc + n\n}}\n\n"
    + go_filler_functions(40, 30)
)
FILES = {"go.mod": GO_MOD, "web/regexp.go": REGEXP_GO, "web/exec.go": EXEC_GO}


def test_the_receivers_method_nothing_in_the_package_calls_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "web/exec.go", HEADER, 400)
    assert WANTED in ctx.included_lines("web/regexp.go"), ctx.ledger()


def test_a_method_another_file_of_the_package_calls_is_not_offered(tmp_path: Path) -> None:
    """Called elsewhere, the method waits for nothing: the body need not call it."""
    called = {
        **FILES,
        "web/pool.go": "package web\n\nfunc first(re *Regexp) int {\n\treturn re.get().pc\n}\n",
    }
    ctx = pack_hidden_body(tmp_path, called, "web/exec.go", HEADER, 400)
    assert WANTED not in ctx.included_lines("web/regexp.go"), ctx.ledger()


def test_none_is_offered_where_many_wait(tmp_path: Path) -> None:
    """A type with more than UNCALLED_METHODS methods nothing calls is a type of unused code: none says what the
    body calls."""
    unused = "".join(f"func (re *Regexp) unused{i}() int {{\n\treturn {i}\n}}\n\n" for i in range(7))
    many = {**FILES, "web/regexp.go": REGEXP_GO + unused}
    ctx = pack_hidden_body(tmp_path, many, "web/exec.go", HEADER, 400)
    assert WANTED not in ctx.included_lines("web/regexp.go"), ctx.ledger()


FREE_LINE = "func mProf_Free(b int) {"
MPROF_GO = f"package web\n\n{FREE_LINE}\n\tprintln(b)\n}}\n\n" + go_filler_functions(200, 20)
FREE_WANTED = MPROF_GO.splitlines().index(FREE_LINE) + 1
FREE_HEADER = "func freeSpecial(s int) {"
MHEAP_GO = (
    "package web\n\n"
    + go_filler_functions(300, 30)
    + f"{FREE_HEADER}\n\tmProf_Free(s)\n}}\n\n"
    + go_filler_functions(340, 30)
)
FREE_FILES = {"go.mod": GO_MOD, "web/mprof.go": MPROF_GO, "web/mheap.go": MHEAP_GO}


def test_the_packages_function_nothing_calls_named_by_a_word_of_the_body_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FREE_FILES, "web/mheap.go", FREE_HEADER, 400)
    assert FREE_WANTED in ctx.included_lines("web/mprof.go"), ctx.ledger()


def test_none_is_offered_where_many_functions_named_so_wait(tmp_path: Path) -> None:
    """Three of them: a package's uncalled functions (runtime's, called from assembly) say nothing of the body."""
    more = "".join(f"func freeOther{i}(n int) {{\n\tprintln(n)\n}}\n\n" for i in range(2))
    many = {**FREE_FILES, "web/more.go": "package web\n\n" + more}
    ctx = pack_hidden_body(tmp_path, many, "web/mheap.go", FREE_HEADER, 400)
    assert FREE_WANTED not in ctx.included_lines("web/mprof.go"), ctx.ledger()
