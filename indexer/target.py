"""Target: where a name leads (a definition, or the import line that binds it), as the resolver answers."""

from __future__ import annotations

from dataclasses import dataclass

from .records import SymbolNode


@dataclass(frozen=True)
class Target:
    """Where a name leads: a definition, or the import line that binds it (or both)."""

    path: str
    symbol: SymbolNode | None
    import_line: int | None = None
    # A name local to a function: the byte span of the mention that binds it (see `FunctionScope`).
    span: tuple[int, int] | None = None
    # Shown with what the name leads to, not where it leads (a module's augmentations in other files):
    # go-to-definition leaves it out.
    companion: bool = False
    # The module file a companion declares more of (a `declare module` block's target): one block per
    # module is what a reader needs first (`fit.py` fits the rest after every other name's line).
    accompanies: str | None = None

    @property
    def line(self) -> int:
        if self.symbol is not None:
            return self.symbol.start[0]
        return self.import_line or 0
