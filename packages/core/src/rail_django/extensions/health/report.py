"""Runs the checks in parallel, each within its timeout and all within one budget.

A check that does not answer in time is reported ``unhealthy`` and left to finish in its
thread (Python cannot stop a thread; the executor is not waited for), so one hung dependency
never holds a readiness probe longer than the budget.
"""

from __future__ import annotations

import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from rail_django.extensions.health.checks import (
    Check,
    ComponentStatus,
    Status,
    default_checks,
    run_check,
    unanswered,
)
from rail_django.extensions.health.system_metrics import SystemMetrics, system_metrics


@dataclass(frozen=True)
class HealthReport:
    """Every component's status, the overall status and the process's system metrics."""

    overall_status: Status
    components: tuple[ComponentStatus, ...]
    system_metrics: SystemMetrics | None = None
    duration_ms: float = 0.0
    checked_at: float = field(default_factory=time.time)

    def by_kind(self) -> dict[str, list[ComponentStatus]]:
        kinds: dict[str, list[ComponentStatus]] = {}
        for component in self.components:
            kinds.setdefault(component.kind, []).append(component)
        return kinds


def overall(components: tuple[ComponentStatus, ...]) -> Status:
    """``unhealthy`` when a critical component is; ``degraded`` when any other is not healthy."""
    if any(c.critical and c.status is Status.UNHEALTHY for c in components):
        return Status.UNHEALTHY
    if any(c.status is not Status.HEALTHY for c in components):
        return Status.DEGRADED
    return Status.HEALTHY


def run_checks(
    checks: list[Check] | None = None,
    *,
    timeout: float = 2.0,
    budget: float = 5.0,
    with_metrics: bool = True,
) -> HealthReport:
    """Run ``checks`` (default: :func:`default_checks`) in parallel."""
    checks = default_checks() if checks is None else checks
    started = time.perf_counter()
    deadline = started + budget
    executor = ThreadPoolExecutor(max_workers=max(1, len(checks)), thread_name_prefix="health")
    futures: dict[Future[ComponentStatus], tuple[Check, float]] = {}
    for check in checks:
        futures[executor.submit(run_check, check)] = (check, time.perf_counter() + timeout)
    results: dict[int, ComponentStatus] = {}
    pending = set(futures)
    while pending:
        now = time.perf_counter()
        expires = min(min(futures[f][1] for f in pending), deadline)
        done, pending = wait(pending, timeout=max(0.0, expires - now), return_when=FIRST_COMPLETED)
        for future in done:
            results[id(futures[future][0])] = future.result()
        now = time.perf_counter()
        for future in list(pending):
            check, check_deadline = futures[future]
            if now >= check_deadline or now >= deadline:
                seconds = timeout if now >= check_deadline else budget
                results[id(check)] = unanswered(check, seconds)
                pending.discard(future)
    executor.shutdown(wait=False, cancel_futures=True)
    components = tuple(results[id(check)] for check in checks)
    return HealthReport(
        overall(components),
        components,
        system_metrics() if with_metrics else None,
        round((time.perf_counter() - started) * 1000, 2),
    )


def health_json(report: HealthReport) -> dict[str, Any]:
    """``application/health+json`` (IETF draft): ``status`` pass / warn / fail and ``checks``."""
    status = {Status.HEALTHY: "pass", Status.DEGRADED: "warn", Status.UNHEALTHY: "fail"}
    checks: dict[str, list[dict[str, Any]]] = {}
    for component in report.components:
        checks.setdefault(f"{component.kind}:{component.name}", []).append(
            {
                "componentType": component.kind,
                "status": status[component.status],
                "output": component.message,
                "observedValue": component.response_time_ms,
                "observedUnit": "ms",
            }
        )
    return {"status": status[report.overall_status], "checks": checks}
