"""Where the server's log goes: `window/logMessage` at the configured level, optionally a file, never stderr.

Editors show a server's stderr as errors, so nothing is written there unless the user asks for it
(`archmem serve --log-file -`). pygls logs every message it sends at INFO; forwarding that to the client
would send a log message about each log message, so pygls is heard from at WARNING and above only.
Records from other threads reach the client through the event loop. Every line is one line: control
characters in a message (line breaks, ANSI escapes), which may come from a setting's name or value or any
other input, are written escaped, so no input can forge a log line or drive the terminal that shows it.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import threading
from pathlib import Path

from archmem.server.config import LogLevel
from lsprotocol import types
from pygls.lsp.server import LanguageServer

LEVELS: dict[LogLevel, int] = {
    "error": logging.ERROR,
    "warning": logging.WARNING,
    "info": logging.INFO,
    "debug": logging.DEBUG,
}
_MESSAGE_TYPES = (
    (logging.ERROR, types.MessageType.Error),
    (logging.WARNING, types.MessageType.Warning),
    (logging.INFO, types.MessageType.Info),
)
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose INFO/DEBUG records describe the transport itself.
_CHATTY = ("pygls", "asyncio", "watchdog")
# C0 and C1 controls (tab excepted) and Unicode's line and paragraph separators.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with its control characters escaped (`\\n`, `\\x1b`): one line, no terminal escapes."""
    return _CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


class OneLineFormatter(logging.Formatter):
    """Formats a record's line escaped; a traceback, archmem's own text, follows on its lines as usual."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return one_line(super().formatMessage(record))


class ClientHandler(logging.Handler):
    """Sends log records to the editor as `window/logMessage` notifications."""

    def __init__(self, server: LanguageServer, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._server = server
        self._loop = loop
        self._sending = threading.local()
        self.setFormatter(_ClientFormatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self._sending, "active", False) or self._loop.is_closed():
            return
        try:
            message = self.format(record)
        except Exception:
            self.handleError(record)
            return
        kind = next((t for level, t in _MESSAGE_TYPES if record.levelno >= level), types.MessageType.Log)
        params = types.LogMessageParams(type=kind, message=message)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            self._send(params)
        else:
            self._loop.call_soon_threadsafe(self._send, params)

    def _send(self, params: types.LogMessageParams) -> None:
        self._sending.active = True
        try:
            self._server.window_log_message(params)
        except Exception:
            pass  # the client is gone; there is nowhere left to report to
        finally:
            self._sending.active = False


class _ClientFormatter(OneLineFormatter):
    """pygls' tracebacks describe a client's bad message: the exception's one line is enough in the editor."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name.startswith("pygls") and record.exc_info and record.exc_info[1] is not None:
            reason = record.exc_info[1]
            record = logging.makeLogRecord(
                {**record.__dict__, "msg": f"{record.getMessage()}: {reason}", "args": (), "exc_info": None}
            )
            record.exc_text = None
        return super().format(record)


class Logs:
    """The server's logging setup, re-applied whenever the settings change."""

    def __init__(self) -> None:
        self._client: ClientHandler | None = None
        self._file: logging.Handler | None = None
        self._file_target: str | None = None
        # `archmem serve --log-file`: kept when the settings name no log file of their own.
        self.command_line_file: str | None = None
        logging.captureWarnings(True)  # warnings go to the log, not to stderr

    def attach(self, server: LanguageServer, loop: asyncio.AbstractEventLoop, level: LogLevel) -> None:
        """Start forwarding to the client."""
        root = logging.getLogger()
        if self._client is not None:
            root.removeHandler(self._client)
        self._client = ClientHandler(server, loop)
        root.addHandler(self._client)
        self.configure(level, self._file_target)

    def configure(self, level: LogLevel, file: str | None) -> str | None:
        """Apply a level and a log file ("-" for stderr); returns why the file cannot be used, if so."""
        file = file or self.command_line_file
        root = logging.getLogger()
        numeric = LEVELS[level]
        root.setLevel(numeric)
        for name in _CHATTY:
            logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
        if self._client is not None:
            self._client.setLevel(numeric)
        problem = None
        if file != self._file_target:
            if self._file is not None:
                root.removeHandler(self._file)
                self._file.close()
                self._file = None
            self._file_target = None
            if file:
                try:
                    handler = _file_handler(file)
                except OSError as err:
                    problem = f"cannot write the log to {file}: {err.strerror or err}"
                else:
                    handler.setFormatter(OneLineFormatter(_FORMAT))
                    root.addHandler(handler)
                    self._file = handler
                    self._file_target = file
        if self._file is not None:
            self._file.setLevel(numeric)
        return problem

    def detach(self) -> None:
        root = logging.getLogger()
        for handler in (self._client, self._file):
            if handler is not None:
                root.removeHandler(handler)
                handler.close()
        self._client = self._file = None
        self._file_target = None


def _file_handler(target: str) -> logging.Handler:
    if target == "-":
        return logging.StreamHandler(sys.stderr)
    path = Path(target).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return logging.FileHandler(path, encoding="utf-8")


def quiet_stderr() -> None:
    """Keep Python's last-resort handler from printing warnings to stderr before logging is set up."""
    logging.getLogger().addHandler(logging.NullHandler())
