"""`python -m archmem.server`: the `archmem` command line, for environments without the console script."""

from archmem.server.cli import main

raise SystemExit(main())
