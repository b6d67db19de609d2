"""Java: classes, interfaces, enums, records, annotations, members, references and imports."""

from __future__ import annotations

from tests.support.memory import REALISTIC, children, index_fixture, index_text, kinds, sym


def test_enum_constants_are_members_of_their_enum() -> None:
    text = "enum Status {\n  NEW,\n  PAID { @Override boolean done() { return true; } };\n  boolean done() { return false; }\n}\n"
    index = index_text("Status.java", text)
    assert children(index, "Status") == ["Status.NEW", "Status.PAID", "Status.done"]
    assert children(index, "Status.PAID") == ["Status.PAID.done"]
    assert kinds(index)["Status.NEW"] == "constant"
    assert sym(index, "Status.PAID").name_start == (2, 2)


# -- a realistic class: tests/fixtures/realistic/OrderService.java ----------------------------------------

ORDERS = index_fixture(REALISTIC / "OrderService.java")


def test_hierarchy_of_nested_types_and_members() -> None:
    assert children(ORDERS, "") == ["OrderService"]
    assert children(ORDERS, "OrderService") == [
        "OrderService.MAX_ITEMS",
        "OrderService.repo",
        "OrderService.clock",
        "OrderService.OrderService",
        "OrderService.place",
        "OrderService.close",
        "OrderService.Line",
        "OrderService.Status",
        "OrderService.Audited",
        "OrderService.Builder",
    ]
    found = kinds(ORDERS)
    assert found["OrderService.OrderService"] == "constructor"
    assert found["OrderService.Line"] == "class"  # a record
    assert found["OrderService.Audited"] == "interface"  # an annotation type
    assert found["OrderService.Status"] == "enum"
    # A field and a method may share a name: ids stay distinct.
    assert [s.id for s in ORDERS.by_qualname["OrderService.Builder.name"]] == [
        "OrderService.java::OrderService.Builder.name",
        "OrderService.java::OrderService.Builder.name#2",
    ]


def test_annotations_docs_and_signatures() -> None:
    service = sym(ORDERS, "OrderService")
    assert service.decorators == ("@Service", "@Transactional(readOnly = true)")
    assert service.doc == "Service for orders."
    # The class starts at its annotations; its name is where the name is.
    assert service.start == (10, 0)
    assert service.name_start == (12, 13)
    place = sym(ORDERS, "OrderService.place")
    assert place.decorators == ("@Override", "@Transactional")
    assert place.doc == "Place an order."
    assert place.signature == (
        "@Override @Transactional public <T extends Item> Order place(Customer c, List<T> items) "
        "throws OrderException"
    )
    assert sym(ORDERS, "OrderService.clock").decorators == ("@Inject",)


def test_references_and_imports() -> None:
    place = sym(ORDERS, "OrderService.place").refs
    assert {"items.size", "MAX_ITEMS", "clock.now", "repo.save", "o.add", "OrderException"} <= set(place)
    assert "too many" not in place and "too" not in place
    assert sym(ORDERS, "OrderService.OrderService").refs == (
        "OrderRepository",
        "repo",
        "this.repo",
        "requireNonNull",
    )
    assert [(i.module, i.name) for i in ORDERS.imports] == [
        ("java.util", "List"),
        ("java.util.concurrent", "*"),
        ("java.util.Objects", "requireNonNull"),
        ("com.acme.core", "Entity"),
    ]
