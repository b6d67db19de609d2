"""Which directory is the workspace: one rule for every command, so a file has one name and one store.

`--root` if given; else the nearest directory upward (from the file, or from the current directory when no
file is named) holding a project marker; else the current directory. `archmem serve` takes the editor's
workspace folders; when it names none, `--root`, else the marker rule from the first document opened, else
no root (`server/lsp/session.py`). A file outside the chosen root is
refused rather than indexed under a store of its own (`archmem context /etc/passwd:1`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archmem.indexer.languages import LANGUAGES

# What marks the top of a project: a repository, and the files each language's ecosystem keeps there (its
# spec's `project_markers`, the markers editors' root_markers name too).
PROJECT_MARKERS = tuple(
    dict.fromkeys((".git", ".hg", *(m for spec in LANGUAGES for m in spec.project_markers)))
)


class RootError(ValueError):
    """No usable workspace root: the message says what to pass instead."""


@dataclass(frozen=True)
class WorkspaceRoot:
    """The chosen root and why it was chosen (for the command's summary line)."""

    path: Path
    why: str

    def describe(self) -> str:
        return f"workspace {self.path} ({self.why})"


def find_root(given: str | Path | None, start: Path | None = None) -> WorkspaceRoot:
    """The workspace root for `start` (a file or directory; the current directory when None)."""
    if given is not None:
        root = Path(given).resolve()
        if not root.is_dir():
            raise RootError(f"{given} is not a directory: give the root of a workspace with --root")
        return WorkspaceRoot(root, "given")
    here = Path.cwd().resolve()
    marked = marked_root(start.resolve() if start is not None else here)
    return marked or WorkspaceRoot(here, "no project marker found upward: the current directory")


def marked_root(start: Path) -> WorkspaceRoot | None:
    """The nearest directory upward from `start` (a file or directory) holding a project marker; None if none.

    `archmem serve` asks this from the first document an editor opens when it gives no workspace folder."""
    folder = start if start.is_dir() else start.parent
    for parent in (folder, *folder.parents):
        for marker in PROJECT_MARKERS:
            if (parent / marker).exists():
                return WorkspaceRoot(parent, f"holds {marker}")
    return None


def root_for_file(given: str | Path | None, file: Path) -> WorkspaceRoot:
    """The root for a command on `file`, refusing a file outside it unless --root named that root."""
    root = find_root(given, file)
    if not file.resolve().is_relative_to(root.path):
        hint = "" if given is not None else "; pass --root DIR to name a workspace that holds it"
        raise RootError(f"{file} is outside the {root.describe()}{hint}")
    return root
