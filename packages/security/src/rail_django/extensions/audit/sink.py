"""The database audit sink.

Outside a transaction each event is written at once: one ``INSERT``, in a savepoint, on the
``RAIL_DJANGO_AUDIT_DATABASE`` alias (default ``"default"``). Inside a transaction (fail-open
mode) it is buffered in memory per thread and written right after that transaction commits, or
at the end of the request if it rolls back, so an audit row is never rolled back with the user's
work. What a crash can lose: the buffered events of transactions still open (or rolled back
in a request not yet finished) in the crashing process; nothing already written.

A failing write never fails the request: the event is logged in full on the ``rail_django.audit``
logger at ERROR (never dropped silently) and the request goes on, unless
``RAIL_DJANGO_AUDIT_FAIL_CLOSED = True`` asks for the error to propagate (regulated sites): then
each event is written at once, inside the user's transaction, and a failing write fails it. A
write slower than ``RAIL_DJANGO_AUDIT_SLOW_WRITE_MS`` (100) is logged at WARNING (backpressure).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connections, transaction

from rail_django.contracts.audit import AuditEvent, AuditOutcome
from rail_django.contracts.model_events import ModelEvent
from rail_django.extensions.audit import request_context

logger = logging.getLogger("rail_django.audit")

_MAX = {"ip": 64, "user_agent": 512, "schema": 100, "operation_name": 200}


def _text(value: Any, limit: int) -> str:
    return "" if value is None else str(value)[:limit]


def row_values(event: AuditEvent, request: dict[str, str] | None = None) -> dict[str, Any]:
    """The model field values of ``event`` (``request``: the facts of the request it was
    recorded in, default the current one)."""
    details = dict(event.details)
    values: dict[str, Any] = {
        "event_type": event.action,
        "outcome": str(event.outcome),
        "actor_id": _text(event.actor_id, 64),
        "target_model": _text(event.target, 200),
        "target_pk": _text(event.target_id, 64),
        "created_at": event.occurred_at,
    }
    request = request_context.current() if request is None else request
    for key in ("ip", "user_agent", "schema", "operation_name"):
        values[key] = _text(details.pop(key, None) or request.get(key), _MAX[key])
    values["details"] = details
    return values


class DatabaseAuditSink:
    """Stores every event as one row of ``get_audit_event_model()``.

    Outside a transaction an event is written at once. Inside one (fail-open mode) it waits in a
    per-thread buffer and is written right after that transaction commits, or, if it rolls
    back, at the end of the request (or with the next event recorded outside a transaction):
    the event is kept either way, and never rolled back with the user's work. In fail-closed
    mode it is written at once, inside the user's transaction, so a failing write fails it.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def _pending(self) -> list[tuple[AuditEvent, dict[str, str]]]:
        pending = getattr(self._local, "pending", None)
        if pending is None:
            pending = self._local.pending = []
        return pending

    def record(self, event: AuditEvent) -> None:
        alias = getattr(settings, "RAIL_DJANGO_AUDIT_DATABASE", "default")
        facts = request_context.current()
        fail_closed = getattr(settings, "RAIL_DJANGO_AUDIT_FAIL_CLOSED", False)
        if not fail_closed and _in_transaction(alias):
            self._pending().append((event, facts))
            # One callback per event: a rolled-back savepoint drops its own callbacks only.
            transaction.on_commit(self.flush, using=alias)
            return
        self.flush()
        self._write(event, facts, alias, fail_closed)

    def flush(self) -> None:
        """Write the buffered events of this thread (after a commit, at request end)."""
        pending = self._pending()
        if not pending:
            return
        alias = getattr(settings, "RAIL_DJANGO_AUDIT_DATABASE", "default")
        if _in_transaction(alias):
            return  # still inside a transaction: its commit (or the request's end) flushes
        batch = list(pending)
        pending.clear()
        for event, facts in batch:
            self._write(event, facts, alias, False)

    def _write(
        self, event: AuditEvent, facts: dict[str, str], alias: str, fail_closed: bool
    ) -> None:
        from rail_django.extensions.audit.models import get_audit_event_model

        started = time.perf_counter()
        try:
            model = get_audit_event_model()
            with transaction.atomic(using=alias):
                model._default_manager.using(alias).create(**row_values(event, facts))
        except Exception:
            logger.exception(
                "audit write failed; event kept in this log record only: %s %s",
                event.action,
                event.outcome,
                extra={"audit": event.as_dict()},
            )
            if fail_closed:
                raise
            return
        elapsed_ms = (time.perf_counter() - started) * 1000
        if elapsed_ms > getattr(settings, "RAIL_DJANGO_AUDIT_SLOW_WRITE_MS", 100):
            # Backpressure: the database is slow to take audit rows; requests pay for it.
            logger.warning("audit write of %s took %.0f ms", event.action, elapsed_ms)


def _in_transaction(alias: str) -> bool:
    """Whether ``alias`` is inside a transaction of the application (a test case's own
    wrapping atomic blocks do not count, as Django's ``durable`` check ignores them)."""
    connection = connections[alias]
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def flush_pending(sender: Any = None, **kwargs: Any) -> None:
    """``request_finished`` receiver: write what rolled-back transactions left buffered."""
    from rail_django.contracts.audit import audit_sink

    sink = audit_sink.get()
    if isinstance(sink, DatabaseAuditSink):
        sink.flush()


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
