"""Fitting's shortcuts answer as the counts they skip: a definition's full text is ruled out without counting
its lines only when counting them would rule it out too (`fit._surely_over`)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.build import Build
from archmem.indexer.context.fit import _cost_of, _surely_over, fit
from archmem.indexer.context.predict import predict
from archmem.indexer.context.result import Mode
from archmem.indexer.workspace import Memory

from tests.support.generate import chosen_build

# One-line members with a blank line between each: once the class's skeleton shows the members, its full
# text adds only blank lines of a token each, every one closing a gap (a marker saved), so that the full
# text costs less than its lines' count.
_MEMBERS = "".join(f"    def m{i}(self) -> int: return {i}\n\n" for i in range(60))
SOURCE = (
    "class Spaced:\n"
    + _MEMBERS
    + "\n\nclass Long:\n"
    + "".join(f"    def long_{i}(self, a: int) -> int:\n        return a + {i}\n\n" for i in range(150))
    + "\n\ndef use(s: Spaced, l: Long) -> int:\n"
    + "    return s.m0() + l.long_0(1) + Spaced().m1() + Long().long_1(2)\n"
)


def _fitted(tmp_path: Path, budget: int, mode: Mode) -> Build:
    """A build of the packing at the end of `use`, fitted as `Packer.pack` fits it."""
    (tmp_path / "m.py").write_text(SOURCE)
    line = SOURCE.splitlines().index("def use(s: Spaced, l: Long) -> int:") + 1
    build = chosen_build(Packer(Memory.open(tmp_path)), "m.py", line + 1, budget, mode, column=4)
    if mode == "generate":
        predict(build)
    fit(build)
    return build


def test_a_full_text_is_ruled_out_only_when_its_count_rules_it_out(tmp_path: Path) -> None:
    checked = 0
    runs: tuple[tuple[int, Mode], ...] = (
        (300, "edit"),
        (2048, "edit"),
        (2048, "generate"),
        (6000, "generate"),
    )
    for budget, mode in runs:
        build = _fitted(tmp_path, budget, mode)
        for unit in build.units:
            if unit.symbol is None or "full" not in unit.levels:
                continue
            full = unit.levels["full"]
            exact = _cost_of(build, full, unit.path)
            # At the room its exact cost needs, it must not be ruled out; a token less, it may be.
            assert not _surely_over(build, full, unit.path, exact), (unit.key, exact, mode, budget)
            checked += 1
    assert checked >= 8


def test_a_class_of_spaced_members_costs_less_than_its_lines_once_they_are_shown(tmp_path: Path) -> None:
    """The case the bound's gap term is for: the skeleton shown, the rest of the full text is blank lines
    each closing a gap, so counting a token a line alone would rule out what fits."""
    build = _fitted(tmp_path, 6000, "edit")
    spaced = next(u for u in build.units if u.symbol is not None and u.symbol.name == "Spaced")
    build.shown = {spaced.path: set(spaced.levels["skeleton"])}
    full = spaced.levels["full"]
    exact = _cost_of(build, full, spaced.path)
    new_lines = len(full - build.shown[spaced.path])
    assert exact < new_lines, (exact, new_lines)
    assert not _surely_over(build, full, spaced.path, exact)
    # A huge class asked for in full at a small room is ruled out without counting.
    long_unit = next(u for u in build.units if u.symbol is not None and u.symbol.name == "Long")
    assert _cost_of(build, long_unit.levels["full"], long_unit.path) > 1000
    assert _surely_over(build, long_unit.levels["full"], long_unit.path, 20)
