"""TypeScript and TSX: classes, interfaces, enums, namespaces, decorators, references and imports."""

from __future__ import annotations

import pytest

from tests.support.memory import index_text, sym

DECORATED = """/** The users. */
@Injectable()
export class Users {
  @Log('debug')
  @Trace
  remove(id: string): void {}

  @Input() name: string;

  plain() {}
}

@Component({ selector: 'x' })
class Widget {}
"""


@pytest.mark.parametrize("path", ["d.ts", "d.tsx", "d.js"])
def test_decorators_of_classes_and_members(path: str) -> None:
    text = DECORATED if path != "d.js" else DECORATED.replace(": string", "").replace(": void", "")
    index = index_text(path, text)
    assert sym(index, "Users").decorators == ("@Injectable()",)
    assert sym(index, "Users").doc == "The users."
    assert sym(index, "Users.remove").decorators == ("@Log('debug')", "@Trace")
    assert sym(index, "Users.name").decorators == ("@Input()",)
    assert sym(index, "Users.plain").decorators == ()
    assert sym(index, "Widget").decorators == ("@Component({ selector: 'x' })",)


@pytest.mark.parametrize("path", ["p.ts", "p.js"])
def test_private_members_are_referenced_through_this(path: str) -> None:
    text = "class Loader {\n  static #count = 0;\n  #root;\n  load() {\n    return this.#root + Loader.#count;\n  }\n}\n"
    index = index_text(path, text)
    assert [s.qualname for s in index.symbols[1:]] == [
        "Loader",
        "Loader.#count",
        "Loader.#root",
        "Loader.load",
    ]
    assert sym(index, "Loader.#count").refs == ()
    assert sym(index, "Loader.load").refs == ("this.#root", "Loader", "Loader.#count")
