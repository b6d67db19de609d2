"""The Java oracle (javac's attribution through bench/JavaDefs.java) on a two-file workspace, and the Rust
hand-checked manifest against the crates it was checked on."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bench import lang_corpus
from bench.java_rust_oracles import RUST_MANIFEST, HandCheckedOracle, JavaOracle

ENGINE = """package car;

public class Engine {
    int rpm;

    void start() {
        rpm = 1;
    }
}
"""
CAR = """package car;

class Car {
    private Engine engine;

    void go(int times) {
        int done = 0;
        engine.start();
        done += engine.rpm * times;
    }
}
"""


@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK (bash scripts/install-oracles.sh)")
def test_javac_leads_each_name_of_a_method_to_its_declaration_and_leaves_out_locals(tmp_path: Path) -> None:
    files = {"car/Engine.java": ENGINE, "car/Car.java": CAR}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    oracle = JavaOracle(tmp_path, files, module="")
    try:
        spans = oracle.spans("car/Car.java", CAR)
        assert [(s.qualname, s.start, s.header_end, s.close, s.last) for s in spans] == [
            ("Car.go", 6, 6, 10, 9)
        ]
        units = oracle.needs(spans[0], CAR)
    finally:
        oracle.close()
    found = {(u.name, u.kind, tuple((s.path, s.lines) for s in u.alternatives)) for u in units}
    assert found == {
        ("engine", "global", (("car/Car.java", (4,)),)),
        ("start", "xfile-typed-member", (("car/Engine.java", (6,)),)),
        ("rpm", "xfile-typed-member", (("car/Engine.java", (4,)),)),
    }
    assert oracle.compile_errors == 0


def test_every_hand_checked_rust_need_names_its_declaration_line() -> None:
    manifest = json.loads(RUST_MANIFEST.read_text())
    try:
        corpus = lang_corpus.load_rust()
    except lang_corpus.CorpusError as exc:
        pytest.skip(f"the Rust crates are not installed: {exc}")
    assert 20 <= len(manifest["targets"]) <= 30
    oracle = HandCheckedOracle(corpus.files)
    for target in manifest["targets"]:
        for need in target["needs"]:
            for path, line, _what in need["sites"]:
                text = corpus.files[path].splitlines()[line - 1]
                assert re.search(rf"\b{re.escape(need['name'])}\b", text), (target["qualname"], need, text)
    spans = [
        s for path in {t["path"] for t in manifest["targets"]} for s in oracle.spans(path, corpus.files[path])
    ]
    assert len(spans) == len(manifest["targets"])
    assert sum(len(oracle.needs(s, corpus.files[s.path])) for s in spans) > 250
