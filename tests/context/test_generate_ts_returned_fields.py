"""Generate mode in TypeScript (issue 15): the fields a property lambda's shared words name, of the module the shared
function's declared return type names (`context/returned_fields.py`): effect's `onFailure: (cause) => {` lambdas split
the cause with `Cause.failureOrCause`, which returns an `Either.Either`, and read `either.left`; layer.ts imports
`Cause` whole but not `Either`."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

from .test_generate_ts_property_lambdas import BUDGET, CAUSE_TS, CORE_TS, EITHER_TS, WORKER_TS, _handler

# The cause module names the `Either` its `failureOrCause` returns through its own import.
CAUSE_IMPORTING_TS = 'import * as Either from "./Either"\n\n' + CAUSE_TS
# The file being written imports the cause module, not `Either`.
WORKER_NO_EITHER_TS = WORKER_TS.replace('import * as Either from "./Either"\n', "")
LEFT_FIELD = "  readonly left: L"


def _either_shown(root: Path, cause: str) -> set[str]:
    write_tree(
        root,
        {"Cause.ts": cause, "Either.ts": EITHER_TS, "core.ts": CORE_TS, "worker.ts": WORKER_NO_EITHER_TS},
    )
    write_tree(root, {f"handler{i}.ts": _handler(i) for i in range(3)})
    cursor = WORKER_NO_EITHER_TS.splitlines().index("      ")
    ctx = Packer(Memory.open(root)).pack("worker.ts", cursor, 6, budget=BUDGET, mode="generate")
    assert ctx.tokens <= BUDGET
    return {EITHER_TS.splitlines()[n - 1] for n in ctx.included_lines("Either.ts")}


def test_a_lambda_is_shown_the_field_of_what_the_shared_function_returns(tmp_path: Path) -> None:
    assert LEFT_FIELD in _either_shown(tmp_path, CAUSE_IMPORTING_TS)


def test_a_return_type_the_functions_file_does_not_import_names_no_module(tmp_path: Path) -> None:
    assert LEFT_FIELD not in _either_shown(tmp_path, CAUSE_TS)
