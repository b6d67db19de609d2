"""Ruby: its grammar and keywords; classes and modules are global (the program shares one namespace).

`require` is a method call in Ruby's grammar, not a statement of its own: the extractor reads no imports,
and names defined in other files resolve through the shared namespace, as C's do.
"""

from __future__ import annotations

from typing import ClassVar

from .risky import CODE, DELETE, NETWORK, PROCESS
from .spec import LanguageSpec


class RubySpec(LanguageSpec):
    """Ruby: `def` in a class or module is a method; `::` and `.` reach members."""

    line_comment = "#"
    fence_tags = frozenset({"ruby", "rb"})
    project_markers = ("Gemfile",)  # Bundler's: at the top of every Ruby application and gem
    # Kernel's methods are called bare (`system("id")`); `::` reads as `.` (`Net::HTTP.get` is `Net.HTTP.get`).
    risky_calls = (
        *((p, PROCESS) for p in ("system", "exec", "spawn", "fork", "Process.spawn", "IO.popen")),
        *(
            (p, PROCESS)
            for p in ("Kernel.system", "Kernel.exec", "Kernel.spawn", "Kernel.fork", "Open3.*", "PTY.*")
        ),
        *((p, NETWORK) for p in ("Net.*", "URI.open", "Socket", "Socket.*", "TCPSocket", "TCPSocket.*")),
        *((p, NETWORK) for p in ("UDPSocket", "UDPSocket.*")),
        *((p, CODE) for p in ("eval", "Kernel.eval", "instance_eval", "class_eval", "module_eval")),
        *(
            (p, DELETE)
            for p in ("File.delete", "File.unlink", "FileUtils.rm*", "FileUtils.remove*", "Dir.rmdir")
        ),
    )
    keyword_list: ClassVar[frozenset[str]] = frozenset(
        [
            "BEGIN",
            "END",
            "alias",
            "and",
            "begin",
            "break",
            "case",
            "class",
            "def",
            "defined",
            "do",
            "else",
            "elsif",
            "end",
            "ensure",
            "false",
            "for",
            "if",
            "in",
            "module",
            "next",
            "nil",
            "not",
            "or",
            "redo",
            "rescue",
            "retry",
            "return",
            "self",
            "super",
            "then",
            "true",
            "undef",
            "unless",
            "until",
            "when",
            "while",
            "yield",
            "require",
            "require_relative",
            "attr_reader",
            "attr_writer",
            "attr_accessor",
            "private",
            "protected",
            "public",
            "raise",
            "puts",
        ]
    )
    member_separators: ClassVar[tuple[bytes, ...]] = (rb"\.", rb"::")
    long_separators: ClassVar[frozenset[bytes]] = frozenset({b"::"})
    shared_namespace = True
