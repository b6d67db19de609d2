"""Generate mode in Go: a method's receiver type names the small struct it builds, as a body's name does
(`small_structs.py`): crypto/tls's `lruSessionCache.Put` sets `entry.state` of the `lruSessionCacheEntry` its
list holds, a struct neither `Put` nor its header names."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

PUT = "func (c *lruSessionCache) Put(sessionKey string, cs *State) {"
COMMON_GO = (
    "package tls\n\n"
    "type State struct {\n\tticket []byte\n}\n\n"
    "type lruSessionCache struct {\n\tm map[string]any\n}\n\n"
    "type lruSessionCacheEntry struct {\n\tsessionKey string\n\tstate      *State\n}\n\n"
    + go_filler_functions(0, 40)
    + "func (c *lruSessionCache) Get(sessionKey string) (*State, bool) {\n"
    "\treturn c.m[sessionKey].(*lruSessionCacheEntry).state, true\n}\n\n"
    + f"{PUT}\n\tc.m[sessionKey] = &lruSessionCacheEntry{{sessionKey: sessionKey, state: cs}}\n}}\n\n"
    + go_filler_functions(50, 40)
)


def test_a_methods_receiver_type_names_the_small_struct_it_builds(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "tls/common.go": COMMON_GO}
    ctx = pack_hidden_body(tmp_path, files, "tls/common.go", PUT, 300)
    lines = COMMON_GO.splitlines()
    shown = ctx.included_lines("tls/common.go")
    wanted = [lines.index("\tsessionKey string") + 1, lines.index("\tstate      *State") + 1]
    assert all(n in shown for n in wanted), ctx.ledger()
