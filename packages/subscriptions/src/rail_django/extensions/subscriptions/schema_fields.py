"""The per-model root fields: ``categoryCreated``, ``categoryUpdated``, ``categoryDeleted``.

Built once per schema (``ContributionKind.SUBSCRIPTION_FIELDS``). Each field's payload is
``{ event id node }`` with ``node`` typed as the model's generated object type, so nested
selections, field masking and relation resolvers behave as on queries. A field is resolved
once per event and group of identical subscriptions (see :mod:`.subscription_hub`): its root value
is the event, and its resolver asks the contracts' queryset pipeline, with the subscriber's user,
``filters`` (the list field's ``where``) and permission scope, whether the row may be seen.

Deleted rows no longer exist, so their scope cannot be evaluated: a ``<model>Deleted`` event
carries ``id`` and a null ``node``, and reaches only subscribers without ``filters`` whose
permission scope on the model is unrestricted (the pipeline adds no row condition for them).
Everyone else never learns of the deletion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import graphene
from django.db.models import Model
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.model_events import EventKind
from rail_django.contracts.permissions import get_permission_backend
from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset

__all__ = ["FieldSource", "field_source", "subscription_fields"]


@dataclass(frozen=True)
class FieldSource:
    """Which events feed a subscription field: the model label and the event kind."""

    model_label: str
    kind: EventKind


#: (schema name, GraphQL field name) -> its event source, filled when a schema is built.
_SOURCES: dict[tuple[str, str], FieldSource] = {}


def field_source(schema_name: str, field_name: str) -> FieldSource | None:
    """The event source of root subscription field ``field_name`` of ``schema_name``."""
    return _SOURCES.get((schema_name, field_name))


def _selected(model: type[Model], entries: Any) -> bool:
    names = {str(entry).lower() for entry in entries or ()}
    return model._meta.label_lower in names or model._meta.app_label.lower() in names


def subscription_fields(context: Any) -> Mapping[str, Any]:
    """The ``RootFieldsProvider`` of this package."""
    settings = context.settings["subscription_settings"]
    if not settings["enable_subscriptions"]:
        return {}
    kinds = [
        kind
        for kind, key in (
            (EventKind.CREATED, "enable_create"),
            (EventKind.UPDATED, "enable_update"),
            (EventKind.DELETED, "enable_delete"),
        )
        if settings[key]
    ]
    include, exclude = settings["include_models"], settings["exclude_models"]
    fields: dict[str, Any] = {}
    for model in context.models:
        if include and not _selected(model, include):
            continue
        if _selected(model, exclude):
            continue
        object_type = context.object_type(model)
        type_name = object_type._meta.name
        payload = _payload_type(type_name, object_type)
        filters = _filters_argument(context, model) if settings["enable_filters"] else None
        for kind in kinds:
            name = type_name[0].lower() + type_name[1:] + kind.value.capitalize()
            _SOURCES[(context.schema_name, name)] = FieldSource(model._meta.label, kind)
            fields[name] = _field(context, model, kind, payload, filters)
    return fields


def _payload_type(type_name: str, object_type: Any) -> type[graphene.ObjectType]:
    return type(
        f"{type_name}SubscriptionEvent",
        (graphene.ObjectType,),
        {
            "__doc__": f"A committed change to one {type_name}.",
            "event": graphene.String(required=True, description="created, updated or deleted."),
            "id": graphene.ID(required=True, description="The row's primary key."),
            "node": graphene.Field(
                object_type, description="The row as you may read it (null once deleted)."
            ),
        },
    )


def _filters_argument(context: Any, model: type[Model]) -> Any:
    for argument in plugin_registry.values(ContributionKind.LIST_ARGUMENTS):
        if getattr(argument, "name", None) == "where":
            return argument.build(context, model)
    return None


def _field(
    context: Any, model: type[Model], kind: EventKind, payload: Any, filters: Any
) -> graphene.Field:
    runtime = context.runtime
    schema_section = context.settings["schema_settings"]
    query_section = context.settings["query_settings"]
    label = model._meta.label

    def resolve(root: Any, info: Any, filters: Any = None) -> Any:
        if not isinstance(root, Mapping) or root.get("model") != label or root.get("kind") != kind:
            return None  # not this field's event (or no event at all)
        user = getattr(info.context, "user", None)
        _ensure_access(user, model, runtime, schema_section, query_section)
        request = QueryRequest(
            model=model,
            runtime=runtime,
            user=user,
            where=filters,
            operation="view",
            context=info.context,
        )
        pk = root["pk"]
        if kind is EventKind.DELETED:
            if filters is not None or build_queryset(request).query.has_filters():
                return None
            return {"event": kind.value, "id": pk, "node": None}
        row = build_queryset(request, model._default_manager.filter(pk=pk)).first()
        if row is None:
            return None  # outside the subscriber's filters or permission scope
        return {"event": kind.value, "id": row.pk, "node": row}

    arguments = {"filters": filters} if filters is not None else {}
    verb = {"created": "created", "updated": "updated", "deleted": "deleted"}[kind.value]
    return graphene.Field(
        payload,
        args=arguments,
        resolver=resolve,
        description=f"Each {model._meta.verbose_name} {verb} (after the commit).",
    )


def _ensure_access(
    user: Any, model: type[Model], runtime: Any, schema_section: Any, query_section: Any
) -> None:
    # The same two questions the generated list field asks, of the same permission backend.
    if schema_section["authentication_required"] and not getattr(user, "is_authenticated", False):
        raise RailError(_("Authentication required."), ErrorCode.UNAUTHENTICATED)
    if query_section["require_model_permissions"]:
        decision = get_permission_backend().check_operation(
            user,
            model,
            "view",
            codename=query_section["model_permission_codename"],
            runtime=runtime,
        )
        if not decision.allowed:
            raise RailError(
                decision.reason
                or _("You do not have permission to view %(models)s.")
                % {"models": model._meta.verbose_name_plural},
                decision.code or ErrorCode.PERMISSION_DENIED,
            )
