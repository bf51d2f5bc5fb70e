"""The regular expressions a ``where`` may hold (``regex`` / ``iregex`` operators).

A pattern is refused here, with a precise ``INVALID_FILTER`` message, whenever the database would
refuse it later as a server error: too long, not valid for Python's ``re`` (what SQLite runs), or
not valid for PostgreSQL's own dialect (``a{1,``), which PostgreSQL itself is asked about.

Patterns that backtrack exponentially are refused too: a quantified group that holds another
quantifier (``(a+)+``, ``(x*y?)*``, ``(\\w+\\s?)+``). ``^(a+)+$`` over 26 characters ran ~5 s
on SQLite, whose ``REGEXP`` is Python's ``re`` and cannot be interrupted by the query timeout
(PostgreSQL's engine is bounded and cancellable, but one rule for both keeps a filter portable).
A bounded inner quantifier (``(ab{2})+``) cannot blow up and is allowed.
"""

from __future__ import annotations

import re

from django.db import DatabaseError, connections, transaction
from django.utils.translation import gettext

try:  # Python 3.11+; the module was public as sre_parse before
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - older interpreters
    import sre_parse  # type: ignore[no-redef]

__all__ = ["pattern_problem"]


def pattern_problem(pattern: str, path: str, *, max_length: int, database: str) -> str | None:
    """Why ``pattern`` (at ``path``) cannot be used on ``database``, or ``None`` when it can."""
    if len(pattern) > max_length:
        return f"{path} is longer than {max_length} characters."
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"{path} is not a valid regular expression ({exc})."
    if _nested_quantifier(pattern):
        return gettext(
            "%(path)s repeats a group that itself holds a repetition (as in (a+)+): such "
            "patterns can take exponential time and are refused."
        ) % {"path": path}
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


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _nested_quantifier(pattern: str) -> bool:
    """Whether a repetition holds another repetition that can match a varying number of times
    (the shape of catastrophic backtracking)."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False  # re.compile accepted it; nothing more to say
    return _walk(list(parsed), inside_repeat=False)


def _walk(items: list, *, inside_repeat: bool) -> bool:
    # An explicit stack, not recursion: a deeply nested pattern cannot exhaust the interpreter.
    stack = [(item, inside_repeat) for item in items]
    while stack:
        (op, argument), inside = stack.pop()
        name = str(op)
        if name in _REPEATS:
            low, high, body = argument
            repeats = high is sre_parse.MAXREPEAT or high > 1
            # A fixed count inside (b{2}) matches one way only: no backtracking blow-up.
            varies = high is sre_parse.MAXREPEAT or high > max(low, 1)
            if varies and inside:
                return True
            stack.extend((item, inside or repeats) for item in body)
        elif name == "SUBPATTERN":
            stack.extend((item, inside) for item in argument[-1])
        elif name == "BRANCH":
            for branch in argument[1]:
                stack.extend((item, inside) for item in branch)
        elif name in ("ASSERT", "ASSERT_NOT"):
            stack.extend((item, inside) for item in argument[1])
        elif name == "GROUPREF_EXISTS":
            for branch in argument[1:]:
                if branch is not None:
                    stack.extend((item, inside) for item in branch)
    return False
