"""A file's own documentation: the first line of it, in every language, and what is not it."""

from __future__ import annotations

import pytest
from archmem.indexer.document import Document
from archmem.indexer.languages import language_for

from tests.support.memory import index_text, sym


@pytest.mark.parametrize(
    ("path", "text", "doc"),
    [
        ("a.py", '#!/usr/bin/env python\n# a comment\n"""Task queue."""\n', "Task queue."),
        # Rust: inner doc comments, line or block, document the crate or module.
        ("lib.rs", "//! Crate doc.\n//! More.\n\nfn f() {}\n", "Crate doc."),
        ("m.rs", "// Licence: MIT\n/*!\n * Block module doc.\n */\nuse std::io;\n", "Block module doc."),
        ("f.rs", "/// Doc of f.\nfn f() {}\n", ""),
        # Go: the comment right above the package clause, after a licence or a build constraint.
        ("a.go", "// Copyright 2024 X\n\n// Package foo does it.\npackage foo\n", "Package foo does it."),
        (
            "b.go",
            "//go:build linux\n\n// Package foo does it.\n// More.\npackage foo\n",
            "Package foo does it.",
        ),
        ("c.go", "// Not the package comment: a blank line follows.\n\npackage foo\n", ""),
        # Java: the comment above the package declaration (package-info.java), never a licence.
        ("package-info.java", "/** Orders and their lines. */\npackage shop;\n", "Orders and their lines."),
        ("B.java", "/*\n * Copyright 2020 X.\n */\npackage a;\n\n/** Class doc. */\nclass B {}\n", ""),
        # JS/TS: a JSDoc file tag, a comment detached from the first definition; directives are skipped.
        ("a.js", "#!/usr/bin/env node\n/** @file Tools for x. */\nimport x from 'y';\n", "Tools for x."),
        (
            "b.js",
            "/* eslint-disable */\n/**\n * @fileoverview Helpers.\n */\n\nfunction f() {}\n",
            "Helpers.",
        ),
        ("c.ts", "// Utilities for routes.\n\nexport function f() {}\n", "Utilities for routes."),
        ("d.ts", "/** Doc of f, not of the file. */\nexport function f() {}\n", ""),
        ("e.ts", "// @ts-nocheck\nexport const x = 1;\n", ""),
        # C: a comment before the include guard.
        (
            "list.h",
            "/* list.h: singly linked lists. */\n#ifndef LIST_H\n#define LIST_H\n#endif\n",
            "list.h: singly linked lists.",
        ),
        ("f.c", "/* SPDX-License-Identifier: MIT */\n\nint x;\n", ""),
    ],
)
def test_module_doc(path: str, text: str, doc: str) -> None:
    assert index_text(path, text).module_doc == doc


def test_rust_inner_doc_comment_is_not_the_doc_of_what_follows() -> None:
    index = index_text("lib.rs", "//! Crate doc.\nfn f() {}\n")
    assert (index.module_doc, sym(index, "f").doc) == ("Crate doc.", "")


def test_module_doc_follows_edits_to_the_leading_comment() -> None:
    spec = language_for("a.go")
    assert spec is not None
    text = b"// Package foo does it.\npackage foo\n"
    doc = Document("a.go", spec, text)
    doc.replace(text.index(b"does"), text.index(b"does") + 4, "makes")
    assert doc.index.module_doc == "Package foo makes it."
    doc.replace(text.index(b"\n"), text.index(b"\n"), "\n")  # a blank line: no longer the package comment
    assert doc.index.module_doc == ""
