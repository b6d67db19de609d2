"""The LSP base protocol's framing, read defensively: bounded headers and bodies, recovery after bad framing.

pygls' loop reads a header block it cannot parse as "no message yet" and then treats every later header as
part of a body it will never read: one bad byte and the server answers nothing ever again. Here a bad header
block is reported and skipped, reading resumes at the next `Content-Length` line (also when it follows a body
sent without a header, on the same line), a body over `MAX_MESSAGE_BYTES` is read away in chunks and refused
without ever being held, and end of input ends the loop.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

# The largest message read: a 50 MB buffer is still an editor's (refused by the memory, kept for sync), and
# a message this size costs the server about eight times its size while parsed, well under 1 GB.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# One header line; real ones are under 100 bytes. Longer garbage is dropped as it arrives, never buffered.
MAX_HEADER_LINE = 8 * 1024
_CHUNK = 1 << 20

_CONTENT_LENGTH = re.compile(rb"content-length:[ \t]*(\d{1,12})[ \t]*", re.IGNORECASE)
_HEADER = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[^\r\n]*")
_MARKER = b"content-length:"


@dataclass(frozen=True)
class Refused:
    """A message not read: why, and whether the connection can go on (False: stop reading)."""

    reason: str
    recoverable: bool = True


def reader_for(limit: int = MAX_HEADER_LINE) -> asyncio.StreamReader:
    """A stream whose line limit bounds what one header line can make the server hold."""
    return asyncio.StreamReader(limit=limit)


async def messages(
    stream: asyncio.StreamReader, strict: bool = False
) -> AsyncIterator[bytes | bytearray | Refused]:
    """Each message body in turn, or a `Refused` for each bad header block or oversized body.

    `strict` (TCP): the first problem ends the connection, since whoever sends non-LSP bytes to a socket is
    not an editor (an HTTP request line, for one).
    """
    headers = _Headers(stream)
    while True:
        outcome = await headers.block()
        if outcome is None:
            return
        if isinstance(outcome, Refused):
            yield Refused(outcome.reason, recoverable=not strict)
            if strict:
                return
            continue
        if outcome > MAX_MESSAGE_BYTES:
            reason = f"a message of {outcome} bytes is over the {MAX_MESSAGE_BYTES} byte limit"
            yield Refused(reason, recoverable=not strict)
            if strict or not await _skip(stream, outcome):
                return
            continue
        body = await _body(stream, outcome)
        if body:
            yield body
        if len(body) < outcome:
            return  # the editor went away mid-message: what came is answered as what it is (not JSON)


class _Headers:
    """Header blocks read line by line, with the one line that starts the next block kept back."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self._stream = stream
        self._kept: bytes | None = None

    async def block(self) -> int | Refused | None:
        """The Content-Length of the next header block; a `Refused` for a bad block; None at end of input."""
        length: int | None = None
        problem: str | None = None
        headers = 0
        while True:
            line = await self._line()
            if line is None:
                return None
            if isinstance(line, Refused):
                problem = problem or line.reason
                continue
            if not line:
                if length is not None and problem is None:
                    return length
                if problem is None and headers == 0:
                    continue  # a stray blank line between messages
                return Refused(problem or "a header block without Content-Length")
            found = _CONTENT_LENGTH.fullmatch(line)
            if found is not None and problem is None and length is None:
                length = int(found.group(1))
                continue
            marker = line.lower().find(_MARKER)
            if marker >= 0 and (problem is not None or length is not None or marker > 0):
                # The next message's header after garbage (or after a body sent without a header, on the
                # same line): report what came before and read the new block from its first line.
                self._kept = line[marker:]
                return Refused(problem or "a body without a header")
            headers += 1
            if _HEADER.fullmatch(line) is None:
                problem = problem or f"not an LSP header line: {_show(line)}"

    async def _line(self) -> bytes | Refused | None:
        if self._kept is not None:
            line, self._kept = self._kept, None
            return line
        try:
            line = await self._stream.readline()
        except ValueError:
            # Longer than the limit: asyncio has already dropped what it held, so garbage never accumulates.
            return Refused(f"a header line longer than {MAX_HEADER_LINE} bytes")
        return line.rstrip(b"\r\n") if line else None


async def _body(stream: asyncio.StreamReader, length: int) -> bytes | bytearray:
    """The next `length` bytes (fewer when input ends first).

    A large body is copied chunk by chunk into a buffer made once at its size: `readexactly` would grow the
    stream's buffer to the body's size and copy it out twice, and each copy of 50 MB costs the kernel ~12,000
    fresh pages to hand over (as much system time as the JSON decoding takes in user time).
    """
    if length <= _CHUNK:
        try:
            return await stream.readexactly(length)
        except asyncio.IncompleteReadError as cut:
            return cut.partial
    body = bytearray(length)
    view = memoryview(body)
    done = 0
    while done < length:
        chunk = await stream.read(min(length - done, _CHUNK))
        if not chunk:
            return body[:done]
        view[done : done + len(chunk)] = chunk
        done += len(chunk)
    view.release()
    return body


async def _skip(stream: asyncio.StreamReader, length: int) -> bool:
    """Read `length` bytes away without holding them; False when input ended first."""
    left = length
    while left:
        chunk = await stream.read(min(left, _CHUNK))
        if not chunk:
            return False
        left -= len(chunk)
    return True


def _show(text: bytes) -> str:
    return repr(text[:60])[2:-1]
