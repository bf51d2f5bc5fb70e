"""``mutation_settings`` read once per schema build, per model.

``generate_*`` decide which root fields exist; ``enable_*`` keep the field but refuse to run it
(``RAIL_GQL_OPERATION_DISABLED``), so a client's document stays valid while an operation is
switched off. Nested relation options:

- ``nested_relations_config``: ``{"app.Model": {"enabled": bool, "fields": [names] | None}}``,
  which relations of a model accept nested writes (default: every relation in the schema).
- ``nested_field_config``: ``{"app.Model": {"<relation>": {"operations": [...]}}}``, the nested
  operations one relation accepts, among ``create``, ``set``, ``add`` and ``remove`` (default:
  all that apply to the relation's kind).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from rail_django.contracts.permissions import DEFAULT_CODENAMES, Operation
from rail_django.core.model_selection import entry_for, model_matches

NESTED_OPERATIONS = frozenset({"create", "set", "add", "remove"})


@dataclass(frozen=True)
class MutationOptions:
    """The mutation settings that apply to one model of one schema."""

    generate_create: bool
    generate_update: bool
    generate_delete: bool
    generate_bulk: bool
    enable_create: bool
    enable_update: bool
    enable_delete: bool
    enable_bulk: bool
    enable_methods: bool
    authentication_required: bool
    require_model_permissions: bool
    codenames: dict[str, str]
    bulk_batch_size: int
    required_update_fields: tuple[str, ...]
    nested_enabled: bool
    nested_fields: tuple[str, ...] | None
    nested_field_operations: dict[str, frozenset[str]]
    #: The schema's runtime, handed to the permission backend with every decision.
    runtime: Any = None

    def codename(self, operation: str) -> str:
        """The permission codename of ``operation`` (``model_permission_codenames``)."""
        return self.codenames.get(operation) or DEFAULT_CODENAMES.get(operation, str(operation))

    def enabled(self, operation: str, *, bulk: bool = False) -> bool:
        if bulk and not self.enable_bulk:
            return False
        return {
            Operation.CREATE: self.enable_create,
            Operation.UPDATE: self.enable_update,
            Operation.DELETE: self.enable_delete,
        }.get(operation, True)

    def nested_operations(self, relation: str) -> frozenset[str]:
        """The nested operations ``relation`` accepts (empty: no nested writes)."""
        if not self.nested_enabled:
            return frozenset()
        if self.nested_fields is not None and relation not in self.nested_fields:
            return frozenset()
        return self.nested_field_operations.get(relation, NESTED_OPERATIONS)


def _permission_declared(model: type[Model], operation: str, codenames: dict[str, str]) -> bool:
    """Can any permission allow ``operation`` on ``model``? A model whose
    ``Meta.default_permissions`` leaves out the operation's codename (an append-only audit trail
    declares ``default_permissions = ()``) says nobody writes it that way; a codename mapped to
    one of the model's own ``Meta.permissions`` still counts."""
    codename = codenames.get(operation) or DEFAULT_CODENAMES[operation]
    opts = model._meta
    if codename in opts.default_permissions:
        return True
    own = {name for name, _ in opts.permissions}
    return codename in own or f"{codename}_{opts.model_name}" in own


def mutation_options(model: type[Model], settings: Any, runtime: Any = None) -> MutationOptions:
    """The :class:`MutationOptions` of ``model`` under a schema's merged ``settings``.

    ``generate_create`` / ``_update`` / ``_delete`` also need the model to declare the matching
    permission (see :func:`_permission_declared`)."""
    section = settings["mutation_settings"]
    codenames = dict(section["model_permission_codenames"] or {})
    bulk = bool(section["generate_bulk"])
    include = section["bulk_include_models"]
    if bulk and include:
        bulk = model_matches(model, include)
    if bulk and model_matches(model, section["bulk_exclude_models"]):
        bulk = False
    nested = entry_for(model, section["nested_relations_config"])
    nested_on = bool(section["enable_nested_relations"])
    nested_fields = None
    if isinstance(nested, dict):
        nested_on = nested_on and bool(nested.get("enabled", True))
        if nested.get("fields") is not None:
            nested_fields = tuple(nested["fields"])
    elif nested is False:
        nested_on = False
    per_field = entry_for(model, section["nested_field_config"]) or {}
    operations = {
        name: frozenset(config.get("operations", NESTED_OPERATIONS)) & NESTED_OPERATIONS
        for name, config in per_field.items()
        if isinstance(config, dict)
    }
    return MutationOptions(
        generate_create=bool(section["generate_create"])
        and _permission_declared(model, "create", codenames),
        generate_update=bool(section["generate_update"])
        and _permission_declared(model, "update", codenames),
        generate_delete=bool(section["generate_delete"])
        and _permission_declared(model, "delete", codenames),
        generate_bulk=bulk,
        enable_create=bool(section["enable_create"]),
        enable_update=bool(section["enable_update"]),
        enable_delete=bool(section["enable_delete"]),
        enable_bulk=bool(section["enable_bulk_operations"]),
        enable_methods=bool(section["enable_method_mutations"]),
        authentication_required=bool(settings["schema_settings"]["authentication_required"]),
        require_model_permissions=bool(section["require_model_permissions"]),
        codenames=codenames,
        bulk_batch_size=int(section["bulk_batch_size"]),
        required_update_fields=tuple(entry_for(model, section["required_update_fields"]) or ()),
        nested_enabled=nested_on,
        nested_fields=nested_fields,
        nested_field_operations=operations,
        runtime=runtime,
    )
