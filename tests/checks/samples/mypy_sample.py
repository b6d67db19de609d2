import helper

s = "é名前😀"
x: int = undefined_a
y: str = "	名"
z: str = 1
reveal_type(helper.bad)


def f(a: int) -> int:
    return a.foo
