"""`archmem context FILE:LINE[:COL]`: the packed context the memory would give a model there, as text with
its ledger or as JSON (the contract tests/context/test_pack.py holds)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from archmem.server.cli_usage import UsageError, open_memory, parse_location, resolve_location
from archmem.server.roots import root_for_file

if TYPE_CHECKING:
    from archmem.indexer.context import PackedContext


def cmd_context(args: argparse.Namespace) -> int:
    from archmem.indexer.context import Packer

    if args.budget < 64:
        raise UsageError(f"--budget {args.budget} is too small: give at least 64 tokens")
    parsed = [parse_location(p) for p in args.positions]
    root = root_for_file(args.root, parsed[0][0])
    for file, _match in parsed[1:]:
        root_for_file(str(root.path), file)
    memory = open_memory(args, root)
    try:
        memory.index_all(jobs=args.jobs)
        where = [resolve_location(memory, file, match) for file, match in parsed]
        packer = Packer(memory)
        for (_file, match), at in zip(parsed, where, strict=True):
            text = match.group(0)
            try:
                ctx = packer.pack(at.path, at.start[0], at.start[1], args.budget, args.mode)
            except PermissionError as err:
                raise UsageError(str(err)) from err
            if args.json:
                print(json.dumps(context_json(ctx, int(match["line"]), int(match["col"] or 1))))
            else:
                print(f"=== context for {text} ({ctx.mode}, {ctx.tokens}/{ctx.budget} tokens)")
                print(ctx.text)
                print("--- ledger")
                print(ctx.ledger())
    finally:
        memory.close()
    return 0


def context_json(ctx: PackedContext, line: int, column: int) -> dict[str, object]:
    return {
        "path": ctx.path,
        "line": line,
        "column": column,
        "mode": ctx.mode,
        "budget": ctx.budget,
        "tokens": ctx.tokens,
        "tokenizer": ctx.tokenizer,
        "text": ctx.text,
        "sections": [
            {
                "kind": s.kind,
                "path": s.path,
                "start_line": s.start_line,
                "end_line": s.end_line,
                "symbol": s.symbol_id,
                "detail": s.detail,
                "reason": s.reason,
            }
            for s in ctx.sections
        ],
        "left_out": list(ctx.left_out),
        "redactions": ctx.redactions,
        "elapsed_ms": round(ctx.elapsed_ms, 2),
    }
