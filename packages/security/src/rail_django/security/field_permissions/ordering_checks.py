"""A pipeline step refusing ``orderBy`` paths through fields the user may not read.

Sorting by a hidden or masked field would reveal its values one comparison at a time. The
filtering package asks the permission backend's ``field_read`` for every ``where`` path itself;
core's ordering step does not, so this step (``Phase.FILTER``, before ordering) does it for
every consumer of the queryset pipeline.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import QueryRequest
from rail_django.contracts.schema_runtime import SchemaRuntime


def _field(model: type[Model], segment: str) -> Any:
    by_name = {f.name: f for f in model._meta.get_fields()}
    if segment in by_name:
        return by_name[segment]
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in segment)
    return by_name.get(snake)


def refused_order_path(
    user: Any, model: type[Model], raw: str, runtime: SchemaRuntime, context: Any = None
) -> bool:
    """Does ``raw`` (``"-category__name"``, camelCase segments allowed) cross a field ``user``
    may not order by (the runtime's field-access table)? Unknown segments are left to core's
    ordering step to report."""
    table = runtime.field_access
    current = model
    for segment in raw.lstrip("-").split("__"):
        field = _field(current, segment)
        if field is None:
            return False
        if not table.orderable(user, current, field.name, context=context):
            return True
        if not (field.is_relation and isinstance(field.related_model, type)):
            return False
        current = field.related_model
    return False


class HiddenFieldOrderingStep:
    """Refuse ordering through fields the user reads masked or not at all."""

    name = "security_field_ordering"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        runtime = request.runtime
        if runtime is None:
            return queryset
        for raw in request.order_by or ():
            if isinstance(raw, str) and refused_order_path(
                request.user, request.model, raw, runtime, request.context
            ):
                raise RailError(
                    gettext("You may not order by %(path)s.") % {"path": raw},
                    ErrorCode.PERMISSION_DENIED,
                )
        return queryset
