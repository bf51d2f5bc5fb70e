"""What happens to a request between validation and its response, under its schema's settings.

The view hands each GraphQL request to one :class:`ExecutionGuard`, which

- measures the operation's cost and refuses it over ``max_query_complexity``
  (:mod:`rail_django.core.validation.max_query_complexity`);
- executes it under ``query_timeout`` (:mod:`.query_timeout`) and ``max_rows_per_request``
  (:mod:`rail_django.core.queries.row_budget`), with per-field logging only when
  ``log_field_level`` asks for it;
- adds ``extensions.cost`` (``enable_query_cost_analysis``) and ``extensions.performance``
  (``GRAPHQL_PERFORMANCE_HEADERS``) to the response, its performance headers, and its log lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    OperationDefinitionNode,
    execute,
)

from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.http.operation_logging import OperationLog, operation_label
from rail_django.core.http.query_timeout import query_deadline
from rail_django.core.http.request_metrics import RequestMetrics
from rail_django.core.queries.row_budget import row_budget
from rail_django.core.validation.schema_limits import complexity_limit

__all__ = ["ExecutionGuard"]


class ExecutionGuard:
    """One request's limits, timeout, metrics and logging (see the module docstring)."""

    def __init__(self, request: HttpRequest, schema_name: str, resolved: ResolvedSettings) -> None:
        self.request = request
        self.resolved = resolved
        middleware = resolved.sections.get("middleware_settings", {})
        performance = resolved.sections.get("performance_settings", {})
        self.metrics = RequestMetrics(schema_name, middleware)
        self.log = OperationLog(schema_name, middleware)
        self.timeout = performance.get("query_timeout")
        self.max_rows = performance.get("max_rows_per_request")
        self.report_cost = bool(performance.get("enable_query_cost_analysis"))
        self.operation: OperationDefinitionNode | None = None
        self.cost: int | None = None
        self.max_cost: int | None = None

    def refused(self, errors: Any) -> None:
        """Record errors that refused the request before execution (for ``log_errors``)."""
        self.log.errors(errors)

    def admit(
        self,
        graphql_schema: Any,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> list[GraphQLError]:
        """Errors refusing ``operation`` before it runs (its cost), or an empty list."""
        self.operation = operation
        self.metrics.operation_label = operation_label(operation)
        check = complexity_limit(graphql_schema, self.resolved)
        if check is None:
            return []
        self.cost, error = check.check(document, operation, variables)
        self.max_cost = check.max_complexity
        if error is None:
            return []
        self.log.errors([error])
        return [error]

    def execute(self, graphql_schema: Any, document: DocumentNode, **kwargs: Any) -> Any:
        """``graphql.execute`` under the schema's timeout and row ceiling, timed and counted."""
        with self.metrics.executing(), query_deadline(self.timeout), row_budget(self.max_rows):
            result = execute(
                graphql_schema, document, middleware=self.log.field_middleware(), **kwargs
            )
        if isinstance(result, ExecutionResult) and result.errors:
            self.log.errors(result.errors)
        return result

    def extensions(self) -> dict[str, Any]:
        """The response's ``extensions`` (empty unless cost or performance reporting is on)."""
        extensions: dict[str, Any] = {}
        if self.report_cost and self.cost is not None:
            extensions["cost"] = {"requested": self.cost, "maximum": self.max_cost}
        extensions.update(self.metrics.extensions())
        return extensions

    def finish(self, response: HttpResponse) -> HttpResponse:
        """Log the request and add the performance headers to ``response``."""
        summary = self.metrics.summary()
        self.log.operation(
            self.operation, getattr(self.request, "user", None), summary["durationMs"]
        )
        return self.metrics.finish(response)
