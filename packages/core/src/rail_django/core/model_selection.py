"""Which models a schema exposes, and which of their fields.

Models: every installed model, narrowed by the schema's ``apps`` / ``models`` options and by
``excluded_apps`` / ``excluded_models``. Django's plumbing apps (sessions, content types, admin
log) are never exposed: they hold session keys and internal bookkeeping, not API data; nor are
the models of an app whose ``AppConfig`` sets ``rail_django_internal = True``.

Fields: every field (forward, many-to-many, reverse by accessor), then ``include_fields``, then
``exclude_fields`` / ``excluded_fields``, then the model's ``GraphQLMeta.Fields``; relations to
models outside the schema are dropped. A user model's ``password`` is never exposed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model, OneToOneField

from rail_django.contracts.settings_registry import ResolvedSettings
from rail_django.core.meta import get_model_meta
from rail_django.core.model_fields import field_map

#: App labels never exposed, whatever the settings.
INTERNAL_APPS = frozenset({"sessions", "contenttypes", "admin", "rail_django_contracts"})


def model_matches(model: type[Model], entries: Iterable[str] | None) -> bool:
    """Does ``model`` appear in ``entries`` (``"app.Model"`` labels or bare ``"Model"`` names,
    case-insensitive)?"""
    label = model._meta.label_lower
    name = model.__name__.lower()
    return any(str(entry).lower() in (label, name) for entry in entries or ())


def entry_for(model: type[Model], mapping: Mapping[str, Any] | None) -> Any:
    """The value ``mapping`` holds for ``model`` under ``"app.Model"`` or ``"Model"``, or None."""
    for key, value in (mapping or {}).items():
        if model_matches(model, (key,)):
            return value
    return None


def schema_models(settings: ResolvedSettings) -> tuple[type[Model], ...]:
    """The models of a schema in a stable order (app label, then model name)."""
    schema = settings["schema_settings"]
    only_apps = settings.option("apps")
    only_models = settings.option("models")
    excluded_apps = {str(label).lower() for label in schema["excluded_apps"]}
    chosen = []
    for model in apps.get_models():
        label = model._meta.app_label
        if label in INTERNAL_APPS or label.lower() in excluded_apps:
            continue
        # An extension whose tables are bookkeeping (tokens, role assignments) says so on its
        # AppConfig: ``rail_django_internal = True``. Core names no extension.
        if getattr(model._meta.app_config, "rail_django_internal", False):
            continue
        if only_apps is not None and label not in only_apps:
            continue
        if only_models is not None and not model_matches(model, only_models):
            continue
        if model_matches(model, schema["excluded_models"]):
            continue
        chosen.append(model)
    return tuple(sorted(chosen, key=lambda m: (m._meta.app_label, m.__name__)))


def _always_hidden(model: type[Model], name: str, field: Any) -> bool:
    if name == "password" and issubclass(model, AbstractBaseUser):
        return True
    # A multi-table child's link to its parent row: the child already holds the parent's fields.
    # (The parent's reverse side, ``place.restaurant``, stays: it is how a user reaches the child.)
    return isinstance(field, OneToOneField) and field.remote_field.parent_link


def exposed_field_names(
    model: type[Model], settings: ResolvedSettings, models: Iterable[type[Model]]
) -> tuple[str, ...]:
    """The API names of ``model``'s fields exposed in a schema holding ``models``."""
    types = settings["type_generation_settings"]
    meta = get_model_meta(model)
    in_schema = set(models)
    include = entry_for(model, types["include_fields"])
    exclude = set(entry_for(model, types["exclude_fields"]) or ())
    exclude |= set(entry_for(model, types["excluded_fields"]) or ())
    exclude |= set(meta.fields.exclude)
    names = []
    for name, field in field_map(model).items():
        if _always_hidden(model, name, field):
            continue
        if getattr(field, "primary_key", False):
            if name != "id":
                names.append(name)  # a pk named otherwise is served under its name and as id
            continue
        if include is not None and name not in include:
            continue
        if meta.fields.include is not None and name not in meta.fields.include:
            continue
        if name in exclude:
            continue
        if field.is_relation and field.related_model not in in_schema:
            continue
        names.append(name)
    return tuple(names)
