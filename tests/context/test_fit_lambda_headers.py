"""The headers of the lambdas around the cursor (issue 15): effect writes its functions as `dual<...>(2, <A,
E>(self, options) => { function merge() { ... } })`, and the edited code uses the lambda's type parameters,
which no symbol's header holds: the lines binding them are shown."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from .test_pack import _line_of

_PARAMS = ["OutElem", "OutErr", "Env", "OutElem1", "OutErr1", "Env1"]
_OVERLOAD = "  <{ps}>(\n    self: Chan<{a}>\n  ) => Chan<{b}>\n".format(
    ps=", ".join(_PARAMS), a=", ".join(_PARAMS[:3]), b=", ".join(_PARAMS[3:])
)


def _source() -> str:
    params = "".join(f"  {p},\n" for p in _PARAMS)
    filler = "".join(f"      const step{i} = Chan.of({i})\n" for i in range(30))
    return (
        "export interface Chan<A, B = never, C = never> {\n  readonly a: A\n}\n\n"
        "export const dual = <F>(arity: number, body: F): F => body\n\n"
        "export const mergeWith = dual<{\n"
        + _OVERLOAD * 3
        + "}>(2, <\n"
        + params
        + ">(\n  self: Chan<OutElem, OutErr, Env>,\n  other: Chan<OutElem1, OutErr1, Env1>\n"
        + "): Chan<OutElem | OutElem1> => {\n"
        + "  function merge(scope: number): number {\n"
        + "    function handleSide(n: number): Chan<OutElem | OutElem1, OutErr1, Env | Env1> {\n"
        + filler
        + "      return undefined as unknown as Chan<OutElem | OutElem1, OutErr1, Env | Env1>\n"
        + "    }\n    return scope\n  }\n  return self as Chan<OutElem | OutElem1>\n})\n"
    )


def test_the_type_parameters_of_the_lambda_around_the_cursor_are_shown(tmp_path: Path) -> None:
    source = tmp_path / "channel.ts"
    source.write_text(_source())
    cursor = _line_of(source, "return undefined as unknown") - 1
    ctx = Packer(Memory.open(tmp_path)).pack("channel.ts", cursor, 6, budget=1024, mode="edit")
    assert ctx.tokens <= 1024
    shown = ctx.included_lines("channel.ts")
    lambda_start = _line_of(source, "}>(2, <")
    for name in ("OutElem", "OutElem1", "OutErr1", "Env", "Env1"):
        # The lambda's own type parameter (below `}>(2, <`), not the overloads' mention of it.
        binding = next(
            n for n in range(lambda_start + 1, lambda_start + 8) if _line_of_text(source, n) == name
        )
        assert binding in shown, (name, ctx.ledger())
    # What the window does not use is not shown for it: `OutErr` of the overloads and of the lambda.
    outerr = next(
        n for n in range(lambda_start + 1, lambda_start + 8) if _line_of_text(source, n) == "OutErr"
    )
    assert outerr not in shown, ctx.ledger()


def _line_of_text(path: Path, line: int) -> str:
    """The 1-based `line` of `path`, without its indentation and trailing comma."""
    return path.read_text().splitlines()[line - 1].strip().rstrip(",")


def test_a_crowded_region_keeps_the_lambdas_parameters_not_the_overloads_mentions(tmp_path: Path) -> None:
    """No function symbol around the cursor (`dual(3, (self, f, n) => unwrap((scope) => ...))`), and the
    region crowds the budget: its far lines give way, the lines binding what the cursor uses stay."""
    source = tmp_path / "par.ts"
    steps = "".join(f"      const step{i} = unwrap(() => scope + {i} * width)\n" for i in range(80))
    source.write_text(
        "export const dual = <F>(arity: number, body: F): F => body\n"
        "export const unwrap = <A>(f: () => A): A => f()\n\n"
        "export const mapPar = dual<\n"
        "  (\n    wanted: number,\n    width: number\n  ) => (seed: number) => number,\n"
        "  (\n    seed: number,\n    wanted: number,\n    width: number\n  ) => number\n"
        ">(3, (\n  seed: number,\n  wanted: number,\n  width: number\n): number =>\n"
        "  unwrap(() => {\n    const scope = seed\n"
        + steps
        + "    return unwrap(() => wanted * width)\n  }))\n"
    )
    cursor = _line_of(source, "return unwrap(() => wanted") - 1
    ctx = Packer(Memory.open(tmp_path)).pack("par.ts", cursor, 4, budget=600, mode="edit")
    assert ctx.tokens <= 600
    shown = ctx.included_lines("par.ts")
    assert cursor + 1 in shown
    lambda_start = _line_of(source, ">(3, (")
    for name in ("wanted", "width"):
        binding = next(
            n
            for n in range(lambda_start + 1, lambda_start + 4)
            if _line_of_text(source, n) == f"{name}: number"
        )
        assert binding in shown, (name, ctx.ledger())


def test_a_name_each_lambda_binds_is_shown_where_the_lambda_around_the_cursor_binds_it(
    tmp_path: Path,
) -> None:
    """effect's ParseResult `go`: each case returns `(input, options) => { const allErrors = ... }`; the
    cursor's `input` is its own lambda's parameter, not the first lambda's."""
    source = tmp_path / "parse.ts"
    cases = "".join(
        f"  if (kind === {k}) {{\n    return (input: unknown, options: number) => {{\n"
        f"      const allErrors = options === {k}\n"
        + "".join(f"      const step{k}_{i} = kind + {i}\n" for i in range(30))
        + "      return allErrors ? input : undefined\n    }\n  }\n"
        for k in range(3)
    )
    source.write_text(
        "export function go(kind: number): (input: unknown, options: number) => unknown {\n"
        + cases
        + "  return (input: unknown) => input\n}\n"
    )
    text = source.read_text().splitlines()
    uses = [n for n, line in enumerate(text, 1) if "return allErrors ? input" in line]
    headers = [n for n, line in enumerate(text, 1) if "return (input: unknown, options" in line]
    locals_ = [n for n, line in enumerate(text, 1) if "const allErrors" in line]
    ctx = Packer(Memory.open(tmp_path)).pack("parse.ts", uses[2] - 1, 6, budget=400, mode="edit")
    assert ctx.tokens <= 400
    shown = ctx.included_lines("parse.ts")
    assert headers[2] in shown and locals_[2] in shown, ctx.ledger()
    # The first lambda's own bindings mean nothing at the cursor.
    assert headers[0] not in shown and locals_[0] not in shown, ctx.ledger()
