"""A cache directory inside the workspace is refused, and the user is shown why, once per session.

A repository could otherwise ship the store archmem reads; the refusal was only logged, where no user looks.
"""

from __future__ import annotations

from pathlib import Path

from tests.lsp.wire import Served, initialize, notification, request

WARNING = 2


def test_a_cache_dir_inside_the_workspace_is_refused_and_shown_once(tmp_path: Path) -> None:
    (tmp_path / "util.py").write_text("def double(x):\n    return x * 2\n")
    inside = tmp_path / ".archmem-cache"
    served = Served(tmp_path)
    try:
        options = {"archmem": {"index": {"cacheDir": str(inside)}}}
        served.wire.send(initialize("init", tmp_path, options))
        assert "result" in served.wire.answer("init")
        served.wire.send(notification("initialized", {}))
        # A change of what is indexed opens the memory again, with the same refused directory.
        pushed = {"settings": {"archmem": {"exclude": ["build/**"]}}}
        served.wire.send(notification("workspace/didChangeConfiguration", pushed))
        for attempt in range(2):
            served.wire.send(request(f"after-{attempt}", "workspace/symbol", {"query": "double"}))
            assert "result" in served.wire.answer(f"after-{attempt}")
        shown = [m["params"] for m in served.wire.notices("window/showMessage")]
        refusals = [p for p in shown if "cacheDir" in p["message"]]
        assert len(refusals) == 1, shown
        assert refusals[0]["type"] == WARNING
        assert "inside the workspace" in refusals[0]["message"]
        assert not inside.exists()
    finally:
        served.close()
