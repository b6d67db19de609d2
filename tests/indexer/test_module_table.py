"""The memory's dotted-module table, filled from what each language's spec says a file is imported by
(`LanguageSpec.importable_names`): Python's `.py` and `.pyi` files by their module name, and without a `src.`,
`lib.` or `Lib.` prefix (src/ layouts import their packages without it); nothing for a `.pyw` script or a file
of another language. Through a real workspace: indexed, reopened from its store, and an editor's buffer."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.languages import BY_NAME
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, write_tree

FILES = {
    "src/shop/__init__.py": "",
    "src/shop/cart.py": "class Cart:\n    pass\n",
    "lib/tools/money.pyi": "def cents(x: int) -> int: ...\n",
    "script.pyw": "def run():\n    return 1\n",
    "web/shop.ts": "export class Cart {}\n",
    "app.py": "from shop.cart import Cart\nfrom tools.money import cents\n\n\ndef main():\n    return Cart(), cents(1)\n",
}


def test_python_files_are_importable_by_their_module_names_and_without_a_src_prefix(tmp_path: Path) -> None:
    memory = Memory(write_tree(tmp_path, FILES), persist=False)
    memory.index_all(jobs=1)
    try:
        assert memory.module_path("shop.cart") == "src/shop/cart.py"
        assert memory.module_path("src.shop.cart") == "src/shop/cart.py"
        assert memory.module_path("shop") == "src/shop/__init__.py"
        assert memory.module_path("tools.money") == "lib/tools/money.pyi"
        assert memory.module_path("script") is None  # a .pyw script is no module
        assert memory.module_path("web.shop") is None  # TypeScript resolves by path, not by dotted name
        assert definitions(memory, "app.py", "Cart(") == [("src/shop/cart.py", "Cart")]
        assert definitions(memory, "app.py", "cents(") == [("lib/tools/money.pyi", "cents")]
        # An editor's buffer joins the table as the file on disk would.
        memory.open_document("src/shop/tax.py", "RATE = 2\n", 1)
        assert memory.module_path("shop.tax") == "src/shop/tax.py"
    finally:
        memory.close()


def test_a_reopened_store_fills_the_table_again(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", FILES)
    store = tmp_path / "store.db"
    first = Memory(root, store_path=store)
    first.index_all(jobs=1)
    first.close()
    again = Memory(root, store_path=store)
    try:
        assert again.module_path("shop.cart") == "src/shop/cart.py"
        assert again.module_path("script") is None
    finally:
        again.close()


def test_only_python_names_its_files_by_dotted_module_names() -> None:
    named = {name for name, spec in BY_NAME.items() if spec.importable_names(f"a/b.{spec.extensions[0][1:]}")}
    assert named == {"python"}
    assert BY_NAME["python"].importable_names("Lib/json/decoder.py") == ("Lib.json.decoder", "json.decoder")
