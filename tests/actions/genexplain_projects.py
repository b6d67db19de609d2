"""Small workspaces on disk for the explain and generate tests, and a model client for the scripted server."""

from __future__ import annotations

import textwrap
from pathlib import Path

from archmem.indexer.workspace import Memory
from archmem.server.models import ModelClient

from tests.support import endpoints
from tests.support.fake_openai import FakeOpenAI

FILLERS = 320


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def memory(root: Path) -> Memory:
    return Memory.open(root, jobs=1)


def client(fake: FakeOpenAI, **overrides: object) -> ModelClient:
    """The shared test client, without retries: these tests script each answer once."""
    return endpoints.client(fake, **{"max_retries": 0, **overrides})


SHAPES = {
    "pkg/__init__.py": "",
    "pkg/base.py": '''
        import abc
        from typing import Protocol


        class Shape(abc.ABC):
            """A shape that knows its area."""

            @abc.abstractmethod
            def area(self) -> float:
                """The area in square units."""

            @property
            @abc.abstractmethod
            def name(self) -> str: ...

            def describe(self) -> str:
                return f"{self.name}: {self.area()}"


        class Drawable(Protocol):
            def draw(self, canvas: str, *, scale: float = 1.0) -> None: ...
        ''',
    "pkg/shapes.py": '''
        from pkg.base import Drawable, Shape

        SCALE = 2


        def helper(x: int) -> int:
            """Double and scale."""
            return x * SCALE


        class Square(Shape):
            def __init__(self, side: float) -> None:
                self.side = side

            def area(self) -> float:
                return self.side * self.side


        class Circle(Shape, Drawable):
            def __init__(self, radius: float) -> None:
                self.radius = radius


        def user() -> float:
            s = Square(helper(3))
            return s.area()


        def other_user() -> int:
            return helper(4) + helper(5)
        ''',
}


def long_module() -> dict[str, str]:
    """A file whose target function calls a helper defined more than 8,000 tokens earlier, and one helper
    from another file."""
    fillers = "\n\n".join(
        f"def filler_{i}(a, b):\n"
        f"    total = a + b * {i}\n"
        f"    if total > {i}:\n"
        f"        return total - {i} // (a or 1)\n"
        f"    return total"
        for i in range(FILLERS)
    )
    long = (
        "from pkg.util import other_file_helper\n\n"
        "DISTANT_FACTOR = 3\n\n\n"
        "def distant_helper(value: int) -> int:\n"
        '    """Scale a value by the distant factor."""\n'
        "    return value * DISTANT_FACTOR + 7\n\n\n"
        f"{fillers}\n\n\n"
        "def target(x: int) -> int:\n"
        "    y = distant_helper(x)\n"
        "    return other_file_helper(y)\n"
    )
    util = "def other_file_helper(n: int) -> int:\n    return n - 11  # from the other file\n"
    return {"pkg/__init__.py": "", "pkg/util.py": util, "pkg/long.py": long}
