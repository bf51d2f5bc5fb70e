"""Core's generated mutations: CRUD, bulk, nested relation writes and model methods.

:func:`mutation_fields` returns a schema's generated root mutation fields; ``build_schema`` adds
them to the ``Mutation`` type next to plugin fields. :func:`mutation_method` (also importable from
``rail_django.generators.mutations``) exposes a model method as a mutation.
"""

from __future__ import annotations

from typing import Any

from rail_django.core.build_context import SchemaBuild
from rail_django.core.mutations.bulk_fields import (
    bulk_create_field,
    bulk_delete_field,
    bulk_update_field,
)
from rail_django.core.mutations.crud_fields import (
    MutationKit,
    create_field,
    delete_field,
    update_field,
)
from rail_django.core.mutations.input_types import InputTypeFactory
from rail_django.core.mutations.method_marker import MethodMutation, mutation_method
from rail_django.core.mutations.method_mutations import marked_methods, method_field
from rail_django.core.mutations.mutation_options import MutationOptions, mutation_options
from rail_django.core.mutations.payload_errors import FieldError, MutationError
from rail_django.core.mutations.payload_types import PayloadTypes
from rail_django.core.mutations.request_transaction import request_scoped
from rail_django.core.types.naming import to_camel_case, to_snake_case

__all__ = [
    "FieldError",
    "MethodMutation",
    "MutationError",
    "MutationOptions",
    "mutation_fields",
    "mutation_method",
]


def mutation_fields(build: SchemaBuild) -> dict[str, Any]:
    """The generated root mutation fields of a schema (snake_case names), built once."""
    options = {
        model: mutation_options(model, build.settings, build.runtime) for model in build.models
    }
    kit = MutationKit(build, options, InputTypeFactory(build, options), PayloadTypes(build))
    fields: dict[str, Any] = {}
    for model in build.models:
        opts = options[model]
        snake = to_snake_case(build.type_name(model))
        if opts.generate_create:
            fields[f"create_{snake}"] = create_field(kit, model)
        if opts.generate_update:
            fields[f"update_{snake}"] = update_field(kit, model)
        if opts.generate_delete:
            fields[f"delete_{snake}"] = delete_field(kit, model)
        if opts.generate_bulk:
            if opts.generate_create:
                fields[f"bulk_create_{snake}"] = bulk_create_field(kit, model)
            if opts.generate_update:
                fields[f"bulk_update_{snake}"] = bulk_update_field(kit, model)
            if opts.generate_delete:
                fields[f"bulk_delete_{snake}"] = bulk_delete_field(kit, model)
        if opts.enable_methods:
            for attr, method, marker in marked_methods(model):
                name, field = method_field(kit, model, attr, method, marker)
                fields[name] = field
    if build.settings["mutation_settings"]["transaction_scope"] == "request":
        _join_request_transaction(build, fields)
    return fields


def _join_request_transaction(build: SchemaBuild, fields: dict[str, Any]) -> None:
    names = frozenset(to_camel_case(n) if build.camelcase_root else n for n in fields)
    prefix = build.settings["error_handling"]["error_code_prefix"]
    for field in fields.values():
        field.resolver = request_scoped(field.resolver, names, prefix)
