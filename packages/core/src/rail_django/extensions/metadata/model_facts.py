"""What a model of one schema looks like to a UI builder, decided once per (schema, model).

:class:`ModelFacts` holds the user-independent half of ``modelSchema``: fields with their
flags, relationships, the mutations the schema generated for the model, the field groups and
custom metadata of its ``GraphQLMeta`` and what plugins add (filters, templates). The per-user
half is :mod:`.served` 's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import ForeignObjectRel, ManyToManyField, ManyToManyRel, OneToOneField

from rail_django.contracts.model_metadata import ModelMetadataPart
from rail_django.contracts.permissions import Operation
from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.model_fields import field_map
from rail_django.core.mutations.method_mutations import marked_methods
from rail_django.core.mutations.mutation_options import MutationOptions, mutation_options
from rail_django.core.queries.access import ModelAccess
from rail_django.core.types.naming import root_field_names, to_camel_case, to_snake_case
from rail_django.extensions.metadata.field_facts import (
    FieldFacts,
    field_facts,
    is_forward,
    named_type,
)


@dataclass(frozen=True)
class RelationFacts:
    """One relation of a model (forward or reverse)."""

    name: str
    django_name: str
    verbose_name: Any
    related_app: str
    related_model: str
    related_list_field: str | None
    relation_type: str
    is_reverse: bool
    is_to_one: bool
    is_to_many: bool
    required: bool
    editable: bool
    on_delete: str | None
    through: str | None


@dataclass(frozen=True)
class MutationFacts:
    """One root mutation field the schema generated for a model."""

    name: str
    operation: str  # CREATE, UPDATE, DELETE, METHOD
    permission_operation: str  # the Operation the permission backend is asked about
    codename: str | None
    required_permissions: tuple[str, ...]
    enabled: bool


@dataclass(frozen=True)
class ModelFacts:
    """The user-independent metadata of one model in one schema."""

    model: type[models.Model]
    app: str
    name: str
    verbose_name: Any
    verbose_name_plural: Any
    primary_key: str
    ordering: tuple[str, ...]
    list_field: str
    retrieve_field: str
    fields: tuple[FieldFacts, ...]
    relationships: tuple[RelationFacts, ...]
    mutations: tuple[MutationFacts, ...]
    field_groups: tuple[tuple[str, Any, tuple[str, ...]], ...]
    custom_metadata: Any
    parts: tuple[ModelMetadataPart, ...]
    read_only: frozenset[str]
    access: ModelAccess
    options: MutationOptions


def _relation_type(field: Any) -> str:
    if isinstance(field, ForeignObjectRel):
        if isinstance(field, ManyToManyRel):
            return "REVERSE_MANY_TO_MANY"
        if field.one_to_one:
            return "REVERSE_ONE_TO_ONE"
        return "REVERSE_FOREIGN_KEY"
    if isinstance(field, ManyToManyField):
        return "MANY_TO_MANY"
    if isinstance(field, OneToOneField):
        return "ONE_TO_ONE"
    return "FOREIGN_KEY"


def _on_delete(field: Any) -> str | None:
    remote = field if isinstance(field, ForeignObjectRel) else getattr(field, "remote_field", None)
    handler = getattr(remote, "on_delete", None)
    return getattr(handler, "__name__", None) if handler is not None else None


def _through(field: Any) -> str | None:
    remote = field if isinstance(field, ForeignObjectRel) else getattr(field, "remote_field", None)
    through = getattr(remote, "through", None)
    return through._meta.label if through is not None else None


class FactsBuilder:
    """Builds :class:`ModelFacts` for the models of one schema build (lazily, once each)."""

    def __init__(self, build: Any) -> None:
        self.build = build
        self._list_fields = {
            model: self._root(root_field_names(build.type_name(model))[1]) for model in build.models
        }

    def _root(self, snake: str) -> str:
        return to_camel_case(snake) if self.build.camelcase_root else snake

    def list_field(self, model: type[models.Model]) -> str | None:
        return self._list_fields.get(model)

    def _graphql_type(self, model: type[models.Model], django_name: str) -> str:
        # Graphene keys a type's fields by their Python (snake_case) name.
        object_type = self.build.object_type(model)
        field = object_type._meta.fields.get(django_name)
        return named_type(field.type) if field is not None else ""

    def _relation(self, field: Any, name: str) -> RelationFacts:
        related = field.related_model
        kind = _relation_type(field)
        reverse = isinstance(field, ForeignObjectRel)
        to_one = kind in ("FOREIGN_KEY", "ONE_TO_ONE", "REVERSE_ONE_TO_ONE")
        verbose = related._meta.verbose_name_plural if not to_one else related._meta.verbose_name
        return RelationFacts(
            name=name,
            django_name=field.name if not reverse else field.get_accessor_name(),
            verbose_name=field.verbose_name if not reverse else verbose,
            related_app=related._meta.app_label,
            related_model=related.__name__,
            related_list_field=self.list_field(related),
            relation_type=kind,
            is_reverse=reverse,
            is_to_one=to_one,
            is_to_many=not to_one,
            required=(not reverse) and not field.blank and not field.null,
            editable=True if reverse else bool(field.editable),
            on_delete=_on_delete(field),
            through=_through(field) if "MANY_TO_MANY" in kind else None,
        )

    def _mutations(
        self, model: type[models.Model], options: MutationOptions
    ) -> list[MutationFacts]:
        opts = model._meta
        snake = to_snake_case(self.build.type_name(model))

        def permissions(codename: str) -> tuple[str, ...]:
            if not options.require_model_permissions:
                return ()
            return (f"{opts.app_label}.{codename}_{opts.model_name}",)

        result = []
        crud = (
            (Operation.CREATE, options.generate_create),
            (Operation.UPDATE, options.generate_update),
            (Operation.DELETE, options.generate_delete),
        )
        for operation, generated in crud:
            if not generated:
                continue
            codename = options.codename(operation)
            names = [f"{operation}_{snake}"]
            if options.generate_bulk:
                names.append(f"bulk_{operation}_{snake}")
            for index, name in enumerate(names):
                result.append(
                    MutationFacts(
                        name=self._root(name),
                        operation=str(operation).upper(),
                        permission_operation=str(operation),
                        codename=codename,
                        required_permissions=permissions(codename),
                        enabled=options.enabled(operation, bulk=index == 1),
                    )
                )
        if options.enable_methods:
            for attr, _method, marker in marked_methods(model):
                codename = marker.codename or options.codename(marker.operation)
                result.append(
                    MutationFacts(
                        name=self._root(marker.name or f"{attr}_{snake}"),
                        operation="METHOD",
                        permission_operation=str(marker.operation),
                        codename=marker.codename,
                        required_permissions=permissions(codename),
                        enabled=True,
                    )
                )
        return result

    def facts(self, model: type[models.Model]) -> ModelFacts:
        build = self.build
        runtime = build.runtime
        meta = build.model_meta(model)
        fields: list[FieldFacts] = []
        relations: list[RelationFacts] = []
        all_fields = field_map(model)
        for django_name in build.exposed_fields(model):
            field = all_fields[django_name]
            api_name = build.field_name(django_name)
            if field.is_relation:
                relations.append(self._relation(field, api_name))
            if is_forward(field) and not isinstance(field, ManyToManyField):
                related = field.related_model if field.is_relation else None
                fields.append(
                    field_facts(
                        model,
                        field,
                        name=api_name,
                        graphql_type=self._graphql_type(model, django_name),
                        related_list_field=self.list_field(related) if related else None,
                    )
                )
        options = mutation_options(model, build.settings, runtime)
        groups = meta.field_groups
        labels = getattr(groups, "labels", {})
        parts = []
        for provider in plugin_registry.values(ContributionKind.MODEL_METADATA):
            part = provider(runtime, model)
            if part is not None:
                parts.append(part)
        singular, plural = root_field_names(build.type_name(model))
        pk = model._meta.pk
        return ModelFacts(
            model=model,
            app=model._meta.app_label,
            name=model.__name__,
            verbose_name=model._meta.verbose_name,
            verbose_name_plural=model._meta.verbose_name_plural,
            primary_key=build.field_name(pk.name) if pk is not None else "id",
            ordering=tuple(str(o) for o in model._meta.ordering or ()),
            list_field=self._root(plural),
            retrieve_field=self._root(singular),
            fields=tuple(fields),
            relationships=tuple(relations),
            mutations=tuple(self._mutations(model, options)),
            field_groups=tuple(
                (key, labels.get(key, key), tuple(build.field_name(n) for n in names))
                for key, names in groups.items()
            ),
            custom_metadata=dict(meta.custom_metadata),
            parts=tuple(parts),
            read_only=frozenset(meta.fields.read_only),
            access=ModelAccess(model, build.settings, runtime),
            options=options,
        )
