"""Typed errors for known problems: each says what went wrong, where, and what to do.

The CLI prints `str(error)` on one line and exits with `exit_code`; a traceback is shown
only for bugs (any other exception).
"""
from __future__ import annotations

from pathlib import Path


class LedgerlineError(Exception):
    exit_code = 2
    code = "ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableDocument(LedgerlineError):
    """A document that cannot be read at all (corrupt, encrypted, empty, wrong type, huge)."""

    exit_code = 1

    def __init__(self, path: Path | str, code: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.code = code
        self.problem = problem


class ConfigError(LedgerlineError):
    """A settings or client configuration file that does not validate."""

    exit_code = 3
    code = "CONFIG_INVALID"


class IllegalTransition(LedgerlineError):
    """A queue item asked to move to a state it cannot reach from where it is."""

    exit_code = 4
    code = "ILLEGAL_TRANSITION"


class NotFound(LedgerlineError):
    exit_code = 4
    code = "NOT_FOUND"
