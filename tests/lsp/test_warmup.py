"""After didOpen, once the editor is quiet, the server loads the memories of the files the opened file's names
lead to (server/lsp/warmup.py, indexer/warm.py), and where the cursor arrives, the region there: seen in its
debug log, over stdio as an editor drives it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import Session, serving
from tests.lsp.harness import PATIENCE_S, eventually
from tests.lsp.wire import Served, initialize, notification, request
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

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


REGION_FILES = {
    "lib.py": "class Store:\n    def size(self) -> int:\n        return 0\n\n    def put(self, x: int) -> None:\n"
    "        pass\n",
    "main.py": "from lib import Store\n\n\ndef load(store: Store) -> int:\n    return store.size()\n\n\n"
    "def save(store: Store) -> None:\n    store.put(1)\n\n\ndef wipe(store: Store) -> None:\n    return None\n",
}


def _region_warmed(session: Session, line: int) -> int:
    return sum(
        f"warmed the region of main.py at line {line} " in m.message for m in session.client.log_messages
    )


def _insert(session: Session, document: str, version: int, at: types.Position, text: str) -> None:
    change = types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=text)
    session.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[change],
        )
    )


@pytest.mark.asyncio(loop_scope="function")
async def test_the_cursors_region_is_warmed_after_a_code_action_and_after_an_edit(tmp_path: Path) -> None:
    """The light bulb's code action at the cursor, and an edit's end, tell the server where the cursor is; once
    the editor is quiet the region there is warmed (`Warmup.arrived`, `Warmup.edited`). A request sent right after
    the edit is answered at once, and the pass still runs at the quiet moment after it. The cursor moving inside the
    function warmed last warms nothing more; an edit there warms it again."""
    root = tmp_path / "ws"
    root.mkdir()
    for name, text in REGION_FILES.items():
        (root / name).write_text(text)
    async with serving(
        "neovim@v0.11.0", root, tmp_path / "cache", None, {"log": {"level": "debug"}}
    ) as session:
        document = session.open("main.py")
        text = REGION_FILES["main.py"]
        save = text[: text.index("store.put")].count("\n")
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=types.Position(save, 4), end=types.Position(save, 4)),
            context=types.CodeActionContext(diagnostics=[]),
        )
        await asyncio.wait_for(session.client.text_document_code_action_async(params), PATIENCE_S)
        await eventually(lambda: _region_warmed(session, save + 1) == 1, "the code action's region warmed")
        # Asked again in the function warmed last, nothing more is warmed (the server logs the region kept).
        await asyncio.wait_for(session.client.text_document_code_action_async(params), PATIENCE_S)
        kept = f"the region of main.py at line {save + 1} is the one warmed last"
        await eventually(
            lambda: any(kept in m.message for m in session.client.log_messages), "the region kept"
        )
        assert _region_warmed(session, save + 1) == 1
        # An edit in it warms it again, on the edited text, once the editor is quiet for longer.
        typed = types.Position(save, len("    store.put("))
        _insert(session, document, 2, typed, "1")
        # The light bulb's request right after the edit (VS Code asks after each one) leaves it an edit's arrival.
        await asyncio.wait_for(session.client.text_document_code_action_async(params), PATIENCE_S)
        await eventually(lambda: _region_warmed(session, save + 1) == 2, "the edited region warmed again")
        wipe = text[: text.index("return None")].count("\n")
        end = types.Position(wipe, len("    return None"))
        _insert(session, document, 3, end, " or 0")
        symbols = session.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=document))
        )
        assert await asyncio.wait_for(symbols, PATIENCE_S)
        await eventually(
            lambda: _region_warmed(session, wipe + 1) == 1, "the edited function's region warmed"
        )


def _many_functions(count: int) -> dict[str, str]:
    """A module whose functions each use names of another's classes and functions: a region packing there
    resolves hundreds of names (~0.2 s of CPU), long enough for a request to arrive in it."""
    lib = "".join(
        f"class C{i}:\n    def run{i}(self, x: int) -> int:\n        return x + {i}\n\n\n"
        f"def f{i}(c: C{i}) -> int:\n    return c.run{i}(1)\n\n\n"
        for i in range(count)
    )
    main = "from lib import *\n\n\n" + "".join(
        f"def g{i}(c: C{i}, d: C{(i + 1) % count}) -> int:\n"
        f"    return f{i}(c) + d.run{(i + 1) % count}(2) + f{(i + 2) % count}(C{(i + 2) % count}())\n\n\n"
        for i in range(count)
    )
    return {"lib.py": lib, "main.py": main}


def _logged(session: Session, text: str) -> int:
    return sum(text in m.message for m in session.client.log_messages)


@pytest.mark.asyncio(loop_scope="function")
async def test_a_request_arriving_in_the_region_pass_makes_it_give_way_and_it_runs_again_after(
    tmp_path: Path,
) -> None:
    """The region pass gives way at its next name resolution when a message arrives (a request waits for one
    name, not for the whole packing), and runs again at the next quiet moment. The request is sent as soon as the
    server logs the pass's start; the pass packs ~440 names, so it is still running when the request lands."""
    root = tmp_path / "ws"
    root.mkdir()
    files = _many_functions(200)
    for name, text in files.items():
        (root / name).write_text(text)
    async with serving(
        "neovim@v0.11.0", root, tmp_path / "cache", None, {"log": {"level": "debug"}}
    ) as session:
        document = session.open("main.py")
        # A loaded machine may let a pass end before the request sent at its start lands: the cursor then moves on
        # to another function and the request is sent into that one's pass.
        for function in ("g100", "g140", "g20", "g180", "g60", "g120", "g160", "g40"):
            line = files["main.py"][: files["main.py"].index(f"def {function}(")].count("\n") + 1
            where = f"the region of main.py at line {line + 1}"
            gave_way = f"the region pass of main.py at line {line + 1} gave way"
            if await _request_in_the_pass(session, document, line, where, gave_way):
                break
        else:
            raise AssertionError("no region pass gave way to the request sent at its start")
        await eventually(lambda: _logged(session, f"warmed {where}"), "the region warmed after the request")
        assert _logged(session, f"warming {where}") >= 2


async def _request_in_the_pass(session: Session, document: str, line: int, where: str, gave_way: str) -> bool:
    """The cursor arrives at `line` (a code action asked there); a request is sent as the region pass there logs
    its start. Whether the pass gave way to it (else it ended first)."""
    at = types.Position(line, 8)
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=document),
        range=types.Range(start=at, end=at),
        context=types.CodeActionContext(diagnostics=[]),
    )
    await asyncio.wait_for(session.client.text_document_code_action_async(params), PATIENCE_S)
    await eventually(lambda: _logged(session, f"warming {where}"), "the region pass to start")
    symbols = session.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=document))
    )
    assert await asyncio.wait_for(symbols, PATIENCE_S)
    ended = f"warmed {where} ahead"
    await eventually(lambda: _logged(session, gave_way) or _logged(session, ended), "the region pass to end")
    return bool(_logged(session, gave_way))


def _listed(session: Session, document: str, at: types.Position) -> Any:
    return session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )


@pytest.mark.asyncio(loop_scope="function")
async def test_no_region_pass_starts_while_an_action_runs(tmp_path: Path) -> None:
    """A generate request waiting a second for the model sends no message, so the editor looks quiet; the region
    pass where the cursor arrived meanwhile (a code action asked elsewhere with the request) waits for the action's
    end instead of sharing the CPU with it: its start is logged after the answer, never before."""
    root = tmp_path / "ws"
    root.mkdir()
    text = REGION_FILES["main.py"] + "\n\ndef stub(store: Store) -> int:\n    raise NotImplementedError\n"
    (root / "lib.py").write_text(REGION_FILES["lib.py"])
    (root / "main.py").write_text(text)
    stub, load = text.count("\n") - 1, text[: text.index("store.size")].count("\n")
    with FakeOpenAI() as fake:
        fake.set_handler(lambda _request: fake_openai.stream(["no ", "code"], delay_s=1.0))
        settings = {"log": {"level": "debug"}, "selfDebug": {"rounds": 1}}
        async with serving("neovim@v0.11.0", root, tmp_path / "cache", fake.base_url, settings) as session:
            document = session.open("main.py")
            found = await asyncio.wait_for(_listed(session, document, types.Position(stub, 4)), PATIENCE_S)
            (action,) = [a for a in found or [] if "Generate the body" in a.title]
            # The stub's own region pass, done before the action is picked.
            await eventually(lambda: _region_warmed(session, stub + 1), "the stub's region warmed")
            # The cursor arrives in `load` as the action is resolved: that region's pass waits for the action.
            elsewhere = _listed(session, document, types.Position(load, 4))
            resolved = session.client.code_action_resolve_async(action)
            await asyncio.wait_for(asyncio.gather(elsewhere, resolved), PATIENCE_S)
            assert len(fake.chat_requests) == 1
            where = f"warming the region of main.py at line {load + 1}"
            await eventually(lambda: _logged(session, where), "the region pass after the action")
            # Ordered by the server's own log, not by when the client reads it: a loaded client may read the answer
            # and the pass's first line (~50 ms after the action's end) in one chunk.
            messages = [m.message for m in session.client.log_messages]
            answered = next(n for n, m in enumerate(messages) if ": answered in " in m)
            assert answered < next(n for n, m in enumerate(messages) if where in m)
