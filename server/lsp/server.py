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
import contextlib
import fcntl
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
from archmem.server.lsp import coalesce, framing
from archmem.server.lsp.collector import Collector
from archmem.server.lsp.convert import Encoded, Wire, encode
from archmem.server.lsp.session import Session
from cattrs import Converter
from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import _prepare_command_arguments, lsp_method

if TYPE_CHECKING:
    from archmem.server.lsp.tcp import Gate
    from pygls.server import ServerErrors

log = logging.getLogger(__name__)

# The `workDoneToken` of the command being executed, for its progress (commands get only their arguments).
command_token: ContextVar[int | str | None] = ContextVar("command_token", default=None)

# The editor's pipe's size asked for: 1 MiB is what Linux lets any process ask (/proc/sys/fs/pipe-max-size).
_PIPE_BYTES = 1 << 20
# What `_decode` returns for a body that is not JSON (answered already): None is valid JSON.
_NOT_JSON = object()

NAME = "archmem"
VERSION = "0.1.0"


@attrs.define
class _Unreadable:
    """A message that could not be read: a request is answered with `error` (id null when its id is bad), a
    notification (`error` None) is logged and dropped, never shown to the user."""

    id: int | str | None
    error: JsonRpcException | None


def _valid_id(value: object) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


def _invalid(data: dict[str, Any]) -> str | None:
    """Why a JSON-RPC message breaks the envelope's rules (None: it does not)."""
    if data.get("jsonrpc") != "2.0":
        return 'Invalid request: "jsonrpc" must be "2.0"'
    if "id" in data and not _valid_id(data["id"]):
        return "Invalid request: an id must be an integer or a string"
    if "method" in data and not isinstance(data["method"], str):
        return "Invalid request: a method must be a string"
    if "id" in data and data.get("method") in _NOTIFICATION_METHODS:
        # pygls would run the notification's handler and never answer: the client would wait forever.
        return f"Invalid request: {data['method']} is a notification and takes no id"
    return None


# LSP methods that are notifications (no response type), except `exit`, which always ends the server.
_NOTIFICATION_METHODS = frozenset(
    method for method, kinds in types.METHOD_TO_TYPES.items() if kinds[1] is None and method != types.EXIT
)


# Fields cattrs would quietly convert ("3" or 2.5 into a line number, 5 into a URI): refused instead, so a
# client's type error is an InvalidParams answer rather than an answer about the wrong place.
_STRICT_FIELDS: dict[type, dict[str, type | tuple[type, ...]]] = {
    types.Position: {"line": int, "character": int},
    types.TextDocumentIdentifier: {"uri": str},
    types.VersionedTextDocumentIdentifier: {"uri": str, "version": int},
    types.OptionalVersionedTextDocumentIdentifier: {"uri": str},
    types.TextDocumentItem: {"uri": str, "version": int, "text": str, "languageId": str},
}


def _strict(converter: Converter) -> None:
    """Make the converter refuse values of the wrong JSON type in `_STRICT_FIELDS` (bool counts as no int)."""
    for cls, fields in _STRICT_FIELDS.items():
        loose = converter.get_structure_hook(cls)

        def strict(
            value: Any, kind: type, loose: Any = loose, fields: dict[str, type | tuple[type, ...]] = fields
        ) -> Any:
            if isinstance(value, dict):
                for name, wanted in fields.items():
                    got = value.get(name)
                    if name in value and (not isinstance(got, wanted) or isinstance(got, bool)):
                        raise TypeError(
                            f"{name} must be {getattr(wanted, '__name__', wanted)}, not {got!r:.40}"
                        )
            return loose(value, kind)

        converter.register_structure_hook(cls, strict)


class ArchmemProtocol(LanguageServerProtocol):
    """pygls' protocol with archmem's position-encoding choice, document ownership and error answers."""

    def __init__(self, server: LanguageServer, converter: Converter) -> None:
        _strict(converter)
        super().__init__(server, converter)
        self._writes: set[asyncio.Future[Any]] = set()
        self._initialize_seen = False

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
        if "jsonrpc" in data:  # a message, not an object inside one
            problem = _invalid(data)
            if problem is not None:
                log.warning("%s", problem)
                request_id = data["id"] if _valid_id(data.get("id")) else None
                return _Unreadable(
                    request_id, JsonRpcException(problem, code=types.ErrorCodes.InvalidRequest)
                )
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            request_id = data.get("id")
            method = data.get("method")
            if method is None:
                raise  # a response to a request of ours: pygls logs it
            if "id" not in data:
                log.warning("ignoring a %s notification with unreadable parameters: %s", method, _cause(exc))
                return _Unreadable(None, None)
            log.warning("unreadable parameters for request %r (%s)", request_id, method)
            return _Unreadable(
                request_id, JsonRpcInvalidParams(f"invalid parameters for {method}: {_cause(exc)}")
            )

    def _send_response(
        self, msg_id: Any, result: Any | None = None, error: types.ResponseError | None = None
    ) -> None:
        log.debug("answering %s%s", msg_id, " with an error" if error is not None else "")
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
            if message.error is not None:
                self._refuse(message.id, message.error.to_response_error())
            return
        if isinstance(message, list):
            log.warning("refusing a batch of %d messages", len(message))
            self._refuse(
                None, _error(types.ErrorCodes.InvalidRequest, "Invalid request: batches are not supported")
            )
            return
        if not isinstance(message, dict) and self._out_of_turn(message):
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
        if log.isEnabledFor(logging.DEBUG):
            log.debug("received %s %s", getattr(message, "method", "response"), getattr(message, "id", ""))
        super().handle_message(message)

    def _out_of_turn(self, message: Any) -> bool:
        """Refuse (True) a message the lifecycle does not allow now: before `initialize`, a second
        `initialize`, anything but `exit` after `shutdown` (requests get an error, notifications are dropped)."""
        method = getattr(message, "method", None)
        if method is None or method == types.EXIT:
            return False  # a response to a request of ours, or exit (always allowed)
        request_id = getattr(message, "id", None)
        refusal: types.ResponseError | None = None
        if self._shutdown:
            refusal = _error(types.ErrorCodes.InvalidRequest, "Invalid request: the server is shutting down")
        elif method == types.INITIALIZE:
            if not self._initialize_seen:
                self._initialize_seen = True
                return False
            refusal = _error(
                types.ErrorCodes.InvalidRequest, "Invalid request: the server is already initialized"
            )
        elif not self._initialize_seen:
            refusal = _error(types.ErrorCodes.ServerNotInitialized, "Server not initialized")
        if refusal is None:
            return False
        log.warning("refused %s: %s", method, refusal.message)
        if request_id is not None:
            self._refuse(request_id, refusal)
        return True

    def _refuse(self, request_id: int | str | None, error: types.ResponseError) -> None:
        if request_id is None:
            # A plain dict: the converter would drop the null id, which JSON-RPC requires here.
            body = {"code": error.code, "message": error.message}
            self._send_data({"jsonrpc": "2.0", "id": None, "error": body})
        else:
            self._send_response(request_id, error=error)


def _error(code: types.ErrorCodes, message: str) -> types.ResponseError:
    return types.ResponseError(code=code, message=message)


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__
    text = str(cause) if cause is not None else str(exc)
    return text.splitlines()[0][:300] if text else type(exc).__name__


# The pygls internals archmem reaches into, used only in this module (the rest of the adapter goes through
# `ArchmemServer.converter`, `.shut_down` and `.new_stop_event`). tests/lsp/test_pygls_surface.py fails when
# a pygls release renames or removes one of them: (where, name, what it is).
PYGLS_INTERNALS: tuple[tuple[str, str, str], ...] = (
    ("pygls.protocol.json_rpc.JsonRPCProtocol", "_converter", "the cattrs converter of LSP types"),
    ("pygls.protocol.json_rpc.JsonRPCProtocol", "_shutdown", "set once `shutdown` was answered"),
    ("pygls.protocol.json_rpc.JsonRPCProtocol", "_result_types", "the answer type of each pending request"),
    ("pygls.protocol.json_rpc.JsonRPCProtocol", "_include_headers", "whether a message gets its headers"),
    ("pygls.protocol.json_rpc.JsonRPCProtocol", "_server", "the server the protocol belongs to"),
    ("pygls.protocol.json_rpc.JsonRPCProtocol", "_send_data(data)", "serialize and write one message"),
    ("pygls.protocol.json_rpc.JsonRPCProtocol", "_send_response(msg_id, result, error)", "answer a request"),
    ("pygls.server.JsonRPCServer", "_stop_event", "set to stop reading"),
    ("pygls.server.JsonRPCServer", "_report_server_error(error, source)", "report without re-raising"),
    (
        "pygls.protocol.language_server",
        "_prepare_command_arguments(handler, params, converter)",
        "structure a command's arguments",
    ),
)


class ArchmemServer(LanguageServer):
    """The archmem language server: pygls plus the session that holds the memories."""

    def __init__(self) -> None:
        super().__init__(NAME, VERSION, protocol_cls=ArchmemProtocol)
        self.session = Session()
        self.collector = Collector()

    @property
    def converter(self) -> Converter:
        """The converter between lsprotocol values and JSON the protocol uses (pygls keeps it private)."""
        converter: Converter = self.protocol._converter
        return converter

    @property
    def shut_down(self) -> bool:
        """Whether the editor asked for `shutdown` (LSP: the exit code is 0 only then)."""
        return bool(self.protocol._shutdown)

    def new_stop_event(self) -> threading.Event:
        """A fresh event that stops the server's reading when set (by `exit`), for a new transport."""
        self._stop_event = threading.Event()
        return self._stop_event

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        self.new_stop_event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(self._serve_stdin(stdin or sys.stdin.buffer))
        except BrokenPipeError:
            log.error("the connection to the editor is lost; stopping")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    async def _serve_stdin(self, source: BinaryIO) -> None:
        stream = framing.reader_for()
        loop = asyncio.get_running_loop()
        if _is_pollable(source):
            _widen_pipe(source)
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream), source)
        else:
            # A regular file or /dev/null, which the event loop cannot watch: a thread feeds the stream.
            threading.Thread(target=_feed, args=(source, stream, loop), daemon=True).start()
        await self.serve_stream(stream, in_order=not _is_pollable(source))
        log.info("end of input: stopping")

    async def serve_stream(
        self, stream: asyncio.StreamReader, gate: Gate | None = None, in_order: bool = False
    ) -> None:
        """Read and handle messages until end of input, a stop, or (with a `gate`) a refused connection.

        `in_order`: each message is handled to the end before the next is read. For a script on stdin (a
        file, which is read to its end at once): else `exit` would come before the answers it follows.
        didChanges to one document sent back to back are dispatched as one (`coalesce`): held while more
        input is at hand, and dispatched before any other message or once the reader waits for input.
        """
        run = coalesce.Run()
        loop = asyncio.get_running_loop()
        async for item in framing.messages(stream, strict=gate is not None):
            if self._stop_event is not None and self._stop_event.is_set():
                return
            if isinstance(item, framing.Refused):
                await self._deliver(run.take(), in_order)
                log.warning("refused input from the client: %s", item.reason)
                if item.recoverable:
                    code = (
                        types.ErrorCodes.InvalidRequest
                        if "limit" in item.reason
                        else types.ErrorCodes.ParseError
                    )
                    self._answer_null(code, f"Refused: {item.reason}")
                continue
            if gate is not None and not gate.admits(item):
                log.warning("closing a TCP connection whose first message does not carry the token")
                return
            message = self._decode(item)
            uri = coalesce.change_target(message)
            if uri is None or not run.joins(uri):
                await self._deliver(run.take(), in_order)
            if uri is None:
                if message is not _NOT_JSON:
                    await self._deliver([message], in_order)
                continue
            if not run.messages and not in_order:
                # Runs once this reader waits for input: the changes already buffered join the run first.
                loop.call_soon(self._dispatch_run, run)
            run.add(uri, message)
        await self._deliver(run.take(), in_order)

    async def _deliver(self, messages: list[Any], in_order: bool) -> None:
        """Dispatch `messages` (`_dispatch_messages`); `in_order`: and wait for the work they started."""
        if not messages:
            return
        before = asyncio.all_tasks() if in_order else set()
        self._dispatch_messages(messages)
        if in_order:
            await asyncio.gather(*(asyncio.all_tasks() - before), return_exceptions=True)

    def _dispatch_run(self, run: coalesce.Run) -> None:
        self._dispatch_messages(run.take())

    def _dispatch_messages(self, messages: list[Any]) -> None:
        """One message, or a run of didChanges to one document as one message (one by one when the protocol
        refuses the merged one)."""
        if len(messages) <= 1:
            for message in messages:
                self._dispatch(message)
            return
        protocol = self.protocol
        assert isinstance(protocol, ArchmemProtocol)
        try:
            structured = protocol.structure_message(coalesce.merged(messages))
        except Exception:
            structured = None  # each message is tried on its own below, where its error is reported
        if isinstance(structured, types.DidChangeTextDocumentNotification):
            self._handle(structured)
            return
        for message in messages:
            self._dispatch(message)

    def _decode(self, body: bytes | bytearray) -> Any:
        """The JSON in a message body; `_NOT_JSON` (already answered) when it is not JSON."""
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            self.report_server_error(exc, JsonRpcException)
            return _NOT_JSON

    def _dispatch(self, data: Any) -> None:
        try:
            # Only the message itself is structured: the objects inside it are the converter's business.
            message = self.protocol.structure_message(data) if isinstance(data, dict) else data
        except Exception as exc:
            self.report_server_error(exc, JsonRpcException)
            return
        self._handle(message)

    def _handle(self, message: Any) -> None:
        try:
            self.protocol.handle_message(message)
        except Exception as exc:
            self.report_server_error(exc, JsonRpcException)

    def _answer_null(self, code: types.ErrorCodes, message: str) -> None:
        protocol = self.protocol
        assert isinstance(protocol, ArchmemProtocol)
        protocol._refuse(None, _error(code, message))

    def report_server_error(self, error: Exception, source: ServerErrors) -> None:
        if isinstance(error, json.JSONDecodeError | UnicodeDecodeError):
            # JSON-RPC's answer to a message that is not JSON (or not UTF-8): a ParseError whose id is null.
            log.warning("malformed message from the client: %s", error)
            self._answer_null(types.ErrorCodes.ParseError, f"Parse error: {_first_line(str(error))}")
            return
        if source is FeatureRequestError:
            return  # already answered to the request that failed
        if source is JsonRpcException:
            # A message that could not be handled: the client's problem, logged (never a pop-up).
            log.warning("cannot handle a message: %s", _first_line(str(error)))
            return
        log.error("%s", error)
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"archmem: internal error: {error}")
        )


def _first_line(text: str) -> str:
    return text.splitlines()[0][:300] if text else ""


def _is_pollable(source: BinaryIO) -> bool:
    """A pipe or socket, which the event loop can watch (a regular file or /dev/null it cannot)."""
    try:
        mode = os.fstat(source.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _widen_pipe(source: BinaryIO) -> None:
    """Let the editor's pipe hold `_PIPE_BYTES` (Linux): a 50 MB buffer then crosses in 256 KB reads (the event
    loop's size) rather than 64 KB ones, a quarter of the wake-ups of both processes."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is None:
        return
    try:
        fcntl.fcntl(source.fileno(), set_size, _PIPE_BYTES)
    except OSError as err:  # over the system's limit for pipes, or not a pipe: the default size works too
        log.debug("pipe size left as it is: %s", err)


def _feed(source: BinaryIO, stream: asyncio.StreamReader, loop: asyncio.AbstractEventLoop) -> None:
    """Copy `source` into `stream` from a thread, then mark its end (which ends the server)."""
    read = getattr(source, "read1", source.read)
    try:
        while chunk := read(1 << 16):
            loop.call_soon_threadsafe(stream.feed_data, chunk)
    except (OSError, ValueError):
        log.exception("cannot read from the editor")
    finally:
        with contextlib.suppress(RuntimeError):  # the loop already closed: nobody is reading any more
            loop.call_soon_threadsafe(stream.feed_eof)
