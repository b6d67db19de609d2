"""TypeScript names bound by object patterns hold their property's declared type (rxjs's
`const { closeObserver } = this._config`, `const { progressSubscriber } = init`, `({ a }: Config) => ...`),
and a union alias holds every type it names (`PartialObserver<T> = NextObserver<T> | ErrorObserver<T> | ...`):
the members the completion bench's rxjs misses showed unresolved (issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.languages import BY_NAME
from archmem.indexer.languages.ts_destructuring import destructured_type
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

TYPES_TS = (
    "export interface NextObserver<T> {\n  closed?: boolean;\n  next: (value: T) => void;\n"
    "  error?: (err: any) => void;\n}\n"
    "export interface ErrorObserver<T> {\n  next?: (value: T) => void;\n  error: (err: any) => void;\n}\n"
    "export interface CompletionObserver<T> {\n  error?: (err: any) => void;\n  complete: () => void;\n}\n"
    "export type PartialObserver<T> = NextObserver<T> | ErrorObserver<T> | CompletionObserver<T>;\n"
    "export interface AjaxRequest {\n  url: string;\n  responseType: string;\n}\n"
    "export interface SocketConfig<T> {\n  url: string;\n  closeObserver?: NextObserver<CloseEvent>;\n"
    "  progressSubscriber?: PartialObserver<ProgressEvent>;\n}\n"
)
SOCKET_TS = (
    'import { AjaxRequest, SocketConfig } from "./types";\n\n'
    "export class Socket<T> {\n  private _config: SocketConfig<T>;\n\n"
    "  constructor(config: SocketConfig<T>) {\n    this._config = config;\n  }\n\n"
    "  close(e: CloseEvent) {\n    const { closeObserver, url: where } = this._config;\n"
    "    closeObserver.next(e);\n    return where;\n  }\n}\n\n"
    "export function ajax(init: SocketConfig<number>) {\n"
    "  const { progressSubscriber, url = '' } = init;\n"
    "  progressSubscriber?.error?.(url);\n  progressSubscriber?.complete?.();\n}\n\n"
    "export function send(): void {\n  const _request: Readonly<AjaxRequest> = { url: '', responseType: '' };\n"
    "  return _request.responseType;\n}\n\n"
    "export const watch = ({ closeObserver }: SocketConfig<string>) => closeObserver.next('x');\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(
        Path(tmp_path_factory.mktemp("ts_destructuring")), {"types.ts": TYPES_TS, "socket.ts": SOCKET_TS}
    )


@pytest.mark.parametrize(
    ("line", "name", "expected"),
    [
        ("    const { closeObserver } = this._config;", "closeObserver", "this._config.closeObserver"),
        ("  const { a, b = false } = init;", "b", "init.b"),
        ("  const { key: local } = this . conf ;", "local", "this.conf.key"),
        ("  ({ a, c }: Conf<T>) => a", "c", "Conf.c"),
        # A key itself binds nothing; a rest element, a nested pattern, a call or a literal say nothing.
        ("  const { key: local } = conf;", "key", None),
        ("  const { ...rest } = conf;", "rest", None),
        ("  const { a: { b } } = conf;", "b", None),
        ("  const { a } = make();", "a", None),
        ("  const x = { a };", "a", None),
    ],
)
def test_a_property_bound_by_a_pattern_reads_as_a_chain(line: str, name: str, expected: str | None) -> None:
    start = line.index(name)
    assert destructured_type(line, start, start + len(name)) == expected


def test_members_of_a_name_destructured_from_a_field(memory: Memory) -> None:
    assert definitions(memory, "socket.ts", "closeObserver.next(e)", 14) == [
        ("types.ts", "NextObserver.next")
    ]


def test_members_of_a_name_destructured_from_a_parameter_through_a_union_alias(memory: Memory) -> None:
    assert definitions(memory, "socket.ts", "progressSubscriber?.complete", 20) == [
        ("types.ts", "CompletionObserver.complete")
    ]
    assert sorted(definitions(memory, "socket.ts", "progressSubscriber?.error", 20)) == [
        ("types.ts", "CompletionObserver.error"),
        ("types.ts", "ErrorObserver.error"),
        ("types.ts", "NextObserver.error"),
    ]


def test_members_of_a_name_destructured_from_a_typed_parameter(memory: Memory) -> None:
    assert definitions(memory, "socket.ts", "closeObserver.next('x')", 14) == [
        ("types.ts", "NextObserver.next")
    ]


def test_members_through_a_utility_type_that_keeps_them(memory: Memory) -> None:
    """`Readonly<AjaxRequest>` has the members of `AjaxRequest` (ts_utility_types)."""
    assert definitions(memory, "socket.ts", "_request.responseType", 9) == [
        ("types.ts", "AjaxRequest.responseType")
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  x: Partial<Config<T>>;", "Config"),
        ("  x: NonNullable<Options>;", "Options"),
        (
            "  x: Readonly<A | B>;",
            "Readonly",
        ),  # a union inside: the wrapper itself (which resolves to nothing)
        ("  x: Box<Item>;", "Box"),  # any other generic is the class itself
    ],
)
def test_utility_types_read_through(line: str, expected: str) -> None:
    spec = BY_NAME["typescript"]
    assert spec.declared_type_at(line, 2, 3) == expected
