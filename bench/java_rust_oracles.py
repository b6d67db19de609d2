"""The Java oracle (javac's attribution, via bench/JavaDefs.java) and Rust's hand-checked one (a manifest).

- Java: JavaDefs.java, compiled by the bench into bench/_data/java-oracle with the installed JDK, parses
  and attributes the whole corpus in one javac task (the files patched into java.base), then answers, file
  by file, each method's lines and the declarations its identifiers and member selects resolve to.
- Rust: no rust-analyzer installs on this machine (not on PyPI, npm or Debian 12; rustup has no network),
  so the targets and their needs are read from bench/manifests/rust-handchecked.json, written by reading
  the code: each need names the declaration line(s) of what the target uses. Results built on it are
  labelled "hand-checked".

Both give `bench.lang_oracles.Span`s and units through `group`, as the other languages' oracles do.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.corpus import DATA, MANIFESTS
from bench.lang_oracles import Span, group
from bench.oracle import Unit

JAVA_SOURCE = Path(__file__).with_name("JavaDefs.java")
JAVA_CLASSES = DATA / "java-oracle"
RUST_MANIFEST = MANIFESTS / "rust-handchecked.json"
_Found = list[tuple[str, str, list[tuple[str, int, str]]]]


def _compiled() -> Path:
    """JavaDefs compiled with the installed javac, again whenever the source is newer."""
    if shutil.which("javac") is None or shutil.which("java") is None:
        raise RuntimeError("javac is not installed: run `apt-get install -y openjdk-17-jdk-headless`")
    target = JAVA_CLASSES / "JavaDefs.class"
    if not target.exists() or target.stat().st_mtime < JAVA_SOURCE.stat().st_mtime:
        JAVA_CLASSES.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            ["javac", "-d", str(JAVA_CLASSES), str(JAVA_SOURCE)], capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise RuntimeError(f"javac failed on {JAVA_SOURCE.name}: {proc.stderr.strip()[-400:]}")
    return JAVA_CLASSES


class JavaOracle:
    """One JVM for the run: the corpus attributed once, then asked file by file."""

    language = "java"

    def __init__(self, root: Path, files: dict[str, str], module: str = "java.base") -> None:
        classes = _compiled()
        # The file list stays on disk for the JVM's start only; each oracle has its own.
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("".join(f"{rel}\n" for rel in sorted(files)))
        self.queries = 0
        self.outside = 0
        self._needs: dict[tuple[str, int], _Found] = {}
        # Patched into its module (java.base), the corpus sees the module's internals, as when the JDK builds.
        patch = ["--patch-module", module] if module else []
        self.proc = subprocess.Popen(
            ["java", "-Xmx2g", "-cp", str(classes), "JavaDefs", str(root), listing.name, *patch],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            ready = self._line()
        finally:
            Path(listing.name).unlink()
        if not ready.startswith("ready "):
            raise RuntimeError(f"the Java oracle did not start: {ready[:200]!r}")
        # javac's errors on the corpus (a handful where the patched sources differ from the JDK's classes).
        self.compile_errors = int(ready.split()[1])

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the Java oracle exited")
        return line

    def spans(self, path: str, text: str) -> list[Span]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(path + "\n")
        self.proc.stdin.flush()
        answer: Any = json.loads(self._line())
        if isinstance(answer, dict):
            raise RuntimeError(f"the Java oracle: {answer.get('error')}")
        out = []
        for i, m in enumerate(answer):
            span = Span(path, m["qualname"], m["start"], m["headerEnd"], m["close"], m["last"],
                        ((m["start"], m["headerEnd"]),), i)  # fmt: skip
            self._needs[(path, i)] = [
                (n["name"], n["how"], [(p, line, what) for p, line, what in n["sites"]]) for n in m["needs"]
            ]
            self.outside += sum(1 for n in m["needs"] if n.get("outside"))
            out.append(span)
        return out

    def needs(self, span: Span, text: str) -> list[Unit]:
        found = self._needs[(span.path, span.ident)]
        self.queries += len(found)
        return group(span, found)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class HandCheckedOracle:
    """Targets and needs read from a manifest written by hand (Rust: no language server installs here)."""

    language = "rust"

    def __init__(self, files: dict[str, str], manifest: Path = RUST_MANIFEST) -> None:
        data = json.loads(manifest.read_text())
        self.queries = 0
        self.outside = 0
        self._targets: dict[str, list[dict[str, Any]]] = {}
        for t in data["targets"]:
            if t["path"] not in files:
                raise RuntimeError(f"{manifest.name}: {t['path']} is not in the corpus")
            self._targets.setdefault(t["path"], []).append(t)

    def spans(self, path: str, text: str) -> list[Span]:
        lines = text.splitlines()
        out = []
        for i, t in enumerate(self._targets.get(path, [])):
            name = t["qualname"].rsplit("::", 1)[-1]
            if name not in lines[t["start"] - 1]:
                raise RuntimeError(f"{path}:{t['start']} does not declare {t['qualname']} (a stale manifest)")
            out.append(Span(path, t["qualname"], t["start"], t["header_end"], t["close"], t["last"],
                            ((t["start"], t["header_end"]),), i))  # fmt: skip
        return out

    def needs(self, span: Span, text: str) -> list[Unit]:
        t = self._targets[span.path][span.ident]
        found: _Found = [
            (n["name"], n["how"], [(p, line, what) for p, line, what in n["sites"]]) for n in t["needs"]
        ]
        self.queries += len(found)
        return group(span, found)

    def close(self) -> None:
        """Nothing runs."""
