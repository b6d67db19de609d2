"""`archmem serve --tcp`: loopback only, one client at a time, and a token before anything else.

Any local process can connect to a loopback port, and browsers can send it HTTP requests, so the socket
admits only a connection whose first message is `initialize` carrying `initializationOptions.token`
equal to the server's token. The token is `ARCHMEM_TOKEN` when set (an editor that starts the server
passes it that way), else read from the token file, else generated and written there (mode 0600) and
printed to stderr. Anything that is not LSP framing (an HTTP request line, say) closes the connection
before a byte is processed; a second client is closed at once while one is connected.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archmem.server.lsp import framing

if TYPE_CHECKING:
    from archmem.server.lsp.server import ArchmemServer

log = logging.getLogger(__name__)

TOKEN_ENV = "ARCHMEM_TOKEN"


def default_token_file(port: int) -> Path:
    """Where the token of a server on `port` is kept: the user's runtime or cache directory."""
    base = os.environ.get("XDG_RUNTIME_DIR") or os.path.join(Path.home(), ".cache")
    return Path(base) / "archmem" / f"serve-{port}.token"


def check_host(host: str) -> str | None:
    """Why `host` may not be bound (None: a loopback address). There is no flag to expose the server."""
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return f"--tcp binds loopback only (127.0.0.1, ::1 or localhost), not {host!r}"


def load_token(path: Path) -> str:
    """The token: `ARCHMEM_TOKEN`, else the file's first line, else a new one written to the file (0600)."""
    given = os.environ.get(TOKEN_ENV, "").strip()
    if given:
        return given
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
    token = secrets.token_urlsafe(24)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token + "\n")
    print(f"archmem serve: the TCP token is in {path}", file=sys.stderr)
    return token


class Gate:
    """Admits a connection's messages once its first one is `initialize` with the right token."""

    def __init__(self, token: str) -> None:
        self._token = token.encode("utf-8")
        self._open = False

    def admits(self, body: bytes | bytearray) -> bool:
        if self._open:
            return True
        self._open = hmac.compare_digest(_token_of(body).encode("utf-8"), self._token)
        return self._open


def _token_of(body: bytes | bytearray) -> str:
    try:
        message: Any = json.loads(body)
    except (ValueError, RecursionError):
        return ""
    if not isinstance(message, dict) or message.get("method") != "initialize":
        return ""
    params = message.get("params")
    options = params.get("initializationOptions") if isinstance(params, dict) else None
    token = options.get("token") if isinstance(options, dict) else None
    return token if isinstance(token, str) else ""


def serve_tcp(server: ArchmemServer, host: str, port: int, token: str) -> None:
    """Serve one client at a time on host:port until a client says exit."""
    stop = server.new_stop_event()
    busy = asyncio.Lock()

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if busy.locked():
            log.warning("refused a second TCP client while one is connected")
            writer.close()
            return
        async with busy:
            server.protocol.set_writer(writer)
            try:
                await server.serve_stream(reader, Gate(token))
            finally:
                writer.close()
            if stop.is_set():
                for listener in listening:
                    listener.close()

    async def main() -> None:
        listener = await asyncio.start_server(connection, host, port, limit=framing.MAX_HEADER_LINE)
        listening.append(listener)
        log.info("serving on %s:%s", host, port)
        # For the user who started it by hand (and for scripts waiting for the port): it is ready.
        print(f"archmem serve: listening on {host}:{port}", file=sys.stderr, flush=True)
        async with listener:
            with contextlib.suppress(asyncio.CancelledError):
                await listener.serve_forever()

    listening: list[asyncio.Server] = []  # for a connection to close when the editor says exit
    asyncio.run(main())
