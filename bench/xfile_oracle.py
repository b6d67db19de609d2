"""The cross-file oracle of tier C: what a target needs from other files of its package, per jedi.

The in-file oracle (bench.oracle) says which names a target takes from imports and which `self.X` it
cannot find in the file; jedi follows those (goto with follow_imports) into the package's other files.
A definition that lands in another package file is a unit: its header lines (def/class) or the first
line of its statement. jedi is the resolver here because it shares no code with archmem.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import jedi  # type: ignore[import-untyped]

from bench.oracle import ModuleOracle, Site, Target, Unit, first_param, header_colon_rows


class _FileSites:
    """Line -> site for one file: def/class headers by their first line, else the enclosing statement."""

    def __init__(self, rel: str, source: str) -> None:
        self.rel = rel
        tree = ast.parse(source)
        colons = header_colon_rows(source)
        self._sites: dict[int, Site] = {}
        stmts = sorted(
            (n for n in ast.walk(tree) if isinstance(n, ast.stmt)),
            key=lambda n: (n.end_lineno or n.lineno) - n.lineno,
            reverse=True,
        )
        # Widest statements first, so the innermost statement covering a line wins.
        for n in stmts:
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                end = colons.get(n.lineno, n.lineno)
                site = Site(
                    rel, tuple(range(n.lineno, end + 1)), "class" if isinstance(n, ast.ClassDef) else "def"
                )
                for line in range(n.lineno, end + 1):
                    self._sites[line] = site
            else:
                what = "import" if isinstance(n, ast.Import | ast.ImportFrom) else "assign"
                site = Site(rel, (n.lineno,), what)
                for line in range(n.lineno, (n.end_lineno or n.lineno) + 1):
                    self._sites[line] = site

    def at(self, line: int) -> Site | None:
        return self._sites.get(line)


class CrossFileOracle:
    """jedi over one package root; `units(oracle, target)` lists the target's cross-file units."""

    def __init__(self, root: Path, files: dict[str, str]) -> None:
        self.root = root.resolve()
        self.files = files
        self._project = jedi.Project(self.root, added_sys_path=[], smart_sys_path=False)
        self._sites: dict[str, _FileSites] = {}
        self._scripts: dict[str, Any] = {}

    def _site(self, rel: str, line: int) -> Site | None:
        if rel not in self._sites:
            self._sites[rel] = _FileSites(rel, self.files[rel])
        return self._sites[rel].at(line)

    def _script(self, rel: str) -> Any:
        if rel not in self._scripts:
            self._scripts[rel] = jedi.Script(self.files[rel], path=self.root / rel, project=self._project)
        return self._scripts[rel]

    def units(self, oracle: ModuleOracle, target: Target) -> list[Unit]:
        """Cross-file units of `target`, one per referenced name/member, alternatives = jedi's answers."""
        func = oracle.function_node(target)
        imported = {
            name
            for name, sites in oracle.module_bindings.items()
            if any(s.what == "import" for s in sites) and not oracle.table_binds(func, name)
        }
        method, cls = oracle.method_context(func)
        selfname = first_param(method) if method is not None else None
        positions: list[tuple[str, str, int, int]] = []  # (kind, label, line, byte col)
        for node in (n for stmt in func.body for n in ast.walk(stmt)):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in imported:
                positions.append(("xfile", node.id, node.lineno, node.col_offset))
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                base = node.value.id
                own_member = cls is not None and base == selfname and oracle.has_member(cls, node.attr)
                if (base == selfname and cls is not None and not own_member) or base in imported:
                    # The attribute name starts right after "base." on the line where the node ends.
                    line = node.end_lineno or node.lineno
                    col = (node.end_col_offset or 0) - len(node.attr.encode())
                    positions.append(("xfile-member", f"{base}.{node.attr}", line, col))
        lines = self.files[target.path].splitlines()
        script = self._script(target.path)
        found: dict[str, Unit] = {}
        for kind, label, line, col in positions:
            if label in found:
                continue
            char_col = len(lines[line - 1].encode()[:col].decode(errors="replace"))
            sites: list[Site] = []
            for d in script.goto(line, char_col, follow_imports=True):
                rel = self._rel(d.module_path)
                if rel is None or rel == target.path or d.line is None:
                    continue
                site = self._site(rel, d.line)
                if site is not None and site not in sites:
                    sites.append(site)
            if sites:
                found[label] = Unit(kind, label, tuple(sites))
        return list(found.values())

    def _rel(self, module_path: object) -> str | None:
        if module_path is None:
            return None
        try:
            rel = Path(str(module_path)).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None
        return rel if rel in self.files else None
