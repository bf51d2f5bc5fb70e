"""Field guards compiled per type at schema build (``ContributionKind.FIELD_GUARDS``).

At build time a field gets a guard only when something can rule on it: a field rule in the
model's ``GraphQLMeta`` / ``meta.yaml`` or a policy that targets the field. Every other field
keeps its plain resolver and costs nothing per request. A guarded field decides once per request
(memoised on the request) and then serves the value, its mask, or null for every row.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from rail_django.contracts.build_context import SchemaBuildContext
from rail_django.contracts.permissions import FieldVisibility


def field_guard_provider(context: SchemaBuildContext, model: type[Model], field_name: str) -> Any:
    """The guard of ``model.field_name`` in this schema, or ``None`` when nothing rules on it.

    The decision comes from the schema runtime's field-access table (the same table ``where``,
    ``quick`` and ``orderBy`` ask), which asks the active permission backend.
    """
    # The guide enforces field rules in a Graphene middleware; the guards replace it (no per
    # field middleware runs), and its switch still turns field enforcement off.
    middleware = context.settings.sections.get("middleware_settings", {})
    if not middleware.get("enable_field_permission_middleware", True):
        return None
    table = context.runtime.field_access
    if not table.rules(model, field_name).read:
        return None
    # The decision of the request served last, as one (request, decision) tuple: replacing a
    # tuple is atomic, so a thread never pairs one request with another's decision. Rows of the
    # same request (the common case) then cost one identity test.
    last: list[tuple[Any, Any]] = [(None, None)]

    def guard(root: Any, info: Any, value: Any) -> Any:
        request = info.context
        seen, decision = last[0]
        if seen is not request:
            user = getattr(request, "user", None)
            decision = table.read(user, model, field_name, context=request)
            last[0] = (request, decision)
        if decision.visibility == FieldVisibility.VISIBLE:
            return value
        if decision.visibility == FieldVisibility.MASKED:
            return decision.mask_value
        return None

    return guard
