"""The corpora of the other languages' context recall: pinned real code, fetched by the benchmark itself.

- typescript: `effect` 3.12.0's TypeScript sources, from the npm registry (`npm pack`);
- c: the C sources of the `sqlean-py` 3.50.4.5 sdist from PyPI (`pip download`): the SQLite amalgamation
  (`sqlite3.c`, 9.3 MB, 260k lines), the shell and the sqlean extensions;
- go: the Go 1.19 standard library (Debian `golang-1.19-src`, installed with `golang-go`), without `cmd/`,
  `vendor/`, tests and testdata;
- java: `java.util` and its subpackages of the JDK 17 sources (Debian `openjdk-17-source`, the package
  fetched with `apt-get download`, not installed: its `src.zip`), checked by javac patched into java.base;
- rust: the `src/` trees of three crates from Debian `librust-*-dev` (regex-syntax, syn, serde_json, under
  /usr/share/cargo/registry), whose targets are hand-checked (no rust-analyzer installs here).

Each is pinned by a manifest in `bench/manifests/` (the archive's hash, or for Go one digest of every
file), so another version fails loudly instead of silently changing the numbers. Long files are those of
at least `MIN_TOKENS` cl100k tokens, minus data tables nobody edits.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bench import tokens
from bench.corpus import DATA, MANIFESTS, CorpusError

MIN_TOKENS = 10_000
EFFECT = ("effect", "3.12.0")
SQLEAN = ("sqlean-py", "3.50.4.5")
GOROOT_SRC = Path("/usr/lib/go-1.19/src")
# Generated tables and syscall constants: data, not code anyone edits deep inside.
_GO_DATA = re.compile(r"(^|/)(z[a-z]+_\w+\.go|\w*tables?\w*\.go|zipdata\.go)$")
_GO_SKIP_PARTS = frozenset({"cmd", "vendor", "testdata"})
JDK_SOURCE = "openjdk-17-source"
JAVA_PACKAGE = "java.base/java/util/"
CARGO_REGISTRY = Path("/usr/share/cargo/registry")
RUST_CRATES = ("regex-syntax-0.6.27", "syn-1.0.107", "serde_json-1.0.87")
# Generated code: Unicode tables and syn's derived impls (fold, visit, debug, eq...).
_RUST_DATA = re.compile(r"(^|/)(unicode_tables|gen)/")


@dataclass(frozen=True)
class LangCorpus:
    """One language's workspace: `root` on disk, `files` (relative path -> text), its long files."""

    language: str
    name: str
    root: Path
    files: dict[str, str]
    long_files: tuple[str, ...]

    @property
    def longest(self) -> str:
        return max(self.long_files, key=lambda rel: len(self.files[rel]))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pin(name: str, digest: str, regenerate: bool) -> None:
    """Check `digest` against the manifest `name` (written on first use only with `regenerate`)."""
    manifest = MANIFESTS / f"{name}.json"
    if regenerate:
        manifest.write_text(json.dumps({"name": name, "sha256": digest}, indent=1) + "\n")
    if not manifest.exists():
        raise CorpusError(f"no manifest {manifest}; pass --regenerate-manifest to pin {name}")
    pinned = json.loads(manifest.read_text())["sha256"]
    if pinned != digest:
        raise CorpusError(f"{name} has sha256 {digest}, the manifest {manifest.name} pins {pinned}")


def _fetch(what: list[str], pattern: str) -> Path:
    downloads = DATA / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    found = sorted(downloads.glob(pattern))
    if not found:
        proc = subprocess.run(what, cwd=downloads, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise CorpusError(f"{' '.join(what)} failed: {proc.stderr.strip()[-400:]}")
        found = sorted(downloads.glob(pattern))
    if len(found) != 1:
        raise CorpusError(f"expected one archive matching {pattern} in {downloads}, found {len(found)}")
    return found[0]


def _unpack(archive: Path, into: Path, keep: re.Pattern[str], strip: str) -> dict[str, str]:
    """The kept members of a tar archive, unpacked once under `into`, by path relative to `strip`."""
    files: dict[str, str] = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(strip) or not keep.search(member.name):
                continue
            rel = member.name[len(strip) :]
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            files[rel] = data.decode("utf-8", "replace")
            dest = into / rel
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
    return files


def _long(files: dict[str, str], skip: re.Pattern[str] | None = None) -> tuple[str, ...]:
    return tuple(
        sorted(
            rel
            for rel, text in files.items()
            if len(text) >= MIN_TOKENS * 2
            and (skip is None or not skip.search(rel))
            and tokens.count(text) >= MIN_TOKENS
        )
    )


def load_typescript(regenerate: bool = False) -> LangCorpus:
    name, version = EFFECT
    archive = _fetch(["npm", "pack", f"{name}@{version}", "--silent"], f"{name}-{version}.tgz")
    _pin(f"{name}-{version}", _sha256(archive.read_bytes()), regenerate)
    root = DATA / f"{name}-{version}"
    files = _unpack(archive, root, re.compile(r"\.ts$"), "package/src/")
    return LangCorpus("typescript", f"{name} {version}", root, files, _long(files))


def load_c(regenerate: bool = False) -> LangCorpus:
    name, version = SQLEAN
    archive = _fetch(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--quiet",
         "--disable-pip-version-check", "-d", ".", f"{name}=={version}"],
        f"{name.replace('-', '_')}-{version}.tar.gz",
    )  # fmt: skip
    _pin(f"{name}-{version}", _sha256(archive.read_bytes()), regenerate)
    root = DATA / f"{name}-{version}"
    strip = f"{name.replace('-', '_')}-{version}/sqlite/"
    files = _unpack(archive, root, re.compile(r"\.[ch]$"), strip)
    # clangd reads its flags here: the amalgamation and the extensions compile as plain C11.
    (root / "compile_flags.txt").write_text("-xc\n-std=gnu11\n-I.\n-DSQLITE_CORE\n")
    return LangCorpus("c", f"{name} {version}", root, files, _long(files, re.compile(r"\.h$")))


def load_go(regenerate: bool = False) -> LangCorpus:
    if not (GOROOT_SRC / "net" / "http" / "server.go").is_file():
        raise CorpusError(f"no Go 1.19 sources at {GOROOT_SRC}: run `apt-get install -y golang-go gopls`")
    files: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in sorted(GOROOT_SRC.rglob("*.go")):
        rel = path.relative_to(GOROOT_SRC).as_posix()
        if _GO_SKIP_PARTS.intersection(rel.split("/")[:-1]) or rel.endswith("_test.go"):
            continue
        data = path.read_bytes()
        digest.update(rel.encode() + b"\0" + data)
        files[rel] = data.decode("utf-8", "replace")
    _pin("go-1.19-std", digest.hexdigest(), regenerate)
    # gopls answers for GOROOT itself (module std); the memory indexes the same tree, read in place.
    return LangCorpus("go", "Go 1.19 std", GOROOT_SRC, files, _long(files, _GO_DATA))


def load_java(regenerate: bool = False) -> LangCorpus:
    deb = _fetch(["apt-get", "download", "-q", JDK_SOURCE], f"{JDK_SOURCE}_*.deb")
    version = deb.name.split("_")[1]
    _pin(f"{JDK_SOURCE}-{version}", _sha256(deb.read_bytes()), regenerate)
    root = DATA / f"openjdk-{version.split('+')[0]}-java.util"
    files: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not (root / "java" / "util" / "HashMap.java").is_file():
            proc = subprocess.run(
                ["dpkg-deb", "-x", str(deb), tmp], capture_output=True, text=True, check=False
            )
            zips = sorted(Path(tmp).rglob("src.zip"))
            if proc.returncode != 0 or not zips:
                raise CorpusError(f"no src.zip in {deb.name}: {proc.stderr.strip()[-400:]}")
            with zipfile.ZipFile(zips[0]) as z:
                for name in z.namelist():
                    if name.startswith(JAVA_PACKAGE) and name.endswith(".java"):
                        dest = root / name[len("java.base/") :]
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        dest.write_bytes(z.read(name))
    for path in sorted(root.rglob("*.java")):
        files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return LangCorpus("java", f"OpenJDK {version} java.util", root, files, _long(files))


def load_rust(regenerate: bool = False) -> LangCorpus:
    """The three crates' `src/`, copied side by side under one root (a workspace of three crates)."""
    missing = [c for c in RUST_CRATES if not (CARGO_REGISTRY / c / "src" / "lib.rs").is_file()]
    if missing:
        raise CorpusError(
            f"no {', '.join(missing)} in {CARGO_REGISTRY}: run `bash scripts/install-oracles.sh`"
        )
    root = DATA / "rust-crates"
    files: dict[str, str] = {}
    digest = hashlib.sha256()
    for crate in RUST_CRATES:
        for path in sorted((CARGO_REGISTRY / crate / "src").rglob("*.rs")):
            rel = f"{crate}/{path.relative_to(CARGO_REGISTRY / crate).as_posix()}"
            data = path.read_bytes()
            digest.update(rel.encode() + b"\0" + data)
            files[rel] = data.decode("utf-8", "replace")
            dest = root / rel
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
    _pin("rust-crates", digest.hexdigest(), regenerate)
    return LangCorpus(
        "rust", "regex-syntax 0.6.27, syn 1.0.107, serde_json 1.0.87", root, files, _long(files, _RUST_DATA)
    )


LOADERS = {"typescript": load_typescript, "c": load_c, "go": load_go, "java": load_java, "rust": load_rust}
