"""The baseline-relative validator: fixed, remaining and new diagnostics across an edit."""

from __future__ import annotations

import random

from archmem.server.checks import (
    BytePosition,
    Diagnostic,
    Severity,
    compare,
    line_map_between,
    line_map_for_edit,
)


def diag(line: int, message: str, *, code: str | None = "c", source: str = "s", col: int = 0) -> Diagnostic:
    return Diagnostic(
        BytePosition(line, col), BytePosition(line, col + 1), Severity.WARNING, message, source, code
    )


def test_an_untouched_warning_pushed_down_by_an_insertion_is_remaining_not_new() -> None:
    before = [
        diag(2, "undefined name 'x'", code="undefined-name"),
        diag(40, "unused import 'os'", code="unused-import"),
    ]
    # The fix inserts three lines at line 0 (an import block) and removes the undefined name.
    after = [diag(43, "unused import 'os'", code="unused-import")]
    result = compare(before, after, line_map=line_map_for_edit(0, -1, 2))
    assert result.fixed == (before[0],)
    assert result.remaining == (after[0],)
    assert result.new == ()
    assert result.matched == ((before[1], after[0]),)


def test_without_a_line_map_a_moved_warning_still_matches_by_message() -> None:
    before = [diag(10, "line too long", code="E501")]
    after = [diag(25, "line too long", code="E501")]
    result = compare(before, after)
    assert result.new == () and result.fixed == ()


def test_a_new_diagnostic_at_the_edit_is_new() -> None:
    before = [diag(5, "undefined name 'foo'", code="undefined-name")]
    after = [diag(5, "undefined name 'fooo'", code="undefined-name")]
    result = compare(before, after, line_map=line_map_for_edit(5, 5, 5))
    assert result.fixed == (before[0],)
    assert result.new == (after[0],)


def test_source_and_code_must_agree() -> None:
    before = [diag(1, "x", code="a"), diag(2, "y", source="pyright")]
    after = [diag(1, "x", code="b"), diag(2, "y", source="mypy")]
    result = compare(before, after)
    assert len(result.fixed) == 2 and len(result.new) == 2


def test_numbers_in_messages_do_not_break_matching_when_lines_move() -> None:
    before = [diag(8, 'missing ")" to close "(" from line 9', code="missing-token")]
    after = [diag(10, 'missing ")" to close "(" from line 11', code="missing-token")]
    result = compare(before, after, line_map=line_map_for_edit(0, 0, 2))
    assert result.remaining == (after[0],) and result.new == ()


def test_whitespace_differences_in_messages_are_ignored() -> None:
    before = [diag(3, "Type 'str'\n  is not assignable")]
    after = [diag(3, "Type 'str' is not assignable")]
    assert compare(before, after).new == ()


def test_identical_messages_pair_with_the_nearest_instance() -> None:
    before = [diag(10, "unused variable"), diag(20, "unused variable"), diag(30, "unused variable")]
    # Line 20 was fixed; lines after it moved up by one.
    after = [diag(10, "unused variable"), diag(29, "unused variable")]
    mapping = line_map_for_edit(20, 20, 19)
    result = compare(before, after, line_map=mapping)
    assert result.fixed == (before[1],)
    assert result.matched == ((before[0], after[0]), (before[2], after[1]))
    assert result.new == ()


def test_a_second_identical_diagnostic_is_new() -> None:
    before = [diag(4, "undefined name 'x'", code="undefined-name")]
    after = [
        diag(4, "undefined name 'x'", code="undefined-name"),
        diag(9, "undefined name 'x'", code="undefined-name"),
    ]
    result = compare(before, after)
    assert result.remaining == (after[0],)
    assert result.new == (after[1],)


def test_a_diagnostic_inside_the_replaced_region_matches_its_twin_in_the_new_region() -> None:
    before = [diag(12, "incompatible types", code="assignment"), diag(50, "other", code="x")]
    # Lines 10..14 were replaced by 10..17: the diagnostic at old line 12 now sits at 15.
    after = [diag(15, "incompatible types", code="assignment"), diag(53, "other", code="x")]
    result = compare(before, after, line_map=line_map_for_edit(10, 14, 17))
    assert result.fixed == () and result.new == ()


def test_an_exact_message_on_the_mapped_line_wins_over_a_loose_match() -> None:
    before = [diag(3, "expected 2 arguments, got 3", code="call")]
    after = [
        diag(3, "expected 2 arguments, got 4", code="call"),
        diag(3, "expected 2 arguments, got 3", code="call"),
    ]
    result = compare(before, after)
    assert result.matched == ((before[0], after[1]),)
    assert result.new == (after[0],)


def test_empty_inputs() -> None:
    result = compare([], [])
    assert (result.fixed, result.remaining, result.new, result.matched) == ((), (), (), ())
    only_after = compare([], [diag(0, "x")])
    assert len(only_after.new) == 1


def test_line_map_between_maps_kept_lines_and_drops_replaced_ones() -> None:
    old = b"a\nb\nc\nd\ne\n"
    new = b"import x\na\nb\nC changed\nd\ne\n"
    mapping = line_map_between(old, new)
    assert [mapping(line) for line in range(6)] == [1, 2, None, 4, 5, 6]


def test_line_map_between_handles_several_separate_edits() -> None:
    old_lines = [b"line %d" % index for index in range(100)]
    new_lines = list(old_lines)
    new_lines.insert(10, b"inserted")
    new_lines[50] = b"changed"  # old line 49
    del new_lines[80]  # old line 79
    mapping = line_map_between(b"\n".join(old_lines), b"\n".join(new_lines))
    assert mapping(5) == 5
    assert mapping(10) == 11
    assert mapping(49) is None
    assert mapping(60) == 61
    assert mapping(79) is None
    assert mapping(90) == 90


def test_line_map_between_identical_texts_is_the_identity() -> None:
    text = b"x\ny\n"
    mapping = line_map_between(text, text)
    assert [mapping(line) for line in range(3)] == [0, 1, 2]


def test_random_insertions_never_make_untouched_diagnostics_new() -> None:
    rng = random.Random(7)
    for _ in range(50):
        old_lines = [b"stmt %d" % index for index in range(200)]
        before = [
            diag(line, f"warning about {line % 7}", code=f"W{line % 3}")
            for line in sorted(rng.sample(range(200), 30))
        ]
        at = rng.randrange(200)
        count = rng.randrange(1, 10)
        new_lines = old_lines[:at] + [b"new %d" % index for index in range(count)] + old_lines[at:]
        after = [
            diag(d.start.line + (count if d.start.line >= at else 0), d.message, code=d.code) for d in before
        ]
        result = compare(
            before, after, line_map=line_map_between(b"\n".join(old_lines), b"\n".join(new_lines))
        )
        assert result.new == () and result.fixed == ()
        assert all(
            old.start.line + (count if old.start.line >= at else 0) == new.start.line
            for old, new in result.matched
        )


def test_line_map_between_is_monotonic_and_maps_only_equal_lines_under_random_edits() -> None:
    rng = random.Random(11)
    for _ in range(200):
        old_lines = [b"%d" % rng.randrange(40) for _ in range(rng.randrange(0, 120))]
        new_lines = list(old_lines)
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(len(new_lines) + 1)
            action = rng.choice(("insert", "delete", "replace"))
            if action == "insert" or not new_lines or at == len(new_lines):
                new_lines.insert(at, b"new")
            elif action == "delete":
                del new_lines[at]
            else:
                new_lines[at] = b"changed"
        mapping = line_map_between(b"\n".join(old_lines), b"\n".join(new_lines))
        mapped = [(line, mapping(line)) for line in range(len(old_lines))]
        targets = [new for _, new in mapped if new is not None]
        assert targets == sorted(set(targets))
        for line, new in mapped:
            if new is not None:
                assert new_lines[new] == old_lines[line]
