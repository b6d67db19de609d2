"""Navigation over the memory: `textDocument/definition`, `textDocument/references`, `textDocument/hover`."""

from __future__ import annotations

from archmem.indexer.queries import SymbolSummary, references_at, summarize
from archmem.indexer.resolve import definitions_at, word_at
from archmem.indexer.symbols import SymbolKind
from archmem.server.lsp import convert
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located, Session
from lsprotocol import types

REFERENCES_LIMIT = 1000
HOVER_USERS_SHOWN = 5
# Enough to say "used by N" precisely for most symbols while keeping hover quick on common names: finding
# users costs time in proportion to the files searched until this many are found.
HOVER_USERS_COUNTED = 20
# A hover answers while the pointer rests: the search for users stops after this long and says "N+".
HOVER_USERS_SECONDS = 0.010

_KIND_WORDS = {kind: kind.name.lower().replace("_", " ") for kind in SymbolKind}


def register(server: ArchmemServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(params: types.DefinitionParams) -> list[types.Location]:
        located = session.locate(params.text_document.uri)
        if located is None:
            return []
        return await session.read(definitions, session, located, params.position)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(params: types.ReferenceParams) -> convert.Wire:
        located = session.locate(params.text_document.uri)
        if located is None:
            return convert.Wire()
        include = params.context.include_declaration
        return await session.call(reference_locations, session, located, params.position, include)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(params: types.HoverParams) -> types.Hover | None:
        located = session.locate(params.text_document.uri)
        if located is None:
            return None
        caps = server.client_capabilities.text_document
        formats = caps.hover.content_format if caps and caps.hover else None
        markdown = not formats or types.MarkupKind.Markdown in formats
        return await session.read(hover_at, session, located, params.position, markdown)


def definitions(session: Session, located: Located, position: types.Position) -> list[types.Location]:
    here = session.positions(located.memory, located.path)
    if here is None:
        return []
    memory = located.memory
    out: list[types.Location] = []
    for target in definitions_at(memory, located.path, here.offset(position)):
        positions = here if target.path == located.path else session.result_positions(memory, target.path)
        if positions is None:
            continue
        if target.symbol is not None:
            where = convert.name_range(target.symbol, positions)
        elif target.span is not None:
            where = positions.range(*target.span)
        else:
            start = types.Position(line=target.line, character=0)
            where = types.Range(start=start, end=start)
        out.append(types.Location(uri=session.uri(memory, target.path), range=where))
    return out


def reference_locations(
    session: Session, located: Located, position: types.Position, include_declaration: bool
) -> convert.Wire:
    here = session.positions(located.memory, located.path)
    if here is None:
        return convert.Wire()
    memory = located.memory
    found = references_at(
        memory,
        located.path,
        here.offset(position),
        include_declaration=include_declaration,
        limit=REFERENCES_LIMIT,
    )
    converters: dict[str, convert.LspPositions | None] = {located.path: here}
    out = convert.Wire()
    for path, start, end in found:
        if path not in converters:
            converters[path] = session.result_positions(memory, path)
        positions = converters[path]
        if positions is not None:
            out.append(convert.location_json(session.uri(memory, path), positions, start, end))
    return out


def hover_at(
    session: Session, located: Located, position: types.Position, markdown: bool
) -> types.Hover | None:
    here = session.positions(located.memory, located.path)
    if here is None:
        return None
    byte = here.offset(position)
    word = word_at(here.text, byte)
    if word is None:
        return None
    targets = definitions_at(located.memory, located.path, byte)
    symbols = [t.symbol for t in targets if t.symbol is not None]
    local = next((t.span for t in targets if t.span is not None), None)
    if symbols:
        summary = summarize(
            located.memory, symbols[0], limit=HOVER_USERS_COUNTED, seconds=HOVER_USERS_SECONDS
        )
        language = located.memory.spec(symbols[0].path)
        text = render(summary, language.name if language else "", markdown)
    elif local is not None:
        text = render_local(located, here.text, word[2], local, markdown)
    else:
        return None
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(
        contents=types.MarkupContent(kind=kind, value=text), range=here.range(word[0], word[1])
    )


def render_local(located: Located, text: bytes, name: str, span: tuple[int, int], markdown: bool) -> str:
    """The hover text of a name local to a function: the line that binds it, and where."""
    line_start = text.rfind(b"\n", 0, span[0]) + 1
    line_end = text.find(b"\n", span[1])
    binding = text[line_start : len(text) if line_end < 0 else line_end].decode("utf-8", "replace").strip()
    index = located.memory.file(located.path)
    owner = index.symbol_at(span[0]) if index is not None else None
    where = f"local to `{owner.qualname}`" if owner is not None and owner.qualname else "local"
    number = text.count(b"\n", 0, span[0]) + 1
    language = located.memory.spec(located.path)
    if markdown:
        return f"```{language.name if language else ''}\n{binding}\n```\n\n*{name}: {where}, bound at line {number}*"
    return f"{binding}\n{name}: {where.replace('`', '')}, bound at line {number}"


def render(summary: SymbolSummary, language: str, markdown: bool) -> str:
    """The hover text: signature, first doc line, where it is defined, and who uses it."""
    symbol = summary.symbol
    signature = symbol.signature.strip() or symbol.qualname or symbol.name
    where = f"{_KIND_WORDS.get(symbol.kind, 'symbol')} in {symbol.path} line {symbol.start[0] + 1}"
    if summary.container:
        where += f", member of {summary.container}"
    everyone = [*summary.users, *summary.probable_users]
    count = f"{len(everyone)}+" if summary.more_users else str(len(everyone))
    if summary.probable_users:
        # The same count explain gives: certain and probable users, the probable ones said.
        count += f" ({len(summary.probable_users)} probable)"
    names = [u.qualname or u.name for u in everyone[:HOVER_USERS_SHOWN]]
    nobody = (
        "Users not counted yet (the search was cut short; Find References lists them)"
        if summary.more_users
        else "Not used elsewhere in the workspace"
    )
    if markdown:
        parts = [f"```{language}\n{signature}\n```"]
        if symbol.doc:
            parts.append(symbol.doc)
        parts.append(f"*{where}*")
        if names:
            more = ", …" if len(everyone) > len(names) else ""
            parts.append(f"Used by {count}: " + ", ".join(f"`{n}`" for n in names) + more)
        else:
            parts.append(nobody)
        return "\n\n".join(parts)
    lines = [signature]
    if symbol.doc:
        lines.append(symbol.doc)
    lines.append(where)
    lines.append(f"Used by {count}: " + ", ".join(names) if names else nobody)
    return "\n".join(lines)
