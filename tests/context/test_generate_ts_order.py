"""Generate mode in TypeScript (issue 15): a module's import line comes with the first predicted name reached
through it, not all the file's imports before any prediction (effect's internals import fifty modules)."""

from __future__ import annotations

from pathlib import Path

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

QUEUE_TS = "export const bounded = (capacity: number): number[] => new Array(capacity)\n"
# Sixty modules the file imports whole and reaches through elsewhere, none of them by the body's neighbours.
OTHERS = {f"mod{i}.ts": f"export const value{i} = {i}\n" for i in range(60)}
MANY_IMPORTS_TS = (
    "".join(f'import * as Module{i} from "./mod{i}"\n' for i in range(60))
    + 'import * as Queue from "./queue"\n\n'
    + "".join(f"export const far{i} = (): number => Module{i}.value{i}\n\n" for i in range(60))
    + "".join(f"export const near{i} = (n: number): number[] => Queue.bounded(n + {i})\n\n" for i in range(3))
    + "export const body = (n: number): number[] => {\n  \n}\n\n"
    + "".join(
        f"export const after{i} = (n: number): number[] => Queue.bounded(n * {i})\n\n" for i in range(3)
    )
)


def test_an_import_line_comes_with_the_predicted_name_reached_through_it(tmp_path: Path) -> None:
    write_tree(tmp_path, {**OTHERS, "queue.ts": QUEUE_TS, "main.ts": MANY_IMPORTS_TS})
    ctx = _pack_generate(tmp_path, "main.ts", MANY_IMPORTS_TS, "  ", budget=500)
    # What the neighbours call, and the line saying how the body reaches it, before the sixty other imports.
    assert _line_of(QUEUE_TS, "export const bounded") in ctx.included_lines("queue.ts"), ctx.ledger()
    assert _line_of(MANY_IMPORTS_TS, "import * as Queue") in ctx.included_lines("main.ts"), ctx.ledger()


def test_a_language_whose_imports_do_not_follow_keeps_them_first(tmp_path: Path) -> None:
    # Python's imports do not follow the predictions (`imports_follow_predictions`): still fitted first.
    modules = {f"mod{i}.py": f"VALUE{i} = {i}\n" for i in range(3)}
    main = "".join(f"import mod{i}\n" for i in range(3)) + "\n\ndef body(n):\n    \n"
    write_tree(tmp_path, {**modules, "main.py": main})
    ctx = _pack_generate(tmp_path, "main.py", main, "    ", budget=300)
    assert {1, 2, 3} <= ctx.included_lines("main.py"), ctx.ledger()
