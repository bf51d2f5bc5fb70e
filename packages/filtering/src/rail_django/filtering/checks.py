"""System checks: ``GraphQLMeta.Filtering`` mistakes reported by ``manage.py check``.

Unknown lookups, lookups a field's type does not offer, invalid choices, fields that are not
exposed and quick paths that are not exposed text fields are found once, when the default
schema's filter plans are built (the check builds that schema, never querying the database),
and reported per model with the id
``rail_django_filtering.E001``; the schema still builds, without the faulty entries.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import RailError
from rail_django.contracts.schema_runtime import get_schema_runtime
from rail_django.core.registry import DEFAULT_SCHEMA_NAME
from rail_django.filtering.filter_plan import schema_plans


def check_filtering_meta(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every filtering problem of the default schema's models."""
    try:
        plans = schema_plans(get_schema_runtime(DEFAULT_SCHEMA_NAME))
    except RailError:
        return []  # no default schema (disabled, or not one Rail Django builds): nothing to check
    except Exception:  # noqa: BLE001 - a schema that cannot be built is reported elsewhere
        # Discovery or the build failed (an unimportable auto_discover package...): core's own
        # checks (rail_django.E2xx) and the first request report it; this check has nothing to read.
        return []
    problems: list[checks.CheckMessage] = []
    for model in plans.models:
        if app_configs is not None and model._meta.app_config not in app_configs:
            continue
        for message in plans.plan(model).problems:
            problems.append(
                checks.Error(
                    _("%(model)s: GraphQLMeta.filtering: %(problem)s")
                    % {"model": model._meta.label, "problem": message},
                    obj=model,
                    id="rail_django_filtering.E001",
                )
            )
    return problems
