"""The pygls language server and protocol as archmem needs them.

Differences from pygls' defaults, each for a reason:
- UTF-8 positions are chosen whenever the client offers them (the memory counts bytes), UTF-16 otherwise.
- Open documents live in the memory only: pygls' own copy of every buffer would apply each edit a second time.
- A request whose parameters do not fit the protocol gets an InvalidParams error response, and a message that
  is not JSON a ParseError response (id null), where pygls would log the problem and leave the client waiting.
- Errors inside requests are answered to the request, not also shown in a pop-up; stderr stays quiet.
- Every incoming message tells the `Collector` the editor is not quiet (full garbage collections wait).
- Over a pipe (how editors start servers) stdin is read on the event loop itself: pygls reads each header
  line and each body through a thread, three hops to a thread and back for every message.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import stat
import sys
import threading
from collections.abc import Generator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs
from archmem.server.lsp.collector import Collector
from archmem.server.lsp.convert import Encoded, Wire, encode
from archmem.server.lsp.session import Session
from cattrs import Converter
from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import _prepare_command_arguments, lsp_method

if TYPE_CHECKING:
    from pygls.server import ServerErrors

log = logging.getLogger(__name__)

# The `workDoneToken` of the command being executed, for its progress (commands get only their arguments).
command_token: ContextVar[int | str | None] = ContextVar("command_token", default=None)

NAME = "archmem"
VERSION = "0.1.0"


@attrs.define
class _Unreadable:
    """A request that could not be read into its parameter type; it is answered with `error`."""

    id: int | str
    error: JsonRpcException


class ArchmemProtocol(LanguageServerProtocol):
    """pygls' protocol with archmem's position-encoding choice, document ownership and error answers."""

    def __init__(self, server: LanguageServer, converter: Converter) -> None:
        super().__init__(server, converter)
        self._writes: set[asyncio.Future[Any]] = set()

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Generator[Any, Any, types.InitializeResult]:
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            offered = list(general.position_encodings)
            # pygls takes the client's first choice; the memory is cheapest in UTF-8 whatever the order.
            if types.PositionEncodingKind.Utf8 in offered:
                general.position_encodings = [types.PositionEncodingKind.Utf8]
            elif types.PositionEncodingKind.Utf16 in offered:
                general.position_encodings = [types.PositionEncodingKind.Utf16]
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        return result

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)

    @lsp_method(types.WORKSPACE_EXECUTE_COMMAND)
    async def lsp_workspace__execute_command(  # type: ignore[override]
        self, params: types.ExecuteCommandParams
    ) -> Any:
        # A coroutine, not pygls' generator: then the request's own task runs the command, and
        # `$/cancelRequest` cancels it (pygls would cancel only the generator and let the command run on).
        handler = self.fm.commands.get(params.command)
        if handler is None:
            raise JsonRpcInvalidParams(f"Command name {params.command!r} is not defined")
        try:
            args, kwargs = _prepare_command_arguments(handler, params, self._converter)
        except Exception as exc:
            raise JsonRpcInvalidParams(str(exc)) from exc
        command_token.set(params.work_done_token)
        result = handler(*args, **kwargs)
        return await result if inspect.isawaitable(result) else result

    def _user(self, method: str, params: object) -> Generator[Any, Any, None]:
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            request_id = data.get("id")
            if "method" in data and isinstance(request_id, int | str) and not isinstance(request_id, bool):
                method = data.get("method")
                log.warning("unreadable parameters for request %r (%s)", request_id, method)
                error = JsonRpcInvalidParams(f"invalid parameters for {method}: {_cause(exc)}")
                return _Unreadable(request_id, error)
            raise

    def _send_response(
        self, msg_id: Any, result: Any | None = None, error: types.ResponseError | None = None
    ) -> None:
        if error is None and isinstance(result, Wire | Encoded):
            # Already JSON: skip the converter, which costs ten times the answer's own building.
            self._result_types.pop(msg_id, None)
            text = result if isinstance(result, Encoded) else encode(result)
            self._send_text(f'{{"jsonrpc": "2.0", "id": {json.dumps(msg_id)}, "result": {text}}}')
            return
        super()._send_response(msg_id, result, error)

    def _send_text(self, body: str) -> None:
        """pygls' `_send_data` for a message already serialized (ASCII JSON: its length is its size)."""
        if self.writer is None:
            log.error("cannot send a response: no transport")
            return
        header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        try:
            written = self.writer.write(
                (header + body if self._include_headers else body).encode(self.CHARSET)
            )
            if inspect.isawaitable(written):
                # Over TCP the write is a coroutine: kept until done, as a task nobody holds can vanish.
                pending = asyncio.ensure_future(written)
                self._writes.add(pending)
                pending.add_done_callback(self._writes.discard)
        except BrokenPipeError:
            log.exception("cannot send a response: the pipe is closed")
            raise
        except Exception as error:
            log.exception("cannot send a response")
            self._server._report_server_error(error, JsonRpcInternalError)

    def handle_message(self, message: Any) -> None:
        server = self._server
        if isinstance(server, ArchmemServer):
            server.collector.touch()
        if isinstance(message, _Unreadable):
            self._send_response(message.id, error=message.error.to_response_error())
            return
        if isinstance(message, dict):
            # JSON, but not JSON-RPC 2.0 (no "jsonrpc" member): answer it if it is a request, else drop it.
            request_id = message.get("id")
            if isinstance(request_id, int | str) and not isinstance(request_id, bool):
                error = types.ResponseError(
                    code=types.ErrorCodes.InvalidRequest,
                    message='Invalid request: "jsonrpc": "2.0" is missing',
                )
                self._send_data(types.ResponseErrorMessage(id=request_id, error=error))
            else:
                log.warning("ignoring a message that is not JSON-RPC 2.0")
            return
        super().handle_message(message)


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__
    text = str(cause) if cause is not None else str(exc)
    return text.splitlines()[0][:300] if text else type(exc).__name__


class ArchmemServer(LanguageServer):
    """The archmem language server: pygls plus the session that holds the memories."""

    def __init__(self) -> None:
        super().__init__(NAME, VERSION, protocol_cls=ArchmemProtocol)
        self.session = Session()
        self.collector = Collector()

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        source = stdin or sys.stdin.buffer
        if not _is_stream(source):
            super().start_io(stdin, stdout)  # a regular file: pygls' own reader
            return
        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(
                run_async(
                    stop_event=self._stop_event,
                    reader=PipeReader(source),
                    protocol=self.protocol,
                    logger=log,
                    error_handler=self.report_server_error,
                )
            )
        except BrokenPipeError:
            log.error("the connection to the editor is lost; stopping")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        if isinstance(error, json.JSONDecodeError):
            # JSON-RPC's answer to a message that is not JSON: a ParseError whose id is null.
            log.warning("malformed message from the client: %s", error)
            # A plain dict: the converter would drop the null id, which JSON-RPC requires here.
            response = {
                "jsonrpc": "2.0",
                "id": None,
                "error": {"code": types.ErrorCodes.ParseError.value, "message": f"Parse error: {error}"},
            }
            self.protocol._send_data(response)
            return
        if source is FeatureRequestError:
            return  # already answered to the request that failed
        log.error("%s", error)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"archmem: internal error: {error}")
        )


def _is_stream(source: BinaryIO) -> bool:
    """A pipe, socket or terminal, which the event loop can watch (a regular file it cannot)."""
    try:
        mode = os.fstat(source.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode)


class PipeReader:
    """pygls' reader interface (`readline`, `readexactly`) over stdin, read by the event loop."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self._stream: asyncio.StreamReader | None = None

    async def _reader(self) -> asyncio.StreamReader:
        if self._stream is None:
            loop = asyncio.get_running_loop()
            # The limit bounds one header line only (bodies are read by length).
            stream = asyncio.StreamReader(limit=1 << 26)
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream), self._source)
            self._stream = stream
        return self._stream

    async def readline(self) -> bytes:
        return await (await self._reader()).readline()

    async def readexactly(self, n: int) -> bytes:
        try:
            return await (await self._reader()).readexactly(n)
        except asyncio.IncompleteReadError as err:
            return err.partial  # the editor went away mid-message: pygls sees a short body and stops
