"""The regular expressions a ``where`` may hold (``regex`` / ``iregex`` operators).

A pattern is refused here, with a precise ``INVALID_FILTER`` message, whenever the database would
refuse it later as a server error: too long, not valid for Python's ``re`` (what SQLite runs), or
not valid for PostgreSQL's own dialect (``a{1,``), which PostgreSQL itself is asked about.
"""

from __future__ import annotations

import re

from django.db import DatabaseError, connections, transaction

__all__ = ["pattern_problem"]


def pattern_problem(pattern: str, path: str, *, max_length: int, database: str) -> str | None:
    """Why ``pattern`` (at ``path``) cannot be used on ``database``, or ``None`` when it can."""
    if len(pattern) > max_length:
        return f"{path} is longer than {max_length} characters."
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"{path} is not a valid regular expression ({exc})."
    if not _database_accepts(pattern, database):
        return f"{path} is not a regular expression this database accepts."
    return None


def _database_accepts(pattern: str, database: str) -> bool:
    """PostgreSQL's regex dialect refuses some patterns Python accepts: ask it, in a savepoint so a
    refusal does not abort the request's transaction. SQLite runs Python's ``re``."""
    connection = connections[database]
    if connection.vendor != "postgresql":
        return True
    try:
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute("SELECT '' ~ %s", [pattern])
    except DatabaseError:
        return False
    return True
