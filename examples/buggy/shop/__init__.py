"""A tiny shop inventory: the example archmem's self-debug repairs."""
