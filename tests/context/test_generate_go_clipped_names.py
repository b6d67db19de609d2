"""Generate mode in Go: a one-word lower-case method name of a letter or two more than a method of its package is
named after that method (`receivers._named_methods`): math/big's `(z *Float) uadd` computes
`z.mant = z.mant.add(x.mant, y.mant)`, `nat.add` declared in nat.go, which nothing in float.go names."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

NAT_GO = (
    "package big\n\n"
    "type nat []uint\n\n"
    "func (z nat) norm() nat {\n\treturn z\n}\n\n"
    + "".join(f"func (z nat) op{i}(x nat) nat {{\n\treturn z.norm()\n}}\n\n" for i in range(10))
    + go_filler_functions(100, 20)
    + "func (z nat) add(x, y nat) nat {\n\treturn z.norm()\n}\n\n"
    + "func (z nat) shl(x nat, s uint) nat {\n\treturn z.norm()\n}\n"
)
UADD = "func (z *Float) uadd(x, y *Float) {"
FLOAT_GO = (
    "package big\n\n"
    "type Float struct {\n\tprec uint32\n\tmant nat\n}\n\n"
    # Methods enough that the receiver is no small type whose fields' types lend their methods (`held.py`).
    + "".join(f"func (z *Float) get{i}() uint32 {{\n\treturn z.prec + {i}\n}}\n\n" for i in range(20))
    + go_filler_functions(0, 30)
    + f"{UADD}\n\tz.mant = z.mant.add(x.mant, y.mant)\n}}\n\n"
    + go_filler_functions(40, 30)
)
FILES = {"go.mod": GO_MOD, "big/nat.go": NAT_GO, "big/float.go": FLOAT_GO}


def test_a_name_a_letter_longer_than_a_method_of_its_package_offers_that_method(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "big/float.go", UADD, 400)
    line = NAT_GO.splitlines().index("func (z nat) add(x, y nat) nat {") + 1
    assert line in ctx.included_lines("big/nat.go"), ctx.ledger()
