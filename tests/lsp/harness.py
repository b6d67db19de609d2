"""What the end-to-end LSP tests share: a sample workspace on disk, the server command, waiting helpers."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path

SERVER = [sys.executable, "-m", "archmem.server.lsp"]
CLIENTS = ["neovim@v0.7.0", "neovim@v0.11.0", "visual-studio-code"]
PATIENCE_S = 20.0  # an upper bound for a loaded CI machine; passing tests never wait this long

FILES = {
    "pkg/__init__.py": "",
    "pkg/util.py": '''\
        """Small helpers."""


        def double(x: float) -> float:
            """Twice x."""
            return x * 2


        def use_double() -> float:
            return double(3.0)
        ''',
    "pkg/shapes.py": '''\
        """Shapes and their areas."""
        import math

        from pkg.util import double


        class Shape:
            """A shape with a name."""

            def __init__(self, name: str) -> None:
                self.name = name

            def area(self) -> float:
                return 0.0


        class Circle(Shape):
            def __init__(self, radius: float) -> None:
                super().__init__("circle")
                self.radius = radius

            def area(self) -> float:
                return math.pi * double(self.radius)
        ''',
    "pkg/main.py": """\
        from pkg.shapes import Circle


        def biggest(radii: list[float]) -> float:
            return max(Circle(r).area() for r in radii)
        """,
    # Non-ASCII before names: é is 2 UTF-8 bytes and 1 UTF-16 unit; 𝄞 is 4 bytes and 2 units.
    "wide.py": """\
        x = "é𝄞"; target = 1
        print("𝄞", target)
        """,
    "node_modules/ignored.py": "def never_indexed():\n    pass\n",
}


def write_workspace(root: Path) -> Path:
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def uri(path: Path) -> str:
    found = from_fs_path(str(path))
    assert isinstance(found, str)
    return found


def capabilities(client_name: str) -> types.ClientCapabilities:
    return pytest_lsp.client_capabilities(client_name)


def record_statuses(client: pytest_lsp.LanguageClient) -> list[dict[str, Any]]:
    """Start collecting `archmem/status` notifications; returns the list they are appended to."""
    statuses: list[dict[str, Any]] = []

    @client.feature("archmem/status")
    def on_status(params: Any) -> None:
        # pygls hands unknown notifications' params over as namedtuples.
        statuses.append(params if isinstance(params, dict) else params._asdict())

    return statuses


async def eventually(predicate: Callable[[], Any], what: str, timeout: float = PATIENCE_S) -> Any:
    """Wait until `predicate()` is truthy (polling the event loop), or fail naming `what`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


async def initialize(
    client: pytest_lsp.LanguageClient,
    client_name: str,
    root: Path,
    options: dict[str, Any] | None = None,
) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(client_name),
            root_uri=uri(root),
            workspace_folders=[types.WorkspaceFolder(uri=uri(root), name=root.name)],
            initialization_options=options,
        )
    )


def open_document(
    client: pytest_lsp.LanguageClient, path: Path, text: str | None = None, version: int = 1
) -> str:
    document_uri = uri(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=document_uri,
                language_id="python",
                version=version,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return document_uri


def close_document(client: pytest_lsp.LanguageClient, document_uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=document_uri))
    )


def position_of(text: str, needle: str, encoding: str, nth: int = 0, shift: int = 0) -> types.Position:
    """The LSP position of the `nth` occurrence of `needle` (plus `shift` characters) in `encoding`."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += shift
    line = text.count("\n", 0, index)
    prefix = text[text.rfind("\n", 0, index) + 1 : index]
    return types.Position(line=line, character=units(prefix, encoding))


def units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def empty(answer: Any) -> bool:
    """An empty list (the client may hand it over as a tuple), not null and not an error."""
    return answer is not None and len(answer) == 0
