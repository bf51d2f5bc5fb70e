"""Export templates: named payloads in ``RAIL_DJANGO_EXPORT["templates"]``, run by name.

::

    RAIL_DJANGO_EXPORT = {
        "models": {"store.Product": None},
        "templates": {
            "active_products": {
                "title": "Active products",
                "app_name": "store", "model_name": "Product", "file_extension": "xlsx",
                "fields": ["name", "category.name", {"accessor": "price", "title": "Unit Price"}],
                "variables": {"is_active": True},
            },
        },
    }

A request ``{"template": "active_products", "variables": {"price": {"gt": 10}}}`` runs it with
its filters plus the request's. A template is checked like any request, for the user who runs it;
:func:`templates_for` lists only those the user may run.
"""

from __future__ import annotations

from typing import Any

from rail_django.contracts.error_codes import RailError
from rail_django.extensions.exporting.columns import ColumnResolver
from rail_django.extensions.exporting.export_access import allowed_paths, ensure_may_export
from rail_django.extensions.exporting.export_request import parse_spec
from rail_django.extensions.exporting.export_runner import export_runtime, find_model
from rail_django.extensions.exporting.export_settings import export_settings
from rail_django.extensions.exporting.schema_plan import plan_of


def templates_for(user: Any, *, context: Any = None) -> list[dict[str, Any]]:
    """The templates ``user`` may run, each with its title, model, format and columns."""
    values = export_settings()
    runtime = export_runtime(values)
    listed = []
    for name in sorted(values["templates"]):
        template = values["templates"][name]
        try:
            spec = parse_spec({"template": name}, values)
            model = find_model(runtime, spec)
            entry = ensure_may_export(
                runtime, values, model, user, extra_permission=spec.permission
            )
            resolver = ColumnResolver(
                runtime, plan_of(runtime), user, allowed_paths=allowed_paths(entry), context=context
            )
            columns = resolver.resolve(model, spec.fields)
        except RailError:
            continue
        listed.append(
            {
                "name": name,
                "title": template.get("title") or name,
                "app_name": spec.app_name,
                "model_name": spec.model_name,
                "file_extension": spec.file_extension,
                "columns": [{"accessor": c.accessor, "title": c.title} for c in columns],
            }
        )
    return listed
