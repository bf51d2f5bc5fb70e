"""The root fields of a model: the list (``products``) and the retrieve (``product(id:)``).

Both go through the contracts' queryset pipeline, so permission scope, plugin filters, ordering
and optimisation apply exactly as they do for export or reporting.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.core.build_context import SchemaBuild
from rail_django.core.model_fields import field_map
from rail_django.core.model_selection import entry_for
from rail_django.core.optimizer import plan_for
from rail_django.core.queries.access import ModelAccess
from rail_django.core.queries.list_arguments import list_arguments
from rail_django.core.queries.pagination import page_window
from rail_django.core.queries.relay import connection_field
from rail_django.core.queries.row_budget import refuse_when_exhausted, spend_rows
from rail_django.core.types.converters import ScalarConverter

#: Argument names of the generated list fields that are not plugin arguments.
OWN_ARGUMENTS = frozenset({"offset", "limit", "first", "after", "last", "before", "order_by"})


def query_request(
    build: SchemaBuild,
    model: type[Model],
    info: Any,
    user: Any,
    arguments: dict[str, Any],
    **window: Any,
) -> QueryRequest:
    """The pipeline request of a list field call."""
    plugin_values = {k: v for k, v in arguments.items() if k not in OWN_ARGUMENTS}
    return QueryRequest(
        model=model,
        runtime=build.runtime,
        user=user,
        order_by=arguments.get("order_by"),
        arguments=plugin_values,
        operation="view",
        context=info.context,
        **window,
    )


def _list_arguments(build: SchemaBuild, model: type[Model], *, pagination: bool) -> dict[str, Any]:
    query = build.settings["query_settings"]
    schema = build.settings["schema_settings"]
    arguments: dict[str, Any] = {}
    if pagination and query["generate_pagination"] and schema["enable_pagination"]:
        # Built with the schema, so in the language active then (LANGUAGE_CODE: see
        # SchemaRegistry._build).
        arguments["offset"] = graphene.Int(description=gettext("Rows to skip."))
        arguments["limit"] = graphene.Int(
            description=gettext("Rows to return (at most max_page_size).")
        )
        arguments["first"] = graphene.Int(description=gettext("Same as limit."))
    if query["generate_ordering"]:
        arguments["order_by"] = graphene.List(
            graphene.NonNull(graphene.String),
            description=gettext('Fields to order by, "-" for descending: ["-price", "name"].'),
        )
    arguments.update(list_arguments(build, model))
    return arguments


def relation_list_arguments(build: SchemaBuild, model: type[Model]) -> dict[str, Any]:
    """The arguments of a nested to-many relation field: the offset list's own (page, order,
    plugin arguments such as ``where``), applied per parent."""
    return _list_arguments(build, model, pagination=True)


def list_field(build: SchemaBuild, model: type[Model], access: ModelAccess) -> graphene.Field:
    """``products(offset, limit, first, orderBy, ...plugins)`` or, with ``use_relay``, a
    connection."""
    query = build.settings["query_settings"]
    if query["use_relay"]:
        arguments = _list_arguments(build, model, pagination=False)
        return connection_field(build, model, access, arguments)
    arguments = _list_arguments(build, model, pagination=True)
    target = build.type_thunk(model)

    def resolve(root: Any, info: Any, **kwargs: Any) -> Any:
        user = access.ensure(info)
        refuse_when_exhausted()
        offset, limit = page_window(kwargs, query)
        selection = plan_for(build, model, info)
        request = query_request(
            build, model, info, user, kwargs, offset=offset, limit=limit, selection=selection
        )
        rows = list(build_queryset(request))
        spend_rows(len(rows))
        return rows

    # Nullable: a refused or failed list reads as null with its error, and the other root
    # fields of the same document still answer.
    return graphene.Field(
        graphene.List(graphene.NonNull(target)),
        args=arguments,
        resolver=resolve,
        description=gettext("List of %(models)s.") % {"models": model._meta.verbose_name_plural},
    )


def _lookup_names(build: SchemaBuild, model: type[Model]) -> list[str]:
    extra = entry_for(model, build.settings["query_settings"]["additional_lookup_fields"]) or ()
    exposed = set(build.exposed_fields(model))
    names = []
    for name in extra:
        field = field_map(model).get(name)
        if name in exposed and field is not None and not field.is_relation and name != "id":
            names.append(name)
    return names


def retrieve_field(build: SchemaBuild, model: type[Model], access: ModelAccess) -> graphene.Field:
    """``product(id: ID)``, plus one argument per ``additional_lookup_fields`` entry."""
    converter = ScalarConverter(build.settings)
    lookups = _lookup_names(build, model)
    arguments: dict[str, Any] = {"id": graphene.ID(description=gettext("The primary key."))}
    fields = field_map(model)
    for name in lookups:
        conversion = converter.convert(fields[name])
        arguments[name] = graphene.Argument(conversion.graphql_type, name=build.field_name(name))
    names = ", ".join(["id", *(build.field_name(n) for n in lookups)])

    def resolve(root: Any, info: Any, **kwargs: Any) -> Any:
        user = access.ensure(info)
        given = {k: v for k, v in kwargs.items() if v is not None}
        if len(given) != 1:
            raise RailError(
                gettext("Give exactly one of: %(names)s.") % {"names": names},
                ErrorCode.INVALID_ARGUMENT,
            )
        ((name, value),) = given.items()
        field = model._meta.pk if name == "id" else fields[name]
        try:
            value = field.to_python(value)
        except ValidationError:
            raise RailError(
                gettext("%(value)r is not a valid %(name)s.") % {"value": value, "name": name},
                ErrorCode.INVALID_ARGUMENT,
            ) from None
        request = QueryRequest(
            model=model,
            runtime=build.runtime,
            user=user,
            operation="view",
            context=info.context,
            selection=plan_for(build, model, info),
        )
        lookup = "pk" if name == "id" else name
        # Filter first: the pipeline then scopes and orders at most the matching rows.
        matching = model._default_manager.filter(**{lookup: value})
        rows = list(build_queryset(request, matching)[:2])
        if len(rows) > 1:
            raise RailError(
                gettext("Several rows match %(name)s=%(value)r.") % {"name": name, "value": value},
                ErrorCode.INVALID_ARGUMENT,
            )
        return rows[0] if rows else None

    return graphene.Field(
        build.type_thunk(model),
        args=arguments,
        resolver=resolve,
        description=gettext("One %(model)s by %(names)s.")
        % {"model": model._meta.verbose_name, "names": names},
    )
