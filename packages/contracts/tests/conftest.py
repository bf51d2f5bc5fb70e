"""Fixtures for the contracts' tests."""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from rail_django.contracts.audit import LoggingAuditSink, audit_sink
from rail_django.contracts.permissions import DjangoModelPermissionBackend, permission_backend
from rail_django.contracts.task_backend import InlineTaskBackend, task_backend


@pytest.fixture
def fresh_slots():
    """Run a test with each slot holding a fresh default, then restore what installed extensions
    had installed (the whole suite runs in one process with every package installed)."""
    with ExitStack() as stack:
        stack.enter_context(permission_backend.swapped(DjangoModelPermissionBackend()))
        stack.enter_context(task_backend.swapped(InlineTaskBackend()))
        stack.enter_context(audit_sink.swapped(LoggingAuditSink()))
        for slot in (permission_backend, task_backend, audit_sink):
            slot.reset()
        yield
