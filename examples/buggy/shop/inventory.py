"""Items in stock and what they are worth."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    name: str
    count: int
    price: float


def total_value(items):
    """The value of everything in stock."""
    return sum(item.count * item.price for item in items)
