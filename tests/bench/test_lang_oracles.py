"""The other languages' context recall: targets, identifiers, units and their scoring, on a C fixture.

No oracle process runs here (clangd, gopls and node are the benchmark's, not the test suite's): the
oracle's answers are written out as an LSP server gives them, and what the benchmark makes of them is
checked: which lines a scenario hides, which names are asked about, which units count, what is covered.
"""

from __future__ import annotations

import pytest

from bench import scenario
from bench.context_recall_langs import merge, part_of
from bench.lang_oracles import Span, group, last_statement, occurrences, scope_units, to_target, what_of
from bench.packing import FileText, Packed
from bench.scoring import Aggregate, score
from bench.tokens import count_lines, cumulative

C_SOURCE = """\
#define MAX_PAGE 64
typedef struct Pager Pager;
struct Pager {
  int nPage;
  struct Btree *pBt;
};
static int pagerCount(Pager *p);

/* pageOf: a comment naming nPage, which is no use */
static int pageOf(Pager *p, int i){
  int n = p->nPage + 0x1f;
  if( n>MAX_PAGE ){
    n = MAX_PAGE;
  }else{
    n = pagerCount(p);
  }
  return n + sizeof("p->pBt");
}
"""


def _lines() -> list[str]:
    return C_SOURCE.splitlines(keepends=True)


SPAN = Span("pager.c", "pageOf", 10, 10, 18, last_statement(_lines(), 11, 18), ((10, 10),))


def test_the_last_statement_is_the_last_line_at_body_indentation_that_starts_one() -> None:
    assert SPAN.last == 17  # not the `}else{` block's inner line, nor the closing brace


def test_a_span_becomes_a_target_whose_body_lies_between_the_braces() -> None:
    target = to_target(SPAN, _lines())
    assert target is not None
    assert (target.def_line, target.body_start, target.end_line) == (10, 11, 17)
    assert (target.edit_line, target.edit_col, target.body_indent) == (17, 2, "  ")
    generated = scenario.build("generate", target, C_SOURCE)
    assert "p->nPage" not in generated.text and generated.text.splitlines()[10] == "  "
    assert generated.text.splitlines()[11] == "}"


def test_the_generate_document_is_spliced_from_the_files_counted_lines() -> None:
    target = to_target(SPAN, _lines())
    assert target is not None
    sc = scenario.build("generate", target, C_SOURCE)
    spliced = FileText.of(C_SOURCE).replaced(target.body_start, target.end_line, target.body_indent + "\n")
    assert spliced == FileText.of(sc.text)


def test_empty_bodies_and_huge_functions_are_not_targets() -> None:
    lines = ["int f(void){\n", "\n", "}\n"]
    assert to_target(Span("f.c", "f", 1, 1, 3, 2, ((1, 1),)), lines) is None  # nothing to hide
    long = ["int g(void){\n", *["  x();\n"] * 90, "}\n"]
    assert to_target(Span("g.c", "g", 1, 1, 92, 91, ((1, 1),)), long) is None


def test_identifiers_skip_comments_strings_numbers_and_keywords_and_know_their_receiver() -> None:
    found = list(occurrences(_lines(), 10, 18, "c"))
    names = [o.name for o in found]
    assert "x1f" not in names and "pBt" not in names and "comment" not in names
    assert "sizeof" not in names and "int" not in names
    member = next(o for o in found if o.name == "nPage")
    assert (member.line, member.column, member.receiver) == (11, 13, "p")
    assert next(o for o in found if o.name == "pagerCount").receiver is None


def test_go_variadic_dots_are_not_a_member_access() -> None:
    found = list(occurrences(["func f(args ...any) {\n", "\tlog.Printf(args...)\n", "}\n"], 1, 3, "go"))
    assert {o.name: o.receiver for o in found} == {
        "f": None,
        "args": None,
        "any": None,
        "log": None,
        "Printf": "log",
    }


def test_units_drop_the_targets_own_places_merge_alternatives_and_say_how_reached() -> None:
    answers = [
        ("p", "plain", [("pager.c", 10, "param")]),  # the parameter: the target's own header
        ("nPage", "member", [("pager.c", 4, "field or variable")]),
        ("MAX_PAGE", "plain", [("pager.c", 1, "macro")]),
        ("MAX_PAGE", "plain", [("pager.c", 1, "macro")]),
        ("pagerCount", "plain", [("pager.c", 7, "def"), ("other.c", 40, "def")]),
        ("sqlite3_free", "plain", [("sqlite3.h", 900, "def")]),
    ]
    units = group(SPAN, answers)
    assert [(u.kind, u.name, [(a.path, a.lines) for a in u.alternatives]) for u in units] == [
        ("typed-member", "nPage", [("pager.c", (4,))]),
        ("global", "MAX_PAGE", [("pager.c", (1,))]),
        ("global", "pagerCount", [("other.c", (40,)), ("pager.c", (7,))]),
        ("xfile", "sqlite3_free", [("sqlite3.h", (900,))]),
    ]


def test_declarations_are_classed_by_their_line_for_the_misses_report() -> None:
    assert [
        what_of(s) for s in ("#  define X 1", "typedef int u8;", "func (c *conn) serve() {", "int nPage;")
    ] == [
        "macro",
        "type",
        "def",
        "field or variable",
    ]


@pytest.mark.parametrize("mode", scenario.MODES)
def test_scoring_counts_a_unit_only_when_its_line_is_shown(mode: str) -> None:
    target = to_target(SPAN, _lines())
    assert target is not None
    sc = scenario.build(mode, target, C_SOURCE)
    units = group(
        SPAN,
        [("nPage", "member", [("pager.c", 4, "field")]), ("MAX_PAGE", "plain", [("pager.c", 1, "macro")])],
    )
    doc = FileText.of(sc.text)
    shown = [1, 10, sc.line0 + 1]  # the macro and the header, not the struct's field
    text = "".join(doc.lines[n - 1] for n in shown)
    packed = Packed(text, 30, {"pager.c": frozenset(shown)})
    cum = cumulative(count_lines(_lines()))
    result = score(sc, units, scope_units(SPAN), packed, {"pager.c": doc.lines}, cum)
    assert [(u.name, covered) for u, _bucket, covered in result.units] == [
        ("nPage", False),
        ("MAX_PAGE", True),
    ]
    assert [covered for _u, covered in result.scopes] == [True]
    agg = Aggregate()
    agg.add(result, 2048, 1.0)
    both = merge([agg, agg]).row()
    assert (both["targets"], both["units"], both["def_recall"]) == (2, 4, 0.5)


def test_generate_aborts_when_a_hidden_line_reaches_the_output() -> None:
    target = to_target(SPAN, _lines())
    assert target is not None
    sc = scenario.build("generate", target, C_SOURCE)
    with pytest.raises(scenario.ScrubViolation):
        scenario.check_scrub(sc, None, "int n = p->nPage + 0x1f;\n", "leaky")


def test_the_held_out_part_is_a_fixed_third_of_the_files() -> None:
    paths = [f"src/file{i}.ts" for i in range(300)]
    held = [p for p in paths if part_of(p) == "held-out"]
    assert 70 < len(held) < 130
    assert held == [p for p in paths if part_of(p) == "held-out"]  # the same split on every run
