"""The corpora: tier A (long files of this machine's standard library) and tier C (one pinned PyPI package).

Both are pinned by a manifest of file hashes in `bench/manifests/`; a different interpreter or a changed
download fails loudly instead of silently changing the numbers (`--regenerate-manifest` rewrites it).
The files are copied into `bench/_data/` (gitignored), which is the workspace root handed to the packer.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bench import tokens

BENCH_DIR = Path(__file__).resolve().parent
MANIFESTS = BENCH_DIR / "manifests"
DATA = BENCH_DIR / "_data"

MIN_TOKENS = 10_000
# Data tables, tests and vendored tools are not code anyone edits deep inside (BENCH_CONTEXT.md).
_EXCLUDED_PARTS = frozenset(
    {"encodings", "pydoc_data", "idlelib", "lib2to3", "test", "tests", "site-packages", "__pycache__"}
)
_EXCLUDED_FILES = frozenset({"html/entities.py"})

PACKAGE_MIN_TOKENS = 4_000
TIER_C_PACKAGE = "rich"
TIER_C_VERSION = "14.3.4"


class CorpusError(RuntimeError):
    """The corpus on this machine does not match its manifest, or could not be fetched."""


@dataclass(frozen=True)
class Corpus:
    """Files of one tier: `root` is the workspace directory, `files` maps relative paths to their text."""

    tier: str
    root: Path
    files: dict[str, str]
    long_files: tuple[str, ...]  # the files whose functions are targets


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stdlib_candidates(stdlib: Path) -> list[str]:
    out: list[str] = []
    for p in sorted(stdlib.rglob("*.py")):
        rel = p.relative_to(stdlib).as_posix()
        parts = rel.split("/")
        if _EXCLUDED_PARTS.intersection(parts[:-1]) or rel in _EXCLUDED_FILES:
            continue
        if parts[-1].startswith("_sysconfigdata"):
            continue
        out.append(rel)
    return out


def stdlib_manifest_path() -> Path:
    return MANIFESTS / f"stdlib-{platform.python_version()}.json"


def _select_stdlib(stdlib: Path) -> list[dict[str, object]]:
    selected: list[dict[str, object]] = []
    for rel in _stdlib_candidates(stdlib):
        data = (stdlib / rel).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        n = tokens.count(text)
        if n >= MIN_TOKENS:
            selected.append({"path": rel, "sha256": _sha256(data), "tokens": n})
    return selected


def load_stdlib(regenerate: bool = False) -> Corpus:
    """Tier A: verify (or, with `regenerate`, rewrite) the manifest, then copy the files into `_data/`."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    manifest = stdlib_manifest_path()
    if regenerate:
        entries = _select_stdlib(stdlib)
        MANIFESTS.mkdir(parents=True, exist_ok=True)
        manifest.write_text(
            json.dumps(
                {
                    "python": platform.python_version(),
                    "implementation": sys.implementation.name,
                    "min_tokens": MIN_TOKENS,
                    "tokenizer": tokens.ENCODING_NAME,
                    "files": entries,
                },
                indent=1,
            )
            + "\n"
        )
    if not manifest.exists():
        known = sorted(p.name for p in MANIFESTS.glob("stdlib-*.json"))
        raise CorpusError(
            f"no manifest for Python {platform.python_version()} ({manifest}); known: {known}. "
            "Run with the interpreter a manifest names, or pass --regenerate-manifest to pin this one."
        )
    spec = json.loads(manifest.read_text())
    files: dict[str, str] = {}
    mismatched: list[str] = []
    for entry in spec["files"]:
        rel = entry["path"]
        src = stdlib / rel
        data = src.read_bytes() if src.exists() else b""
        if _sha256(data) != entry["sha256"]:
            mismatched.append(rel)
            continue
        files[rel] = data.decode("utf-8")
    if mismatched:
        raise CorpusError(
            f"{len(mismatched)} stdlib file(s) differ from {manifest.name} (e.g. {mismatched[:3]}): "
            "this interpreter's library is not the one the numbers were pinned on; "
            "pass --regenerate-manifest to pin it deliberately."
        )
    root = DATA / f"stdlib-{platform.python_version()}"
    _materialize(root, files)
    return Corpus("A", root, files, tuple(files))


def _materialize(root: Path, files: dict[str, str]) -> None:
    """Make `root` (the workspace the packer indexes) hold exactly `files`: write those whose bytes differ,
    remove anything else. A file already right is left as it is, never deleted and written again: runs that
    overlap (two benches of one worktree, or the spawned indexing workers of a script that calls a bench's
    `main` without an `if __name__ == "__main__"` guard, which re-run it when they import the script) used to
    delete the corpus under each other's indexing, and the prompts then changed with the files the race left
    out (docs/performance-log/session-20.md, det14)."""
    wanted = {root / rel: text.encode("utf-8") for rel, text in files.items()}
    if root.exists():
        # Deepest paths first, so a directory is looked at after what it held.
        for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path not in wanted:
                path.unlink(missing_ok=True)
    for dest, data in wanted.items():
        if dest.is_file() and dest.read_bytes() == data:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def package_manifest_path() -> Path:
    return MANIFESTS / f"{TIER_C_PACKAGE}-{TIER_C_VERSION}.json"


def _download_wheel() -> Path:
    downloads = DATA / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    pattern = f"{TIER_C_PACKAGE}-{TIER_C_VERSION}-*.whl"
    found = sorted(downloads.glob(pattern))
    if not found:
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--disable-pip-version-check",
            "--quiet",
            "-d",
            str(downloads),
            f"{TIER_C_PACKAGE}=={TIER_C_VERSION}",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise CorpusError(
                f"pip download {TIER_C_PACKAGE}=={TIER_C_VERSION} failed: {proc.stderr.strip()}"
            )
        found = sorted(downloads.glob(pattern))
    if len(found) != 1:
        raise CorpusError(f"expected one wheel matching {pattern} in {downloads}, found {len(found)}")
    return found[0]


def load_package(regenerate: bool = False) -> Corpus:
    """Tier C: the pinned pure-Python package, downloaded with pip, verified against its manifest."""
    wheel = _download_wheel()
    manifest = package_manifest_path()
    wheel_hash = _sha256(wheel.read_bytes())
    files: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as zf:
        for name in sorted(zf.namelist()):
            if name.startswith(f"{TIER_C_PACKAGE}/") and name.endswith(".py"):
                files[name] = zf.read(name).decode("utf-8")
    if regenerate or not manifest.exists():
        if not regenerate:
            raise CorpusError(f"no manifest {manifest}; pass --regenerate-manifest to pin {wheel.name}")
        manifest.write_text(
            json.dumps(
                {
                    "wheel": wheel.name,
                    "sha256": wheel_hash,
                    "files": [{"path": k, "sha256": _sha256(v.encode())} for k, v in files.items()],
                },
                indent=1,
            )
            + "\n"
        )
    spec = json.loads(manifest.read_text())
    if spec["sha256"] != wheel_hash:
        raise CorpusError(f"{wheel.name} has sha256 {wheel_hash}, the manifest pins {spec['sha256']}")
    root = DATA / f"{TIER_C_PACKAGE}-{TIER_C_VERSION}"
    _materialize(root, files)
    # Targets sit >= 2,000 tokens into a file, so only files well past that can hold any.
    long_files = tuple(rel for rel, text in files.items() if tokens.count(text) >= PACKAGE_MIN_TOKENS)
    return Corpus("C", root, files, long_files)
