import os

s = "é名前😀"
x: int = undefined_a
y: str = "	名"
z: str = 1


def f() -> int:
    return "é😀" + 1
