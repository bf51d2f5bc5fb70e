"""The audit sink contract: one place every package records security-relevant events.

The default sink writes each event as one structured log record on the ``rail_django.audit``
logger; the security package installs a sink that stores events in the database.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from rail_django.contracts.service_slot import ServiceSlot

logger = logging.getLogger("rail_django.audit")


class AuditOutcome(StrEnum):
    SUCCESS = "success"
    DENIED = "denied"
    FAILURE = "failure"


@dataclass(frozen=True)
class AuditEvent:
    """Who did what to which object, and how it ended.

    ``action`` is a dotted verb such as ``"auth.login.success"`` or ``"model.updated"``;
    ``target`` the ``"app_label.Model"`` label and ``target_id`` the primary key, when the event
    is about a row;
    ``details`` extra JSON-serialisable facts (never secrets).
    """

    action: str
    outcome: AuditOutcome = AuditOutcome.SUCCESS
    actor_id: Any = None
    target: str | None = None
    target_id: Any = None
    details: Mapping[str, Any] = field(default_factory=dict)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the event."""
        return {
            "action": self.action,
            "outcome": str(self.outcome),
            "actor_id": self.actor_id,
            "target": self.target,
            "target_id": None if self.target_id is None else str(self.target_id),
            "details": dict(self.details),
            "occurred_at": self.occurred_at.isoformat(),
        }


@runtime_checkable
class AuditSink(Protocol):
    def record(self, event: AuditEvent) -> None:
        """Store or forward ``event``. Must not raise for a well-formed event."""
        ...


class LoggingAuditSink:
    """Writes each event to the ``rail_django.audit`` logger (WARNING for denials)."""

    def record(self, event: AuditEvent) -> None:
        level = logging.WARNING if event.outcome == AuditOutcome.DENIED else logging.INFO
        extra = {"audit": event.as_dict()}
        logger.log(level, "audit %s %s", event.action, event.outcome, extra=extra)


#: The active audit sink.
audit_sink: ServiceSlot[AuditSink] = ServiceSlot("audit sink", LoggingAuditSink)


def record_audit_event(event: AuditEvent) -> None:
    """Send ``event`` to the active sink."""
    audit_sink.get().record(event)
