"""What a risky call does, in the words an edit's flag shows (server/actions/confine.py): each language's
`risky_calls` table pairs its patterns with one of these."""

from __future__ import annotations

PROCESS = "runs a process"
NETWORK = "opens a network connection"
CODE = "runs code"
DELETE = "deletes files"
