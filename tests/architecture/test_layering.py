"""The layers' forbidden import directions, read from every import of every module (those inside functions
and under TYPE_CHECKING too): indexer never imports server; server/actions and server/checks never import
server/lsp; indexer/context never imports server/models."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# (directory whose modules are checked, the package they may not import)
FORBIDDEN = (
    ("indexer", "archmem.server"),
    ("server/actions", "archmem.server.lsp"),
    ("server/checks", "archmem.server.lsp"),
    ("indexer/context", "archmem.server.models"),
)


def package_of(path: Path) -> str:
    """The import name of the package holding `path` (a file of indexer/ or server/)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    package = parts if path.name == "__init__.py" else parts[:-1]
    return ".".join(("archmem", *(p for p in package if p != "__init__")))


def imports_of(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`, a module of `package`; `from . import x`
    counts as importing both the package and `package.x`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def violations(directory: str, forbidden: str) -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / directory).rglob("*.py")):
        for line, module in imports_of(path.read_text(encoding="utf-8"), package_of(path)):
            if module == forbidden or module.startswith(forbidden + "."):
                out.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return out


def test_no_forbidden_import_direction() -> None:
    found = [v for directory, forbidden in FORBIDDEN for v in violations(directory, forbidden)]
    assert found == []


def test_the_reader_sees_imports_inside_functions_and_relative_ones() -> None:
    # The checker itself: a lazy import inside a function, and a relative import climbing out of the
    # package, are both read as what they import.
    source = "def f():\n    from archmem.server.lsp import app\n\nfrom ...lsp.convert import point_of\n"
    modules = [m for _, m in imports_of(source, "archmem.server.actions.sub")]
    assert "archmem.server.lsp" in modules
    assert "archmem.server.lsp.convert.point_of" in modules
