"""What an endpoint receives about one event, shaped by the endpoint's viewer.

``data`` holds the row's concrete fields as the endpoint's ``viewer`` (a username; anonymous
when unset) may read them through the schema's field-access table: hidden fields are left
out, masked fields carry their mask. The same permission decision as a GraphQL read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder

from rail_django.contracts.model_events import EventKind, ModelEvent
from rail_django.contracts.permissions import FieldVisibility
from rail_django.contracts.schema_runtime import get_schema_runtime

_ENCODER = DjangoJSONEncoder()


def viewer_of(endpoint: Mapping[str, Any]) -> Any:
    username = endpoint.get("viewer")
    if not username:
        return AnonymousUser()
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    return user or AnonymousUser()


def object_data(instance: Any, viewer: Any, schema: str) -> dict[str, Any]:
    access = get_schema_runtime(schema).field_access
    model = type(instance)
    data: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        decision = access.read(viewer, model, field.name)
        if decision.visibility is FieldVisibility.HIDDEN:
            continue
        if decision.visibility is FieldVisibility.MASKED:
            value = decision.mask_value
        else:
            value = getattr(instance, field.attname)
        data[field.attname if field.is_relation else field.name] = _plain(value)
    return data


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    try:
        return _ENCODER.default(value)
    except TypeError:
        return str(value)


def build_payload(
    event: ModelEvent,
    event_id: str,
    instance: Any,
    endpoint: Mapping[str, Any],
    schema: str,
) -> dict[str, Any]:
    data = None
    if instance is not None and event.kind != EventKind.DELETED:
        data = object_data(instance, viewer_of(endpoint), schema)
    return {
        "event_id": event_id,
        "event_type": str(event.kind),
        "model": event.model_label,
        "object_id": str(event.pk),
        "changed_fields": sorted(event.changed_fields),
        "data": data,
        "timestamp": event.occurred_at.isoformat(),
    }
