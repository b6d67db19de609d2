"""After didOpen, once the editor is quiet, the server loads the memories of the files the opened file's names
lead to (server/lsp/warmup.py, indexer/warm.py): seen in its debug log, over stdio as an editor drives it."""

from __future__ import annotations

import time
from pathlib import Path

from tests.lsp.harness import PATIENCE_S
from tests.lsp.wire import Served, initialize, notification, request

FILES = {
    "src/p/Conf.java": "package p;\n\npublic class Conf {\n    public int limit() { return 1; }\n}\n",
    "src/p/Main.java": "package p;\n\npublic class Main {\n    int run(Conf c) {\n        return c.limit();\n    }\n}\n",
}


def _did_open(path: Path, text: str) -> bytes:
    document = {"uri": path.as_uri(), "languageId": "java", "version": 1, "text": text}
    return notification("textDocument/didOpen", {"textDocument": document})


def test_an_opened_file_is_warmed_once_the_editor_is_quiet(tmp_path: Path) -> None:
    root = tmp_path / "workspace"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    log = tmp_path / "server.log"
    served = Served(root, "--log-file", str(log))
    try:
        options = {"archmem": {"log": {"level": "debug"}, "index": {"cacheDir": str(tmp_path / "cache")}}}
        served.wire.send(initialize("init", root, options))
        assert "result" in served.wire.answer("init")
        served.wire.send(notification("initialized", {}))
        served.wire.send(request("q", "workspace/symbol", {"query": "Conf"}))  # answered once indexed
        assert "result" in served.wire.answer("q")
        served.wire.send(_did_open(root / "src/p/Main.java", FILES["src/p/Main.java"]))
        deadline = time.monotonic() + PATIENCE_S
        while "warmed src/p/Main.java" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        served.close()
    text = log.read_text()
    assert "warmed src/p/Main.java: " in text, text
    assert text.count("warmed src/p/Main.java") == 1, text
