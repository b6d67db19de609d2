"""The work a run of packings does, counted (not timed): a measure the machine's load does not move.

Two builds can be told apart on a loaded day by what their packings *do*: the Python function calls (cProfile's
count, which sees every call a Python frame makes, our code's and the standard library's), the files' memories
read from the store (`Store.load`: a row unpickled and its symbols rebuilt), the store's SQL queries, and the names
the resolver was asked (`Resolver.resolve`) and had to work out (`Resolver._resolve`, the asks its kept answers did
not hold). cProfile slows what it watches, so `bench/packing_speed.py` counts in a second process of its own
(`--count-only`), never in the timed one, with the hash seed fixed: a set's order then repeats from run to run,
and so does every count (two runs of the same tree give the same numbers).
"""

from __future__ import annotations

import cProfile
from dataclasses import dataclass, fields
from types import CodeType

# (file name's end, function's qualified name) -> the count it feeds.
_OURS = {
    ("indexer/store.py", "Store.load"): "store_reads",
    ("indexer/resolver.py", "Resolver.resolve"): "asked",
    ("indexer/resolver.py", "Resolver._resolve"): "resolved",
}
# The builtins that run an SQL statement (cProfile names them by text, not by code).
_QUERIES = ("of 'sqlite3.Connection' objects", "of 'sqlite3.Cursor' objects")
_RUNS = ("execute", "executemany", "executescript")


@dataclass
class WorkCounts:
    """Summed over some packings: calls, store reads and queries, names asked of and resolved by the resolver."""

    calls: int = 0
    store_reads: int = 0
    queries: int = 0
    asked: int = 0
    resolved: int = 0

    def add(self, other: WorkCounts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def summary(self) -> str:
        return (
            f"calls {self.calls:,}, store reads {self.store_reads}, queries {self.queries}, "
            f"names asked {self.asked:,} resolved {self.resolved:,}"
        )

    def as_list(self) -> list[int]:
        return [getattr(self, f.name) for f in fields(self)]

    @classmethod
    def from_list(cls, values: list[int]) -> WorkCounts:
        return cls(*values)


def counted(profile: cProfile.Profile) -> WorkCounts:
    """What `profile` saw: every call (recursive ones included), and the calls of the functions counted apart."""
    out = WorkCounts()
    for entry in profile.getstats():
        out.calls += entry.callcount
        code = entry.code
        if isinstance(code, CodeType):
            for (file_end, qualname), name in _OURS.items():
                if code.co_qualname == qualname and code.co_filename.endswith(file_end):
                    setattr(out, name, getattr(out, name) + entry.callcount)
        elif any(q in code for q in _QUERIES) and any(f"'{run}'" in code for run in _RUNS):
            out.queries += entry.callcount
    return out
