"""Generate mode predicts the members of a lambda parameter typed by the callee it is passed to: rxjs's
`new Observable((subscriber) => ...)` body reads `subscriber.next` / `subscriber.error`, declared in a
class of dozens of members that no header around the body names (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

# rxjs's shape (internal/Subscriber.ts, internal/Observable.ts): a large class whose constructor takes the
# callback, and the class the callback is handed.
SUBSCRIBER_TS = (
    "export class Subscriber<T> {\n"
    "  protected isStopped: boolean = false;\n"
    + "".join(
        f"  protected helper{i}(value: number): number {{\n    return value + {i};\n  }}\n" for i in range(30)
    )
    + "  next(value?: T): void {\n    this.helper0(1);\n  }\n"
    "  error(err?: any): void {\n    this.helper1(1);\n  }\n"
    "  complete(): void {\n    this.helper2(1);\n  }\n"
    "}\n"
)
OBSERVABLE_TS = (
    "import { Subscriber } from './Subscriber';\n\n"
    "export class Observable<T> {\n"
    "  constructor(subscribe?: (this: Observable<T>, subscriber: Subscriber<T>) => void) {\n"
    "    this.source = subscribe;\n  }\n"
    "  source: any;\n"
    "}\n"
)


def _handlers(count: int) -> str:
    # Functions around the body that say nothing about the subscriber.
    return "".join(
        f"function register{i}(target: any, name: string): void {{\n"
        f"  target.addEventListener(name, register{i + 1});\n  const limit = LIMIT_{i % 5} + {i};\n}}\n\n"
        for i in range(count)
    )


FROM_EVENT_TS = (
    "import { Observable } from './Observable';\n\n"
    + "".join(f"const LIMIT_{i} = {i};\n" for i in range(5))
    + "\n"
    + _handlers(40)
    + "export function fromEvent<T>(target: any, eventName: string): Observable<T> {\n  \n"
    "  if (!target) {\n    throw new TypeError('Invalid event target');\n  }\n\n"
    "  return new Observable<T>((subscriber) => {\n"
    "    // The handler forwards the event object, by itself, or an array of arguments to the event\n"
    "    // handler, if there is more than one argument, to the consumer.\n"
    "    const handler = (...args: any[]) => register0(target, eventName);\n"
    "    \n"
    "  });\n}\n\n" + _handlers(10).replace("register", "unregister")
)


# In the callback's body; and at the function's first line, where the completion's context for every line
# of the function is packed (server/actions/inline.py keeps it per function).
@pytest.mark.parametrize("body_line", ["    ", "  "])
def test_the_members_of_a_callback_parameter_typed_by_its_callee_are_predicted(
    tmp_path: Path, body_line: str
) -> None:
    write_tree(
        tmp_path,
        {"Subscriber.ts": SUBSCRIBER_TS, "Observable.ts": OBSERVABLE_TS, "fromEvent.ts": FROM_EVENT_TS},
    )
    cursor = FROM_EVENT_TS.splitlines().index(body_line)
    packer = Packer(Memory.open(tmp_path))
    ctx = packer.pack("fromEvent.ts", cursor, len(body_line), budget=1024, mode="generate")
    assert ctx.tokens <= 1024
    declared = SUBSCRIBER_TS.splitlines()
    shown = ctx.included_lines("Subscriber.ts")
    for member in ("  next(", "  error(", "  complete("):
        line = next(n for n, text in enumerate(declared, 1) if text.startswith(member))
        assert line in shown, (member, ctx.ledger())
