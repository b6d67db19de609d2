"""Generate mode in TypeScript (issue 15): the namespace members the body's header names by a path of three names
(`context/header_paths.py`): a body typed `Layer.Layer.Context<...>` is shown the namespace's `Context`, which the
header's definitions (the namespace `Layer.Layer`) do not reach."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_OPS = [f"op{i:02d}" for i in range(24)]
LAYER_TS = (
    "export interface Layer<A> {\n  readonly value: A\n}\n\n"
    "export declare namespace Layer {\n"
    "  export type Success<T> = T extends Layer<infer A> ? A : never\n"
    + "".join(f"  export type Part{i}<T> = T extends Layer<infer A> ? [A, {i}] : never\n" for i in range(40))
    + "  export type Context<T> = T extends Layer<infer A> ? A : never\n"
    "}\n\n" + "".join(f"export const {op} = (n: number): number => n\n\n" for op in _OPS)
)
USES = "".join(
    f"export const use{i} = (n: number): number => {{\n"
    + "".join(f"  Layer.{op}(n)\n" for op in _OPS[i : i + 4])
    + "  return n\n}\n\n"
    for i in range(0, 6, 2)
)
# Far from the body, the file's functions use its aids once each (named before the path, so ahead of it where both score the least).
FILLER = "".join(f"export const Aid{i} = (n: number): number => n * {i}\n\n" for i in range(30))
FAR = "".join(f"export const far{i} = (n: number): number => Aid{i}(n)\n\n" for i in range(30))
MERGE_TS = (
    'import * as Layer from "./Layer"\n\n'
    + FILLER
    + FAR
    + USES
    + "export const mergeAll = <Layers extends Array<Layer.Layer<number>>>(\n"
    + "  ...layers: Layers\n"
    + "): Layer.Layer<\n"
    + "  { [k in keyof Layers]: Layer.Layer.Context<Layers[k]> }[number]\n"
    + "> => {\n  \n}\n"
)
BUDGET = 420


def test_a_body_is_shown_the_namespace_member_its_header_names_by_a_path(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Layer.ts": LAYER_TS, "merge.ts": MERGE_TS})
    ctx = _pack_generate(tmp_path, "merge.ts", MERGE_TS, "  ", budget=BUDGET)
    assert _line_of(LAYER_TS, "  export type Context") in ctx.included_lines("Layer.ts")
