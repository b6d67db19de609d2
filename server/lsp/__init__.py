"""The pygls adapter: archmem's memory over the Language Server Protocol (`archmem serve`).

One module per feature group, each translating LSP values to calls on the layers below and back:
`documents` (sync), `symbols`, `navigation` (definition, references, hover), `syntax` (folds, selections),
`diagnostics`, `lifecycle` (initialize, settings, folders, indexing, status). `convert` is the one place
LSP types meet the memory's; `session` owns the memories and the thread that reads and writes them.
"""
