"""`archmem serve --log-file PATH` logs from start-up on and keeps logging after `initialize`, when the editor's
settings name no log file of their own (they used to close it: the log stopped at the first settings)."""

from __future__ import annotations

from pathlib import Path

from tests.lsp.wire import Served, initialize, notification, request


def test_the_command_line_log_file_outlives_the_settings(tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    root.mkdir()
    (root / "util.py").write_text("def double(x):\n    return x * 2\n")
    log = tmp_path / "server.log"
    served = Served(root, "--log-file", str(log))
    try:
        options = {"archmem": {"log": {"level": "debug"}, "index": {"cacheDir": str(tmp_path / "cache")}}}
        served.wire.send(initialize("init", root, options))
        assert "result" in served.wire.answer("init")
        served.wire.send(notification("initialized", {}))
        served.wire.send(request("q", "workspace/symbol", {"query": "double"}))
        assert "result" in served.wire.answer("q")
    finally:
        served.close()
    text = log.read_text()
    # Both written after the settings were applied: the version line at `initialized`, the request at debug.
    assert "initialized: 1 workspace folder(s)" in text, text
    assert "received workspace/symbol q" in text and "answering q" in text, text
