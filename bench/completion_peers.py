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

Run alone, it is the peers-only mode: a few stdlib files copied to a root of their own (on the whole
stdlib root the peers take seconds a request), the hidden identifiers bench/completion.py picks in them,
archmem's engine and the peers asked at the same spots; top-1 and top-5 for each, and every spot a peer
finds in its top 5 and archmem does not (the name, where archmem ranked it, what archmem offered first).

    python -m bench.completion_peers [--files _pydecimal.py inspect.py] [--positions 10] [--seed 0]
        [--no-peers]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
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
    firsts: list[bool] = field(default_factory=list)
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
        shown = top_five(result, s.typed)
        run.hits.append(s.name in shown)
        run.firsts.append(shown[:1] == [s.name])
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


def _share(flags: list[bool]) -> str:
    return f"{sum(flags) / len(flags):.2f}" if flags else "nan"


def main(argv: Sequence[str] | None = None) -> int:
    from archmem.indexer.workspace import Memory

    from bench import completion

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--files", nargs="+", default=["_pydecimal.py", "inspect.py"], help="stdlib paths")
    p.add_argument("--positions", type=int, default=10, help="hidden identifiers per file")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-peers", action="store_true", help="archmem alone, with its misses")
    args = p.parse_args(argv)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    with tempfile.TemporaryDirectory(prefix="completion-peers-") as tmp:
        root = Path(tmp)
        for path in args.files:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stdlib / path, root / path)
        memory = Memory(root, persist=False)
        memory.index_all()
        run = completion.Run()
        for path in args.files:
            completion.measure_names(memory, path, args, run)
        memory.close()
        found = {} if args.no_peers else {peer: ask_peer(peer, root, run.name_spots) for peer in PEERS}
    firsts = [rank == 0 for rank in run.names_rank]
    cpu = run.names_cpu_ms
    lines = [
        f"archmem: top-1 {_share(firsts)}, top-5 {_share(run.names_hit)} over {len(firsts)}; CPU time p50 "
        f"{completion.pct(cpu, 0.5):.2f} ms, p95 {completion.pct(cpu, 0.95):.2f} ms"
    ]
    for peer, peer_run in found.items():
        lines.append(
            f"{peer}: not installed (pip install -e '.[bench]')"
            if peer_run is None
            else f"{peer}: top-1 {_share(peer_run.firsts)}, top-5 {_share(peer_run.hits)} over "
            f"{len(peer_run.hits)}" + (f", {peer_run.failed} failed" if peer_run.failed else "")
        )
    for i, s in enumerate(run.name_spots):
        if run.names_hit[i]:
            continue
        by = [peer for peer, r in found.items() if r is not None and i < len(r.hits) and r.hits[i]]
        lines.append(
            f"  archmem missed {s.name!r} ({s.path}:{s.line + 1}, typed {s.typed!r}): rank "
            f"{run.names_rank[i]}, offered {run.names_top[i]}; in the top 5 of {by or 'no peer'}"
        )
    print("\n".join(lines))
    peers = "".join(
        f", {peer} {_share(r.firsts)} / {_share(r.hits)}" for peer, r in found.items() if r is not None
    )
    print(
        f"SUMMARY completion peers: top-1 / top-5 over {len(firsts)} hidden identifiers (seed {args.seed}): "
        f"archmem {_share(firsts)} / {_share(run.names_hit)}{peers}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
