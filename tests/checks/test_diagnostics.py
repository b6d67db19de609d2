"""The Diagnostic value: immutable, hashable, and refusing impossible ranges."""

from __future__ import annotations

import dataclasses

import pytest
from archmem.server.checks import BytePosition, Diagnostic, RelatedInformation, Severity


def make(**changes: object) -> Diagnostic:
    values: dict[str, object] = {
        "start": BytePosition(1, 2),
        "end": BytePosition(1, 5),
        "severity": Severity.ERROR,
        "message": "undefined name 'os'",
        "source": "archmem.pyflakes",
        "code": "undefined-name",
        "data": {"name": "os"},
    }
    values.update(changes)
    return Diagnostic(**values)  # type: ignore[arg-type]


def test_data_is_a_read_only_copy() -> None:
    data = {"name": "os"}
    diagnostic = make(data=data)
    data["name"] = "sys"
    assert diagnostic.data == {"name": "os"}
    with pytest.raises(TypeError):
        diagnostic.data["name"] = "x"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        diagnostic.message = "x"  # type: ignore[misc]


def test_diagnostics_are_values() -> None:
    related = (RelatedInformation("/p/a.py", BytePosition(0, 0), BytePosition(0, 1), "defined here"),)
    assert make(related=related) == make(related=related)
    assert len({make(), make(), make(code="other")}) == 2
    assert make() != make(data={"name": "sys"})


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        make(start=BytePosition(2, 0), end=BytePosition(1, 9))


def test_severities_are_the_four_lsp_levels() -> None:
    assert [severity.value for severity in Severity] == ["error", "warning", "information", "hint"]
