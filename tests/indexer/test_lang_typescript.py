"""TypeScript and TSX: classes, interfaces, enums, namespaces, decorators, references and imports."""

from __future__ import annotations

import pytest

from tests.support.memory import LANGS, REALISTIC, children, index_fixture, index_text, kinds, sym

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


# -- realistic TypeScript and TSX: tests/fixtures/realistic/users.ts, app.tsx -----------------------------

USERS = index_fixture(REALISTIC / "users.ts")
APP = index_fixture(REALISTIC / "app.tsx")


def test_typescript_hierarchy() -> None:
    assert kinds(USERS) == {
        "UserRepo": "class",
        "UserRepo.cache": "field",
        "UserRepo.instances": "field",
        "UserRepo.#secret": "field",
        "UserRepo.constructor": "method",
        # Parameter properties (`constructor(private db: Database, public name = 'users')`) are fields.
        "UserRepo.db": "field",
        "UserRepo.name": "field",
        "UserRepo.findById": "method",
        "UserRepo.size": "method",
        "UserRepo.remove": "method",
        "handler": "function",
        "route": "function",
        "bar": "function",
        "Util": "namespace",
        "Util.join": "function",
        "Handler": "type_parameter",
        "Level": "enum",
        "counter": "variable",
        "other": "variable",
    }
    assert children(USERS, "Util") == ["Util.join"]


def test_typescript_signatures_docs_and_decorators() -> None:
    repo = sym(USERS, "UserRepo")
    assert repo.signature == "class UserRepo<T extends User> extends BaseRepo<T> implements Repo<T>"
    assert repo.doc == "A repository of users."  # the first line of a multi-line /** */ block
    assert repo.decorators == ("@Injectable()",)
    assert sym(USERS, "UserRepo.findById").signature == "async findById(id: string): Promise<T | undefined>"
    assert sym(USERS, "UserRepo.findById").doc == "Find by id."
    assert sym(USERS, "UserRepo.size").signature == "get size(): number"
    assert sym(USERS, "handler").signature == (
        "const handler = async (req: Request, res: Response): Promise<void> =>"
    )
    assert sym(USERS, "UserRepo.cache").signature == "private readonly cache = new Map<string, T>()"


def test_typescript_references() -> None:
    assert sym(USERS, "UserRepo.findById").refs == (
        "id",
        "Promise",
        "T",
        "hit",
        "this.cache",
        "this.cache.get",
        ".get",
        "this.db",
        "this.db.query",
        ".query",
    )
    assert sym(USERS, "UserRepo.constructor").refs == ("db", "Database", "name", "this.#secret")
    assert sym(USERS, "route").refs == ("app", "App", "app.get", "handler")
    assert {"T", "User", "BaseRepo", "Repo"} <= set(sym(USERS, "UserRepo").refs)


def test_typescript_imports() -> None:
    assert [(i.module, i.name, i.alias, i.bound) for i in USERS.imports] == [
        ("express", "Request", None, "Request"),
        ("express", "Response", None, "Response"),
        ("node:path", "*", "path", "path"),
        ("../lib/mod", "default", "defaultExport", "defaultExport"),
        ("../lib/mod", "named", "renamed", "renamed"),
    ]


def test_interfaces_and_abstract_members() -> None:
    index = index_fixture(LANGS / "sample.ts")
    assert children(index, "Shape") == ["Shape.area", "Shape.name"]
    assert kinds(index)["Shape.area"] == "method"
    assert kinds(index)["Base.area"] == "method"
    assert sym(index, "Base.area").signature == "abstract area(): number"
    assert sym(index, "Shape").doc == "A shape."


def test_tsx_components_and_their_references() -> None:
    assert kinds(APP) == {
        "ProfileProps": "interface",
        "ProfileProps.id": "field",
        "ProfileProps.onClose": "field",
        "Profile": "function",
        "Spinner": "function",
        "ErrorBoundary": "class",
        "ErrorBoundary.state": "field",
        "ErrorBoundary.getDerivedStateFromError": "method",
        "ErrorBoundary.render": "method",
    }
    profile = sym(APP, "Profile")
    assert profile.doc == "Shows one user's profile."
    assert {"useState", "useEffect", "fetchUser", "Card", "Avatar", "Spinner", "user.name"} <= set(
        profile.refs
    )
    assert sym(APP, "ErrorBoundary").refs[:2] == ("React", "React.Component")
    assert [(i.module, i.name, i.alias) for i in APP.imports][:3] == [
        ("react", "default", "React"),
        ("react", "useState", None),
        ("react", "useEffect", None),
    ]


def test_a_tool_directive_above_a_member_is_not_its_doc() -> None:
    index = index_text(
        "obs.ts",
        "class Obs {\n"
        "  /* tslint:disable:max-line-length */\n"
        "  pipe(): Obs;\n"
        "  /* tslint:disable:max-line-length */\n"
        "  /** @deprecated Use first() instead. */\n"
        "  toPromise(): Promise<void>;\n"
        "  /** Runs the chain. */\n"
        "  // eslint-disable-next-line @typescript-eslint/no-explicit-any\n"
        "  run(x: any): void {}\n"
        "}\n",
    )
    assert sym(index, "Obs.pipe").doc == ""
    assert sym(index, "Obs.toPromise").doc == "@deprecated Use first() instead."
    assert sym(index, "Obs.run").doc == "Runs the chain."


def test_a_class_property_holding_a_function_is_a_method() -> None:
    index = index_text(
        "panel.tsx",
        "export class Panel extends React.Component<Props> {\n"
        "  state = { open: false };\n"
        "  /** Toggles the panel. */\n"
        "  toggle = () => {\n"
        "    this.setState({ open: !this.state.open });\n"
        "  };\n"
        "  static create: (p: Props) => Panel = (p) => new Panel(p);\n"
        "  render() {\n"
        "    return <div onClick={this.toggle}>{this.props.title}</div>;\n"
        "  }\n"
        "}\n",
    )
    assert kinds(index) == {
        "Panel": "class",
        "Panel.state": "field",
        "Panel.toggle": "method",
        "Panel.create": "method",
        "Panel.render": "method",
    }
    toggle = sym(index, "Panel.toggle")
    assert toggle.signature == "toggle = () =>"
    assert toggle.doc == "Toggles the panel."
    assert toggle.refs == ("this.setState", "open", "this.state", "this.state.open", ".open")
    assert sym(index, "Panel.create").signature == "static create: (p: Props) => Panel = (p) =>"
    assert "this.toggle" in sym(index, "Panel.render").refs
