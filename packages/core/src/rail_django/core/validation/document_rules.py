"""Every rule a document sent to one schema is validated with, assembled in one place.

graphql-core's specified rules, then :class:`NoSchemaIntrospection` when the schema's
``schema_settings.enable_introspection`` is off, then the limits its settings turn on
(:func:`~rail_django.core.validation.schema_limits.limit_rules`), then the rules plugins
contributed when the schema was built (``schema.validation_rules``). The endpoint validates with
exactly this list (and caches the outcome per document); nothing else adds rules.
"""

from __future__ import annotations

from typing import Any

from graphql import ValidationRule, specified_rules

from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.validation.no_schema_introspection import NoSchemaIntrospection
from rail_django.core.validation.schema_limits import limit_rules

__all__ = ["document_rules", "introspection_allowed"]

#: Attribute of a built schema holding the rule classes plugins contributed (set by the builder).
SCHEMA_RULES_ATTRIBUTE = "validation_rules"


def introspection_allowed(resolved: ResolvedSettings) -> bool:
    """``schema_settings.enable_introspection`` of the schema (on unless set off)."""
    return bool(resolved["schema_settings"].get("enable_introspection", True))


def document_rules(schema: Any, resolved: ResolvedSettings) -> tuple[type[ValidationRule], ...]:
    """The validation rules of documents sent to the built ``schema`` under ``resolved``."""
    rules: list[type[ValidationRule]] = list(specified_rules)
    if not introspection_allowed(resolved):
        rules.append(NoSchemaIntrospection)
    rules.extend(limit_rules(resolved))
    rules.extend(getattr(schema, SCHEMA_RULES_ATTRIBUTE, None) or ())
    return tuple(rules)
