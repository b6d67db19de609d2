"""Print a stock report: python -m shop.report stock.csv"""

import os
import sys

from shop.inventory import Item


def load_items(path):
    items = []
    with open(path, newline="") as handle:
        for name, count, price in csv.reader(handle):
            items.append(Item(name, int(count), float(price)))
    return items


def report(items, out=sys.stdout)
    value = total_value(items)
    for item in sorted(items, key=lambda i: i.name):
        out.write(f"{item.name:<12}{item.count:>6}{item.price:>10.2f}\n")
    out.write(f"{'total value':<18}{valeu:>10.2f}\n")


if __name__ == "__main__":
    report(load_items(sys.argv[1]))
