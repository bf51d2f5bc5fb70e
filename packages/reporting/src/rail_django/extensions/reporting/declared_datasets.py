"""Datasets declared in code (an app's ``ready()``) next to the ones stored in the database.

A declared dataset is an unsaved :class:`ReportingDataset`, validated when declared; its code
wins over a stored dataset of the same code, so what ships with an app cannot be overridden from
the admin by accident.
"""

from __future__ import annotations

import threading
from typing import Any

from rail_django.extensions.reporting.models import ReportingDataset


class DatasetRegistry:
    """Declared datasets by code."""

    def __init__(self) -> None:
        self._datasets: dict[str, ReportingDataset] = {}
        self._lock = threading.Lock()

    def declare(self, **fields: Any) -> ReportingDataset:
        """Declare a dataset (the fields of :class:`ReportingDataset`); ``ValidationError``
        when a definition is wrong. Declaring a code again replaces the earlier one."""
        dataset = ReportingDataset(**fields)
        dataset.clean()
        with self._lock:
            self._datasets[dataset.code] = dataset
        return dataset

    def get(self, code: str) -> ReportingDataset | None:
        return self._datasets.get(code)

    def all(self) -> list[ReportingDataset]:
        return sorted(self._datasets.values(), key=lambda d: d.code)

    def remove(self, code: str) -> None:
        with self._lock:
            self._datasets.pop(code, None)


#: The process-wide registry of declared datasets.
dataset_registry = DatasetRegistry()


def declare_dataset(**fields: Any) -> ReportingDataset:
    """Declare a dataset in code (see :meth:`DatasetRegistry.declare`)."""
    return dataset_registry.declare(**fields)


def find_dataset(code: str) -> ReportingDataset | None:
    """The active dataset ``code``: declared first, then stored."""
    declared = dataset_registry.get(code)
    if declared is not None:
        return declared if declared.is_active else None
    return ReportingDataset.objects.filter(code=code, is_active=True).first()


def all_datasets() -> list[ReportingDataset]:
    """Every active dataset, declared ones first (one query for the stored ones)."""
    declared = dataset_registry.all()
    codes = {d.code for d in declared}
    stored = [d for d in ReportingDataset.objects.filter(is_active=True) if d.code not in codes]
    return [d for d in declared if d.is_active] + stored
