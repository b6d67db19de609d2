"""Offline name completion's peers: jedi-language-server and basedpyright asked over stdio at the hidden
identifiers bench/completion.py asks archmem about (same positions, same run).

Each peer is started on the corpus's root (`bench.used_by.Lsp`, a small synchronous client), a file is
opened whole and asked once before any measured request (as archmem's memory is warm), then every hidden
identifier is sent as the document's full new text (`didChange`) followed by `textDocument/completion` at
the cursor. The time is from sending the change to the completion's answer, so it holds the peer's work on
the change and the stdio round trip (archmem's in-process figure holds neither: bench/completion.py shows
it with and without applying the edit). The top 5 are taken as an editor shows them: the items whose
filter text starts with the typed characters (any case), ordered by sortText (else label), first five.
A peer that is not installed (`pip install -e '.[bench]'`) is reported missing, not faked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.used_by import Lsp

PEERS: dict[str, list[str]] = {
    "jedi-language-server": ["jedi-language-server"],
    "basedpyright": ["basedpyright-langserver", "--stdio"],
}
_NAME = re.compile(r"[A-Za-z_$][\w$]*")


@dataclass(frozen=True)
class Spot:
    """A hidden identifier: the document with only its first characters typed, the cursor, the name."""

    path: str
    shown: bytes
    line: int
    character: int  # UTF-16
    typed: str
    name: str


@dataclass
class PeerRun:
    ms: list[float] = field(default_factory=list)
    hits: list[bool] = field(default_factory=list)
    failed: int = 0


def spot(path: str, shown: bytes, cursor: int, typed: str, name: str) -> Spot:
    line_start = shown.rfind(b"\n", 0, cursor) + 1
    head = shown[line_start:cursor].decode("utf-8", "replace")
    return Spot(path, shown, shown.count(b"\n", 0, cursor), len(head.encode("utf-16-le")) // 2, typed, name)


def command(peer: str) -> list[str] | None:
    """The peer's command line, from the environment's scripts (the bench extras), or None if missing."""
    program, *rest = PEERS[peer]
    found = Path(sys.executable).with_name(program)
    path = str(found) if found.exists() else shutil.which(program)
    return None if path is None else [path, *rest]


def top_five(result: Any, typed: str) -> list[str]:
    items = result.get("items", []) if isinstance(result, dict) else result or []
    kept = [i for i in items if str(i.get("filterText") or i["label"]).lower().startswith(typed.lower())]
    kept.sort(key=lambda i: str(i.get("sortText") or i["label"]))
    names = [_NAME.match(str(i.get("filterText") or i["label"])) for i in kept[:5]]
    return [m.group(0) for m in names if m is not None]


def _ask_file(server: Lsp, root: Path, here: list[Spot], version: int, run: PeerRun) -> int:
    """Open the file (asked once, unmeasured), then each spot as a full-text change and a completion."""
    uri = (root / here[0].path).as_uri()
    version += 1
    document = {"uri": uri, "languageId": "python", "version": version, "text": here[0].shown.decode()}
    server.notify("textDocument/didOpen", {"textDocument": document})
    first = {"line": here[0].line, "character": here[0].character}
    server.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": first})
    for s in here:
        version += 1
        started = time.perf_counter()
        changes = [{"text": s.shown.decode()}]
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes},
        )
        position = {"line": s.line, "character": s.character}
        result = server.request(
            "textDocument/completion", {"textDocument": {"uri": uri}, "position": position}
        )
        run.ms.append((time.perf_counter() - started) * 1000)
        run.hits.append(s.name in top_five(result, s.typed))
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return version


def ask_peer(peer: str, root: Path, spots: list[Spot]) -> PeerRun | None:
    argv = command(peer)
    if argv is None:
        return None
    run = PeerRun()
    server = Lsp(argv, root)
    try:
        version = 0
        for path in dict.fromkeys(s.path for s in spots):
            here = [s for s in spots if s.path == path]
            try:
                version = _ask_file(server, root, here, version, run)
            except (OSError, ValueError):
                # The peer died (a closed pipe, an empty read): what is left of its sample failed.
                run.failed += len(spots) - len(run.hits)
                break
    finally:
        try:
            server.close()
        except (ValueError, OSError, subprocess.TimeoutExpired):
            server.proc.kill()  # it died or hung on the way out: its answers so far stand
    return run
