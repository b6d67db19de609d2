"""The actions: self-debug, generate, explain and the offline provider; protocol-agnostic engines that the
LSP adapter and the command line both call. Nothing here knows LSP; edits come back as `ProposedEdit`s."""
