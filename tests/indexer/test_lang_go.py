"""Go: types, methods with receivers, interfaces, grouped declarations, references and imports."""

from __future__ import annotations

from tests.support.memory import LANGS, REALISTIC, children, index_fixture, index_text, kinds, sym

CACHE = index_fixture(REALISTIC / "cache.go")


def test_hierarchy_with_methods_attached_to_their_receiver_type() -> None:
    assert kinds(CACHE) == {
        "ErrMiss": "variable",
        "hits": "variable",
        "misses": "variable",
        "DefaultSize": "constant",
        "maxSize": "constant",
        "Cache": "struct",
        "Cache.mu": "field",
        "Cache.items": "field",
        "Cache.order": "field",
        "Cache.size": "field",
        "entry": "struct",
        "entry.key": "field",
        "entry.value": "field",
        "Getter": "interface",
        "Getter.Get": "method",
        "Getter.Len": "method",
        "Size": "type_parameter",
        "New": "function",
        "Cache.Get": "method",
        "Size.String": "method",
    }
    # A method is declared at file level: its parent is the file, its qualified name goes through its
    # receiver's type (generic and pointer receivers included).
    get = sym(CACHE, "Cache.Get")
    assert get.parent == "cache.go::"
    assert get.id == "cache.go::Cache.Get"
    assert children(CACHE, "Cache") == ["Cache.mu", "Cache.items", "Cache.order", "Cache.size"]


def test_signatures_and_doc_comments() -> None:
    assert sym(CACHE, "Cache").signature == "type Cache[K comparable, V any] struct"
    assert sym(CACHE, "Cache").doc == "Cache is a thread-safe LRU."
    assert sym(CACHE, "Cache.Get").signature == "func (c *Cache[K, V]) Get(key K) (V, bool)"
    assert sym(CACHE, "Cache.Get").doc == "Get looks up a key."
    assert sym(CACHE, "New").signature == "func New[K comparable, V any](size int) *Cache[K, V]"
    assert sym(CACHE, "ErrMiss").doc == ""  # the doc is on the var declaration, the symbol is the spec
    assert sym(CACHE, "Size.String").doc == ""


def test_references_receiver_members_and_package_qualified_names() -> None:
    refs = sym(CACHE, "Cache.Get").refs
    assert refs[:6] == ("c", "Cache", "K", "V", "key", "bool")
    assert {"c.mu", "c.items", "c.order", "hits", "misses", "lg.Printf", "entry"} <= set(refs)
    assert "miss %v" not in refs and "miss" not in refs
    assert {"DefaultSize", "make", "list.Element", "list.New"} <= set(sym(CACHE, "New").refs)


def test_imports_with_aliases() -> None:
    assert [(i.module, i.alias, i.bound) for i in CACHE.imports] == [
        ("container/list", "list", "list"),
        ("sync", "sync", "sync"),
        ("log", "lg", "lg"),
        ("embed", "_", "_"),
    ]
    sample = index_fixture(LANGS / "sample.go")
    assert [(i.module, i.bound) for i in sample.imports] == [("fmt", "fmt"), ("math", "m")]
    assert sym(sample, "Server.Start").refs[-3:] == ("fmt.Println", "s.addr", "helper")


def test_embedded_fields_are_fields_named_by_their_type() -> None:
    # gorilla/mux's Route embeds routeConf; others embed pointers, imported and generic types.
    index = index_text(
        "route.go",
        "package mux\n\ntype Route struct {\n\thandler http.Handler\n\trouteConf\n\t*Base\n\tio.Reader\n"
        '\t*sync.Mutex\n\tList[int]\n\tname string `json:"name"`\n}\n',
    )
    assert children(index, "Route") == [
        "Route.handler",
        "Route.routeConf",
        "Route.Base",
        "Route.Reader",
        "Route.Mutex",
        "Route.List",
        "Route.name",
    ]
    assert sym(index, "Route.Mutex").signature == "*sync.Mutex"
    assert sym(index, "Route.routeConf").name_start == (4, 1)
