"""The pygls internals the adapter reaches into are still there, with the parameters it passes, and nothing
outside server/lsp/server.py reaches into pygls objects: a pygls upgrade that renames one fails here, by
name, instead of somewhere in a live session."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from archmem.server.lsp import server as lsp_server
from archmem.server.lsp.server import PYGLS_INTERNALS, ArchmemServer
from lsprotocol import types
from pygls.lsp.server import LanguageServer

LSP_DIR = Path(lsp_server.__file__).parent
_SIGNATURE = re.compile(r"(?P<name>\w+)(?:\((?P<params>[^)]*)\))?")
# `obj._name` where obj is not `self`: a private attribute of another object. os._exit is the standard
# library's public way to end a process.
_REACH = re.compile(r"(?<![\w.])(?!self\b|os\b)(\w+(?:\.\w+)*)\.(_[a-z]\w*)")


def _owner(dotted: str) -> object:
    module, _, attribute = dotted.rpartition(".")
    try:
        return importlib.import_module(dotted)
    except ImportError:
        return getattr(importlib.import_module(module), attribute)


def _instance_attributes(owner: object) -> set[str]:
    """What a plain pygls server (or its protocol, if `owner` is the protocol's class) sets on itself."""
    plain = LanguageServer("surface", "0")
    instance = plain.protocol if isinstance(owner, type) and isinstance(plain.protocol, owner) else plain
    return set(vars(instance)) if isinstance(owner, type) and isinstance(instance, owner) else set()


@pytest.mark.parametrize(("where", "internal", "why"), PYGLS_INTERNALS, ids=[i[1] for i in PYGLS_INTERNALS])
def test_each_pygls_internal_exists_with_the_parameters_archmem_passes(
    where: str, internal: str, why: str
) -> None:
    match = _SIGNATURE.fullmatch(internal)
    assert match is not None, internal
    owner = _owner(where)
    name = match["name"]
    if match["params"] is None:
        assert name in _instance_attributes(owner) or hasattr(owner, name), (
            f"pygls has no {where}.{name} ({why})"
        )
        return
    function = getattr(owner, name, None)
    assert callable(function), f"pygls has no {where}.{name}() ({why})"
    wanted = [p.strip() for p in match["params"].split(",") if p.strip()]
    given = [p for p in inspect.signature(function).parameters if p != "self"]
    assert given[: len(wanted)] == wanted, f"{where}.{name} takes {given}, archmem passes {wanted}"


def test_the_wrappers_reach_a_real_server() -> None:
    server = ArchmemServer()
    try:
        assert server.converter.unstructure(types.Position(line=1, character=2)) == {
            "line": 1,
            "character": 2,
        }
        assert server.shut_down is False
        list(server.protocol.lsp_shutdown())
        assert server.shut_down is True
        stop = server.new_stop_event()
        assert not stop.is_set()
        server.shutdown()  # type: ignore[no-untyped-call]
        assert stop.is_set()
    finally:
        server.session.shutdown()
        server.collector.stop()


def test_nothing_outside_server_py_reaches_into_pygls_objects() -> None:
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(LSP_DIR.glob("*.py"))
        if path.name != "server.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if not line.lstrip().startswith("#") and _REACH.search(line)
    ]
    assert found == [], "go through ArchmemServer's wrappers instead:\n" + "\n".join(found)


def test_the_reach_check_can_fail() -> None:
    assert _REACH.search("    code = 0 if server.protocol._shutdown else 1")
    assert _REACH.search("converter = server.protocol._converter")
    assert not _REACH.search("self._writes.add(pending)") and not _REACH.search("os._exit(code)")


@pytest.mark.parametrize(
    "internal",
    ["_converter_renamed", "_send_response(msg_id, result, error, extra)", "_prepare_command_args(handler)"],
)
def test_the_surface_check_can_fail(internal: str) -> None:
    where = "pygls.protocol.json_rpc.JsonRPCProtocol"
    if internal.startswith("_prepare"):
        where = "pygls.protocol.language_server"
    with pytest.raises(AssertionError):
        test_each_pygls_internal_exists_with_the_parameters_archmem_passes(where, internal, "renamed")
