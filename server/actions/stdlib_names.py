"""Where a standard-library name lives, for the offline provider's imports: a curated map of the most
common names (`Path` → pathlib) and an index of every module's `__all__`, read from the sources without
importing them."""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import re
import sys
from functools import cache

# Standard-library names people use without the module prefix, and where they live. Measured against the
# `__all__` index in bench/selfdebug.py: this map decides ambiguous names (`Callable`, `pi`, `sleep`).
COMMON_NAMES: dict[str, str] = {
    **dict.fromkeys(["Path", "PurePath", "PosixPath", "PurePosixPath", "PureWindowsPath"], "pathlib"),
    **dict.fromkeys(["dataclass", "field", "fields", "asdict", "astuple", "is_dataclass"], "dataclasses"),
    **dict.fromkeys(
        ["defaultdict", "OrderedDict", "Counter", "deque", "namedtuple", "ChainMap"], "collections"
    ),
    **dict.fromkeys(
        [
            "Callable",
            "Iterable",
            "Iterator",
            "Sequence",
            "Mapping",
            "MutableMapping",
            "Generator",
            "Awaitable",
        ],
        "collections.abc",
    ),
    **dict.fromkeys(
        [
            "Any",
            "Optional",
            "Union",
            "List",
            "Dict",
            "Tuple",
            "Set",
            "FrozenSet",
            "Type",
            "TypeVar",
            "Generic",
            "Protocol",
            "Literal",
            "NamedTuple",
            "TypedDict",
            "cast",
            "overload",
            "TYPE_CHECKING",
            "ClassVar",
            "Final",
        ],
        "typing",
    ),
    **dict.fromkeys(["date", "timedelta", "timezone"], "datetime"),
    **dict.fromkeys(
        [
            "partial",
            "wraps",
            "reduce",
            "lru_cache",
            "cache",
            "cached_property",
            "total_ordering",
            "singledispatch",
        ],
        "functools",
    ),
    **dict.fromkeys(
        [
            "chain",
            "islice",
            "groupby",
            "cycle",
            "repeat",
            "product",
            "permutations",
            "combinations",
            "zip_longest",
            "accumulate",
            "starmap",
            "tee",
            "filterfalse",
            "takewhile",
            "dropwhile",
        ],
        "itertools",
    ),
    **dict.fromkeys(
        ["contextmanager", "suppress", "closing", "ExitStack", "nullcontext", "redirect_stdout"], "contextlib"
    ),
    **dict.fromkeys(["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "auto"], "enum"),
    **dict.fromkeys(["ABC", "ABCMeta", "abstractmethod"], "abc"),
    "deepcopy": "copy",
    "pformat": "pprint",
    **dict.fromkeys(["StringIO", "BytesIO", "TextIOWrapper"], "io"),
    **dict.fromkeys(["sleep", "monotonic", "perf_counter"], "time"),
    **dict.fromkeys(["randint", "choice", "shuffle", "uniform", "sample"], "random"),
    **dict.fromkeys(["sqrt", "floor", "ceil", "pi", "inf", "isclose", "isnan", "isinf", "gcd"], "math"),
    "Decimal": "decimal",
    "Fraction": "fractions",
    "dedent": "textwrap",
    "getLogger": "logging",
    **dict.fromkeys(["uuid4", "UUID"], "uuid"),
    **dict.fromkeys(["sha256", "sha1", "md5"], "hashlib"),
    **dict.fromkeys(
        ["urlparse", "urlencode", "urljoin", "urlsplit", "urlunsplit", "quote", "unquote"], "urllib.parse"
    ),
    **dict.fromkeys(["Thread", "Lock", "RLock", "Event", "Condition", "Semaphore"], "threading"),
    **dict.fromkeys(["ThreadPoolExecutor", "ProcessPoolExecutor", "as_completed"], "concurrent.futures"),
    **dict.fromkeys(["SimpleNamespace", "MappingProxyType", "ModuleType", "FunctionType"], "types"),
    **dict.fromkeys(["heappush", "heappop", "heapify", "heapreplace", "nlargest", "nsmallest"], "heapq"),
    **dict.fromkeys(["bisect_left", "bisect_right", "insort"], "bisect"),
    **dict.fromkeys(["attrgetter", "itemgetter", "methodcaller"], "operator"),
    **dict.fromkeys(
        ["join", "exists", "dirname", "basename", "abspath", "isfile", "isdir", "splitext"], "os.path"
    ),
    **dict.fromkeys(["which", "rmtree", "copyfile", "copytree"], "shutil"),
    **dict.fromkeys(["warn"], "warnings"),
    **dict.fromkeys(["Template"], "string"),
    **dict.fromkeys(["mock", "patch", "MagicMock"], "unittest.mock"),
}

# Standard-library modules whose names are never imported for a user: internals, platform twins of
# os.path, and modules that do something when imported.
_NOT_FOR_USERS = frozenset(
    {
        "antigravity",
        "this",
        "idlelib",
        "lib2to3",
        "turtledemo",
        "pydoc_data",
        "ensurepip",
        "ntpath",
        "posixpath",
        "genericpath",
        "nturl2path",
        "nt",
        "posix",
        "opcode",
        "sre_compile",
        "sre_constants",
        "sre_parse",
        "encodings",
        "msilib",
        "msvcrt",
        "winreg",
        "winsound",
        "test",
        "distutils",
    }
)
# Submodules whose names are commonly imported on their own (the index reads top-level modules too).
_SUBMODULES = (
    "os.path",
    "collections.abc",
    "concurrent.futures",
    "urllib.parse",
    "urllib.request",
    "importlib.util",
    "logging.handlers",
    "unittest.mock",
    "email.message",
    "email.utils",
    "xml.etree.ElementTree",
    "http.client",
)
# Modules written in C whose names the index takes from the module itself: importing them does nothing
# else (unlike readline or curses, which touch the terminal).
_C_MODULES = frozenset({"math", "cmath", "itertools", "time", "binascii", "zlib", "array", "errno", "gc"})
# The interpreter's own source files (a module found elsewhere is compiled: C, or bytecode only).
_SOURCE_SUFFIXES = tuple(importlib.machinery.SOURCE_SUFFIXES)
_ALL = re.compile(rb"^__all__\s*(?::[^=]*)?=\s*[\[(]", re.MULTILINE)


def stdlib_imports(name: str, usage: bytes, *, exports: bool) -> list[str]:
    out: list[str] = []
    private = name[1:]
    if (
        usage == b"."
        and name.startswith("_")
        and private in sys.stdlib_module_names
        and private not in _NOT_FOR_USERS
        and not private.startswith("_")
    ):
        # `_os.path.join(...)`: a module imported under a private alias (`import os as _os`), as modules
        # that keep their namespace clean do.
        out.append(f"import {private} as {name}")
    if name in sys.stdlib_module_names and name not in _NOT_FOR_USERS and not name.startswith("_"):
        if usage == b".":
            out.append(f"import {name}")
        elif name in module_exports(name):
            # `time()`, `datetime(...)`: the name is used as the module's namesake, not as the module.
            out.append(f"from {name} import {name}")
    common = COMMON_NAMES.get(name)
    if common is not None:
        out.append(f"from {common} import {name}")
    return out


@cache
def module_exports(module: str) -> frozenset[str]:
    """The public names of a standard-library module: its `__all__` read from the source (never
    executed), or the attributes of a few modules written in C that are safe to import."""
    if module in _C_MODULES:
        return frozenset(name for name in dir(importlib.import_module(module)) if not name.startswith("_"))
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return frozenset()
    origin = spec.origin if spec is not None else None
    if origin == "frozen":
        # Frozen at interpreter start-up (os, posixpath, stat ...): already imported, so reading the
        # module's own `__all__` costs nothing and runs nothing.
        exported = getattr(importlib.import_module(module), "__all__", ())
        return frozenset(name for name in exported if isinstance(name, str))
    if origin is None or not origin.endswith(_SOURCE_SUFFIXES):
        return frozenset()
    try:
        with open(origin, "rb") as handle:
            return _all_of(handle.read())
    except OSError:
        return frozenset()


def _all_of(source: bytes) -> frozenset[str]:
    """The literal `__all__` of a module's source; parsing only that statement keeps the index fast."""
    match = _ALL.search(source)
    if match is None:
        return frozenset()
    opening = source[match.end() - 1 : match.end()]
    closing = source.find(b"]" if opening == b"[" else b")", match.end())
    if closing == -1:
        return frozenset()
    try:
        value = ast.literal_eval(source[match.end() - 1 : closing + 1].decode("utf-8"))
    except (ValueError, SyntaxError, UnicodeDecodeError):
        return frozenset()
    if not isinstance(value, list | tuple):
        return frozenset()
    return frozenset(item for item in value if isinstance(item, str))


@cache
def export_index() -> dict[str, frozenset[str]]:
    """Name → the standard-library modules exporting it (built once per process: about 15 ms, bench/selfdebug.py)."""
    index: dict[str, set[str]] = {}
    modules = [m for m in sys.stdlib_module_names if not m.startswith("_") and m not in _NOT_FOR_USERS]
    for module in sorted([*modules, *_SUBMODULES]):
        for exported in module_exports(module):
            index.setdefault(exported, set()).add(module)
    return {name: frozenset(found) for name, found in index.items()}


def stdlib_exporters(name: str) -> frozenset[str]:
    return export_index().get(name, frozenset())
