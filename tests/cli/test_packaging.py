"""The wheel holds archmem and only archmem: every package directory, the queries and the name lists."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _listed_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    return set(config["packages"])


def test_every_source_directory_is_a_listed_package() -> None:
    found = set()
    for top, name in (("indexer", "archmem.indexer"), ("server", "archmem.server")):
        for path in [ROOT / top, *(ROOT / top).rglob("*")]:
            if path.is_dir() and "__pycache__" not in path.parts and any(path.iterdir()):
                found.add(".".join([name, *path.relative_to(ROOT / top).parts]))
    assert found == _listed_packages()


def test_the_wheel_holds_code_queries_and_name_lists_under_archmem(tmp_path: Path) -> None:
    # A copy of the sources, so no build output left in the checkout stands in for what the config says.
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("indexer", "server"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("archmem-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"archmem"}
    for lang in ("python", "javascript", "typescript", "go", "rust", "java", "c", "cpp"):
        assert f"archmem/indexer/languages/queries/{lang}.scm" in names
    for lang in ("javascript", "typescript", "go", "rust", "java", "c", "cpp", "cpp-std"):
        assert f"archmem/indexer/languages/globals/{lang}.txt" in names
    assert "archmem/server/lsp/server.py" in names
