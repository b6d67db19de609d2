"""`python -m archmem.server.lsp`: the language server over stdio (what `archmem serve` runs)."""

from archmem.server.lsp.app import ServeOptions, serve

raise SystemExit(serve(ServeOptions()))
