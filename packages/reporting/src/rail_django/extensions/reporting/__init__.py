"""BI reporting for Rail Django: datasets defined as data, grouping and aggregates on every model.

Public API:

- :class:`ReportingDataset` (``rail_django.extensions.reporting.ReportingDataset``): a dataset
  stored in the database, created in the admin or with ``ReportingDataset.objects.create(...)``.
- :func:`declare_dataset`: declare a dataset in code (from an app's ``ready()``).
- :func:`run_dataset`: run a dataset for a user from Python, with the same checks as GraphQL.
- :class:`DatasetResult` and :class:`Column`: what :func:`run_dataset` returns.

The model and the functions are imported on first use, so importing this package (Django does
it while loading apps) never touches the app registry.
"""

from __future__ import annotations

from typing import Any

from rail_django.extensions.reporting.__about__ import __version__

_LAZY = {
    "ReportingDataset": "rail_django.extensions.reporting.models",
    "declare_dataset": "rail_django.extensions.reporting.declared_datasets",
    "dataset_registry": "rail_django.extensions.reporting.declared_datasets",
    "run_dataset": "rail_django.extensions.reporting.runner",
    "DatasetResult": "rail_django.extensions.reporting.runner",
    "Column": "rail_django.extensions.reporting.runner",
}

__all__ = [
    "Column",
    "DatasetResult",
    "ReportingDataset",
    "__version__",
    "declare_dataset",
    "dataset_registry",
    "run_dataset",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)
