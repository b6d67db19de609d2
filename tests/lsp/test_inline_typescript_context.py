"""Inline completion in rxjs-shaped TypeScript through a real stdio session: the prompt the scripted model
receives carries the declarations a line about to be typed needs that are neither in the prefix nor named
by it outright: the property a destructured local is taken from, the members of its type, the enclosing
class's header and the construct signature of a value built with `new` (issue 17's completion recall)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import Session, serving
from tests.lsp.harness import PATIENCE_S
from tests.lsp.test_inline_completion import ask, configure, inserted
from tests.support.fake_openai import FakeOpenAI, text

pytestmark = pytest.mark.asyncio(loop_scope="function")

CONFIG_TS = (
    "export interface NextObserver<T> {\n  closed?: boolean;\n  next: (value: T) => void;\n}\n"
    "export interface SocketErrorCtor {\n  new (message: string, code: number): Error;\n}\n"
    "export const SocketError: SocketErrorCtor = makeError('SocketError');\n"
    "function makeError(name: string): any {\n  return Error;\n}\n"
    "export interface SocketConfig<T> {\n  url: string;\n  closeObserver?: NextObserver<CloseEvent>;\n}\n"
)
CURSOR_LINE = "        "
SOCKET_TS = (
    'import { SocketConfig, SocketError } from "./config";\n\n'
    "export class Socket<T> extends Base<T> {\n  private _config: SocketConfig<T>;\n\n"
    + "".join(f"  helper{i}(value: number): number {{\n    return value + {i};\n  }}\n" for i in range(150))
    + "  connect(socket: WebSocket): void {\n"
    "    socket.onerror = () => {\n      const { closeObserver } = this._config;\n"
    "      closeObserver?.next(new CloseEvent('error'));\n    };\n"
    "    socket.onclose = (e: CloseEvent) => {\n"
    "      const { closeObserver } = this._config;\n"
    "      if (closeObserver) {\n" + CURSOR_LINE + "\n      }\n"
    "      if (!e.wasClean) {\n        throw new SocketError('closed', e.code);\n      }\n"
    "    };\n  }\n}\n\nclass Base<T> {}\n"
)
ANSWER = "closeObserver.next(e);"


@pytest.fixture
async def session(tmp_path: Path, fake_openai: FakeOpenAI) -> AsyncIterator[Session]:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "config.ts").write_text(CONFIG_TS)
    (root / "socket.ts").write_text(SOCKET_TS)
    async with serving("neovim@v0.11.0", root, tmp_path / "cache", fake_openai.base_url) as running:
        configure(running, {"fim": "suffix", "deadlineMs": 1500})
        yield running


async def test_the_prompt_carries_what_the_destructured_line_and_the_class_need(
    session: Session, fake_openai: FakeOpenAI
) -> None:
    fake_openai.enqueue(text(ANSWER + "\n"))
    document = session.open("socket.ts")
    line = SOCKET_TS.count("\n", 0, SOCKET_TS.index(CURSOR_LINE + "\n      }"))
    position = types.Position(line=line, character=len(CURSOR_LINE))
    answer = await asyncio.wait_for(ask(session, document, position), PATIENCE_S)
    assert inserted(answer) == [ANSWER]
    (request,) = fake_openai.completion_requests
    prompt = request.body["prompt"]
    # The class header is ~450 lines above the cursor, out of the prefix; the rest is in another file.
    assert (
        "export class Socket<T> extends Base<T> {" not in prompt.split("(archmem):", 1)[1].split("// …")[-1]
    )
    for needed in (
        "closeObserver?: NextObserver<CloseEvent>;",  # the property destructured
        "next: (value: T) => void;",  # its type's member the function calls
        "export class Socket<T> extends Base<T> {",  # the enclosing class's header
        "new (message: string, code: number): Error;",  # the construct signature of `new SocketError`
    ):
        assert needed in prompt, needed
