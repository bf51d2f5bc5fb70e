"""The GraphQL types of ``modelSchema``, ``availableModelsV2``, ``appSchemas`` and the v1
``modelMetadata``. Resolvers hand them plain dicts with snake_case keys (see :mod:`.served`)."""

from __future__ import annotations

import graphene

from rail_django.core.types.scalars import JSON
from rail_django.core.validation.max_query_complexity import bounded_by_schema

#: The classification flags of a field, in served order (see ``field_facts.classification_flags``).
FLAG_NAMES = (
    "is_date",
    "is_datetime",
    "is_time",
    "is_duration",
    "is_numeric",
    "is_integer",
    "is_decimal",
    "is_boolean",
    "is_text",
    "is_rich_text",
    "is_email",
    "is_url",
    "is_uuid",
    "is_ip_address",
    "is_file",
    "is_image",
    "is_json",
    "is_binary",
    "is_choice",
    "is_relation",
    "is_primary_key",
    "is_fsm_field",
)


class MetadataChoice(graphene.ObjectType):
    """A value a field (or filter) accepts and its translated label."""

    value = graphene.String(required=True)
    label = graphene.String()


class FsmTransition(graphene.ObjectType):
    """A django-fsm transition method of a state field."""

    name = graphene.String(required=True, description="The model method that runs it.")
    source = graphene.List(graphene.NonNull(graphene.String), required=True)
    target = graphene.String()
    label = graphene.String()
    permission = graphene.String(description="The permission it needs, if a codename.")
    allowed = graphene.Boolean(description="May this user run it (null: decided per row).")


def _field_schema_type() -> type[graphene.ObjectType]:
    attrs = {
        "__doc__": "One field of a model, classified for widget selection.",
        "name": graphene.String(required=True),
        "verbose_name": graphene.String(),
        "help_text": graphene.String(),
        "field_type": graphene.String(required=True),
        "graphql_type": graphene.String(),
        "required": graphene.Boolean(required=True),
        "nullable": graphene.Boolean(required=True),
        "editable": graphene.Boolean(required=True),
        "unique": graphene.Boolean(required=True),
        "has_default": graphene.Boolean(required=True),
        "max_length": graphene.Int(),
        "max_digits": graphene.Int(),
        "decimal_places": graphene.Int(),
        "choices": graphene.List(graphene.NonNull(MetadataChoice), required=True),
        "fsm_transitions": graphene.List(graphene.NonNull(FsmTransition), required=True),
        "related_model": graphene.String(description="'app.Model' of a foreign key."),
        "related_list_field": graphene.String(
            description="The root list field to query the related rows (choices are never "
            "enumerated for relations)."
        ),
        "readable": graphene.Boolean(required=True),
        "writable": graphene.Boolean(required=True),
        "visibility": graphene.String(required=True, description="VISIBLE or MASKED."),
    }
    for flag in FLAG_NAMES:
        attrs[flag] = graphene.Boolean(required=True)
    return type("ModelFieldSchema", (graphene.ObjectType,), attrs)


ModelFieldSchema = _field_schema_type()


class ModelRelationshipSchema(graphene.ObjectType):
    """One relation of a model, forward or reverse."""

    name = graphene.String(required=True)
    verbose_name = graphene.String()
    related_app = graphene.String(required=True)
    related_model = graphene.String(required=True)
    related_list_field = graphene.String()
    relation_type = graphene.String(required=True)
    is_reverse = graphene.Boolean(required=True)
    is_to_one = graphene.Boolean(required=True)
    is_to_many = graphene.Boolean(required=True)
    required = graphene.Boolean(required=True)
    on_delete = graphene.String()
    through = graphene.String()
    readable = graphene.Boolean(required=True)
    writable = graphene.Boolean(required=True)


class ModelFilterOption(graphene.ObjectType):
    """One operator of a filter."""

    name = graphene.String(required=True)
    lookup = graphene.String(required=True)
    help_text = graphene.String()
    choices = graphene.List(graphene.NonNull(MetadataChoice), required=True)


class ModelFilterSchema(graphene.ObjectType):
    """A filter the schema offers on one field (contributed by the filtering package)."""

    field_name = graphene.String(required=True)
    field_label = graphene.String()
    is_nested = graphene.Boolean(required=True)
    related_model = graphene.String()
    options = graphene.List(graphene.NonNull(ModelFilterOption), required=True)


class ModelMutationSchema(graphene.ObjectType):
    """A root mutation generated for the model."""

    name = graphene.String(required=True)
    operation = graphene.String(required=True, description="CREATE, UPDATE, DELETE or METHOD.")
    allowed = graphene.Boolean(required=True)
    required_permissions = graphene.List(graphene.NonNull(graphene.String), required=True)


class ModelPermissions(graphene.ObjectType):
    """What the current user may do with the model."""

    can_list = graphene.Boolean(required=True)
    can_create = graphene.Boolean(required=True)
    can_update = graphene.Boolean(required=True)
    can_delete = graphene.Boolean(required=True)
    can_export = graphene.Boolean(required=True)


class ModelFieldGroup(graphene.ObjectType):
    """A group of fields declared in ``GraphQLMeta.field_groups``."""

    key = graphene.String(required=True)
    label = graphene.String()
    fields = graphene.List(graphene.NonNull(graphene.String), required=True)


class ModelTemplate(graphene.ObjectType):
    """A document template of the model (contributed by the templating package)."""

    key = graphene.String(required=True)
    title = graphene.String()
    endpoint = graphene.String(required=True)


@bounded_by_schema
class ModelSchema(graphene.ObjectType):
    """Everything a UI builder needs to render forms, tables and detail views of a model."""

    app = graphene.String(required=True)
    model = graphene.String(required=True)
    verbose_name = graphene.String()
    verbose_name_plural = graphene.String()
    primary_key = graphene.String(required=True)
    ordering = graphene.List(graphene.NonNull(graphene.String), required=True)
    list_field = graphene.String(required=True)
    retrieve_field = graphene.String(required=True)
    fields = graphene.List(graphene.NonNull(ModelFieldSchema), required=True)
    relationships = graphene.List(graphene.NonNull(ModelRelationshipSchema), required=True)
    filters = graphene.List(graphene.NonNull(ModelFilterSchema), required=True)
    mutations = graphene.List(graphene.NonNull(ModelMutationSchema), required=True)
    permissions = graphene.Field(ModelPermissions, required=True)
    field_groups = graphene.List(graphene.NonNull(ModelFieldGroup), required=True)
    templates = graphene.List(graphene.NonNull(ModelTemplate), required=True)
    metadata_version = graphene.String(
        required=True, description="A hash of this document: unchanged means cache hit."
    )
    custom_metadata = graphene.Field(JSON)


@bounded_by_schema
class AvailableModel(graphene.ObjectType):
    """A model of the schema (``availableModelsV2``)."""

    app = graphene.String(required=True)
    model = graphene.String(required=True)
    verbose_name = graphene.String()
    verbose_name_plural = graphene.String()


class ModelMetadataField(graphene.ObjectType):
    """A field in the v1 ``modelMetadata`` answer."""

    name = graphene.String(required=True)
    verbose_name = graphene.String()
    field_type = graphene.String(required=True)
    required = graphene.Boolean(required=True)
    nullable = graphene.Boolean(required=True)
    editable = graphene.Boolean(required=True)
    max_length = graphene.Int()
    choices = graphene.List(graphene.NonNull(MetadataChoice), required=True)


class ModelMetadataRelation(graphene.ObjectType):
    """A relation in the v1 ``modelMetadata`` answer."""

    name = graphene.String(required=True)
    related_model = graphene.String(required=True)
    relation_type = graphene.String(required=True)


@bounded_by_schema
class ModelMetadata(graphene.ObjectType):
    """The v1 metadata of a model, kept for gradual migration to ``modelSchema``."""

    app = graphene.String(required=True)
    model = graphene.String(required=True)
    verbose_name = graphene.String()
    verbose_name_plural = graphene.String()
    fields = graphene.List(graphene.NonNull(ModelMetadataField), required=True)
    relationships = graphene.List(graphene.NonNull(ModelMetadataRelation), required=True)
