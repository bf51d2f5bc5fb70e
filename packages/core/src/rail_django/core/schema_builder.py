"""``build_schema(name)``: the models of ``INSTALLED_APPS`` in, a ``graphene.Schema`` out.

Pure: the result depends only on the schema's merged settings, the installed models, their
``GraphQLMeta`` and the registered plugins. The schema registry caches what this returns; the
small caches kept here are cleared by :func:`clear_build_caches`.

The built schema carries three attributes: ``validation_rules`` (the rule classes plugins
contributed), ``build_context`` (the :class:`SchemaBuild`) and ``runtime`` (the contracts'
:class:`~rail_django.contracts.schema_runtime.SchemaRuntime` every consumer of the schema uses).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import graphene
from django.utils.module_loading import import_string

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.contracts.schema_runtime import RUNTIME_EXTENSION
from rail_django.core.build_context import SchemaBuild
from rail_django.core.meta import clear_meta_cache
from rail_django.core.mutations import mutation_fields
from rail_django.core.queries.access import ModelAccess, restricted_models
from rail_django.core.queries.list_fields import list_field, retrieve_field
from rail_django.core.queries.ordering import clear_ordering_cache
from rail_django.core.settings_sections import schema_settings
from rail_django.core.types.naming import root_field_names, to_camel_case
from rail_django.core.types.object_types import ObjectTypeBuilder

DEFAULT_SCHEMA_NAME = "gql"


def clear_build_caches() -> None:
    """Forget resolved metas, meta files and ordering lookups (for ``schema_registry.clear()``)."""
    clear_meta_cache()
    clear_ordering_cache()


def _extension_classes(paths: Iterable[str]) -> list[type]:
    classes = []
    for path in paths:
        cls = import_string(path) if isinstance(path, str) else path
        classes.append(cls)
    return classes


#: Plugins named under this prefix are the guide's extensions (``rail_django.extensions.mfa``,
#: ``.tasks``, ...); ``schema_settings.enable_extension_mutations`` decides their mutations.
EXTENSION_PLUGIN_PREFIX = "rail_django.extensions."


def _plugin_fields(
    kind: ContributionKind, build: SchemaBuild, *, extensions: bool = True
) -> dict[str, Any]:
    """The root fields plugins contribute; ``extensions=False`` leaves out the extensions'
    (security's sign-in and role mutations, and third-party plugins, are not extensions)."""
    fields: dict[str, Any] = {}
    for contribution in plugin_registry.contributions(kind):
        if not extensions and contribution.plugin.startswith(EXTENSION_PLUGIN_PREFIX):
            continue
        fields.update(contribution.value(build) or {})
    return fields


def _allowed(name: str, field: Any, allowlist: Sequence[str] | None) -> bool:
    if allowlist is None:
        return True
    names = {name, to_camel_case(name), getattr(field, "name", None) or name}
    return any(entry in names for entry in allowlist)


def _root_type(
    type_name: str,
    fields: Mapping[str, Any],
    extensions: Sequence[type],
    allowlist: Sequence[str] | None,
    *,
    required: bool,
) -> type[graphene.ObjectType] | None:
    """A root type from generated/plugin ``fields`` and extension classes (whose fields and
    ``resolve_*`` methods are inherited), narrowed to ``allowlist``."""
    root = type(type_name, (*extensions, graphene.ObjectType), dict(fields))
    for name, field in list(root._meta.fields.items()):
        if not _allowed(name, field, allowlist):
            del root._meta.fields[name]
    if not root._meta.fields:
        if not required:
            return None
        # GraphQL needs a Query type with a field; this one answers null and says why.
        root._meta.fields["_empty"] = graphene.Field(
            graphene.Boolean,
            name="_empty",
            description="Placeholder: this schema exposes no query field.",
        )
    return root


def _schema_plans(build: SchemaBuild) -> None:
    """Each plugin's per-schema plans, built once and kept on the runtime by plugin name."""
    for contribution in plugin_registry.contributions(ContributionKind.SCHEMA_PLANS):
        build.runtime.set_plan(contribution.plugin, contribution.value(build))


def _validation_rules(build: SchemaBuild) -> tuple[type, ...]:
    rules: list[type] = []
    for provider in plugin_registry.values(ContributionKind.VALIDATION_RULES):
        rules.extend(provider(build) or ())
    return tuple(rules)


def build_schema(schema_name: str = DEFAULT_SCHEMA_NAME) -> graphene.Schema:
    """Build the GraphQL schema ``schema_name`` from its merged settings."""
    settings = schema_settings(schema_name)
    build = SchemaBuild(schema_name, settings)
    _schema_plans(build)
    restricted = restricted_models(build.models, settings, build.type_name, root_field_names)
    accesses = {
        model: ModelAccess(
            model,
            settings,
            build.runtime,
            require_model_permissions=True if model in restricted else None,
        )
        for model in build.models
    }
    types = ObjectTypeBuilder(build, accesses)
    for model in build.models:
        types.build(model)

    query_fields: dict[str, Any] = {}
    for model in build.models:
        singular, plural = root_field_names(build.type_name(model))
        query_fields[singular] = retrieve_field(build, model, accesses[model])
        query_fields[plural] = list_field(build, model, accesses[model])
    query_fields.update(_plugin_fields(ContributionKind.QUERY_FIELDS, build))

    schema_section = settings["schema_settings"]
    query = _root_type(
        "Query",
        query_fields,
        _extension_classes(schema_section["query_extensions"]),
        schema_section["query_field_allowlist"],
        required=True,
    )
    mutation = _root_type(
        "Mutation",
        {
            **mutation_fields(build),
            **_plugin_fields(
                ContributionKind.MUTATION_FIELDS,
                build,
                extensions=bool(schema_section["enable_extension_mutations"]),
            ),
        },
        _extension_classes(schema_section["mutation_extensions"]),
        schema_section["mutation_field_allowlist"],
        required=False,
    )
    subscription = _root_type(
        "Subscription",
        _plugin_fields(ContributionKind.SUBSCRIPTION_FIELDS, build),
        (),
        schema_section["subscription_field_allowlist"],
        required=False,
    )
    schema = graphene.Schema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=list(build.extra_types) or None,
        auto_camelcase=build.camelcase_root,
    )
    schema.validation_rules = _validation_rules(build)
    schema.build_context = build
    schema.runtime = build.runtime
    # Resolvers reach it from ``info.schema`` (``rail_django.contracts.schema_runtime.runtime_of``).
    graphql_schema = schema.graphql_schema
    graphql_schema.extensions = {
        **(graphql_schema.extensions or {}),
        RUNTIME_EXTENSION: build.runtime,
    }
    return schema
