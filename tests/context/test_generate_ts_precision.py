"""Generate mode in TypeScript (issue 15): what the prediction spends its lines on. No values through an import
of types alone (effect's internal/layer.ts imports `Layer` so, and `Layer.flatMap` ranked among the popular
members of the header's package), and no names sharing with the body only words most of the file's names carry
(every name of effect's internals says `effect`, `fiber` or `map`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_OPS = (
    "flatMap",
    "mapError",
    "succeed",
    "suspend",
    "provide",
    "retry",
    "fresh",
    "zipWith",
    "orElse",
    "scoped",
)
# Layer.ts's shape: the interface, and the values every other module calls.
LAYER_TS = "export interface Layer<A> {\n  readonly value: A\n}\n\n" + "".join(
    f"export const {op} = <A>(self: Layer<A>): Layer<A> => self\n\n" for op in _OPS
)
# Modules calling those values: what makes them the package's popular members.
USERS = {
    f"user{i}.ts": 'import * as Layer from "./Layer"\n\n'
    + "".join(f"export const use{op}{i} = Layer.{op}\n" for op in _OPS)
    for i in range(3)
}
CORE_TS = "export const unwrap = <A>(value: A): A => value\n"
# internal/layer.ts's shape: the public module imported for its types alone, the workings from core.
INTERNAL_TS = (
    'import type * as Layer from "./Layer"\nimport * as core from "./core"\n\n'
    + "export const first = (self: Layer.Layer<number>): number => core.unwrap(self.value)\n\n"
    + "export const build = (self: Layer.Layer<number>): number => {\n  \n}\n"
)


def test_no_value_is_predicted_through_an_import_of_types_alone(tmp_path: Path) -> None:
    write_tree(tmp_path, {**USERS, "Layer.ts": LAYER_TS, "core.ts": CORE_TS, "internal.ts": INTERNAL_TS})
    ctx = _pack_generate(tmp_path, "internal.ts", INTERNAL_TS, "  ", budget=2048)
    shown = ctx.included_lines("Layer.ts")
    # `Layer.flatMap` cannot be called through `import type`: not one of the values is worth a line.
    for op in _OPS:
        assert _line_of(LAYER_TS, f"export const {op} ") not in shown, (op, ctx.ledger())
    # The interface (a type) the header names is reachable, and what the neighbour calls still predicted.
    assert _line_of(LAYER_TS, "export interface Layer") in shown, ctx.ledger()
    assert _line_of(CORE_TS, "export const unwrap") in ctx.included_lines("core.ts"), ctx.ledger()


_KINDS = (
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
    "Kappa",
    "Lambda",
    "Sigma",
    "Omega",
    "Theta",
    "Zeta",
    "Iota",
    "Rho",
)
# A file whose every function says `fiber` and `effect`, and one that alone says `decode`.
FIBERS_TS = (
    "export function decodeTable(n: number): number {\n  return n\n}\n\n"
    + "".join(f"export function fiberEffect{k}(n: number): number {{\n  return n\n}}\n\n" for k in _KINDS)
    + "export function fiberEffectDecode(n: number): number {\n  \n}\n"
)


def test_words_most_of_the_file_says_point_at_none_of_its_names(tmp_path: Path) -> None:
    write_tree(tmp_path, {"fibers.ts": FIBERS_TS})
    ctx = _pack_generate(tmp_path, "fibers.ts", FIBERS_TS, "  ", budget=2048)
    shared = [s.reason for s in ctx.sections if s.kind == "predicted" and s.reason.startswith("shares")]
    # `decode` is the one word that singles a name out; `fiber` and `effect` are every name's.
    assert shared == ["shares 'decode' with the code being written"], ctx.ledger()


# A module of independent functions: thirty helpers, each used by five of the functions far from the body, and
# the one helper the function beside the body calls.
FAR_NAMES = 30
COMBINATORS_TS = (
    "export function nearHelper(n: number): number {\n  return n\n}\n\n"
    + "".join(
        f"export function helper{k}(n: number): number {{\n  return n + {k}\n}}\n\n" for k in range(FAR_NAMES)
    )
    + "".join(
        f"export function far{j}(n: number): number {{\n  return "
        + " + ".join(f"helper{(j + d) % FAR_NAMES}(n)" for d in range(5))
        + "\n}\n\n"
        for j in range(FAR_NAMES)
    )
    + "export function beside(n: number): number {\n  return nearHelper(n)\n}\n\n"
    + "export function other(n: number): number {\n  return n\n}\n\n"
    + "export function body(n: number): number {\n  \n}\n"
)


def test_what_the_function_beside_the_body_uses_ranks_before_the_far_functions_habits(tmp_path: Path) -> None:
    write_tree(tmp_path, {"combinators.ts": COMBINATORS_TS})
    ctx = _pack_generate(tmp_path, "combinators.ts", COMBINATORS_TS, "  ", budget=300)
    shown = ctx.included_lines("combinators.ts")
    assert _line_of(COMBINATORS_TS, "export function nearHelper") in shown, ctx.ledger()
