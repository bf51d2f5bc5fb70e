"""The database audit sink.

Each event is written synchronously, one ``INSERT`` in a savepoint on the
``RAIL_DJANGO_AUDIT_DATABASE`` alias (default ``"default"``): nothing is buffered, so a crash of
the process loses no event already recorded, and the cost a request pays is bounded by one
insert. An event recorded inside a transaction on the same alias is committed or rolled back with
it; point the setting at a second alias (the same database, its own connection) to keep events of
rolled-back work.

A failing write never fails the request: the event is logged in full on the ``rail_django.audit``
logger at ERROR (never dropped silently) and the request goes on, unless
``RAIL_DJANGO_AUDIT_FAIL_CLOSED = True`` asks for the error to propagate (regulated sites). A
write slower than ``RAIL_DJANGO_AUDIT_SLOW_WRITE_MS`` (100) is logged at WARNING (backpressure).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import transaction

from rail_django.contracts.audit import AuditEvent, AuditOutcome
from rail_django.contracts.model_events import ModelEvent
from rail_django.extensions.audit import request_context

logger = logging.getLogger("rail_django.audit")

_MAX = {"ip": 64, "user_agent": 512, "schema": 100, "operation_name": 200}


def _text(value: Any, limit: int) -> str:
    return "" if value is None else str(value)[:limit]


def row_values(event: AuditEvent) -> dict[str, Any]:
    """The model field values of ``event``."""
    details = dict(event.details)
    values: dict[str, Any] = {
        "event_type": event.action,
        "outcome": str(event.outcome),
        "actor_id": _text(event.actor_id, 64),
        "target_model": _text(event.target, 200),
        "target_pk": _text(event.target_id, 64),
        "created_at": event.occurred_at,
    }
    request = request_context.current()
    for key in ("ip", "user_agent", "schema", "operation_name"):
        values[key] = _text(details.pop(key, None) or request.get(key), _MAX[key])
    values["details"] = details
    return values


class DatabaseAuditSink:
    """Stores every event as one row of ``get_audit_event_model()``."""

    def record(self, event: AuditEvent) -> None:
        from rail_django.extensions.audit.models import get_audit_event_model

        alias = getattr(settings, "RAIL_DJANGO_AUDIT_DATABASE", "default")
        started = time.perf_counter()
        try:
            model = get_audit_event_model()
            with transaction.atomic(using=alias):
                model._default_manager.using(alias).create(**row_values(event))
        except Exception:
            logger.exception(
                "audit write failed; event kept in this log record only: %s %s",
                event.action,
                event.outcome,
                extra={"audit": event.as_dict()},
            )
            if getattr(settings, "RAIL_DJANGO_AUDIT_FAIL_CLOSED", False):
                raise
            return
        elapsed_ms = (time.perf_counter() - started) * 1000
        if elapsed_ms > getattr(settings, "RAIL_DJANGO_AUDIT_SLOW_WRITE_MS", 100):
            # Backpressure: the database is slow to take audit rows; requests pay for it.
            logger.warning("audit write of %s took %.0f ms", event.action, elapsed_ms)


def record_model_event(event: ModelEvent) -> None:
    """Turn a committed model event into ``model.created|updated|deleted``: the changed field
    NAMES only, never values."""
    from rail_django.contracts.audit import record_audit_event

    if event.model._meta.app_label == "rail_django_audit":
        return
    record_audit_event(
        AuditEvent(
            action=f"model.{event.kind}",
            outcome=AuditOutcome.SUCCESS,
            actor_id=getattr(event.actor, "pk", None),
            target=event.model_label,
            target_id=event.pk,
            details={"changed_fields": sorted(event.changed_fields)},
            occurred_at=event.occurred_at,
        )
    )
