"""The root query fields of the metadata extension, added when ``schema_settings.show_metadata``.

``modelSchema(app:, model:)``, ``availableModelsV2(app:)``, ``appSchemas(app:)`` and the v1
``modelMetadata(app:, model:)``. Each schema build gets one :class:`MetadataService`, found again
by the schema's runtime (:func:`service_for`), so the HTTP variant serves the same documents.
"""

from __future__ import annotations

import weakref
from typing import Any

import graphene
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.schema_runtime import SchemaRuntime, runtime_of
from rail_django.extensions.metadata.graphql_types import (
    AvailableModel,
    ModelMetadata,
    ModelSchema,
)
from rail_django.extensions.metadata.served import MetadataService

_SERVICES: weakref.WeakKeyDictionary[SchemaRuntime, MetadataService] = weakref.WeakKeyDictionary()


def service_for(runtime: SchemaRuntime | None) -> MetadataService | None:
    """The metadata service of the schema ``runtime`` belongs to (``None``: metadata is off)."""
    return _SERVICES.get(runtime) if runtime is not None else None


def ensure_reader(runtime: SchemaRuntime, user: Any) -> None:
    """Metadata describes the schema's permissions: not public when the schema is not."""
    required = runtime.section("schema_settings").get("authentication_required", True)
    if required and not getattr(user, "is_authenticated", False):
        raise RailError(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED)


def _service(info: Any) -> tuple[MetadataService, Any]:
    runtime = runtime_of(info)
    service = service_for(runtime)
    if service is None:  # a schema not built by Rail Django
        raise RailError(gettext("Model metadata is not enabled."), ErrorCode.OPERATION_DISABLED)
    user = getattr(info.context, "user", None)
    ensure_reader(runtime, user)
    return service, user


def lookup(service: MetadataService, app: str, model: str) -> Any:
    """The model ``app.model`` of the schema, or the ``NOT_FOUND`` error naming it."""
    found = service.find(app, model)
    if found is None:
        raise RailError(
            gettext("No model %(model)s in app %(app)s in this schema.")
            % {"model": model, "app": app},
            ErrorCode.NOT_FOUND,
        )
    return found


def _available(model: Any) -> dict[str, Any]:
    opts = model._meta
    return {
        "app": opts.app_label,
        "model": model.__name__,
        "verbose_name": str(opts.verbose_name),
        "verbose_name_plural": str(opts.verbose_name_plural),
    }


def _v1(document: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: document[k] for k in ("app", "model", "verbose_name", "verbose_name_plural")},
        "fields": document["fields"],
        "relationships": [
            {**r, "related_model": f"{r['related_app']}.{r['related_model']}"}
            for r in document["relationships"]
        ],
    }


def resolve_model_schema(root: Any, info: Any, app: str, model: str) -> dict[str, Any]:
    service, user = _service(info)
    return service.model_schema(lookup(service, app, model), user, info.context)


def resolve_available_models(root: Any, info: Any, app: str | None = None) -> list[Any]:
    service, _user = _service(info)
    return [_available(model) for model in service.app_models(app)]


def resolve_app_schemas(root: Any, info: Any, app: str) -> list[dict[str, Any]]:
    service, user = _service(info)
    return [service.model_schema(m, user, info.context) for m in service.app_models(app)]


def resolve_model_metadata(root: Any, info: Any, app: str, model: str) -> dict[str, Any]:
    service, user = _service(info)
    return _v1(service.model_schema(lookup(service, app, model), user, info.context))


def metadata_query_fields(build: Any) -> dict[str, Any]:
    """The metadata root fields of a schema build (none unless ``show_metadata``)."""
    if not build.settings["schema_settings"]["show_metadata"]:
        return {}
    _SERVICES[build.runtime] = MetadataService(build)
    app_argument = graphene.String(required=True, description="The app label (``store``).")
    model_argument = graphene.String(required=True, description="The model name (``Product``).")
    return {
        "model_schema": graphene.Field(
            graphene.NonNull(ModelSchema),
            app=app_argument,
            model=model_argument,
            resolver=resolve_model_schema,
            description="Fields, relations, filters, mutations and permissions of a model.",
        ),
        "available_models_v2": graphene.Field(
            graphene.NonNull(graphene.List(graphene.NonNull(AvailableModel))),
            app=graphene.String(description="Only this app's models."),
            resolver=resolve_available_models,
            description="The models of this schema.",
        ),
        "app_schemas": graphene.Field(
            graphene.NonNull(graphene.List(graphene.NonNull(ModelSchema))),
            app=graphene.String(required=True),
            resolver=resolve_app_schemas,
            description="``modelSchema`` of every model of an app.",
        ),
        "model_metadata": graphene.Field(
            graphene.NonNull(ModelMetadata),
            app=graphene.String(required=True),
            model=graphene.String(required=True),
            resolver=resolve_model_metadata,
            description="The v1 metadata of a model (use ``modelSchema``).",
        ),
    }
