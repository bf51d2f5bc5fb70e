"""System check: every model's ``GraphQLMeta`` and every app's meta file, validated.

Problems are ``rail_django.E101`` (a model's meta) and ``rail_django.E102`` (a meta file), each
naming the model (or file) and the key, so a user sees every mistake at once.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.db.models import Model
from django.utils.translation import gettext

from rail_django.core.meta.meta_files import meta_file_for
from rail_django.core.meta.resolved import ResolvedMeta, resolve_meta
from rail_django.core.model_fields import field_map, is_python_property


def _walk_path(model: type[Model], path: str, *, allow_property: bool) -> str | None:
    """Why ``path`` (``category__name``, optionally ``-``-prefixed) does not exist, or ``None``."""
    current = model
    segments = path.lstrip("-").split("__")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        fields = field_map(current)
        if segment in fields:
            field = fields[segment]
            if field.is_relation and isinstance(field.related_model, type):
                current = field.related_model
            elif not last:
                return gettext("%(name)r of %(model)s is not a relation") % {
                    "name": segment,
                    "model": current.__name__,
                }
            continue
        if segment == "pk" and last:
            continue
        if last and allow_property and is_python_property(current, segment):
            continue
        return gettext("unknown field %(name)r on %(model)s") % {
            "name": segment,
            "model": current.__name__,
        }
    return None


def _name_problems(model: type[Model], key: str, names: Any) -> list[str]:
    known = field_map(model)
    return [
        gettext("%(key)s: unknown field %(name)r") % {"key": key, "name": name}
        for name in names or ()
        if name not in known and name != "pk"
    ]


def meta_reference_problems(model: type[Model], meta: ResolvedMeta) -> list[str]:
    """Names in ``meta`` that do not exist on ``model``, as ``"key: why"`` messages."""
    problems = []
    problems += _name_problems(model, "fields.include", meta.fields.include)
    problems += _name_problems(model, "fields.exclude", meta.fields.exclude)
    problems += _name_problems(model, "fields.read_only", meta.fields.read_only)
    for key, paths in (
        ("ordering.allowed", meta.ordering.allowed),
        ("ordering.default", meta.ordering.default),
    ):
        for path in paths or ():
            why = _walk_path(model, path, allow_property=True)
            if why:
                problems.append(
                    gettext("%(key)s: %(why)s (in %(path)r)")
                    % {"key": key, "why": why, "path": path}
                )
    for key, paths in (
        ("filtering.quick", meta.filtering.quick),
        ("filtering.fields", meta.filtering.fields),
    ):
        for path in paths:
            why = _walk_path(model, path, allow_property=False)
            if why:
                problems.append(
                    gettext("%(key)s: %(why)s (in %(path)r)")
                    % {"key": key, "why": why, "path": path}
                )
    problems += _name_problems(model, "classifications.fields", meta.classifications.fields)
    for group, names in meta.field_groups.items():
        problems += _name_problems(model, f"field_groups.{group}", names)
    return problems


def check_graphql_meta(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Django system check over every installed model's meta and every app's meta file."""
    messages: list[checks.CheckMessage] = []
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    for config in configs:
        meta_file = meta_file_for(config.path)
        where = str(meta_file.path)
        for problem in meta_file.problems:
            messages.append(checks.Error(f"{where}: {problem}", id="rail_django.E102"))
        model_names = {m.__name__.lower() for m in config.get_models()}
        for name in meta_file.models:
            if name.lower() not in model_names:
                messages.append(
                    checks.Error(
                        gettext("%(where)s: models.%(name)s: no model %(name)r in app %(app)r")
                        % {"where": where, "name": name, "app": config.label},
                        id="rail_django.E102",
                    )
                )
        for model in config.get_models():
            meta = resolve_meta(model)
            label = model._meta.label
            for problem in meta.problems:
                messages.append(
                    checks.Error(
                        gettext(
                            "%(model)s: GraphQLMeta key %(key)r: %(problem)s "
                            "(declared in %(source)s)"
                        )
                        % {
                            "model": label,
                            "key": problem.key,
                            "problem": problem.message,
                            "source": problem.source,
                        },
                        obj=model,
                        id="rail_django.E101",
                    )
                )
            for message in meta_reference_problems(model, meta):
                key, _, why = message.partition(": ")
                messages.append(
                    checks.Error(
                        gettext("%(model)s: GraphQLMeta key %(key)r: %(problem)s")
                        % {"model": label, "key": key, "problem": why},
                        obj=model,
                        id="rail_django.E101",
                    )
                )
    return messages
