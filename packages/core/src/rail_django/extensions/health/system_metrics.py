"""The process's and host's resource use, read with psutil (an optional dependency)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class SystemMetrics:
    cpu_usage_percent: float | None
    memory_usage_percent: float | None
    disk_usage_percent: float | None
    process_memory_mb: float | None
    process_threads: int | None
    load_average: float | None


def system_metrics() -> SystemMetrics | None:
    """Current metrics, or ``None`` without psutil (``pip install rail-django-core[health]``)."""
    try:
        import psutil
    except ImportError:
        return None
    process = psutil.Process()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = None
    return SystemMetrics(
        # interval=None: since the previous call, so a probe never sleeps to measure.
        cpu_usage_percent=psutil.cpu_percent(interval=None),
        memory_usage_percent=psutil.virtual_memory().percent,
        disk_usage_percent=psutil.disk_usage(os.path.abspath(os.sep)).percent,
        process_memory_mb=round(process.memory_info().rss / 1_048_576, 2),
        process_threads=process.num_threads(),
        load_average=load,
    )
