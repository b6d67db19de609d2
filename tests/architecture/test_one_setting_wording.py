"""Every setting problem is worded by `server/setting_reader.py`: no other module of server/ builds a
`SettingError` itself (config.py, models/endpoints.py and checks/checker_settings.py go through a
`SettingReader`), so a problem reads the same whichever setting it is about."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READER = ROOT / "server" / "setting_reader.py"


def built_setting_errors(source: str) -> list[int]:
    """Lines of `source` that call `SettingError(...)` directly."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and (
            getattr(node.func, "id", None) == "SettingError"
            or getattr(node.func, "attr", None) == "SettingError"
        )
    ]


def test_only_the_setting_reader_words_setting_problems() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "server").rglob("*.py"))
        if path != READER
        for line in built_setting_errors(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use SettingReader.wrong/unknown/problem instead:\n" + "\n".join(found)


def test_the_check_can_fail() -> None:
    assert built_setting_errors('errors.append(SettingError("a", "must be x, got y; ignored"))\n') == [1]
    assert built_setting_errors("reader.problem('a', 'why')\n") == []
