"""System check ``rail_django.W101``: a generated create mutation that can never succeed.

A create saves through the model's ``full_clean()``, which needs a value for every field that
allows no blank and has no default. When such a field is not in the create input (excluded from
the schema, ``GraphQLMeta.Fields.read_only``, not editable or a primary key), every call
answers ``ok: false``; the check says so at start-up, once per model, naming the fields and the
schemas. Give the field a default (or a generator), let it be blank, or make it writable; or turn
the mutation off (``mutation_settings.generate_create``, ``mutation_field_allowlist``).
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rail_django.core.build_context import SchemaBuild
from rail_django.core.mutations.input_types import carried_by_inputs, required_on_create
from rail_django.core.mutations.mutation_options import mutation_options
from rail_django.core.types.naming import to_camel_case, to_snake_case


def unsettable_required_fields(build: SchemaBuild, model: type[Model]) -> list[str]:
    """The fields ``model``'s create in ``build`` must be given but cannot be, in model order."""
    exposed = set(build.exposed_fields(model))
    read_only = set(build.model_meta(model).fields.read_only)
    missing = []
    for field in model._meta.concrete_fields:
        if getattr(field, "generated", False) or not required_on_create(field):
            continue
        if field.remote_field is not None and field.remote_field.parent_link:
            continue  # a multi-table child's link to its parent row: saved with the parent
        if field.name in exposed and field.name not in read_only and carried_by_inputs(field):
            continue
        missing.append(field.name)
    return missing


def _create_generated(build: SchemaBuild, model: type[Model]) -> bool:
    if not mutation_options(model, build.settings).generate_create:
        return False
    allowlist = build.settings["schema_settings"]["mutation_field_allowlist"]
    if allowlist is None:
        return True
    name = f"create_{to_snake_case(build.type_name(model))}"
    return name in allowlist or to_camel_case(name) in allowlist


def _generated_schemas(registry: Any, resolve: Any) -> list[tuple[str, SchemaBuild]]:
    """Each enabled generated schema as a build (no types made); none when the registry or the
    settings cannot be read: their own checks (``E202``, ``E001``...) report why."""
    try:
        names = registry.names()
    except Exception:
        return []
    builds = []
    for name in names:
        entry = registry.get(name)
        if entry is None or entry.schema is not None:
            continue  # a hand-written schema: nothing is generated
        try:
            build = SchemaBuild(name, resolve(name))
        except Exception:
            return []
        builds.append((name, build))
    return builds


def check_create_mutations(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """One warning per model whose generated create mutation can never succeed."""
    from rail_django.core.registry.schema_registry import schema_registry
    from rail_django.core.settings_sections import schema_settings

    labels = None if app_configs is None else {config.label for config in app_configs}
    found: dict[type[Model], tuple[list[str], list[str]]] = {}
    for schema_name, build in _generated_schemas(schema_registry, schema_settings):
        for model in build.models:
            if labels is not None and model._meta.app_label not in labels:
                continue
            if not _create_generated(build, model):
                continue
            missing = unsettable_required_fields(build, model)
            if missing:
                fields, schemas = found.setdefault(model, ([], []))
                fields.extend(name for name in missing if name not in fields)
                schemas.append(schema_name)
    return [
        checks.Warning(
            ngettext(
                "The generated create mutation can never succeed: %(fields)s is required "
                "(no default, blank not allowed) but not in its input (%(schemas)s).",
                "The generated create mutation can never succeed: %(fields)s are required "
                "(no default, blank not allowed) but not in its input (%(schemas)s).",
                len(fields),
            )
            % {"fields": ", ".join(fields), "schemas": _schemas_label(schemas)},
            hint=_(
                "Give the field a default, allow it to be blank, or make it writable "
                "(GraphQLMeta.Fields exclude / read_only); or turn the mutation off with "
                "mutation_settings.generate_create or schema_settings.mutation_field_allowlist."
            ),
            obj=model,
            id="rail_django.W101",
        )
        for model, (fields, schemas) in found.items()
    ]


def _schemas_label(schemas: list[str]) -> str:
    return ngettext("schema %(names)s", "schemas %(names)s", len(schemas)) % {
        "names": ", ".join(repr(s) for s in schemas)
    }
