"""Generate mode in TypeScript (issue 15): the members of a module imported whole that the body's name says
(effect's `extendScope` tags its layer `OpCodes.OP_EXTEND_SCOPE`, which no neighbour uses), a predicted name's
many overloads (`pipe`'s 21) waiting for the other predicted names' lines, as they do in edit mode, unexported
helpers waiting for the body and exported definitions not, and a member on the line below its receiver."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

_LETTERS = "ABCDEFGHIJKLMNOPQRSTU"
_ACTIONS = ("Fresh", "Suspend", "Retry", "Fold", "Provide", "Merge", "Locally", "Zip", "Scoped", "Sync")


def _snake(name: str) -> str:
    return "".join(f"_{c}" if c.isupper() else c.upper() for c in name).lstrip("_")


# internal/opCodes/layer.ts's shape: one constant per kind of layer, named after the function making it.
OPCODES_TS = "".join(
    f'export const OP_{_snake(n)} = "{n}" as const\n\nexport type OP_{_snake(n)} = typeof OP_{_snake(n)}\n\n'
    for n in (*(a[0].lower() + a[1:] for a in _ACTIONS), "extendScope", "fromEffect")
)


def _maker(name: str) -> str:
    return (
        f"export const {name} = <A>(self: Layer<A>): Layer<A> => {{\n"
        f"  const made = Object.create(proto)\n  made._op_layer = OpCodes.OP_{_snake(name)}\n"
        "  made.layer = self\n  return made\n}\n\n"
    )


# internal/layer.ts's shape: each function tags the layer it makes with its own op-code; those around the
# body make other kinds, so only the body's name says which one it needs.
LAYER_TS = (
    'import * as OpCodes from "./opCodes"\n\n'
    "export interface Layer<A> {\n  readonly _op_layer: string\n  readonly layer: A\n}\n\n"
    "export const proto = {}\n\n"
    + "".join(_maker(a[0].lower() + a[1:]) for a in _ACTIONS[:5])
    + "export const extendScope = <A>(self: Layer<A>): Layer<A> => {\n  \n}\n\n"
    + "".join(_maker(a[0].lower() + a[1:]) for a in _ACTIONS[5:])
)


def test_the_member_of_an_imported_module_named_like_the_body(tmp_path: Path) -> None:
    write_tree(tmp_path, {"opCodes.ts": OPCODES_TS, "layer.ts": LAYER_TS})
    ctx = _pack_generate(tmp_path, "layer.ts", LAYER_TS, "  ", budget=400)
    shown = ctx.included_lines("opCodes.ts")
    assert _line_of(OPCODES_TS, "export const OP_EXTEND_SCOPE ") in shown, ctx.ledger()


def test_a_module_the_file_does_not_follow_so_lends_nothing(tmp_path: Path) -> None:
    # A module with a member named like the body, which none of the file's definitions uses so: the
    # name's words alone (`flatMap`, a member of every data type's module) say nothing of it.
    modules = {"m.ts": "export const flatMap = (x: number): number => x\n"}
    main = (
        'import * as M from "./m"\n\n'
        + "".join(f"export const other{i} = (x: number): number => M.flatMap(x) + {i}\n\n" for i in range(3))
        + "export const flatMap = (x: number): number => {\n  \n}\n"
    )
    write_tree(tmp_path, {**modules, "main.ts": main})
    ctx = _pack_generate(tmp_path, "main.ts", main, "  ", budget=2048)
    assert "named like flatMap" not in ctx.ledger(), ctx.ledger()


def _overload(k: int) -> str:
    params = ", ".join(f"{a} = never" for a in _LETTERS[: k + 1])
    fns = ", ".join(f"f{i}: (_: {_LETTERS[i]}) => {_LETTERS[i + 1]}" for i in range(k))
    return f"export function pipe<{params}>(a: A, {fns}): {_LETTERS[k]}\n"


FUNCTION_TS = (
    "".join(_overload(k) for k in range(16)) + "export function pipe(a: unknown): unknown {\n  return a\n}\n"
)
OPS_TS = "".join(f"export const op{i} = (n: number): number => n + {i}\n\n" for i in range(12))
# The neighbours of the body pipe their value through the ops: both are predicted, and `pipe`'s overloads
# must not take the room of the ops' lines.
RUN_TS = (
    'import { pipe } from "./function"\n'
    + f'import {{ {", ".join(f"op{i}" for i in range(12))} }} from "./ops"\n\n'
    + "".join(
        f"export function step{k}(n: number): number {{\n"
        + "".join(f"  n = pipe(n, op{i})\n" for i in range(k * 3, k * 3 + 3))
        + "  return n\n}\n\n"
        for k in range(4)
    )
    + "export function run(n: number): number {\n  \n}\n"
)


def test_the_overloads_of_a_predicted_name_wait_for_the_other_names(tmp_path: Path) -> None:
    write_tree(tmp_path, {"function.ts": FUNCTION_TS, "ops.ts": OPS_TS, "run.ts": RUN_TS})
    ctx = _pack_generate(tmp_path, "run.ts", RUN_TS, "  ", budget=1200)
    shown = ctx.included_lines("ops.ts")
    missing = [i for i in range(12) if _line_of(OPS_TS, f"export const op{i} ") not in shown]
    assert not missing, (missing, ctx.ledger())
    assert ctx.included_lines("function.ts"), ctx.ledger()


# internal/layer.ts's shape: `retryLoop` is the one caller of the unexported helper defined right after it;
# with its body hidden nothing calls the helper, which waits for it as a C `static` function would.
HELPERS_TS = (
    "".join(
        f"export const step{i} = (n: number): number => {{\n  const m = n * {i}\n  return m + step{i + 1}(m)\n}}\n\n"
        for i in range(30)
    )
    + "export const step30 = (n: number): number => n\n\n"
    + "export const retryLoop = (n: number): number => {\n  \n}\n\n"
    + "const advanceClock = (n: number, by: number): number => n + by\n\n"
    + "".join(
        f"export const tail{i} = (n: number): number => {{\n  const m = n - {i}\n  return step{i}(m)\n}}\n\n"
        for i in range(30)
    )
)


def test_an_unexported_helper_nothing_calls_yet_waits_for_the_body(tmp_path: Path) -> None:
    write_tree(tmp_path, {"layer.ts": HELPERS_TS})
    ctx = _pack_generate(tmp_path, "layer.ts", HELPERS_TS, "  ", budget=300)
    assert _line_of(HELPERS_TS, "const advanceClock ") in ctx.included_lines("layer.ts"), ctx.ledger()


# Record.ts's shape: `export const` definitions are the module's API, which its own code seldom calls; the
# ones beside the body are not "waiting" for it as an unexported helper is.
FUNCTION_DUAL_TS = "export const dual = (arity: number, body: unknown): unknown => body\n"
API_TS = (
    'import { dual } from "./function"\n\n'
    + "".join(
        f"export const api{i} = dual(2, (n: number, m: number): number => n * m + {i})\n\n" for i in range(8)
    )
    + "export const body = dual(2, (n: number, m: number): number => {\n  \n})\n\n"
    + "".join(
        f"export const more{i} = dual(2, (n: number, m: number): number => n - m - {i})\n\n" for i in range(8)
    )
)


def test_exported_definitions_beside_the_body_are_not_waiting_for_it(tmp_path: Path) -> None:
    write_tree(tmp_path, {"function.ts": FUNCTION_DUAL_TS, "record.ts": API_TS})
    ctx = _pack_generate(tmp_path, "record.ts", API_TS, "  ", budget=2048)
    assert "not used yet" not in ctx.ledger(), ctx.ledger()


# internal/channel.ts's shape (dprint breaks a long declaration before the member): `core` / `.readWithCause`
# is a use of `core.readWithCause`, which every neighbour makes, not of `core` and a member of something.
CORE_STREAM_TS = "".join(f"export const read{i} = (x: number): number => x + {i}\n\n" for i in range(12))
CHANNEL_TS = (
    'import * as core from "./coreStream"\n\n'
    + "".join(
        f"export const drain{i} = (self: number): number => {{\n  const drainer: number = core\n"
        f"    .read{i % 3}(self)\n  return drainer\n}}\n\n"
        for i in range(6)
    )
    + "export const drain = (self: number): number => {\n  \n}\n"
)


def test_a_member_on_the_line_below_its_receiver_is_read_as_its_member(tmp_path: Path) -> None:
    write_tree(tmp_path, {"coreStream.ts": CORE_STREAM_TS, "channel.ts": CHANNEL_TS})
    ctx = _pack_generate(tmp_path, "channel.ts", CHANNEL_TS, "  ", budget=2048)
    shown = ctx.included_lines("coreStream.ts")
    assert {_line_of(CORE_STREAM_TS, f"export const read{i} ") for i in range(3)} <= shown, ctx.ledger()
