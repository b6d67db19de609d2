"""The context-recall benchmark's oracle, scenarios, scoring and scrub check, on hand-written snippets."""

from __future__ import annotations

import textwrap

import pytest

from bench import scenario
from bench.baselines import BASELINES, pack_oracle
from bench.oracle import ModuleOracle, Site, Target, Unit
from bench.packing import FileText, Packed, Request
from bench.scoring import Aggregate, bucket, miss_category, score, verified_lines


def _oracle(src: str) -> ModuleOracle:
    return ModuleOracle(textwrap.dedent(src).lstrip("\n"), "m.py")


def _target(m: ModuleOracle, qualname: str) -> Target:
    found = [t for t in m.targets(min_lines=1) if t.qualname == qualname]
    assert found, f"no target {qualname} in {[t.qualname for t in m.targets(min_lines=1)]}"
    return found[0]


def _needs(m: ModuleOracle, qualname: str) -> dict[str, list[tuple[int, ...]]]:
    units, _ = m.units(_target(m, qualname))
    return {u.name: [a.lines for a in u.alternatives] for u in units}


MODULE_LEVEL = """
import os
if os.name == "nt":
    SEP = "\\\\"
else:
    SEP = "/"
try:
    import json
except ImportError:
    json = None
for _i in range(3):
    LAST = _i

def target(x):
    a = SEP + x
    b = json.dumps(a) + str(LAST)
    return len(b)
"""


def test_module_level_names_through_if_try_for_blocks_with_alternatives() -> None:
    needs = _needs(_oracle(MODULE_LEVEL), "target")
    assert needs == {"SEP": [(3,), (5,)], "json": [(7,), (9,)], "LAST": [(11,)]}  # builtins left out


def test_free_variables_resolve_to_the_enclosing_function_binding() -> None:
    m = _oracle(
        """
        def outer(n):
            factor = 2
            def helper():
                pass
            def target(x):
                def inner():
                    return x
                y = x * factor
                helper()
                return y + n + inner()
            return target
        """
    )
    assert _needs(m, "outer.target") == {"factor": [(2,)], "helper": [(3,)], "n": [(1,)]}
    _, scopes = m.units(_target(m, "outer.target"))
    assert [s.alternatives[0].lines for s in scopes] == [(5,), (1,)]


MEMBERS = """
class Base:
    LIMIT = 10
    def base_method(self):
        return 1

class C(Base):
    KIND = "c"
    def __init__(self):
        self.count = 0
    def reset(self):
        self.total = 0
    def target(self):
        a = self.count + self.total
        b = self.base_method()
        c = self.LIMIT + len(self.KIND)
        self.count += 1
        self.fresh = 1
        return a + b + c + self.fresh
"""


def test_self_members_set_in_other_methods_and_inherited_from_in_file_bases() -> None:
    m = _oracle(MEMBERS)
    units, scopes = m.units(_target(m, "C.target"))
    got = {u.name: (u.kind, [a.lines for a in u.alternatives]) for u in units}
    assert got == {
        # the `self.count += 1` inside the target is the code itself, not a definition it needs
        "self.count": ("member", [(9,)]),
        "self.total": ("member", [(11,)]),
        "self.base_method": ("inherited", [(3,)]),
        "self.LIMIT": ("inherited", [(2,)]),
        "self.KIND": ("member", [(7,)]),
    }
    assert [s.alternatives[0].lines for s in scopes] == [(12,), (6,)]


def test_class_attribute_access_and_headers_exclude_decorators() -> None:
    m = _oracle(
        """
        class Config:
            DEFAULT = 3
            @staticmethod
            def make(
                size=1,
            ):
                return Config()

        def target():
            x = Config.DEFAULT
            y = Config.make()
            return x, y
        """
    )
    assert _needs(m, "target") == {"Config": [(1,)], "Config.DEFAULT": [(2,)], "Config.make": [(4, 5, 6)]}


def test_shadowed_builtin_is_a_unit_and_unknown_names_are_reported() -> None:
    m = _oracle(
        """
        def len(x):
            return 0

        def target(x):
            return len(x) + mystery
        """
    )
    assert _needs(m, "target") == {"len": [(1,)]}
    assert m.unresolved == ["mystery"]


def test_targets_hide_the_body_after_the_docstring() -> None:
    m = _oracle(
        '''
        def f(a):
            """Doc
            string."""
            x = a + 1
            return x
        '''
    )
    (t,) = m.targets()
    assert (t.def_line, t.header_end, t.body_start, t.end_line, t.edit_line) == (1, 1, 4, 5, 5)
    assert t.body_indent == "    "


def test_generate_scenario_hides_the_body_and_maps_lines_back() -> None:
    src = "def f(a):\n    '''Doc.'''\n    x = a + 1\n    return x\n\nY = 2\n"
    m = ModuleOracle(src, "m.py")
    (t,) = m.targets()
    sc = scenario.build("generate", t, src)
    assert sc.text == "def f(a):\n    '''Doc.'''\n    \n\nY = 2\n"
    assert (sc.line0, sc.col_byte) == (2, 4)
    assert sc.hidden == ("    x = a + 1\n", "    return x\n")
    assert [sc.to_source_line(n) for n in range(1, 6)] == [1, 2, None, 5, 6]
    assert sc.to_doc_line(6) == 5 and sc.to_doc_line(3) is None
    edit = scenario.build("edit", t, src)
    assert (edit.text, edit.line0, edit.col_byte) == (src, 3, 4)


def test_scrub_check_catches_only_lines_that_exist_nowhere_else() -> None:
    hidden = ["    total = compute_total(items)\n", "    pass\n", "    return result\n"]
    document = "def f(items):\n    \nresult = 1\n    return result\n"
    leaked = scenario.scrub_violations(hidden, document, "x\n  total = compute_total(items)\npass\n")
    assert leaked == ["total = compute_total(items)"]
    # `pass` is too common to prove anything; `return result` is visible in the document itself.
    assert scenario.scrub_violations(hidden, document, "pass\nreturn result\n") == []
    assert scenario.scrub_violations(hidden, document, "total = compute_total(items)", lambda s: True) == []


def test_check_scrub_aborts_a_generate_run_loudly() -> None:
    src = "def f(a):\n    value = compute_value(a)\n    return value\n"
    (t,) = ModuleOracle(src, "m.py").targets()
    sc = scenario.build("generate", t, src)
    with pytest.raises(scenario.ScrubViolation, match="leaked"):
        scenario.check_scrub(sc, None, "def f(a):\n    value = compute_value(a)\n", "leaky")
    scenario.check_scrub(sc, None, "def f(a):\n", "clean")


def _request(
    src: str, qualname: str, mode: str, budget: int = 2048
) -> tuple[Request, list[Unit], list[Unit]]:
    m = ModuleOracle(src, "m.py")
    t = _target(m, qualname)
    units, scopes = m.units(t)
    sc = scenario.build(mode, t, src)
    return Request(sc, "m.py", FileText.of(sc.text), budget, {}, tuple(units), tuple(scopes)), units, scopes


def test_a_unit_counts_only_when_every_header_line_of_one_alternative_is_shown() -> None:
    src = textwrap.dedent(MODULE_LEVEL).lstrip("\n")
    req, units, scopes = _request(src, "target", "edit")
    lines = src.splitlines(keepends=True)
    texts = {"m.py": lines}
    cum = list(range(len(lines) + 1))

    def covered(shown: set[int]) -> dict[str, bool]:
        text = "".join(lines[n - 1] for n in sorted(shown))
        result = score(req.scenario, units, scopes, Packed(text, 0, {"m.py": frozenset(shown)}), texts, cum)
        return {u.name: c for u, _, c in result.units}

    assert covered({5, 7}) == {"SEP": True, "json": True, "LAST": False}  # one alternative is enough
    assert covered({3, 9, 11}) == {"SEP": True, "json": True, "LAST": True}
    multi = "def f(\n    a,\n):\n    return a\n"
    m = ModuleOracle(multi, "m.py")
    (t,) = m.targets(min_lines=1)
    sc = scenario.build("edit", t, multi)
    scope = [Unit("scope", "f", (Site("m.py", (1, 2, 3), "def"),))]
    mlines = multi.splitlines(keepends=True)
    part = Packed("def f(\n    a,\n", 0, {"m.py": frozenset({1, 2})})
    assert not score(sc, [], scope, part, {"m.py": mlines}, [0, 1, 2, 3, 4]).all_covered
    full = Packed(multi, 0, {"m.py": frozenset({1, 2, 3})})
    assert score(sc, [], scope, full, {"m.py": mlines}, [0, 1, 2, 3, 4]).all_covered


def test_claimed_lines_missing_from_the_text_are_not_credited() -> None:
    packed = Packed("SEP = '/'\n", 0, {"m.py": frozenset({1, 2})})
    shown, bad = verified_lines(packed, {"m.py": ["SEP = '/'\n", "other = 1\n"]})
    assert shown == {"m.py": {1}} and bad == 1


def test_distance_buckets_use_tokens_between_the_unit_and_the_cursor() -> None:
    src = "def f(a):\n    x = 1\n    return x\n"
    (t,) = ModuleOracle(src, "m.py").targets()
    sc = scenario.build("edit", t, src)  # cursor on line 3
    cum = [0, 9_000, 15_000, 15_500, 16_000]
    assert bucket(Site("m.py", (1,), "def"), sc, cum) == "far"  # 15,500 tokens back
    assert bucket(Site("m.py", (2,), "def"), sc, cum) == "mid"
    cum2 = [0, 1, 2, 3, 4]
    assert bucket(Site("m.py", (2,), "def"), sc, cum2) == "near"
    assert bucket(Site("m.py", (3,), "def"), sc, cum2) == "after"
    assert bucket(Site("other.py", (1,), "def"), sc, cum2) == "xfile"


@pytest.mark.parametrize("mode", ["edit", "generate"])
@pytest.mark.parametrize("budget", [64, 256, 1024])
def test_baselines_stay_within_budget_and_claim_only_lines_they_show(mode: str, budget: int) -> None:
    src = textwrap.dedent(MEMBERS).lstrip("\n") + "".join(f"CONST_{i} = {i}\n" for i in range(200))
    req, _, _ = _request(src, "C.target", mode, budget)
    texts = {"m.py": req.doc.lines}
    for packer in BASELINES:
        packed = packer.pack(req)
        assert packed.tokens <= budget, packer.name
        _, bad = verified_lines(packed, texts)
        assert bad == 0, packer.name
        scenario.check_scrub(req.scenario, None, packed.text, packer.name)


def test_the_oracle_packer_covers_every_unit_when_the_budget_allows() -> None:
    src = textwrap.dedent(MEMBERS).lstrip("\n")
    req, units, scopes = _request(src, "C.target", "generate")
    packed = pack_oracle(req)
    result = score(req.scenario, units, scopes, packed, {"m.py": req.doc.lines}, list(range(40)))
    assert result.all_covered and len(result.units) == 5


def test_misses_are_counted_by_readable_category() -> None:
    src = textwrap.dedent(MEMBERS).lstrip("\n")
    req, units, scopes = _request(src, "C.target", "generate")
    lines = req.doc.lines
    shown = frozenset({12, 13})  # the method's header and docstring-free start: no unit definitions
    packed = Packed("".join(lines[n - 1] for n in sorted(shown)), 10, {"m.py": shown})
    agg = Aggregate()
    agg.add(score(req.scenario, units, scopes, packed, {"m.py": lines}, list(range(40))), 2048, 1.0)
    assert agg.misses["own class's self.X = ... in a method, near (<2k tokens)"] == 2
    assert agg.misses["in-file base class's function/method, near (<2k tokens)"] == 1
    assert agg.misses["enclosing class header (scope)"] == 1
    assert agg.row()["def_recall"] == 0.0 and agg.row()["all_covered"] == 0.0
    xunit = Unit("xfile-member", "self.x", (Site("b.py", (3,), "def"),))
    assert miss_category(xunit, "xfile") == "self./C. member: function/method in another file"
