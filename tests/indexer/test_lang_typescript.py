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
