"""System checks: ``GraphQLMeta.Filtering`` mistakes reported by ``manage.py check``.

Unknown lookups, lookups a field's type does not offer, invalid choices and quick paths that are
not exposed text fields are reported once per model with the id ``rail_django_filtering.E001``;
the schema still builds, without the faulty entries.
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from rail_django.filtering.filter_plan import plans_for_schema


def check_filtering_meta(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every filtering problem of the default schema's models."""
    from rail_django.core.meta import get_model_meta

    plans = plans_for_schema(None)
    problems: list[checks.CheckMessage] = []
    for model in plans.context.models:
        if app_configs is not None and model._meta.app_config not in app_configs:
            continue
        unknown = [
            name
            for name in get_model_meta(model).filtering.fields
            if name != "id" and name not in plans.context.exposed_fields(model)
        ]
        messages = [f"fields: {name!r} is not an exposed field" for name in unknown]
        messages += list(plans.plan(model).problems)
        for message in messages:
            problems.append(
                checks.Error(
                    f"{model._meta.label}: GraphQLMeta.filtering: {message}",
                    obj=model,
                    id="rail_django_filtering.E001",
                )
            )
    return problems
