"""Generate mode in a huge class (issue 15): the members whose headers find no room are still named, in one
compact line per class, so the budget buys more of the class than its best headers."""

from __future__ import annotations

import re
from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

_METHODS = "".join(
    f"    def handle_{i}(self, request: Request, options: dict[str, int] | None = None) -> Response:\n"
    f"        return self.route(request, {i})\n\n"
    for i in range(200)
)
SOURCE = (
    "class Request:\n    pass\n\n\nclass Response:\n    pass\n\n\n"
    "class Server:\n"
    "    def route(self, request: Request, code: int) -> Response:\n        return Response()\n\n"
    + _METHODS
    + "    def handle_new(self, request: Request) -> Response:\n"
    + '        """Handle a request nobody handled yet."""\n'
    + "        \n"
)


def test_a_huge_class_names_the_members_its_headers_leave_out(tmp_path: Path) -> None:
    (tmp_path / "server.py").write_text(SOURCE)
    lines = SOURCE.splitlines()
    cursor = len(lines) - 1
    ctx = Packer(Memory.open(tmp_path)).pack("server.py", cursor, 8, budget=2048, mode="generate")
    assert ctx.tokens <= 2048
    listed = re.findall(r"^# Server also has: (.*)$", ctx.text, re.MULTILINE)
    assert len(listed) == 1, ctx.text
    named = set(listed[0].split(", "))
    shown = ctx.included_lines("server.py")
    headers = {
        name
        for n in shown
        if (m := re.match(r"    def (handle_\d+)\(", lines[n - 1])) and (name := m.group(1))
    }
    # Named without their headers, never twice: the list holds only members whose header is not shown.
    assert named and not named & headers, (named, headers)
    assert all(re.fullmatch(r"handle_\d+|route", name) for name in named), named
    # The compact list buys many more of the class's members than its few tokens would as headers.
    assert len(named) >= 15, (named, headers)
