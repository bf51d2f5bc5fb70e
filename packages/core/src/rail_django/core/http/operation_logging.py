"""Request logging under ``middleware_settings`` (``enable_logging_middleware`` and ``log_*``).

- ``log_queries`` / ``log_mutations``: one INFO line per operation on the
  ``rail_django.core.requests`` logger (type, name, schema, user id, duration). Operations that
  select only introspection fields (GraphiQL's schema fetch) are logged only with
  ``log_introspection``.
- ``log_errors``: one INFO line per error returned to the client (code, message, path). Internal
  errors are also logged with their traceback by the error formatter.
- ``log_field_level``: one DEBUG line per non-root field resolution on
  ``rail_django.core.fields``. This is the only switch that adds work to every field, and only
  while that logger is enabled for DEBUG: otherwise no resolver is wrapped.

Each line is built only when its logger is enabled for its level, so logging that goes nowhere
costs a level check.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
)

from rail_django.contracts.error_codes import RailError

__all__ = ["OperationLog", "operation_label"]

logger = logging.getLogger("rail_django.core.requests")
field_logger = logging.getLogger("rail_django.core.fields")


def operation_label(operation: OperationDefinitionNode | None) -> str:
    """``query ProductList`` (or ``query`` for an anonymous operation)."""
    if operation is None:
        return "-"
    kind = operation.operation.value
    return f"{kind} {operation.name.value}" if operation.name else kind


def _only_introspection(operation: OperationDefinitionNode) -> bool:
    fields = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    spreads = len(fields) != len(operation.selection_set.selections)
    return bool(fields) and not spreads and all(f.name.value.startswith("__") for f in fields)


def _error_code(error: GraphQLError) -> str:
    cause = error.original_error
    while isinstance(cause, GraphQLError) and cause.original_error is not None:
        cause = cause.original_error
    if isinstance(cause, RailError):
        return str(cause.code)
    if cause is not None and not isinstance(cause, GraphQLError):
        return "INTERNAL_ERROR"
    return str((error.extensions or {}).get("code") or "-")


class OperationLog:
    """The logging switches of one schema, applied to one request."""

    def __init__(self, schema_name: str, middleware: Mapping[str, Any]) -> None:
        self.schema_name = schema_name
        enabled = bool(middleware.get("enable_logging_middleware", True))
        self.log_queries = enabled and bool(middleware.get("log_queries", True))
        self.log_mutations = enabled and bool(middleware.get("log_mutations", True))
        self.log_errors = enabled and bool(middleware.get("log_errors", True))
        self.log_introspection = enabled and bool(middleware.get("log_introspection", False))
        self.log_field_level = enabled and bool(middleware.get("log_field_level", False))

    def operation(
        self, operation: OperationDefinitionNode | None, user: Any, duration_ms: float
    ) -> None:
        """Log the operation that ran, when its kind is logged."""
        if operation is None or not logger.isEnabledFor(logging.INFO):
            return
        if operation.operation is OperationType.MUTATION:
            wanted = self.log_mutations
        else:
            wanted = self.log_queries
            if _only_introspection(operation):
                wanted = self.log_introspection
        if not wanted:
            return
        user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
        label = operation_label(operation)
        logger.info(
            "GraphQL %s on schema %r by %s: %.1f ms",
            label,
            self.schema_name,
            f"user {user_id}" if user_id is not None else "anonymous",
            duration_ms,
            extra={
                "graphql_schema": self.schema_name,
                "graphql_operation": operation_label(operation),
            },
        )

    def errors(self, errors: Iterable[GraphQLError]) -> None:
        """Log errors returned to the client (``log_errors``)."""
        if not self.log_errors or not logger.isEnabledFor(logging.INFO):
            return
        for error in errors:
            path = ".".join(str(part) for part in error.path) if error.path else "-"
            logger.info(
                "GraphQL error on schema %r: %s %s (path %s)",
                self.schema_name,
                _error_code(error),
                error.message,
                path,
                extra={"graphql_schema": self.schema_name, "graphql_path": path},
            )

    def field_middleware(self) -> list[Any] | None:
        """graphql-core middleware logging each non-root field, or ``None`` (the usual case)."""
        if self.log_field_level and field_logger.isEnabledFor(logging.DEBUG):
            return [_log_field]
        return None


def _log_field(next_: Any, root: Any, info: Any, **arguments: Any) -> Any:
    if info.path.prev is None:  # root fields are the operation's own lines
        return next_(root, info, **arguments)
    started = time.perf_counter()
    try:
        return next_(root, info, **arguments)
    finally:
        field_logger.debug(
            "Resolved %s.%s at %s in %.3f ms",
            info.parent_type.name,
            info.field_name,
            ".".join(str(key) for key in info.path.as_list()),
            (time.perf_counter() - started) * 1000,
        )
