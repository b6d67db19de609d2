"""What the completion prompt's context carries for a line about to be typed in rxjs-shaped TypeScript: the
definitions the completion bench's rxjs misses showed left out (issue 17). Packed as inline completion packs
(generate mode, the code around the cursor not shown: the prompt's prefix and suffix carry it)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

TYPES_TS = (
    "export interface NextObserver<T> {\n  closed?: boolean;\n  next: (value: T) => void;\n"
    "  error?: (err: any) => void;\n  complete?: () => void;\n}\n"
    "export interface ErrorObserver<T> {\n  closed?: boolean;\n  next?: (value: T) => void;\n"
    "  error: (err: any) => void;\n  complete?: () => void;\n}\n"
    "export interface CompletionObserver<T> {\n  closed?: boolean;\n  next?: (value: T) => void;\n"
    "  error?: (err: any) => void;\n  complete: () => void;\n}\n"
    "export type PartialObserver<T> = NextObserver<T> | ErrorObserver<T> | CompletionObserver<T>;\n"
    "export interface AjaxConfig {\n"
    + "".join(f"  option{i}?: string;\n" for i in range(30))
    + "  progressSubscriber?: PartialObserver<ProgressEvent>;\n}\n"
)


def _filler(count: int) -> str:
    return "".join(
        f"function helper{i}(value: number): number {{\n  return value + {i};\n}}\n\n" for i in range(count)
    )


AJAX_TS = (
    'import { AjaxConfig } from "./types";\n\n'
    + _filler(30)
    + "export function fromAjax(init: AjaxConfig): void {\n"
    "  const { progressSubscriber } = init;\n"
    # Locals read as receivers more often than the observer (prediction reads the most read first).
    + "".join(f"  const r{i} = init.option{i};\n  r{i}.trim();\n  r{i}.trim();\n" for i in range(8))
    + "  const xhr = new XMLHttpRequest();\n"
    "  xhr.onerror = (e) => {\n"
    "    progressSubscriber?.error?.(e);\n"
    "  };\n"
    "  xhr.onload = (e) => {\n"
    "    \n"
    "  };\n"
    "}\n\n" + _filler(10).replace("helper", "tail")
)


def _pack(tmp_path: Path, files: dict[str, str], path: str, line_text: str) -> tuple[Packer, int]:
    write_tree(tmp_path, files)
    packer = Packer(Memory.open(tmp_path))
    return packer, files[path].splitlines().index(line_text)


def _declared(source: str, starts: str) -> list[int]:
    return [n for n, text in enumerate(source.splitlines(), 1) if text.startswith(starts)]


def test_optional_members_the_function_reaches_are_carried(tmp_path: Path) -> None:
    """`progressSubscriber?.error` above the cursor: the `error` of every type of the union alias."""
    packer, line = _pack(tmp_path, {"types.ts": TYPES_TS, "ajax.ts": AJAX_TS}, "ajax.ts", "    ")
    ctx = packer.pack("ajax.ts", line, 4, budget=600, mode="generate", show_window=False)
    shown = ctx.included_lines("types.ts")
    for line_no in _declared(TYPES_TS, "  error"):
        assert line_no in shown, ctx.ledger()


ERRORS_TS = (
    "export interface AjaxError extends Error {\n  status: number;\n}\n"
    "export interface AjaxErrorCtor {\n  new (message: string, status: number): AjaxError;\n}\n"
    "export const AjaxError: AjaxErrorCtor = createErrorClass((_super) => function AjaxErrorImpl() {});\n"
    "function createErrorClass(make: (s: any) => any): any {\n  return make(Error);\n}\n"
)
SEND_TS = (
    'import { AjaxError } from "./errors";\n\n'
    + _filler(30)
    + "export function send(status: number): void {\n"
    "  if (status > 400) {\n    throw new AjaxError('failed', status);\n  }\n"
    "  \n"
    "}\n"
)


def test_the_construct_signature_of_a_value_constructed_with_new_is_carried(tmp_path: Path) -> None:
    """`new AjaxError(...)` where `AjaxError: AjaxErrorCtor`: the `new (...)` line, which no symbol is."""
    packer, line = _pack(tmp_path, {"errors.ts": ERRORS_TS, "send.ts": SEND_TS}, "send.ts", "  ")
    ctx = packer.pack("send.ts", line, 2, budget=400, mode="generate", show_window=False)
    assert _declared(ERRORS_TS, "  new (")[0] in ctx.included_lines("errors.ts"), ctx.ledger()


BOX_TS = (
    "export class Box<T> extends Base<T> {\n"
    + "".join(f"  method{i}(value: T): T {{\n    return this.other{i}(value);\n  }}\n" for i in range(60))
    + "  toPromise(): Promise<T> {\n    \n  }\n}\n"
    "class Base<T> {\n  other0(value: T): T {\n    return value;\n  }\n}\n"
)


def test_the_enclosing_class_header_is_carried_though_the_window_is_not_shown(tmp_path: Path) -> None:
    """The class's type parameters (`let value: T`) and bases: its header is far above the prefix."""
    packer, line = _pack(tmp_path, {"box.ts": BOX_TS}, "box.ts", "    ")
    ctx = packer.pack("box.ts", line, 4, budget=300, mode="generate", show_window=False)
    assert "export class Box<T> extends Base<T> {" in ctx.text, ctx.ledger()
    assert "toPromise(): Promise<T> {" not in ctx.text  # the window itself is the prompt's own text


CONFIG_TS = (
    "export interface NextObserver<T> {\n  next: (value: T) => void;\n}\n"
    "export interface SocketConfig<T> {\n"
    + "".join(f"  option{i}?: string;\n" for i in range(30))
    + "  closeObserver?: NextObserver<CloseEvent>;\n  deserializer?: (e: MessageEvent) => T;\n}\n"
)


def _socket(body: str) -> str:
    return (
        'import { SocketConfig } from "./config";\n\n'
        "export class Socket<T> {\n  private _config: SocketConfig<T>;\n  private _count = 0;\n\n"
        + "".join(
            f"  helper{i}(value: number): number {{\n    return value + {i};\n  }}\n" for i in range(30)
        )
        + "  connect(socket: WebSocket): void {\n    socket.onclose = (e: CloseEvent) => {\n"
        + body
        + "    };\n  }\n}\n"
    )


def test_a_name_used_before_its_binding_is_written_is_a_member_of_a_field(tmp_path: Path) -> None:
    """`const { closeObserver } = this._config;` about to be typed: `closeObserver` below is unbound."""
    socket = _socket("      \n      if (closeObserver) {\n        closeObserver.next(e);\n      }\n")
    packer, line = _pack(tmp_path, {"config.ts": CONFIG_TS, "socket.ts": socket}, "socket.ts", "      ")
    ctx = packer.pack("socket.ts", line, 6, budget=300, mode="generate", show_window=False)
    assert _declared(CONFIG_TS, "  closeObserver?")[0] in ctx.included_lines("config.ts"), ctx.ledger()


def test_the_property_a_destructured_name_is_taken_from_is_carried(tmp_path: Path) -> None:
    """`const { deserializer } = this._config;` in the function: the property's declaration."""
    socket = _socket("      const { deserializer } = this._config;\n      \n      deserializer!(e);\n")
    packer, line = _pack(tmp_path, {"config.ts": CONFIG_TS, "socket.ts": socket}, "socket.ts", "      ")
    ctx = packer.pack("socket.ts", line, 6, budget=300, mode="generate", show_window=False)
    assert _declared(CONFIG_TS, "  deserializer?")[0] in ctx.included_lines("config.ts"), ctx.ledger()


def test_a_name_a_lambda_binds_is_not_looked_up_in_the_fields(tmp_path: Path) -> None:
    """`e` is the callback's parameter: no member of a field's type is taken for it."""
    config = CONFIG_TS.replace("  option0?: string;\n", "  e?: string;\n")
    socket = _socket("      \n      console.log(e);\n")
    packer, line = _pack(tmp_path, {"config.ts": config, "socket.ts": socket}, "socket.ts", "      ")
    ctx = packer.pack("socket.ts", line, 6, budget=300, mode="generate", show_window=False)
    assert _declared(config, "  e?")[0] not in ctx.included_lines("config.ts"), ctx.ledger()


OBSERVABLE_TS = (
    "export class Observable<T> {\n  source: Observable<any> | undefined;\n\n"
    + "".join(f"  method{i}(value: number): number {{\n    return value + {i};\n  }}\n" for i in range(40))
    + "  protected _subscribe(subscriber: any): any {\n    \n  }\n}\n"
)


def test_the_class_fields_are_predicted_through_this(tmp_path: Path) -> None:
    """A TypeScript method's body reads the class's state as `this.source`: its fields are predicted."""
    packer, line = _pack(tmp_path, {"observable.ts": OBSERVABLE_TS}, "observable.ts", "    ")
    ctx = packer.pack("observable.ts", line, 4, budget=300, mode="generate", show_window=False)
    assert 2 in ctx.included_lines("observable.ts"), ctx.ledger()
