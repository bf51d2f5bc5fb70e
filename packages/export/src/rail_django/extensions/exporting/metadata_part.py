"""What export adds to a model's metadata: ``exportable``, read by core's ``canExport``.

Core reports ``canExport`` as ``canList and exportable``; a model is exportable in a schema when
export serves that schema and the model is in ``RAIL_DJANGO_EXPORT["models"]``. Per-user extras
(``required_permission``, an entry's ``permission``) are checked when the export runs.
"""

from __future__ import annotations

from typing import Any

from rail_django.contracts.model_metadata import ModelMetadataPart
from rail_django.extensions.exporting.export_access import is_exportable
from rail_django.extensions.exporting.export_settings import export_settings


def export_metadata(runtime: Any, model: Any) -> ModelMetadataPart | None:
    values = export_settings()
    if runtime.name != values["schema"]:
        return ModelMetadataPart(extra={"exportable": False})
    return ModelMetadataPart(extra={"exportable": is_exportable(values, model)})
