"""The default audit sink logs structured events; error codes carry the configured prefix."""

from __future__ import annotations

import json
import logging

from rail_django.contracts.audit import (
    AuditEvent,
    AuditOutcome,
    audit_sink,
    record_audit_event,
)
from rail_django.contracts.error_codes import ErrorCode, RailError, format_error_code


def test_default_sink_logs_one_structured_record(caplog, fresh_slots):
    with caplog.at_level(logging.INFO, logger="rail_django.audit"):
        record_audit_event(
            AuditEvent(
                "model.update",
                actor_id=7,
                target="store.Product",
                target_id=3,
                details={"fields": ["price"]},
            )
        )
        record_audit_event(AuditEvent("auth.login", AuditOutcome.DENIED, details={"user": "x"}))
    first, second = caplog.records
    assert first.levelno == logging.INFO
    assert first.audit["target_id"] == "3" and first.audit["details"] == {"fields": ["price"]}
    json.dumps(first.audit)  # JSON-ready
    assert second.levelno == logging.WARNING and second.audit["outcome"] == "denied"


def test_installed_sink_receives_events(fresh_slots):
    class Memory:
        def __init__(self):
            self.events = []

        def record(self, event):
            self.events.append(event)

    sink = Memory()
    audit_sink.install(sink, owner="tests")
    try:
        record_audit_event(AuditEvent("export.run"))
    finally:
        audit_sink.reset()
    assert [e.action for e in sink.events] == ["export.run"]


def test_error_codes_are_prefixed():
    assert format_error_code(ErrorCode.PERMISSION_DENIED) == "RAIL_GQL_PERMISSION_DENIED"
    assert format_error_code(ErrorCode.NOT_FOUND, "ACME") == "ACME_NOT_FOUND"
    assert format_error_code("CUSTOM", "") == "CUSTOM"
    error = RailError("No such product.", ErrorCode.NOT_FOUND, extensions={"id": "9"})
    assert str(error) == "No such product." and error.extensions == {"id": "9"}
    assert "NOT_FOUND" in repr(error)
