"""Hostile messages over real stdio: huge buffers, huge queries and edit storms are answered, never stall.

Sizes are bounded and no timing is asserted here (the latencies are bench/hostile.py's); what is checked is
that each hostile message is handled as documented and the next request is answered.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.lsp.wire import Served, initialize, notification, request


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    (tmp_path / "util.py").write_text("def double(x):\n    return x * 2\n")
    server = Served(tmp_path)
    server.wire.send(initialize("init", tmp_path))
    assert "result" in server.wire.answer("init")
    server.wire.send(notification("initialized", {}))
    yield server
    server.close()


def did_open(served: Served, uri: str, text: str) -> None:
    item = {"uri": uri, "languageId": "python", "version": 1, "text": text}
    served.wire.send(notification("textDocument/didOpen", {"textDocument": item}))


def did_change(served: Served, uri: str, version: int, changes: list[dict[str, Any]]) -> None:
    params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
    served.wire.send(notification("textDocument/didChange", params))


def symbol_names(served: Served, uri: str, request_id: str) -> list[str]:
    served.wire.send(request(request_id, "textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
    return [s["name"] for s in served.wire.answer(request_id)["result"] or []]


def at(line: int, character: int) -> dict[str, int]:
    return {"line": line, "character": character}


def test_an_oversized_buffer_keeps_sync_without_the_memory_and_says_so_once(
    served: Served, tmp_path: Path
) -> None:
    uri = (tmp_path / "big.py").as_uri()
    did_open(served, uri, "def huge():\n    pass\n" + "x = 1\n" * 2_000_000)  # 12 MB
    assert symbol_names(served, uri, "while-big") == []
    did_change(served, uri, 2, [{"range": {"start": at(0, 4), "end": at(0, 4)}, "text": "very_"}])
    assert symbol_names(served, uri, "still-big") == []
    # Cut back under the limit with a ranged edit: the text kept in sync is the one the memory now reads.
    did_change(served, uri, 3, [{"range": {"start": at(2, 0), "end": at(2_000_002, 0)}, "text": ""}])
    assert symbol_names(served, uri, "small-again") == ["very_huge"]
    warnings = [m["params"]["message"] for m in served.wire.notices("window/showMessage")]
    assert len(warnings) == 1 and "big.py" in warnings[0] and "limit" in warnings[0]


def test_a_megabyte_workspace_symbol_query_is_answered(served: Served) -> None:
    indexed: list[str] = []
    for attempt in range(200):  # until the workspace is indexed
        served.wire.send(request(f"before-{attempt}", "workspace/symbol", {"query": "double"}))
        indexed = [s["name"] for s in served.wire.answer(f"before-{attempt}")["result"]]
        if indexed:
            break
        time.sleep(0.1)
    assert indexed == ["double"]
    served.wire.send(request("huge-query", "workspace/symbol", {"query": "double" + "z" * 1_000_000}))
    assert served.wire.answer("huge-query")["result"] == []
    served.wire.send(request("after", "workspace/symbol", {"query": "double"}))
    assert [s["name"] for s in served.wire.answer("after")["result"]] == ["double"]


def test_an_edit_storm_keeps_the_text_exact_and_each_request_in_its_place(
    served: Served, tmp_path: Path
) -> None:
    uri = (tmp_path / "storm.py").as_uri()
    did_open(served, uri, "def f():\n    pass\n" + "".join(f"v{i} = {i}\n" for i in range(3000)))
    for version in range(2, 302):
        did_change(served, uri, version, [{"range": {"start": at(0, 4), "end": at(0, 4)}, "text": "x"}])
        if version == 151:
            served.wire.send(request("mid", "textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
    # The request sent after 150 changes sees exactly those 150, however the storm was coalesced.
    assert served.wire.answer("mid")["result"][0]["name"] == "x" * 150 + "f"
    assert symbol_names(served, uri, "end")[0] == "x" * 300 + "f"


def test_a_storm_sent_in_one_write_with_a_bad_change_loses_only_that_change(
    served: Served, tmp_path: Path
) -> None:
    uri = (tmp_path / "burst.py").as_uri()
    did_open(served, uri, "def f():\n    pass\n")
    insert = {"range": {"start": at(0, 4), "end": at(0, 4)}, "text": "y"}
    bad = {"range": {"start": {"line": "zero", "character": 4}, "end": at(0, 4)}, "text": "BAD"}
    burst = [
        notification(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [bad if version == 100 else insert],
            },
        )
        for version in range(2, 402)
    ]
    served.wire.send(b"".join(burst))
    assert symbol_names(served, uri, "after-burst")[0] == "y" * 399 + "f"
