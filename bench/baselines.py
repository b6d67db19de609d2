"""The baseline packers: prefix window, FIM window, outline, in-file repo map, and the oracle upper bound.

Each sees exactly what archmem's packer sees (the scenario's document and the other workspace files as
on disk) and reports its included lines the same way, so one scoring function serves all of them. The
`oracle` packer alone also reads the oracle's units: it is the upper bound, not a competitor.
"""

from __future__ import annotations

import ast
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bench import tokens
from bench.oracle import Site, Unit, header_colon_rows
from bench.packing import GAP, Packed, Packer, Request, fit, prefix_lines

FIM_PREFIX_SHARE = 0.75
DAMPING = 0.85
MENTIONED_BOOST = 10.0  # aider multiplies edges of identifiers the user mentioned; here, the window's


def _plain(req: Request, lines: Sequence[int], budget: int) -> Packed:
    """Contiguous-run text of `lines` (document order), trimmed from the far end until it fits."""
    chosen = sorted(lines)
    while True:
        text = _join(req, chosen)
        n = tokens.count(text)
        if n <= budget or not chosen:
            return Packed(text, n, {req.path: frozenset(chosen)})
        chosen = chosen[1:]


def _join(req: Request, lines: Sequence[int]) -> str:
    out: list[str] = []
    prev = None
    for n in lines:
        if prev is not None and n != prev + 1:
            out.append(GAP)
        out.append(req.doc.lines[n - 1])
        prev = n
    return "".join(out)


def pack_prefix(req: Request) -> Packed:
    """The last B tokens before the cursor."""
    return _plain(req, prefix_lines(req, req.budget), req.budget)


def _suffix_lines(req: Request, budget: int) -> list[int]:
    # In edit mode the cursor line holds the statement under the cursor; in generate it is the empty
    # placeholder, so the suffix starts after it.
    start = req.cursor_line if req.scenario.mode == "edit" else req.cursor_line + 1
    out: list[int] = []
    used = 0
    for n in range(start, len(req.doc.lines) + 1):
        cost = req.doc.line_tokens[n - 1]
        if used + cost > budget:
            break
        used += cost
        out.append(n)
    return out


def pack_fim(req: Request) -> Packed:
    """75% of the budget before the cursor, the rest after it."""
    before = prefix_lines(req, int(req.budget * FIM_PREFIX_SHARE))
    used = sum(req.doc.line_tokens[n - 1] for n in before)
    after = _suffix_lines(req, req.budget - used - tokens.count(GAP))
    packed = _plain(req, [*before, *after], req.budget)
    return packed


@dataclass(frozen=True)
class _Def:
    name: str
    header: tuple[int, ...]  # 1-based document lines
    start: int
    end: int
    idents: tuple[str, ...]  # identifiers its own code references (not nested defs')


_PARSE_CACHE: dict[tuple[str, str, int], list[_Def]] = {}


def _defs(req: Request) -> list[_Def]:
    """Every def/class of the document with its header and references (cached across budgets)."""
    t = req.scenario.target
    key = (req.path, req.scenario.mode, t.def_line)
    cached = _PARSE_CACHE.get(key)
    if cached is not None:
        return cached
    text = req.scenario.text
    if req.scenario.mode == "generate":
        # The packer-visible document has an empty body at the cursor; a baseline may recover the parse
        # the way an editor would, by reading the empty block as `pass`.
        lines = text.splitlines(keepends=True)
        lines[req.scenario.line0] = t.body_indent + "pass\n"
        text = "".join(lines)
    tree = ast.parse(text)
    colons = header_colon_rows(text)
    out = [
        _Def(
            name="<module>",
            header=(),
            start=1,
            end=len(req.doc.lines),
            idents=tuple(_own_idents(tree)),
        )
    ]
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            end_header = colons.get(node.lineno, node.lineno)
            out.append(
                _Def(
                    name=node.name,
                    header=tuple(range(node.lineno, end_header + 1)),
                    start=node.lineno,
                    end=node.end_lineno or node.lineno,
                    idents=tuple(_own_idents(node)),
                )
            )
    _PARSE_CACHE.clear()
    _PARSE_CACHE[key] = out
    return out


def _own_idents(scope: ast.AST) -> Iterator[str]:
    for child in ast.iter_child_nodes(scope):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if isinstance(child, ast.Name):
            yield child.id
        elif isinstance(child, ast.Attribute):
            yield child.attr
        yield from _own_idents(child)


def pack_outline(req: Request) -> Packed:
    """Half the budget of prefix, then def/class header lines in file order."""
    groups: list[list[tuple[str, int]]] = [[(req.path, n) for n in prefix_lines(req, req.budget // 2)]]
    defs = sorted(_defs(req)[1:], key=lambda d: d.start)
    groups += [[(req.path, n) for n in d.header] for d in defs]
    return fit(req, groups, req.budget)


def pagerank(
    n: int, edges: dict[tuple[int, int], float], personal: dict[int, float], iterations: int = 50
) -> list[float]:
    """Personalized PageRank over weighted edges (u, v) -> w; dangling mass returns to `personal`."""
    total_p = sum(personal.values()) or 1.0
    p = [personal.get(i, 0.0) / total_p for i in range(n)]
    if not personal:
        p = [1.0 / n] * n
    out_weight = [0.0] * n
    for (u, _), w in edges.items():
        out_weight[u] += w
    rank = list(p)
    for _ in range(iterations):
        new = [(1.0 - DAMPING) * x for x in p]
        dangling = sum(rank[u] for u in range(n) if out_weight[u] == 0.0)
        for (u, v), w in edges.items():
            new[v] += DAMPING * rank[u] * w / out_weight[u]
        for i in range(n):
            new[i] += DAMPING * dangling * p[i]
        rank = new
    return rank


def pack_repo_map(req: Request) -> Packed:
    """Half the budget of prefix, then definitions ranked by PageRank over the in-file reference graph.

    aider's repo map ranks files' definitions over a cross-file reference graph, personalized to the
    files in the chat; inside one file the nodes are the definitions, an edge u -> v means u's code
    names v (weight sqrt(count), x10 for names mentioned near the cursor), and the personalization is
    the definition around the cursor.
    """
    defs = _defs(req)
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(defs[1:], start=1):
        by_name[d.name].append(i)
    window = set(prefix_lines(req, req.budget // 2))
    cursor = req.cursor_line
    around = [i for i, d in enumerate(defs) if i and d.start <= cursor <= d.end]
    mentioned: set[str] = set()
    for i in around:
        mentioned.update(defs[i].idents)
    edges: dict[tuple[int, int], float] = {}
    for u, d in enumerate(defs):
        counts: dict[str, int] = defaultdict(int)
        for ident in d.idents:
            counts[ident] += 1
        for ident, c in counts.items():
            targets = by_name.get(ident, [])
            for v in targets:
                if v == u:
                    continue
                w = math.sqrt(c) * (MENTIONED_BOOST if ident in mentioned else 1.0) / len(targets)
                edges[(u, v)] = edges.get((u, v), 0.0) + w
    innermost = max(around, key=lambda i: defs[i].start) if around else 0
    # Teleport half to the cursor's definition, half uniformly: with the cursor alone, definitions it
    # cannot reach would all tie at zero; the uniform half ranks them by global importance, as aider's
    # unpersonalized map does.
    personal = {i: 1.0 for i in range(len(defs))}
    personal[innermost] += float(len(defs))
    rank = pagerank(len(defs), edges, personal)
    order = sorted(range(1, len(defs)), key=lambda i: (-rank[i], defs[i].start))
    groups: list[list[tuple[str, int]]] = [[(req.path, n) for n in sorted(window)]]
    groups += [[(req.path, n) for n in defs[i].header] for i in order]
    return fit(req, groups, req.budget)


def _doc_site(req: Request, site: Site) -> list[tuple[str, int]] | None:
    if site.path != req.path:
        return [(site.path, n) for n in site.lines]
    mapped = [req.scenario.to_doc_line(n) for n in site.lines]
    if any(m is None for m in mapped):
        return None
    return [(site.path, m) for m in mapped if m is not None]


def _nearest(req: Request, unit: Unit) -> tuple[int, list[tuple[str, int]]] | None:
    """The unit's alternative closest to the cursor (earlier ones first), with a sort key."""
    best: tuple[int, list[tuple[str, int]]] | None = None
    for site in unit.alternatives:
        lines = _doc_site(req, site)
        if lines is None:
            continue
        if site.path != req.path:
            key = 10**9
        else:
            first = lines[0][1]
            key = req.cursor_line - first if first < req.cursor_line else 10**8 + first
        if best is None or key < best[0]:
            best = (key, lines)
    return best


def pack_oracle(req: Request) -> Packed:
    """The oracle's scope headers and units, then a window like the map baselines' (half the budget).

    The window is the edit-mode statement lines after the cursor (the function is visible) and the
    prefix before it, so its token count reads as "window + what the oracle adds".
    """
    groups: list[list[tuple[str, int]]] = []
    for unit in req.scopes:
        found = _nearest(req, unit)
        if found is not None:
            groups.append(found[1])
    ranked = sorted((found for u in req.units if (found := _nearest(req, u)) is not None), key=lambda f: f[0])
    groups += [lines for _, lines in ranked]
    t = req.scenario.target
    after = range(req.cursor_line, t.end_line + 1) if req.scenario.mode == "edit" else range(0)
    window = [*after, *prefix_lines(req, req.budget // 2)]
    groups += [[(req.path, n)] for n in window]
    return fit(req, groups, req.budget)


def parse_document(req: Request) -> None:
    """Parse the document for the outline and repo-map baselines ahead of the timed calls, as archmem's
    memory is indexed ahead of its own."""
    _defs(req)


BASELINES: tuple[Packer, ...] = (
    Packer("prefix", pack_prefix),
    Packer("fim", pack_fim),
    Packer("outline", pack_outline, parse_document),
    Packer("repo-map", pack_repo_map, parse_document),
    Packer("oracle", pack_oracle),
)
