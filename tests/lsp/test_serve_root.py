"""`archmem serve` with no workspace folder from the editor applies the command line's root rule.

`--root` if given; else the nearest directory upward from the first document opened holding a project marker
(never the server's own current directory, which for an editor is often $HOME); else the scratch memory of
the open files, as before. Each server here runs in a "home" directory holding a marker of its own, so a root
taken from the current directory would show.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from archmem.server.roots import marked_root

from tests.lsp.wire import Served, initialize, notification, request


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "pyproject.toml").write_text("[project]\nname = 'home'\n")
    (home / "home_thing.py").write_text("def home_thing():\n    pass\n")
    return home


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    (project / "pkg").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'proj'\n")
    (project / "sibling.py").write_text("def sibling_helper():\n    pass\n")
    (project / "pkg" / "main.py").write_text("def main():\n    pass\n")
    return project


@pytest.fixture
def served(home: Path) -> Iterator[Served]:
    server = Served(home)
    yield server
    server.close()


def start(served: Served) -> None:
    served.wire.send(initialize("init", None))  # no rootUri, no workspaceFolders
    assert "result" in served.wire.answer("init")
    served.wire.send(notification("initialized", {}))


def open_file(served: Served, path: Path) -> None:
    item = {"uri": path.as_uri(), "languageId": "python", "version": 1, "text": path.read_text()}
    served.wire.send(notification("textDocument/didOpen", {"textDocument": item}))


def symbols(served: Served, query: str, request_id: str) -> list[dict[str, Any]]:
    served.wire.send(request(request_id, "workspace/symbol", {"query": query}))
    result = served.wire.answer(request_id)["result"]
    assert isinstance(result, list)
    return result


def found_once_indexed(served: Served, query: str) -> list[dict[str, Any]]:
    for attempt in range(200):  # until the root is indexed
        found = symbols(served, query, f"{query}-{attempt}")
        if found:
            return found
        time.sleep(0.1)
    return []


def test_the_first_document_s_project_becomes_the_root(served: Served, project: Path) -> None:
    start(served)
    open_file(served, project / "pkg" / "main.py")
    found = found_once_indexed(served, "sibling_helper")
    assert [s["location"]["uri"] for s in found] == [(project / "sibling.py").as_uri()]
    assert symbols(served, "home_thing", "home") == []
    served.wire.send(
        request(
            "outline",
            "textDocument/documentSymbol",
            {"textDocument": {"uri": (project / "pkg" / "main.py").as_uri()}},
        )
    )
    assert [s["name"] for s in served.wire.answer("outline")["result"]] == ["main"]


def test_a_document_with_no_marker_above_it_is_served_from_scratch(served: Served, tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "sibling.py").write_text("def sibling_helper():\n    pass\n")
    (loose / "main.py").write_text("def main():\n    pass\n")
    assert marked_root(loose) is None, "a project marker above the test's directory would decide the root"
    start(served)
    open_file(served, loose / "main.py")
    uri = (loose / "main.py").as_uri()
    served.wire.send(request("outline", "textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
    assert [s["name"] for s in served.wire.answer("outline")["result"]] == ["main"]
    assert symbols(served, "sibling_helper", "sibling") == []
    assert symbols(served, "home_thing", "home") == []
    states = [n["params"]["state"] for n in served.wire.notices("archmem/status")]
    assert "indexing" not in states


def test_serve_root_names_the_root_when_the_editor_names_none(home: Path, project: Path) -> None:
    served = Served(home, "--root", str(project))
    try:
        start(served)
        found = found_once_indexed(served, "sibling_helper")
        assert [s["location"]["uri"] for s in found] == [(project / "sibling.py").as_uri()]
        assert symbols(served, "home_thing", "home") == []
    finally:
        served.close()


def test_a_ruby_projects_gemfile_marks_its_root(tmp_path: Path) -> None:
    """Each language's project file marks a root (`LanguageSpec.project_markers`); Ruby's is Bundler's Gemfile."""
    project = tmp_path / "shop"
    (project / "lib").mkdir(parents=True)
    (project / "Gemfile").write_text("source 'https://rubygems.org'\n")
    cart = project / "lib" / "cart.rb"
    cart.write_text("class Cart\nend\n")
    found = marked_root(cart)
    assert found is not None and (found.path, found.why) == (project, "holds Gemfile")
